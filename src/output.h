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
/* Hands the buffered bytes to the callback and empties the buffer. */
void dx_out_flush(dx_out *o);

/* Where the next n bytes go (n <= DX_OUT_BUFSIZE), flushing first when
 * they do not fit: a writer that knows a bound on a piece's size writes it
 * in place and adds what it wrote to o->n, with no copy through a
 * temporary. */
static inline char *dx_out_room(dx_out *o, size_t n) {
  if (n > sizeof o->buf - o->n)
    dx_out_flush(o);
  return o->buf + o->n;
}

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
/* The most digits of a size_t (20), and the room dx_out_digits() needs. */
enum { DX_OUT_DIGITS = 20 };
/* Writes v in decimal at p, which has room for DX_OUT_DIGITS bytes (those
 * after the number may be overwritten); returns the end of the number. */
char *dx_out_digits(char *p, size_t v);
/* Writes s[0, len) as a quoted JSON string: '"', '\\' and control characters
 * escaped, valid UTF-8 copied as is, each maximal invalid subsequence (the
 * Unicode "substitution of maximal subparts" practice, as Python and browsers
 * decode) replaced by U+FFFD, so the output is always valid JSON. */
void dx_out_json_string(dx_out *o, const char *s, size_t len);
/* dx_out_json_string() for text the caller knows to be valid UTF-8 (a span
 * of a document the tokenizer validated, cut at character boundaries): the
 * same bytes out, without checking each sequence again. */
void dx_out_json_valid(dx_out *o, const char *s, size_t len);
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
