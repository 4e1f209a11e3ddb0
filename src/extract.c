/*
 * extract.c — the extractor handle and dx_extract(), which checks the
 * document and runs the pipeline stages in order (see pipeline.h).
 */
#include <string.h>

#include "pipeline.h"
#include "result.h"
#include "text.h"

dx_extractor *dx_extractor_new(const dx_options *opts, dx_error *err) {
  dx_options o = {0};
  if (opts)
    o = *opts;
  if (o.max_doc_bytes == 0)
    o.max_doc_bytes = DX_DEFAULT_MAX_DOC_BYTES;
  if (o.max_doc_bytes > DX_MAX_DOC_BYTES) /* the tokens' offsets are 32-bit */
    o.max_doc_bytes = DX_MAX_DOC_BYTES;
  if (o.allocator && (!o.allocator->malloc || !o.allocator->realloc || !o.allocator->free)) {
    dx_set_error(err, DX_EINVAL, SIZE_MAX, "allocator lacks a function");
    return NULL;
  }
  dx_extractor *ex = dx_mem_alloc(o.allocator, sizeof *ex);
  if (!ex) {
    dx_set_error(err, DX_ENOMEM, SIZE_MAX, "out of memory creating the extractor");
    return NULL;
  }
  ex->opts = o;
  return ex;
}

void dx_extractor_free(dx_extractor *ex) {
  if (ex)
    dx_mem_free(ex->opts.allocator, ex);
}

dx_status dx_extract(const dx_extractor *ex, const char *text, size_t len,
                     dx_result **out, dx_error *err) {
  if (out)
    *out = NULL;
  if (!ex || !out || (!text && len)) {
    dx_set_error(err, DX_EINVAL, SIZE_MAX, "dx_extract: NULL argument");
    return DX_EINVAL;
  }
  if (!text)
    text = "";
  if (len > ex->opts.max_doc_bytes) {
    dx_set_error(err, DX_ETOOBIG, SIZE_MAX,
                 "document of %zu bytes exceeds the limit of %zu bytes", len,
                 ex->opts.max_doc_bytes);
    return DX_ETOOBIG;
  }

  /* The bytes are checked by the tokenizer, on its way through the text
   * (dx_run_pipeline): a pass of its own cost as much as a tenth of the
   * whole extraction. */
  dx_arena arena;
  dx_arena_init(&arena, ex->opts.allocator);
  dx_result *res = dx_arena_alloc(&arena, sizeof *res);
  if (!res) {
    dx_arena_free(&arena);
    dx_set_error(err, DX_ENOMEM, SIZE_MAX, "out of memory");
    return DX_ENOMEM;
  }
  memset(res, 0, sizeof *res);
  res->arena = arena;

  dx_status st = dx_run_pipeline(ex, text, len, res, err);
  if (st != DX_OK) {
    dx_result_free(res);
    return st;
  }
  *out = res;
  return DX_OK;
}
