/*
 * text.h — reading the document's bytes: UTF-8 decoding and validation,
 * and the character classes the later stages ask about.
 */
#ifndef DX_TEXT_H
#define DX_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "dixit.h"

/* The 8 bytes at p as a number whose lowest byte is the first, on any
 * host, so that a mask keeps the first bytes of a word or key (tokens.c,
 * entities.c read their words 8 bytes at a time). */
static inline uint64_t dx_load_le64(const char *p) {
  uint64_t v;
  memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap64(v);
#endif
  return v;
}

/* Decodes the code point at text[i]; sets *n to its byte length (1 for an
 * invalid byte, which decodes as -1). */
int32_t dx_decode_slow(const char *text, size_t len, size_t i, size_t *n);

static inline int32_t dx_decode(const char *text, size_t len, size_t i, size_t *n) {
  unsigned char c = (unsigned char)text[i];
  if (c < 0x80) {
    *n = 1;
    return c;
  }
  return dx_decode_slow(text, len, i, n);
}

/* Checks that text is valid UTF-8 without NUL.  Returns DX_OK, or
 * DX_EUTF8/DX_ENUL with *bad set to the first offending byte.  Overlong
 * forms, surrogates and code points above U+10FFFF are invalid. */
dx_status dx_validate_utf8(const char *text, size_t len, size_t *bad);

/* Size of a leading byte order mark (3) or 0. */
size_t dx_bom_size(const char *text, size_t len);

/* Character classes, for code points: utf8proc's categories, with the
 * ASCII and Latin-1 letters that make up most of French and English text
 * answered inline. */
int dx_is_letter_slow(int32_t c);
int dx_is_upper_slow(int32_t c);
int dx_is_digit_slow(int32_t c);
int dx_is_space_slow(int32_t c);

static inline int dx_is_letter(int32_t c) {
  if (c < 0x80)
    return (unsigned)((c | 0x20) - 'a') < 26u;
  if (c < 0x100) /* Latin-1: À-ÿ but × and ÷, and ª µ º */
    return (c >= 0xC0 && c != 0xD7 && c != 0xF7) || c == 0xAA || c == 0xB5 || c == 0xBA;
  return dx_is_letter_slow(c);
}

static inline int dx_is_upper(int32_t c) {
  if (c < 0x80)
    return (unsigned)(c - 'A') < 26u;
  if (c < 0x100)
    return c >= 0xC0 && c <= 0xDE && c != 0xD7;
  return dx_is_upper_slow(c);
}

static inline int dx_is_digit(int32_t c) {
  if (c < 0x80)
    return (unsigned)(c - '0') < 10u;
  return dx_is_digit_slow(c);
}

/* includes no-break and narrow no-break spaces */
static inline int dx_is_space(int32_t c) {
  if (c < 0x80)
    return c == ' ' || (c >= '\t' && c <= '\r');
  return dx_is_space_slow(c);
}

#endif
