/*
 * eval_text.c — the string work of score.py, done as CPython does it:
 * bytes.decode("utf-8", "replace"), str.strip/lstrip/rstrip, str.lower,
 * int(), and the determiner regex of norm_name().
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "eval.h"

typedef int32_t cp_t;

/* ------------------------------------------------------------------ */
/* UTF-8                                                               */

/* Length of the valid sequence at s, or 0 and *bad = the maximal invalid
 * subpart, which CPython's "replace" turns into one U+FFFD. */
static size_t utf8_seq(const unsigned char *s, size_t left, size_t *bad) {
  unsigned char c = s[0], lo = 0x80, hi = 0xBF;
  size_t need;
  if (c < 0x80)
    return 1;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 3;
    lo = c == 0xE0 ? 0xA0 : 0x80;
    hi = c == 0xED ? 0x9F : 0xBF;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 4;
    lo = c == 0xF0 ? 0x90 : 0x80;
    hi = c == 0xF4 ? 0x8F : 0xBF;
  } else {
    *bad = 1;
    return 0;
  }
  size_t k = 1;
  if (left > 1 && s[1] >= lo && s[1] <= hi) {
    k = 2;
    while (k < need && k < left && (s[k] & 0xC0) == 0x80)
      k++;
  }
  if (k == need)
    return need;
  *bad = k;
  return 0;
}

static cp_t decode_at(const unsigned char *s, size_t n) {
  if (n == 1)
    return s[0];
  cp_t c = s[0] & (0x7F >> n);
  for (size_t i = 1; i < n; i++)
    c = (c << 6) | (s[i] & 0x3F);
  return c;
}

char *ev_decode_replace(const char *b, size_t len, size_t *out_len) {
  const unsigned char *s = (const unsigned char *)b;
  char *out = malloc(len * 3 + 1); /* each bad byte may become 3 */
  if (!out)
    return NULL;
  size_t o = 0;
  for (size_t i = 0; i < len;) {
    size_t bad = 1, n = utf8_seq(s + i, len - i, &bad);
    if (n) {
      memcpy(out + o, b + i, n);
      o += n;
      i += n;
    } else {
      memcpy(out + o, "\xEF\xBF\xBD", 3);
      o += 3;
      i += bad;
    }
  }
  out[o] = '\0';
  *out_len = o;
  return out;
}

size_t ev_prefix_chars(const char *s, size_t len, size_t n) {
  size_t i = 0;
  for (; i < len && n; n--) {
    i++;
    while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
      i++;
  }
  return i;
}

size_t ev_count_chars(const char *s, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    n += ((unsigned char)s[i] & 0xC0) != 0x80;
  return n;
}

/* ------------------------------------------------------------------ */
/* trim()                                                              */

/* score.py's TRIM: blanks, quote marks, end punctuation and dashes. */
static int is_trim(cp_t c) {
  if (c < 0x80)
    return c && strchr(" \t\r\n\"'`,.;:!?-", (int)c) != NULL;
  switch (c) {
  case 0xA0:
  case 0x202F:
  case 0x2009:
  case 0xAB:
  case 0xBB:
  case 0x201C:
  case 0x201D:
  case 0x201E:
  case 0x201F:
  case 0x2039:
  case 0x203A:
  case 0x2018:
  case 0x2019:
  case 0x2014:
  case 0x2013:
    return 1;
  default:
    return 0;
  }
}

/* Bytes of leading TRIM characters of s[lo, hi), decoded as Python does:
 * an invalid byte becomes U+FFFD, which is not TRIM, and stops the strip. */
static size_t lead_trim(const unsigned char *s, size_t lo, size_t hi) {
  size_t i = lo;
  while (i < hi) {
    size_t bad, n = utf8_seq(s + i, hi - i, &bad);
    if (!n || !is_trim(decode_at(s + i, n)))
      break;
    i += n;
  }
  return i - lo;
}

