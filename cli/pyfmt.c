/* pyfmt.c — Python's str() and repr() of JSON values (see pyfmt.h). */
#include "pyfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Shortest %.*e digits of x that read back as x: fills digits (no point)
 * and returns the decimal exponent of the first digit. */
static int shortest_digits(double x, char *digits) {
  char tmp[40];
  for (int prec = 0; prec < 17; prec++) {
    snprintf(tmp, sizeof tmp, "%.*e", prec, x);
    if (strtod(tmp, NULL) == x || prec == 16)
      break;
  }
  /* tmp is "d.ddde±XX" (or "de±XX") */
  char *e = strchr(tmp, 'e');
  int exp10 = atoi(e + 1);
  size_t n = 0;
  for (char *p = tmp; p < e; p++)
    if (*p >= '0' && *p <= '9')
      digits[n++] = *p;
  while (n > 1 && digits[n - 1] == '0') /* repr never keeps trailing zeros */
    n--;
  digits[n] = '\0';
  return exp10;
}

void py_float_repr(double x, char *buf) {
  if (isnan(x)) {
    strcpy(buf, "nan");
    return;
  }
  if (isinf(x)) {
    strcpy(buf, x < 0 ? "-inf" : "inf");
    return;
  }
  char digits[24] = {0};
  char *p = buf;
  if (signbit(x)) {
    *p++ = '-';
    x = -x;
  }
  int exp10 = shortest_digits(x, digits);
  int nd = (int)strlen(digits);
  int decpt = exp10 + 1; /* value = 0.DIGITS × 10^decpt, as Python counts */
  if (x == 0.0)
    decpt = 1;
  if (decpt <= -4 || decpt > 16) { /* Python's switch to exponent form */
    *p++ = digits[0];
    if (nd > 1) {
      *p++ = '.';
      memcpy(p, digits + 1, (size_t)nd - 1);
      p += nd - 1;
    }
    sprintf(p, "e%c%02d", exp10 < 0 ? '-' : '+', abs(exp10));
  } else if (decpt <= 0) {
    p += sprintf(p, "0.");
    for (int i = 0; i < -decpt; i++)
      *p++ = '0';
    strcpy(p, digits);
  } else {
    for (int i = 0; i < decpt; i++)
      *p++ = i < nd ? digits[i] : '0';
    *p++ = '.';
    if (nd > decpt) {
      strcpy(p, digits + decpt);
    } else {
      strcpy(p, "0");
    }
  }
}

void py_round4_repr(double x, char *buf) {
  /* printf rounds the exact binary value half-even, as Python's round()
   * does; the shortest repr of a number of 4 decimals is those decimals
   * without trailing zeros. */
  char tmp[64];
  snprintf(tmp, sizeof tmp, "%.4f", x);
  py_float_repr(strtod(tmp, NULL), buf);
}

static int put(cli_membuf *out, const char *s) { return cli_membuf_write(out, s, strlen(s)); }

/* Python's str.isprintable() for one code point. */
static int py_printable(utf8proc_int32_t c) {
  if (c == ' ')
    return 1;
  switch (utf8proc_category(c)) {
  case UTF8PROC_CATEGORY_CC:
  case UTF8PROC_CATEGORY_CF:
  case UTF8PROC_CATEGORY_CS:
  case UTF8PROC_CATEGORY_CO:
  case UTF8PROC_CATEGORY_CN:
  case UTF8PROC_CATEGORY_ZL:
  case UTF8PROC_CATEGORY_ZP:
  case UTF8PROC_CATEGORY_ZS:
    return 0;
  default:
    return 1;
  }
}

static int put_char_repr(cli_membuf *out, utf8proc_int32_t c, char quote) {
  char tmp[16];
  if (c == quote || c == '\\') {
    tmp[0] = '\\', tmp[1] = (char)c, tmp[2] = 0;
  } else if (c == '\n' || c == '\r' || c == '\t') {
    tmp[0] = '\\', tmp[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't', tmp[2] = 0;
  } else if (c < 0x7F && c >= 0x20) {
    tmp[0] = (char)c, tmp[1] = 0;
  } else if (c >= 0x80 && py_printable(c)) {
    utf8proc_ssize_t n = utf8proc_encode_char(c, (utf8proc_uint8_t *)tmp);
    tmp[n] = 0;
  } else if (c <= 0xFF) {
    snprintf(tmp, sizeof tmp, "\\x%02x", (unsigned)c);
  } else if (c <= 0xFFFF) {
    snprintf(tmp, sizeof tmp, "\\u%04x", (unsigned)c);
  } else {
    snprintf(tmp, sizeof tmp, "\\U%08x", (unsigned)c);
  }
  return put(out, tmp);
}

int py_str_repr(cli_membuf *out, const char *s, size_t len) {
  char quote = '\'';
  if (memchr(s, '\'', len) && !memchr(s, '"', len))
    quote = '"';
  char q[2] = {quote, 0};
  if (put(out, q))
    return -1;
  const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
  for (size_t i = 0; i < len;) {
    utf8proc_int32_t c;
    utf8proc_ssize_t n = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &c);
    if (n <= 0) { /* not from a Python str; show the byte as Python would */
      c = 0xFFFD;
      n = 1;
    }
    if (put_char_repr(out, c, quote))
      return -1;
    i += (size_t)n;
  }
  return put(out, q);
}

static int py_value(cli_membuf *out, const json_t *v, int repr) {
  char tmp[40];
  if (!v)
    return put(out, "None");
  switch (json_typeof(v)) {
  case JSON_NULL:
    return put(out, "None");
  case JSON_TRUE:
    return put(out, "True");
  case JSON_FALSE:
    return put(out, "False");
  case JSON_INTEGER:
    snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    return put(out, tmp);
  case JSON_REAL:
    py_float_repr(json_real_value(v), tmp);
    return put(out, tmp);
  case JSON_STRING:
    if (repr)
      return py_str_repr(out, json_string_value(v), json_string_length(v));
    return cli_membuf_write(out, json_string_value(v), json_string_length(v));
  case JSON_ARRAY: {
    if (put(out, "["))
      return -1;
    for (size_t i = 0; i < json_array_size(v); i++)
      if ((i && put(out, ", ")) || py_value(out, json_array_get(v, i), 1))
        return -1;
    return put(out, "]");
  }
  case JSON_OBJECT: {
    const char *key;
    size_t klen, i = 0;
    json_t *val;
    if (put(out, "{"))
      return -1;
    json_object_keylen_foreach((json_t *)v, key, klen, val) {
      if ((i++ && put(out, ", ")) || py_str_repr(out, key, klen) || put(out, ": ") ||
          py_value(out, val, 1))
        return -1;
    }
    return put(out, "}");
  }
  }
  return -1;
}

int py_str(cli_membuf *out, const json_t *v) { return py_value(out, v, 0); }

int py_repr(cli_membuf *out, const json_t *v) { return py_value(out, v, 1); }
