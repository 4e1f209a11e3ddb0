/*
 * lines.h — reading a stream one line at a time, in bounded memory.
 *
 * getline() would hold a whole file with no newline in memory; this reader
 * holds at most max_line bytes, and reports a longer line as too long
 * (skipping it) so that one bad line costs one error, not the process.
 *
 * The bytes are read into blocks, and a line handed out points into the
 * current one.  Whoever keeps a line beyond the next call holds its block
 * (cli_block_hold): the reader then never moves or overwrites those bytes,
 * and reads on into the room after them or into a fresh block.  That is
 * how -j N hands lines to the worker threads without copying them.
 */
#ifndef DIXIT_CLI_LINES_H
#define DIXIT_CLI_LINES_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>

typedef struct cli_block {
  atomic_uint refs; /* the reader's, while it reads into it, and one per holder */
  size_t cap;
  char bytes[];
} cli_block;

/* Keeps b (and every line in it) alive until the matching release, which
 * may come from another thread; the last release frees it. */
void cli_block_hold(cli_block *b);
void cli_block_release(cli_block *b);

typedef struct cli_lines {
  FILE *f;
  size_t max_line; /* longer lines are skipped and reported */
  cli_block *block; /* the block read into; NULL before the first read */
  char *buf;        /* block->bytes */
  size_t cap;       /* block->cap */
  size_t start, end;              /* unread bytes are buf[start, end) */
  size_t scanned;                 /* buf[start, scanned) holds no newline */
  size_t line_no;                 /* 1-based number of the line last returned */
  unsigned long long offset;      /* file offset of the line last returned */
  unsigned long long next_offset; /* file offset of buf[start] */
  int eof;
  int fd; /* >= 0: read(2) from it instead of fread(f), see cli_lines_init */
  int wait_fd; /* see cli_lines_watch */
  int (*idle)(void *ctx);
  void *ctx;
} cli_lines;

typedef enum cli_line_status {
  CLI_LINE_OK,       /* *line, *len: the line without its '\n' */
  CLI_LINE_TOO_LONG, /* the line was longer than max_line and was skipped */
  CLI_LINE_END,      /* no more lines */
  CLI_LINE_ERROR     /* a read error (errno) or out of memory */
} cli_line_status;

/* f is read with read(2) on its descriptor when it is a plain file or
 * pipe (fileno() works and nothing was read through f yet), so that a
 * line written into a pipe is read as soon as it arrives, not once a
 * buffer is full: a program can feed dixit one record and wait for its
 * answer (with --line-buffered).  Other streams (fopencookie) go through
 * fread(). */
void cli_lines_init(cli_lines *lr, FILE *f, size_t max_line);
/* While a read would wait for bytes on wait_fd (a pipe, a terminal:
 * cli_zin_wait_fd()) because none are there yet, calls idle(ctx) until
 * bytes come or it returns 0: the caller's chance to work meanwhile, and
 * to finish, before it returns 0, what must not wait for more input. */
void cli_lines_watch(cli_lines *lr, int wait_fd, int (*idle)(void *), void *ctx);
/* The next line, valid until the next call unless its block is held. */
cli_line_status cli_lines_next(cli_lines *lr, const char **line, size_t *len);
/* The block the line last returned lies in. */
static inline cli_block *cli_lines_block(const cli_lines *lr) { return lr->block; }
/* Gives up the reader's hold on its block; holders keep theirs. */
void cli_lines_free(cli_lines *lr);

#endif
