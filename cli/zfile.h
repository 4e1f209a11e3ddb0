/*
 * zfile.h — files that may be compressed, as plain stdio streams.
 *
 * A name ending in .gz or .zst is decompressed while read and compressed
 * while written (zlib, libzstd); any other name is an ordinary file.  The
 * rest of the CLI only sees a FILE *, so every reader and writer works on
 * compressed corpora unchanged.
 */
#ifndef DIXIT_CLI_ZFILE_H
#define DIXIT_CLI_ZFILE_H

#include <stdio.h>

typedef enum cli_zkind { CLI_Z_NONE, CLI_Z_GZIP, CLI_Z_ZSTD } cli_zkind;

/* The compression a name asks for, by its last extension. */
cli_zkind cli_zkind_of(const char *path);

/* An input: f reads the decompressed bytes; disk_pos() tells how far into
 * the file on disk reading has gone (for the progress bar's ETA). */
typedef struct cli_zin {
  FILE *f;
  void *cookie; /* NULL for a plain file */
} cli_zin;

/* Opens path ("-" is stdin, never decompressed); 0, or -1 with errno. */
int cli_zin_open(cli_zin *in, const char *path);
unsigned long long cli_zin_disk_pos(const cli_zin *in);
/* The descriptor a read may wait on for bytes not written yet (a pipe, a
 * terminal, a socket), or -1 for a file that is all there (a regular file
 * or a disk), whose reads never wait for long. */
int cli_zin_wait_fd(const cli_zin *in);
void cli_zin_close(cli_zin *in);

/* Creates path for writing, compressed as its name says; NULL with errno.
 * fclose() finishes the compressed stream; it fails when any write did. */
FILE *cli_zout_open(const char *path, cli_zkind kind);

#endif
