/*
 * jsonl_fast.c — the fast JSON Lines record reader (see jsonl_fast.h).
 *
 * "Sure" means: the line is exactly one object whose members are strings,
 * numbers, true, false or null; it has one "text", a string, at most one
 * "id" and at most one "lang" (a string or null); every string is valid
 * UTF-8 with valid escapes; every number is one jansson 2.14 reads without
 * overflow.  The rules below follow jansson's load.c, which is what the
 * fallback path runs: its escapes, its UTF-8 check, strtoll for integers
 * and strtod (C locale: dixit never calls setlocale) for reals.
 */
#include "jsonl_fast.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jf_init(jf_parser *jp) { memset(jp, 0, sizeof *jp); }

void jf_free(jf_parser *jp) {
  free(jp->text.data);
  free(jp->id.data);
  free(jp->id_json.data);
  free(jp->lang.data);
  free(jp->scratch.data);
  jf_init(jp);
}

/* Makes room for n more bytes and a '\0'; 0, or -1 when out of memory. */
static int reserve(jf_buf *b, size_t n) {
  if (b->cap - b->len > n)
    return 0;
  size_t cap = b->cap ? b->cap : 256;
  while (cap - b->len <= n) {
    if (cap > SIZE_MAX / 2)
      return -1;
    cap *= 2;
  }
  char *p = realloc(b->data, cap);
  if (!p)
    return -1;
  b->data = p;
  b->cap = cap;
  return 0;
}

static int append(jf_buf *b, const void *s, size_t n) {
  if (reserve(b, n) != 0)
    return -1;
  memcpy(b->data + b->len, s, n);
  b->len += n;
  return 0;
}

/* ------------------------------------------------------------------ */
/* Strings                                                             */

/* The reader looks at a string 16 bytes at a time, and copies each block
 * to the output before looking (a store is cheaper than a branch): the
 * bytes from the first one that ends a plain run are then written over.
 * block_plain() counts the leading bytes of a block that a JSON string
 * holds as they are and that need no closer look: ASCII but '"', '\\' and
 * the control characters, and, where it can tell cheaply, whole two-byte
 * UTF-8 sequences (é, à, «: a French text has one every few words).
 * Stopping earlier is always safe: read_string() looks at the byte. */
enum { BLOCK = 16 };

static int is_plain(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

#if defined(__SSE2__)
#include <emmintrin.h>

static size_t block_plain(const unsigned char *p) {
  __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
  /* signed compare: the bytes below 0x20 and those >= 0x80 at once */
  __m128i stop = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
  stop = _mm_or_si128(stop, _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
  stop = _mm_or_si128(stop, _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
  /* C2..DF (flipped to signed 0x42..0x5F) leads a two-byte sequence,
   * 80..BF continues one; a lead followed by a continuation is valid, and
   * neither byte can belong to another sequence */
  __m128i s = _mm_xor_si128(v, _mm_set1_epi8((char)0x80));
  __m128i lead = _mm_and_si128(_mm_cmpgt_epi8(s, _mm_set1_epi8(0x41)),
                               _mm_cmplt_epi8(s, _mm_set1_epi8(0x60)));
  __m128i cont = _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xC0)),
                                _mm_set1_epi8((char)0x80));
  unsigned leads = (unsigned)_mm_movemask_epi8(lead), conts = (unsigned)_mm_movemask_epi8(cont);
  unsigned pairs = (leads & conts >> 1) | (conts & leads << 1);
  unsigned bits = (unsigned)_mm_movemask_epi8(stop) & ~pairs;
  return bits ? (size_t)__builtin_ctz(bits) : BLOCK;
}

/* For a string whose UTF-8 is not checked here, every byte >= 0x80 is
 * copied as it is: only '"', '\\' and the control characters stop the
 * copy.  byte_stops() marks them in the block at p. */
