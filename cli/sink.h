/*
 * sink.h — where the library's writers send their bytes: stdout, or a
 * growing memory buffer (dixit eval scores its own output through it).
 */
#ifndef DIXIT_CLI_SINK_H
#define DIXIT_CLI_SINK_H

#include <stddef.h>

/* A dx_write_fn onto stdout (ctx unused); fails when stdout does. */
int cli_stdout_write(void *ctx, const char *bytes, size_t len);

typedef struct cli_membuf {
  char *data;
  size_t len, cap;
} cli_membuf;

/* A dx_write_fn appending to the cli_membuf ctx; fails when out of memory. */
int cli_membuf_write(void *ctx, const char *bytes, size_t len);
void cli_membuf_free(cli_membuf *m);

#endif