/* Bytes of trailing TRIM characters.  Reading backwards agrees with
 * Python's forward decoding: a lead byte always starts a new character
 * there, so the last character is the one starting at the last lead byte,
 * if it is valid and ends exactly at the end. */
static size_t tail_trim(const unsigned char *s, size_t lo, size_t hi) {
  size_t j = hi;
  while (j > lo) {
    size_t k = j - 1;
    while (k > lo && k + 3 >= j && (s[k] & 0xC0) == 0x80)
      k--;
    size_t bad, n = utf8_seq(s + k, j - k, &bad);
    if (n != j - k || !is_trim(decode_at(s + k, n)))
      break;
    j = k;
  }
  return hi - j;
}

/* Python's slice bound: negative counts from the end, then clamped. */
static size_t slice_bound(long long v, size_t len) {
  if (v < 0)
    v += (long long)len;
  if (v < 0)
    return 0;
  return (unsigned long long)v > len ? len : (size_t)v;
}

ev_span ev_trim(const char *b, size_t blen, long long s, long long e) {
  size_t lo = slice_bound(s, blen), hi = slice_bound(e, blen);
  if (hi < lo)
    hi = lo;
  const unsigned char *u = (const unsigned char *)b;
  long long lead = (long long)lead_trim(u, lo, hi);
  long long tail = (long long)tail_trim(u, lo, hi);
  ev_span r = {s + lead, tail ? e - tail : e};
  if (r.e < r.s)
    r.e = r.s;
  return r;
}

/* ------------------------------------------------------------------ */
/* norm_name()                                                         */

/* str.isspace(), which is also what \s matches in a str pattern. */
static int py_space(cp_t c) {
  if (c < 0x80)
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Unicode "Cased", as CPython's lower() needs it for the final sigma. */
static int is_cased(cp_t c) {
  utf8proc_category_t k = utf8proc_category(c);
  return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LL || k == UTF8PROC_CATEGORY_LT;
}

/* Unicode "Case_Ignorable": marks, format characters, modifiers, and the
 * word-internal punctuation (apostrophes, periods, colons). */
static int is_case_ignorable(cp_t c) {
  switch (c) {
  case 0x27:
  case 0x2E:
  case 0x3A:
  case 0x5E:
  case 0x60:
  case 0xA8:
  case 0xAD:
  case 0xAF:
  case 0xB4:
  case 0xB7:
  case 0xB8:
  case 0x387:
  case 0x55F:
  case 0x5F4:
  case 0x2018:
  case 0x2019:
  case 0x2024:
  case 0x2027:
  case 0xFE13:
  case 0xFE52:
  case 0xFE55:
  case 0xFF07:
  case 0xFF0E:
  case 0xFF1A:
    return 1;
  default:
    break;
  }
  utf8proc_category_t k = utf8proc_category(c);
  return k == UTF8PROC_CATEGORY_MN || k == UTF8PROC_CATEGORY_ME || k == UTF8PROC_CATEGORY_CF ||
         k == UTF8PROC_CATEGORY_LM || k == UTF8PROC_CATEGORY_SK;
}

/* CPython's handle_capital_sigma(): Σ is ς at the end of a word. */
static cp_t lower_sigma(const cp_t *s, size_t n, size_t i) {
  size_t j = i;
  while (j > 0 && is_case_ignorable(s[j - 1]))
    j--;
  int final = j > 0 && is_cased(s[j - 1]);
  if (final) {
    j = i + 1;
    while (j < n && is_case_ignorable(s[j]))
      j++;
    final = j == n || !is_cased(s[j]);
  }
  return final ? 0x3C2 : 0x3C3;
}

/* str.lower() of s[0, n) into out (room for 2n): full case mapping, where
 * only İ lowers to two characters. */
static size_t py_lower(const cp_t *s, size_t n, cp_t *out) {
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == 0x130) {
      out[o++] = 'i';
      out[o++] = 0x307;
    } else if (s[i] == 0x3A3) {
      out[o++] = lower_sigma(s, n, i);
    } else {
      out[o++] = utf8proc_tolower(s[i]);
    }
  }
  return o;
}

