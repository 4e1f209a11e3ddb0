/*
 * pipeline.h — the stages between a text and a filled result.
 */
#ifndef DX_PIPELINE_H
#define DX_PIPELINE_H

#include "result.h"

/* Runs every stage on text and fills res (whose arena owns the output).
 * Invalid UTF-8 or a NUL byte fails with DX_EUTF8/DX_ENUL and its offset,
 * or, under DX_OPT_LENIENT_UTF8, becomes the result's first warning. */
dx_status dx_run_pipeline(const dx_extractor *ex, const char *text, size_t len,
                          dx_result *res, dx_error *err);

#endif
