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
  /* The text extracted, when the tokenizer found all of it valid UTF-8
   * without NUL; else NULL.  Only compared, never read: see
   * dx_result_text_valid(). */
  const char *valid_text;
  size_t valid_len;
};

/* Is text[0, len) the text this result was extracted from, found valid
 * UTF-8 then?  The JSON writer then copies spans cut at character
 * boundaries without checking their bytes again (the same bytes out). */
int dx_result_text_valid(const dx_result *res, const char *text, size_t len);

/* Fills err (when given) with code, offset and a formatted message. */
void dx_set_error(dx_error *err, dx_status code, size_t offset,
                  const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

#endif
