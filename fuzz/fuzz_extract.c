/*
 * fuzz_extract.c — the library on one buffer.
 *
 * Input: one byte of options (fuzz_options), then the document.  Whatever
 * the bytes, dx_extract() returns a status; on success every span lies in
 * the text, every index is valid, quotations come in order, and both
 * writers produce valid UTF-8 (one line of JSON that jansson reads back).
 * A refusal names a byte of the document.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  dx_options o = fuzz_options(data[0]);
  const char *text = (const char *)data + 1;
  size_t len = size - 1;
  dx_extractor *ex = dx_extractor_new(&o, NULL);
  FUZZ_CHECK(ex != NULL);
  dx_result *res = NULL;
  dx_error err;
  memset(&err, 0, sizeof err);
  dx_status st = dx_extract(ex, text, len, &res, &err);
  if (st == DX_OK) {
    FUZZ_CHECK(res != NULL);
    fuzz_check_result(res, len);
    fuzz_check_outputs(res, text, len);
  } else {
    FUZZ_CHECK(res == NULL);
    FUZZ_CHECK(err.code == st);
    FUZZ_CHECK(st == DX_EUTF8 || st == DX_ENUL || st == DX_ETOOBIG);
    FUZZ_CHECK(st == DX_ETOOBIG || err.offset < len);
    FUZZ_CHECK(!(o.flags & DX_OPT_LENIENT_UTF8) || st == DX_ETOOBIG);
    /* the error record is valid JSON as well */
    fuzz_buf out = {0};
    FUZZ_CHECK(dx_write_json_error("doc", 3, 0, &err, fuzz_buf_write, &out) == DX_OK);
    FUZZ_CHECK(fuzz_utf8_ok(out.data, out.len));
    fuzz_buf_free(&out);
  }
  dx_result_free(res);
  dx_extractor_free(ex);
  return 0;
}
