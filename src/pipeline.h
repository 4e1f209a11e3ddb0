/*
 * pipeline.h — the stages between a validated text and a filled result.
 */
#ifndef DX_PIPELINE_H
#define DX_PIPELINE_H

#include "result.h"

/* Runs every stage on text and fills res (whose arena owns the output).
 * warning, when not NULL, is a problem found before (tolerated bad bytes)
 * to report in the result. */
dx_status dx_run_pipeline(const dx_extractor *ex, const char *text, size_t len,
                          dx_result *res, const dx_error *warning, dx_error *err);

#endif