/* Does c match the pattern letter p under re.IGNORECASE, the text being
 * lower case already?  sre adds ı to i and ſ to s. */
static int re_i_eq(cp_t c, char p) {
  return c == p || (p == 'i' && c == 0x131) || (p == 's' && c == 0x17F);
}

/* Length of the determiner that ^(le|la|les|l'|the|der|...)\s* removes.
 * The alternatives are tried in order and \s* always matches, so the first
 * one that fits wins: "les" loses to "le", "leader" becomes "ader". */
static size_t determiner_len(const cp_t *s, size_t n) {
  static const char *const dets[] = {"le",  "la", "les", "l'",  "the", "der", "die",
                                     "das", "el", "los", "las", "il",  "lo",  "gli"};
  for (size_t d = 0; d < sizeof dets / sizeof dets[0]; d++) {
    size_t k = 0;
    while (dets[d][k] && k < n && re_i_eq(s[k], dets[d][k]))
      k++;
    if (dets[d][k] == '\0') {
      while (k < n && py_space(s[k]))
        k++;
      return k;
    }
  }
  return 0;
}

/* The steps of norm_name() after lower(), in place on s[*b, *e). */
static size_t norm_tail(cp_t *s, size_t n) {
  size_t b = 0, e = n;
  while (b < e && py_space(s[b])) /* .strip() */
    b++;
  while (e > b && py_space(s[e - 1]))
    e--;
  b += determiner_len(s + b, e - b);
  size_t o = 0; /* re.sub(r"\s+", " ") */
  for (size_t i = b; i < e; i++) {
    if (py_space(s[i])) {
      while (i + 1 < e && py_space(s[i + 1]))
        i++;
      s[o++] = ' ';
    } else {
      s[o++] = s[i];
    }
  }
  size_t lo = 0, hi = o; /* .strip(" .,") */
  while (lo < hi && (s[lo] == ' ' || s[lo] == '.' || s[lo] == ','))
    lo++;
  while (hi > lo && (s[hi - 1] == ' ' || s[hi - 1] == '.' || s[hi - 1] == ','))
    hi--;
  memmove(s, s + lo, (hi - lo) * sizeof *s);
  return hi - lo;
}

static char *encode(const cp_t *s, size_t n) {
  char *out = malloc(n * 4 + 1);
  if (!out)
    return NULL;
  size_t o = 0;
  for (size_t i = 0; i < n; i++)
    o += (size_t)utf8proc_encode_char(s[i], (utf8proc_uint8_t *)out + o);
  out[o] = '\0';
  return out;
}

/* The code points of valid UTF-8 s[0, len), malloc'd; NULL if out of
 * memory.  With quote_fix, ’ becomes ' (norm_name() does so before lower()). */
static cp_t *codepoints(const char *s, size_t len, int quote_fix, size_t *n) {
  const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
  cp_t *cps = malloc((len + 1) * sizeof *cps);
  size_t k = 0;
  for (size_t i = 0; cps && i < len;) {
    utf8proc_int32_t c;
    utf8proc_ssize_t step = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &c);
    if (step <= 0) { /* not from a Python str: read the byte as U+FFFD */
      c = 0xFFFD;
      step = 1;
    }
    cps[k++] = quote_fix && c == 0x2019 ? '\'' : c;
    i += (size_t)step;
  }
  *n = k;
  return cps;
}

