/* sink.c — byte sinks for the library's writers (see sink.h). */
#include "sink.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_stdout_write(void *ctx, const char *bytes, size_t len) {
  (void)ctx;
  return fwrite(bytes, 1, len, stdout) == len ? 0 : -1;
}

int cli_membuf_write(void *ctx, const char *bytes, size_t len) {
  cli_membuf *m = ctx;
  if (len > m->cap - m->len) {
    size_t cap = m->cap ? m->cap : 4096;
    while (cap - m->len < len) {
      if (cap > SIZE_MAX / 2)
        return -1;
      cap *= 2;
    }
    char *p = realloc(m->data, cap);
    if (!p)
      return -1;
    m->data = p;
    m->cap = cap;
  }
  memcpy(m->data + m->len, bytes, len);
  m->len += len;
  return 0;
}

void cli_membuf_free(cli_membuf *m) {
  free(m->data);
  m->data = NULL;
  m->len = m->cap = 0;
}
