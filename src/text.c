/* text.c — UTF-8 decoding, validation and character classes. */
#include "text.h"

#include <string.h>
#include <utf8proc.h>

int32_t dx_decode_slow(const char *text, size_t len, size_t i, size_t *n) {
  const unsigned char *s = (const unsigned char *)text + i;
  size_t left = len - i;
  unsigned char c = s[0];
  *n = 1;
  if (c < 0x80)
    return c;
  int32_t cp;
  size_t need;
  int32_t min;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 2, cp = c & 0x1F, min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 3, cp = c & 0x0F, min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 4, cp = c & 0x07, min = 0x10000;
  } else {
    return -1;
  }
  if (left < need)
    return -1;
  for (size_t k = 1; k < need; k++) {
    if ((s[k] & 0xC0) != 0x80)
      return -1;
    cp = (cp << 6) | (s[k] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return -1;
  *n = need;
  return cp;
}

dx_status dx_validate_utf8(const char *text, size_t len, size_t *bad) {
  size_t i = 0;
  while (i < len) {
    /* eight ASCII bytes, none NUL, at a time: most of any Western text */
    while (i + 8 <= len) {
      uint64_t w;
      memcpy(&w, text + i, 8);
      if ((w & 0x8080808080808080ull) ||
          ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull))
        break;
      i += 8;
    }
    if (i >= len)
      break;
    unsigned char c = (unsigned char)text[i];
    if (c >= 0x01 && c < 0x80) { /* the common case, one byte at a time */
      i++;
      continue;
    }
    if (c == 0) {
      *bad = i;
      return DX_ENUL;
    }
    if (c >= 0xC2 && c <= 0xDF && i + 1 < len && ((unsigned char)text[i + 1] & 0xC0) == 0x80) {
      i += 2; /* é, à, ç: two bytes, never overlong from C2 on */
      continue;
    }
    size_t n;
    if (dx_decode(text, len, i, &n) < 0) {
      *bad = i;
      return DX_EUTF8;
    }
    i += n;
  }
  return DX_OK;
}

size_t dx_bom_size(const char *text, size_t len) {
  return len >= 3 && (unsigned char)text[0] == 0xEF &&
                 (unsigned char)text[1] == 0xBB && (unsigned char)text[2] == 0xBF
             ? 3
             : 0;
}

int dx_is_letter_slow(int32_t c) {
  if (c < 0)
    return 0;
  switch (utf8proc_category(c)) {
  case UTF8PROC_CATEGORY_LU:
  case UTF8PROC_CATEGORY_LL:
  case UTF8PROC_CATEGORY_LT:
  case UTF8PROC_CATEGORY_LM:
  case UTF8PROC_CATEGORY_LO:
  case UTF8PROC_CATEGORY_MN: /* combining accents belong to their letter */
  case UTF8PROC_CATEGORY_MC:
    return 1;
  default:
    return 0;
  }
}

int dx_is_upper_slow(int32_t c) {
  if (c < 0)
    return 0;
  utf8proc_category_t k = utf8proc_category(c);
  return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LT;
}

int dx_is_digit_slow(int32_t c) {
  return c > 0 && utf8proc_category(c) == UTF8PROC_CATEGORY_ND;
}

int dx_is_space_slow(int32_t c) {
  return c == 0xA0 || c == 0x202F || c == 0x2009 || c == 0x200A || c == 0x2007 ||
         c == 0x3000 || (c >= 0x2000 && c <= 0x2006) || c == 0x2028 ||
         c == 0x2029 || c == 0x85 || c == 0xFEFF;
}
