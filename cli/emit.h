/*
 * emit.h — where one document's output and messages go.
 *
 * Run on one thread, a document's record goes straight to the output file;
 * run in a pool of threads, it goes to memory, and the main thread copies
 * it out in input order (pool.c).  Messages for stderr always go to memory
 * first, so that they too come out in input order and do not tear the
 * progress bar.
 */
#ifndef DIXIT_CLI_EMIT_H
#define DIXIT_CLI_EMIT_H

#include <stddef.h>
#include <stdio.h>

#include "sink.h"

typedef struct cli_emit {
  FILE *out_file;      /* the output, when written straight to it */
  cli_membuf out, err; /* else the output here; the messages always here */
  int failed;          /* a document or input failed */
  int fatal;           /* out of memory, or the output cannot be written */
} cli_emit;

/* A dx_write_fn onto the emit ctx's output. */
int cli_emit_write(void *ctx, const char *bytes, size_t len);

/* printf onto the output / the messages; 0 or -1. */
int cli_emit_outf(cli_emit *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cli_emit_errf(cli_emit *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Empties both buffers (keeping their memory) and clears the flags. */
void cli_emit_reset(cli_emit *e);
void cli_emit_free(cli_emit *e);

#endif