static __m128i byte_stops(const unsigned char *p) {
  __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
  __m128i ctl = _mm_set1_epi8(0x1F); /* v <= 0x1F, unsigned: max(v, 0x1F) == 0x1F */
  __m128i stop = _mm_cmpeq_epi8(_mm_max_epu8(v, ctl), ctl);
  stop = _mm_or_si128(stop, _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
  return _mm_or_si128(stop, _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
}

/* block_plain() without the UTF-8 check. */
static size_t block_plain_bytes(const unsigned char *p) {
  unsigned bits = (unsigned)_mm_movemask_epi8(byte_stops(p));
  return bits ? (size_t)__builtin_ctz(bits) : BLOCK;
}

/* Whether the four blocks at p are plain for block_plain_bytes(): a text
 * has an escape every few hundred bytes, so most runs are long, and one
 * test for four blocks is a quarter of the work. */
static int run_plain_bytes(const unsigned char *p) {
  __m128i stop = _mm_or_si128(byte_stops(p), byte_stops(p + BLOCK));
  stop = _mm_or_si128(stop, _mm_or_si128(byte_stops(p + 2 * BLOCK), byte_stops(p + 3 * BLOCK)));
  return _mm_movemask_epi8(stop) == 0;
}
#else
static size_t block_plain(const unsigned char *p) {
  size_t k = 0;
  while (k < BLOCK && is_plain(p[k]))
    k++;
  return k;
}

static size_t block_plain_bytes(const unsigned char *p) {
  size_t k = 0;
  while (k < BLOCK && (is_plain(p[k]) || p[k] >= 0x80))
    k++;
  return k;
}

static int run_plain_bytes(const unsigned char *p) {
  for (size_t b = 0; b < 4; b++)
    if (block_plain_bytes(p + b * BLOCK) < BLOCK)
      return 0;
  return 1;
}
#endif

/* The end of the valid UTF-8 sequence at p (p[0] >= 0x80), or NULL: what
 * jansson refuses (overlong forms, surrogates, beyond U+10FFFF) is refused. */
static const unsigned char *utf8_seq(const unsigned char *p, const unsigned char *end) {
  unsigned c = p[0];
  size_t n;
  unsigned lo = 0x80, hi = 0xBF; /* the range of the second byte */
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0)
      lo = 0xA0; /* overlong */
    else if (c == 0xED)
      hi = 0x9F; /* U+D800..U+DFFF */
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0)
      lo = 0x90; /* overlong */
    else if (c == 0xF4)
      hi = 0x8F; /* beyond U+10FFFF */
  } else {
    return NULL;
  }
  if ((size_t)(end - p) < n || p[1] < lo || p[1] > hi)
    return NULL;
  for (size_t i = 2; i < n; i++)
    if (p[i] < 0x80 || p[i] > 0xBF)
      return NULL;
  return p + n;
}

/* The value of 4 hex digits at p, or -1. */
static long hex4(const unsigned char *p, const unsigned char *end) {
  if (end - p < 4)
    return -1;
  long v = 0;
  for (int i = 0; i < 4; i++) {
    unsigned c = p[i];
    v <<= 4;
    if (c >= '0' && c <= '9')
      v += c - '0';
    else if (c >= 'a' && c <= 'f')
      v += c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      v += c - 'A' + 10;
    else
      return -1;
  }
  return v;
}

