/*
 * fuzz_stream.c — the same document fed in pieces gives the same result.
 *
 * Input: one byte of options (fuzz_options), one byte that seeds where the
 * pieces are cut, then the document.  The result of dx_stream_finish() must
 * write the same JSON as dx_extract() on the whole; a refusal must be the
 * same refusal, at the same offset (the stream may only say "too big" where
 * the whole would first have met a bad byte past the limit).
 */
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2)
    return 0;
  dx_options o = fuzz_options(data[0]);
  uint32_t rng = data[1] * 2654435761u + 1; /* where to cut: from the input */
  const char *text = (const char *)data + 2;
  size_t len = size - 2;
  dx_extractor *ex = dx_extractor_new(&o, NULL);
  dx_stream *s = dx_stream_new(ex, NULL);
  FUZZ_CHECK(ex && s);

  dx_result *whole = NULL;
  dx_error whole_err = {0}, err = {0};
  dx_status whole_st = dx_extract(ex, text, len, &whole, &whole_err);

  dx_status st = DX_OK;
  size_t fed = 0;
  while (st == DX_OK && fed < len) {
    rng = rng * 1103515245u + 12345u;
    uint32_t r = rng >> 16;
    /* mostly short pieces, which cut sequences; sometimes empty or long */
    size_t piece = r % 4 == 0 ? r % 64 : r % 4 == 1 ? 0 : 1 + r % 5;
    if (piece > len - fed)
      piece = len - fed;
    st = dx_stream_feed(s, text + fed, piece, &err);
    fed += piece;
  }
  dx_result *res = NULL;
  if (st == DX_OK) {
    st = dx_stream_finish(s, &res, &err);
  } else {
    /* a failed stream keeps its error */
    dx_error again;
    FUZZ_CHECK(dx_stream_finish(s, &res, &again) == st && res == NULL);
    FUZZ_CHECK(again.offset == err.offset);
  }

  if (whole_st == DX_OK) {
    FUZZ_CHECK(st == DX_OK);
    size_t tlen;
    const char *t = dx_stream_text(s, &tlen);
    FUZZ_CHECK(tlen == len && (len == 0 || memcmp(t, text, len) == 0));
    fuzz_buf a = {0}, b = {0};
    FUZZ_CHECK(dx_write_json(whole, text, len, "d", 1, 0, fuzz_buf_write, &a) == DX_OK);
    FUZZ_CHECK(dx_write_json(res, t, tlen, "d", 1, 0, fuzz_buf_write, &b) == DX_OK);
    FUZZ_CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
    fuzz_buf_free(&a);
    fuzz_buf_free(&b);
  } else if (whole_st == DX_ETOOBIG) {
    /* the stream stops at the limit, or earlier at a bad byte before it */
    FUZZ_CHECK(st == DX_ETOOBIG ||
               ((st == DX_EUTF8 || st == DX_ENUL) && err.offset < o.max_doc_bytes));
    FUZZ_CHECK(st != DX_ETOOBIG || err.offset == o.max_doc_bytes ||
               (o.max_doc_bytes == 0 && err.offset == DX_DEFAULT_MAX_DOC_BYTES));
  } else {
    FUZZ_CHECK(st == whole_st);
    FUZZ_CHECK(err.offset == whole_err.offset);
    FUZZ_CHECK(strcmp(err.message, whole_err.message) == 0);
  }
  FUZZ_CHECK((st == DX_OK) == (res != NULL));
  dx_result_free(res);
  dx_result_free(whole);
  dx_stream_free(s);
  dx_extractor_free(ex);
  return 0;
}
