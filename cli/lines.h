/*
 * lines.h — reading a stream one line at a time, in bounded memory.
 *
 * getline() would hold a whole file with no newline in memory; this reader
 * holds at most max_line bytes, and reports a longer line as too long
 * (skipping it) so that one bad line costs one error, not the process.
 */
#ifndef DIXIT_CLI_LINES_H
#define DIXIT_CLI_LINES_H

#include <stddef.h>
#include <stdio.h>

typedef struct cli_lines {
  FILE *f;
  size_t max_line; /* longer lines are skipped and reported */
  char *buf;
  size_t cap;
  size_t start, end;              /* unread bytes are buf[start, end) */
  size_t scanned;                 /* buf[start, scanned) holds no newline */
  size_t line_no;                 /* 1-based number of the line last returned */
  unsigned long long offset;      /* file offset of the line last returned */
  unsigned long long next_offset; /* file offset of buf[start] */
  int eof;
  int fd; /* >= 0: read(2) from it instead of fread(f), see cli_lines_init */
  void (*before_read)(void *ctx); /* if set, called before each read, which may block */
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
cli_line_status cli_lines_next(cli_lines *lr, const char **line, size_t *len);
void cli_lines_free(cli_lines *lr);

#endif