static size_t utf8_encode(unsigned long cp, unsigned char *o) {
  if (cp < 0x80) {
    o[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (unsigned char)(0xC0 | cp >> 6);
    o[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (unsigned char)(0xE0 | cp >> 12);
    o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (unsigned char)(0xF0 | cp >> 18);
  o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
  o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
  o[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Decodes the escape after a '\\' at p into o; returns the byte after it
 * (*len: the bytes written), or NULL for what jansson refuses: an unknown
 * escape, a surrogate not in a pair. */
static const unsigned char *read_escape(const unsigned char *p, const unsigned char *e,
                                        unsigned char *o, size_t *len) {
  unsigned char c = p < e ? *p++ : 0;
  *len = 1;
  switch (c) {
  case '"':
  case '\\':
  case '/':
    o[0] = c;
    return p;
  case 'b':
    o[0] = '\b';
    return p;
  case 'f':
    o[0] = '\f';
    return p;
  case 'n':
    o[0] = '\n';
    return p;
  case 'r':
    o[0] = '\r';
    return p;
  case 't':
    o[0] = '\t';
    return p;
  case 'u': {
    long cp = hex4(p, e);
    if (cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
      return NULL;
    p += 4;
    if (cp >= 0xD800 && cp <= 0xDBFF) { /* must be followed by the low half */
      long low = e - p >= 2 && p[0] == '\\' && p[1] == 'u' ? hex4(p + 2, e) : -1;
      if (low < 0xDC00 || low > 0xDFFF)
        return NULL;
      p += 6;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    *len = utf8_encode((unsigned long)cp, o); /* "\u0000" is a NUL byte, as in jansson */
    return p;
  }
  default:
    return NULL;
  }
}

/* Decodes the string whose opening '"' is just before s into out (emptied
 * first, '\0'-terminated).  Returns the byte after the closing '"', or NULL
 * when unsure: no closing quote, a control character, invalid UTF-8 (when
 * check_utf8), an unknown escape, a surrogate not in a pair — all jansson
 * errors. */
static const char *read_string(const char *s, const char *end, jf_buf *out, int check_utf8) {
  const unsigned char *p = (const unsigned char *)s, *e = (const unsigned char *)end;
  /* A string decodes to no more bytes than it is spelled with (an escape
   * is longer than what it stands for), so room for the rest of the line
   * is room for the string: written without a check at each byte.  The
   * buffers are kept from line to line, so they grow only while lines do;
   * pages reserved and never written cost address space, not memory. */
  out->len = 0;
  if (reserve(out, (size_t)(e - p)) != 0)
    return NULL;
  unsigned char *o = (unsigned char *)out->data;
  for (;;) {
    /* o never passes p, so a block stored at o fits in the room too. */
    while (!check_utf8 && e - p >= 4 * BLOCK && run_plain_bytes(p)) {
      memcpy(o, p, 4 * BLOCK);
      p += 4 * BLOCK;
      o += 4 * BLOCK;
    }
    while (e - p >= BLOCK) {
      memcpy(o, p, BLOCK);
      size_t k = check_utf8 ? block_plain(p) : block_plain_bytes(p);
      p += k;
      o += k;
      if (k < BLOCK)
        break;
    }
    while (p < e && is_plain(*p))
      *o++ = *p++;
    if (p == e)
      return NULL;
    if (*p >= 0x80) {
      const unsigned char *next = check_utf8 ? utf8_seq(p, e) : p + 1;
      if (!next)
        return NULL;
      while (p < next)
        *o++ = *p++;
    } else if (*p == '\\') {
      size_t n;
      if (!(p = read_escape(p + 1, e, o, &n)))
        return NULL;
      o += n;
    } else if (*p == '"') {
      *o = '\0'; /* reserve() left room for it */
      out->len = (size_t)(o - (unsigned char *)out->data);
      return (const char *)p + 1;
    } else {
      return NULL; /* a control character */
    }
  }
}

/* Writes s as json_dumps() writes a string: '"' and '\\' escaped, the
 * short escapes for \b \f \n \r \t, "\u00XX" (upper case) for the other
 * control characters, everything else (valid UTF-8) as is. */
static int write_json_string(jf_buf *out, const char *s, size_t n) {
  out->len = 0;
  if (n > (SIZE_MAX - 3) / 6 || reserve(out, n * 6 + 2) != 0)
    return -1;
  char *o = out->data;
  *o++ = '"';
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    const char *esc = NULL;
    switch (c) {
    case '"':
      esc = "\\\"";
      break;
    case '\\':
      esc = "\\\\";
      break;
    case '\b':
      esc = "\\b";
      break;
    case '\f':
      esc = "\\f";
      break;
    case '\n':
      esc = "\\n";
      break;
    case '\r':
      esc = "\\r";
      break;
    case '\t':
      esc = "\\t";
      break;
    }
    if (esc) {
      *o++ = esc[0];
      *o++ = esc[1];
    } else if (c < 0x20) {
      o += sprintf(o, "\\u%04X", c);
    } else {
      *o++ = (char)c;
    }
  }
  *o++ = '"';
  *o = '\0';
  out->len = (size_t)(o - out->data);
  return 0;
}

/* ------------------------------------------------------------------ */
/* Other values                                                        */

typedef struct jf_value {
  jf_kind kind;
  long long integer;
  double real;
  const char *literal; /* "true", "false", "null" */
} jf_value;

static int is_digit(int c) { return c >= '0' && c <= '9'; }

static const char *skip_digits(const char *p, const char *end) {
  while (p < end && is_digit(*p))
    p++;
  return p;
}

/* Reads a number as jansson does: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?,
 * an integer when there is neither fraction nor exponent.  NULL for what
 * jansson refuses (out of range) and for very long spellings, which are
 * left to it rather than copied. */
static const char *read_number(const char *p, const char *end, jf_value *v) {
  const char *start = p;
  int real = 0;
  if (p < end && *p == '-')
    p++;
  if (p < end && *p == '0')
    p++;
  else if (p < end && is_digit(*p))
    p = skip_digits(p, end);
  else
    return NULL;
  if (p < end && *p == '.') {
    if (++p == end || !is_digit(*p))
      return NULL;
    p = skip_digits(p, end);
    real = 1;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    if (++p < end && (*p == '+' || *p == '-'))
      p++;
    if (p == end || !is_digit(*p))
      return NULL;
    p = skip_digits(p, end);
    real = 1;
  }
  char tmp[64]; /* strtoll and strtod need a terminated string */
  size_t n = (size_t)(p - start);
  if (n >= sizeof tmp)
    return NULL;
  memcpy(tmp, start, n);
  tmp[n] = '\0';
  errno = 0;
  if (real) {
    v->kind = JF_REAL;
    v->real = strtod(tmp, NULL);
    if ((v->real == HUGE_VAL || v->real == -HUGE_VAL) && errno == ERANGE)
      return NULL; /* jansson: "real number overflow" */
  } else {
    v->kind = JF_INTEGER;
    v->integer = strtoll(tmp, NULL, 10);
    if (errno == ERANGE)
      return NULL; /* jansson: "too big integer" */
  }
  return p;
}

static const char *read_literal(const char *p, const char *end, const char *word, jf_value *v) {
  size_t n = strlen(word);
  if ((size_t)(end - p) < n || memcmp(p, word, n) != 0)
    return NULL;
  v->kind = JF_LITERAL;
  v->literal = word;
  return p + n; /* "nullx" is refused by the caller, which wants , or } next */
}

/* Reads one member value; a string is decoded into str. */
static const char *read_value(const char *p, const char *end, jf_buf *str, int check_utf8,
                              jf_value *v) {
  switch (*p) {
  case '"':
    v->kind = JF_STRING;
    return read_string(p + 1, end, str, check_utf8);
  case 't':
    return read_literal(p, end, "true", v);
  case 'f':
    return read_literal(p, end, "false", v);
  case 'n':
    return read_literal(p, end, "null", v);
  default:
    return read_number(p, end, v); /* NULL for objects, arrays, garbage */
  }
}

/* ------------------------------------------------------------------ */
/* The record                                                          */

static const char *skip_ws(const char *p, const char *end) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
    p++;
  return p;
}

static int key_is(const jf_buf *key, const char *name) {
  size_t n = strlen(name);
  return key->len == n && memcmp(key->data, name, n) == 0;
}

/* The id as cli_id_json() spells it, for every kind but JF_REAL. */
static int take_id(jf_parser *jp, const jf_value *v, jf_record *rec) {
  rec->id_kind = v->kind;
  if (v->kind == JF_REAL) {
    rec->id_real = v->real;
    return 0;
  }
  if (v->kind == JF_STRING) {
    rec->id_str = jp->id.data;
    if (write_json_string(&jp->id_json, jp->id.data, jp->id.len) != 0)
      return -1;
  } else {
    char tmp[32];
    const char *s = tmp;
    if (v->kind == JF_INTEGER)
      snprintf(tmp, sizeof tmp, "%lld", v->integer); /* "-0" is 0, as in jansson */
    else
      s = v->literal;
    jp->id_json.len = 0;
    if (append(&jp->id_json, s, strlen(s)) != 0)
      return -1;
    jp->id_json.data[jp->id_json.len] = '\0';
  }
  rec->id_json = jp->id_json.data;
  rec->id_json_len = jp->id_json.len;
  return 0;
}

/* jf_parse(), and jf_parse_unchecked_text() when !check_text. */
static int parse_record(jf_parser *jp, const char *line, size_t len, int check_text,
                        jf_record *rec) {
  const char *p = line, *end = line + len;
  int have_text = 0, have_lang = 0;
  memset(rec, 0, sizeof *rec);
  p = skip_ws(p, end);
  if (p == end || *p++ != '{')
    return 0;
  p = skip_ws(p, end);
  if (p < end && *p == '}')
    return 0; /* {} has no "text": jansson's path words the error */
  for (;;) {
    if (p == end || *p != '"' || !(p = read_string(p + 1, end, &jp->scratch, 1)))
      return 0;
    /* A "\u0000" in a key is a jansson error; other escapes are fine, so
     * "\u0074ext" is "text" on both paths. */
    if (memchr(jp->scratch.data, '\0', jp->scratch.len))
      return 0;
    int is_text = key_is(&jp->scratch, "text"), is_id = key_is(&jp->scratch, "id");
    int is_lang = key_is(&jp->scratch, "lang");
    p = skip_ws(p, end);
    if (p == end || *p++ != ':')
      return 0;
    p = skip_ws(p, end);
    if (p == end)
      return 0;
    /* jansson keeps the last of duplicate members; leaving duplicates to
     * it is simpler than matching that. */
    if ((is_text && have_text) || (is_lang && have_lang) || (is_id && rec->id_kind != JF_NONE))
      return 0;
    jf_buf *str = is_text ? &jp->text : is_id ? &jp->id : is_lang ? &jp->lang : &jp->scratch;
    jf_value v = {JF_NONE, 0, 0, NULL};
    if (!(p = read_value(p, end, str, check_text || !is_text, &v)))
      return 0;
    if (is_text) {
      if (v.kind != JF_STRING)
        return 0; /* an invalid-input error, worded on jansson's path */
      have_text = 1;
      rec->text = jp->text.data;
      rec->text_len = jp->text.len;
      rec->text_unchecked = !check_text;
    } else if (is_lang) {
      if (v.kind == JF_STRING)
        rec->lang = jp->lang.data;
      else if (v.kind != JF_LITERAL || strcmp(v.literal, "null") != 0)
        return 0;
      have_lang = 1;
    } else if (is_id) {
      if (take_id(jp, &v, rec) != 0)
        return 0;
    }
    p = skip_ws(p, end);
    if (p == end)
      return 0;
    if (*p == '}')
      break;
    if (*p++ != ',')
      return 0;
    p = skip_ws(p, end);
  }
  return have_text && skip_ws(p + 1, end) == end; /* nothing after the '}' */
}

int jf_parse(jf_parser *jp, const char *line, size_t len, jf_record *rec) {
  return parse_record(jp, line, len, 1, rec);
}

int jf_parse_unchecked_text(jf_parser *jp, const char *line, size_t len, jf_record *rec) {
  return parse_record(jp, line, len, 0, rec);
}

int jf_valid_utf8(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s, *e = p + len;
  while (p < e) {
    if (*p < 0x80)
      p++;
    else if (!(p = utf8_seq(p, e)))
      return 0;
  }
  return 1;
}
