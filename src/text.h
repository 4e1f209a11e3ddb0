/*
 * text.h — reading the document's bytes: UTF-8 decoding and validation,
 * and the character classes the later stages ask about.
 */
#ifndef DX_TEXT_H
#define DX_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include "dixit.h"

/* Decodes the code point at text[i]; sets *n to its byte length (1 for an
 * invalid byte, which decodes as -1). */
int32_t dx_decode(const char *text, size_t len, size_t i, size_t *n);

/* Checks that text is valid UTF-8 without NUL.  Returns DX_OK, or
 * DX_EUTF8/DX_ENUL with *bad set to the first offending byte.  Overlong
 * forms, surrogates and code points above U+10FFFF are invalid. */
dx_status dx_validate_utf8(const char *text, size_t len, size_t *bad);

/* Size of a leading byte order mark (3) or 0. */
size_t dx_bom_size(const char *text, size_t len);

/* Character classes, for code points (utf8proc categories, ASCII fast path). */
int dx_is_letter(int32_t c);
int dx_is_upper(int32_t c);
int dx_is_digit(int32_t c);
int dx_is_space(int32_t c); /* includes no-break and narrow no-break spaces */

#endif
