/*
 * fuzz_check.h — what every result must satisfy, whatever the input, for
 * the fuzz targets (fuzz_*.c).  A broken invariant prints what broke and
 * aborts, which libFuzzer and the replay driver both report as a crash.
 */
#ifndef DX_FUZZ_CHECK_H
#define DX_FUZZ_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "dixit.h"

#define FUZZ_CHECK(cond)                                                                           \
  do {                                                                                             \
    if (!(cond))                                                                                   \
      fuzz_fail(#cond, __FILE__, __LINE__);                                                        \
  } while (0)

_Noreturn void fuzz_fail(const char *what, const char *file, int line);

/* A growing output buffer for the writers. */
typedef struct fuzz_buf {
  char *data;
  size_t len, cap;
} fuzz_buf;

int fuzz_buf_write(void *ctx, const char *bytes, size_t len);
void fuzz_buf_free(fuzz_buf *b);

/* True when s[0, len) is valid UTF-8 (no overlong forms, no surrogates). */
int fuzz_utf8_ok(const char *s, size_t len);

/* Checks every span, index and order of res against the text's length. */
void fuzz_check_result(const dx_result *res, size_t len);

/* Writes res as JSON and as text and checks both outputs: one line of JSON
 * that jansson reads back as an object, valid UTF-8 lines of text. */
void fuzz_check_outputs(const dx_result *res, const char *text, size_t len);

/* Extractor options from one byte of the input: language, flags, limit. */
dx_options fuzz_options(unsigned char byte);

#endif
