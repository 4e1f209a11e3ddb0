/*
 * output.h — the buffered byte sink that both output formats write through.
 *
 * Writers produce many small pieces (a brace, a number, a span of text); the
 * caller's dx_write_fn may be a system call or a Python callback, so pieces
 * are gathered in a 64 KiB buffer and handed over in large chunks.  Once the
 * callback fails, everything after is dropped and dx_out_finish() reports
 * DX_EIO, so the writers need not check after every piece.
 */
#ifndef DX_OUTPUT_H
#define DX_OUTPUT_H

#include "dixit.h"
#include <stddef.h>
#include <string.h>

enum { DX_OUT_BUFSIZE = 64 * 1024 };

typedef struct dx_out {
  dx_write_fn write;
  void *ctx;
  int failed;
  size_t n;
  char buf[DX_OUT_BUFSIZE];
} dx_out;

void dx_out_init(dx_out *o, dx_write_fn write, void *ctx);
/* Pieces that overflow the buffer, or are larger than it (the slow path). */
void dx_out_put_slow(dx_out *o, const char *s, size_t len);

/* The writers call these for every piece: inline, so that a brace costs a
 * store and not a call. */
static inline void dx_out_put(dx_out *o, const char *s, size_t len) {
  if (len <= sizeof o->buf - o->n) {
    memcpy(o->buf + o->n, s, len);
    o->n += len;
  } else {
    dx_out_put_slow(o, s, len);
  }
}

static inline void dx_out_putc(dx_out *o, char c) {
  if (o->n < sizeof o->buf)
    o->buf[o->n++] = c;
  else
    dx_out_put_slow(o, &c, 1);
}

void dx_out_puts(dx_out *o, const char *s);
/* Writes v in decimal. */
void dx_out_size(dx_out *o, size_t v);
/* Writes s[0, len) as a quoted JSON string: '"', '\\' and control characters
 * escaped, valid UTF-8 copied as is, each maximal invalid subsequence (the
 * Unicode "substitution of maximal subparts" practice, as Python and browsers
 * decode) replaced by U+FFFD, so the output is always valid JSON. */
void dx_out_json_string(dx_out *o, const char *s, size_t len);
/* Hands the buffered bytes to the callback; DX_EIO if it ever failed. */
dx_status dx_out_finish(dx_out *o);

/* Writes text[0, len) on one line (output_text.c): each run of control
 * characters, tabs and newlines included, becomes one space, each maximal
 * invalid UTF-8 subpart one U+FFFD. */
void dx_out_flat(dx_out *o, const char *text, size_t len);

/* Length of the valid UTF-8 sequence of 2-4 bytes at s (left bytes
 * available), or 0 when s[0] does not start one; then *bad is the length of
 * the maximal invalid subpart to replace by one U+FFFD.  ASCII is the
 * caller's business: s[0] must be >= 0x80. */
size_t dx_utf8_seq(const unsigned char *s, size_t left, size_t *bad);

#define DX_REPLACEMENT_CHAR "\xEF\xBF\xBD"

#endif
