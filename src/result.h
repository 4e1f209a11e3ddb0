/*
 * result.h — the dx_result object and how the pipeline fills it.
 */
#ifndef DX_RESULT_H
#define DX_RESULT_H

#include "arena.h"
#include "dixit.h"

struct dx_extractor {
  dx_options opts; /* copied at creation; never written after */
};

struct dx_result {
  dx_arena arena; /* owns the result itself and all below */
  dx_lang lang;
  dx_quote *quotes;
  size_t n_quotes;
  dx_entity *entities;
  size_t n_entities;
  dx_error *warnings;
  size_t n_warnings;
};

/* Fills err (when given) with code, offset and a formatted message. */
void dx_set_error(dx_error *err, dx_status code, size_t offset,
                  const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

#endif