/* unicodedata.normalize("NFC", s), as code points. */
static cp_t *nfc_codepoints(const char *s, size_t len, size_t *n) {
  utf8proc_uint8_t *nfc = NULL;
  utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &nfc,
                                    UTF8PROC_STABLE | UTF8PROC_COMPOSE);
  if (m < 0) /* invalid UTF-8 cannot come from a str: keep it as it is */
    return codepoints(s, len, 1, n);
  cp_t *cps = codepoints((const char *)nfc, (size_t)m, 1, n);
  free(nfc);
  return cps;
}

char *ev_norm_name(const char *s, size_t len) {
  size_t n;
  cp_t *cps = nfc_codepoints(s, len, &n);
  if (!cps)
    return NULL;
  cp_t *low = malloc((2 * n + 1) * sizeof *low);
  char *out = NULL;
  if (low) {
    size_t m = norm_tail(low, py_lower(cps, n, low));
    out = encode(low, m);
  }
  free(low);
  free(cps);
  return out;
}

/* ------------------------------------------------------------------ */
/* int() and bool()                                                    */

/* The value of a Unicode decimal digit (category Nd), or -1.  Nd digits
 * come in runs of ten from 0 to 9, so the value is the distance from the
 * start of the run, modulo 10. */
static int digit_value(cp_t c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c < 0x80 || utf8proc_category(c) != UTF8PROC_CATEGORY_ND)
    return -1;
  cp_t z = c;
  while (z > 0 && utf8proc_category(z - 1) == UTF8PROC_CATEGORY_ND)
    z--;
  return (int)((c - z) % 10);
}

/* int(str): blanks around, a sign, digits with single underscores between. */
static int parse_py_int(const char *s, size_t len, long long *out) {
  size_t n;
  cp_t *c = codepoints(s, len, 0, &n);
  if (!c)
    return -1;
  size_t i = 0, e = n;
  while (i < e && py_space(c[i]))
    i++;
  while (e > i && py_space(c[e - 1]))
    e--;
  int neg = 0, digits = 0, ok = 1;
  if (i < e && (c[i] == '+' || c[i] == '-'))
    neg = c[i++] == '-';
  long long v = 0;
  for (; i < e && ok; i++) {
    int d = digit_value(c[i]);
    if (d < 0 && c[i] == '_' && digits && i + 1 < e && digit_value(c[i + 1]) >= 0)
      continue;
    if (d < 0)
      ok = 0;
    else if (v > (LLONG_MAX - 9) / 10)
      v = LLONG_MAX / 2; /* saturate: far beyond any text */
    else
      v = v * 10 + d, digits++;
  }
  free(c);
  if (!ok || !digits)
    return -1;
  *out = neg ? -v : v;
  return 0;
}

int ev_py_int(const json_t *v, long long *out) {
  if (!v)
    return -1;
  switch (json_typeof(v)) {
  case JSON_INTEGER:
    *out = json_integer_value(v);
    return 0;
  case JSON_REAL: {
    double d = json_real_value(v);
    if (isnan(d) || isinf(d))
      return -1;
    /* the cast truncates toward zero, as int() does (no libm needed) */
    *out = d > 4e18 ? (long long)4e18 : d < -4e18 ? (long long)-4e18 : (long long)d;
    return 0;
  }
  case JSON_TRUE:
    *out = 1;
    return 0;
  case JSON_FALSE:
    *out = 0;
    return 0;
  case JSON_STRING:
    return parse_py_int(json_string_value(v), json_string_length(v), out);
  default:
    return -1;
  }
}

int ev_truthy(const json_t *v) {
  if (!v)
    return 0;
  switch (json_typeof(v)) {
  case JSON_NULL:
  case JSON_FALSE:
    return 0;
  case JSON_TRUE:
    return 1;
  case JSON_INTEGER:
    return json_integer_value(v) != 0;
  case JSON_REAL:
    return json_real_value(v) != 0.0;
  case JSON_STRING:
    return json_string_length(v) != 0;
  case JSON_ARRAY:
    return json_array_size(v) != 0;
  case JSON_OBJECT:
    return json_object_size(v) != 0;
  }
  return 0;
}
