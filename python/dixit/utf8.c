/*
 * utf8.c — a str's code points to UTF-8, on a worker thread (no GIL).
 * (binding.h says how the binding is split.)
 *
 * A str holds its code points in units of 1, 2 or 4 bytes (PEP 393); a
 * French article is most often of 2-byte units, since one ’ or “ is enough,
 * and most of its characters are ASCII.  So the encoder takes a run of
 * units at a time, tested at once for ASCII, and copies them as bytes;
 * only a run with another character goes unit by unit.  It writes into a
 * buffer of the largest size the text could take, in one pass (where a
 * first pass to size the buffer would read the text twice), then gives
 * back the bytes it did not use.
 */
#include "binding.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Writes code point c (no surrogate) as UTF-8 at o; returns the byte after. */
static unsigned char *put(unsigned char *o, Py_UCS4 c) {
  if (c < 0x80) {
    *o++ = (unsigned char)c;
  } else if (c < 0x800) {
    *o++ = (unsigned char)(0xC0 | c >> 6);
    *o++ = (unsigned char)(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    *o++ = (unsigned char)(0xE0 | c >> 12);
    *o++ = (unsigned char)(0x80 | (c >> 6 & 0x3F));
    *o++ = (unsigned char)(0x80 | (c & 0x3F));
  } else {
    *o++ = (unsigned char)(0xF0 | c >> 18);
    *o++ = (unsigned char)(0x80 | (c >> 12 & 0x3F));
    *o++ = (unsigned char)(0x80 | (c >> 6 & 0x3F));
    *o++ = (unsigned char)(0x80 | (c & 0x3F));
  }
  return o;
}

static int is_surrogate(Py_UCS4 c) { return c >= 0xD800 && c <= 0xDFFF; }

/* Units [i, stop) one by one; NULL at a lone surrogate (*bad: its index). */
#define SLOW(T)                                                                         \
  static unsigned char *slow_##T(const T *p, Py_ssize_t i, Py_ssize_t stop,             \
                                 unsigned char *o, Py_ssize_t *bad) {                   \
    for (; i < stop; i++) {                                                             \
      if (is_surrogate(p[i])) {                                                         \
        *bad = i;                                                                       \
        return NULL;                                                                    \
      }                                                                                 \
      o = put(o, p[i]);                                                                 \
    }                                                                                   \
    return o;                                                                           \
  }
SLOW(Py_UCS1)
SLOW(Py_UCS2)
SLOW(Py_UCS4)

/* 1-byte units (Latin-1): eight at a time, copied when all are ASCII. */
static unsigned char *write_ucs1(const Py_UCS1 *p, Py_ssize_t n, unsigned char *o,
                                 Py_ssize_t *bad) {
  Py_ssize_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    if (w & 0x8080808080808080ull) {
      o = slow_Py_UCS1(p, i, i + 8, o, bad);
    } else {
      memcpy(o, &w, 8);
      o += 8;
    }
  }
  return slow_Py_UCS1(p, i, n, o, bad);
}

/* 2-byte units: four at a time (one 64-bit test, whatever the byte
 * order: each unit's bits above 0x7F are in the mask), written as bytes
 * when all are ASCII.  (Eight at a time with SSE2 gained nothing: the
 * time goes to the runs with an accented letter.) */
static unsigned char *write_ucs2(const Py_UCS2 *p, Py_ssize_t n, unsigned char *o,
                                 Py_ssize_t *bad) {
  Py_ssize_t i = 0;
  for (; i + 4 <= n; i += 4) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    if (w & 0xFF80FF80FF80FF80ull) {
      if (!(o = slow_Py_UCS2(p, i, i + 4, o, bad)))
        return NULL;
    } else {
      o[0] = (unsigned char)p[i];
      o[1] = (unsigned char)p[i + 1];
      o[2] = (unsigned char)p[i + 2];
      o[3] = (unsigned char)p[i + 3];
      o += 4;
    }
  }
  return slow_Py_UCS2(p, i, n, o, bad);
}

int utf8_encode(const void *data, int kind, Py_ssize_t n, char **out, Py_ssize_t *len,
                Py_ssize_t *bad) {
  /* the most bytes a unit of the kind can take: Latin-1 2, a 2-byte unit
   * 3 (4 only for a surrogate pair, which a str never holds), else 4 */
  size_t most = kind == PyUnicode_1BYTE_KIND ? 2 : kind == PyUnicode_2BYTE_KIND ? 3 : 4;
  if ((size_t)n > (SIZE_MAX - 1) / most)
    return -1;
  unsigned char *buf = malloc((size_t)n * most + 1), *end;
  if (!buf)
    return -1;
  if (kind == PyUnicode_1BYTE_KIND)
    end = write_ucs1(data, n, buf, bad);
  else if (kind == PyUnicode_2BYTE_KIND)
    end = write_ucs2(data, n, buf, bad);
  else
    end = slow_Py_UCS4(data, 0, n, buf, bad);
  if (!end) {
    free(buf);
    return -1;
  }
  *end = '\0';
  size_t size = (size_t)(end - buf);
  unsigned char *fit = realloc(buf, size + 1); /* shrinking: in place, or a copy */
  *out = (char *)(fit ? fit : buf);
  *len = (Py_ssize_t)size;
  return 0;
}
