/* pipeline.c — placeholder: runs no stage yet. */
#include "pipeline.h"

dx_status dx_run_pipeline(const dx_extractor *ex, const char *text, size_t len,
                          dx_result *res, const dx_error *warning, dx_error *err) {
  (void)ex; (void)text; (void)len; (void)warning; (void)err;
  res->lang = DX_LANG_FR;
  return DX_OK;
}
