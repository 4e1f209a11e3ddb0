/*
 * stream.c — a document fed in pieces (see dx_stream in dixit.h).
 *
 * The stream only buffers and checks; dx_stream_finish() hands the whole
 * buffer to dx_extract(), so that a document gives the same result however
 * it was cut.  Checking as bytes arrive is what lets a caller stop reading
 * a bad or oversized document early, without holding more than the limit.
 */
#include <string.h>

#include "arena.h"
#include "result.h"
#include "text.h"

struct dx_stream {
  const dx_extractor *ex;
  char *buf;
  size_t len, cap;
  size_t checked; /* buf[0, checked) is valid UTF-8 without NUL */
  int finished;
  dx_error failure; /* code DX_OK while the document is sound */
};

dx_stream *dx_stream_new(const dx_extractor *ex, dx_error *err) {
  if (!ex) {
    dx_set_error(err, DX_EINVAL, SIZE_MAX, "dx_stream_new: NULL extractor");
    return NULL;
  }
  dx_stream *s = dx_mem_alloc(ex->opts.allocator, sizeof *s);
  if (!s) {
    dx_set_error(err, DX_ENOMEM, SIZE_MAX, "out of memory creating the stream");
    return NULL;
  }
  memset(s, 0, sizeof *s);
  s->ex = ex;
  return s;
}

void dx_stream_free(dx_stream *s) {
  if (!s)
    return;
  dx_mem_free(s->ex->opts.allocator, s->buf);
  dx_mem_free(s->ex->opts.allocator, s);
}

void dx_stream_reset(dx_stream *s) {
  if (!s)
    return;
  s->len = s->checked = 0;
  s->finished = 0;
  memset(&s->failure, 0, sizeof s->failure);
}

const char *dx_stream_text(const dx_stream *s, size_t *len) {
  *len = s && s->buf ? s->len : 0;
  return s && s->buf ? s->buf : NULL;
}

/* Reports the document's failure, the first one met. */
static dx_status fail(dx_stream *s, dx_error *err) {
  if (err)
    *err = s->failure;
  return s->failure.code;
}

/* The end of the last complete sequence in buf[from, len): a sequence cut
 * by the end of the piece waits for the next one.  Only a lead byte that
 * announces more bytes than are left is held back; anything else is for
 * dx_validate_utf8() to judge now. */
static size_t complete_end(const dx_stream *s, size_t from) {
  size_t back = s->len - from < 3 ? s->len - from : 3;
  for (size_t k = 1; k <= back; k++) {
    unsigned char c = (unsigned char)s->buf[s->len - k];
    if ((c & 0xC0) == 0x80)
      continue; /* a continuation byte: its lead is further back */
    size_t need = c > 0xF4 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 1;
    return need > k ? s->len - k : s->len;
  }
  return s->len;
}

/* Checks the bytes added since the last call, up to the last complete
 * sequence (all of them when final). */
static dx_status check_utf8(dx_stream *s, int final) {
  if (s->ex->opts.flags & DX_OPT_LENIENT_UTF8)
    return DX_OK;
  size_t end = final ? s->len : complete_end(s, s->checked);
  if (end == s->checked)
    return DX_OK; /* and buf may still be NULL */
  size_t bad;
  dx_status st = dx_validate_utf8(s->buf + s->checked, end - s->checked, &bad);
  if (st != DX_OK) {
    bad += s->checked;
    const char *what = st == DX_ENUL ? "NUL byte" : "invalid UTF-8 byte";
    /* worded as dx_extract() words it */
    dx_set_error(&s->failure, st, bad, "%s 0x%02X at byte %zu", what,
                 (unsigned)(unsigned char)s->buf[bad], bad);
    return st;
  }
  s->checked = end;
  return DX_OK;
}

/* Room for n more bytes, never past the limit (the caller checked). */
static dx_status grow(dx_stream *s, size_t n) {
  if (s->cap - s->len >= n)
    return DX_OK;
  size_t limit = s->ex->opts.max_doc_bytes, need = s->len + n;
  size_t cap = s->cap ? s->cap : 4096;
  while (cap < need)
    cap = cap > limit / 2 ? limit : cap * 2;
  char *p = dx_mem_realloc(s->ex->opts.allocator, s->buf, cap);
  if (!p) {
    dx_set_error(&s->failure, DX_ENOMEM, SIZE_MAX,
                 "out of memory buffering a document of %zu bytes", need);
    return DX_ENOMEM;
  }
  s->buf = p;
  s->cap = cap;
  return DX_OK;
}

dx_status dx_stream_feed(dx_stream *s, const char *bytes, size_t len, dx_error *err) {
  if (!s || (!bytes && len)) {
    dx_set_error(err, DX_EINVAL, SIZE_MAX, "dx_stream_feed: NULL argument");
    return DX_EINVAL;
  }
  if (s->finished) {
    dx_set_error(err, DX_EINVAL, SIZE_MAX, "dx_stream_feed: the document is finished");
    return DX_EINVAL;
  }
  if (s->failure.code != DX_OK)
    return fail(s, err);
  /* The bytes that fit go in first, so that a bad byte before the limit is
   * the error reported, as a reader of the whole document would find it. */
  size_t limit = s->ex->opts.max_doc_bytes;
  size_t room = limit - s->len, take = len < room ? len : room;
  if (take) {
    if (grow(s, take) != DX_OK)
      return fail(s, err);
    memcpy(s->buf + s->len, bytes, take);
    s->len += take;
    if (check_utf8(s, 0) != DX_OK)
      return fail(s, err);
  }
  if (take < len) {
    dx_set_error(&s->failure, DX_ETOOBIG, limit, "document exceeds the limit of %zu bytes", limit);
    return fail(s, err);
  }
  return DX_OK;
}

dx_status dx_stream_finish(dx_stream *s, dx_result **out, dx_error *err) {
  if (out)
    *out = NULL;
  if (!s || !out) {
    dx_set_error(err, DX_EINVAL, SIZE_MAX, "dx_stream_finish: NULL argument");
    return DX_EINVAL;
  }
  if (s->finished) {
    dx_set_error(err, DX_EINVAL, SIZE_MAX, "dx_stream_finish: the document is finished");
    return DX_EINVAL;
  }
  s->finished = 1;
  if (s->failure.code != DX_OK || check_utf8(s, 1) != DX_OK)
    return fail(s, err);
  return dx_extract(s->ex, s->buf, s->len, out, err);
}
