/* emit.c — one document's output and messages (see emit.h). */
#include "emit.h"

#include <stdarg.h>
#include <stdlib.h>

int cli_emit_write(void *ctx, const char *bytes, size_t len) {
  cli_emit *e = ctx;
  if (e->out_file)
    return fwrite(bytes, 1, len, e->out_file) == len ? 0 : -1;
  return cli_membuf_write(&e->out, bytes, len);
}

static int vformat(cli_emit *e, int to_err, const char *fmt, va_list ap) {
  char small[512];
  va_list ap2;
  va_copy(ap2, ap);
  /* every caller va_start()s ap; the analyser follows a path that does not */
  int n = vsnprintf(small, sizeof small, fmt, ap); // NOLINT(clang-analyzer-valist.Uninitialized)
  int rc = -1;
  if (n < 0) {
    rc = -1;
  } else if ((size_t)n < sizeof small) {
    rc = to_err ? cli_membuf_write(&e->err, small, (size_t)n) : cli_emit_write(e, small, (size_t)n);
  } else {
    char *big = malloc((size_t)n + 1);
    if (big) {
      vsnprintf(big, (size_t)n + 1, fmt, ap2);
      rc = to_err ? cli_membuf_write(&e->err, big, (size_t)n) : cli_emit_write(e, big, (size_t)n);
      free(big);
    }
  }
  va_end(ap2);
  return rc;
}

int cli_emit_outf(cli_emit *e, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = vformat(e, 0, fmt, ap);
  va_end(ap);
  return rc;
}

int cli_emit_errf(cli_emit *e, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = vformat(e, 1, fmt, ap);
  va_end(ap);
  if (rc != 0)
    e->fatal = 1; /* a message we cannot keep: out of memory */
  return rc;
}

void cli_emit_reset(cli_emit *e) {
  e->out.len = 0;
  e->err.len = 0;
  e->failed = e->fatal = 0;
}

void cli_emit_free(cli_emit *e) {
  cli_membuf_free(&e->out);
  cli_membuf_free(&e->err);
}
