/*
 * output_json.c — a result as one line of JSON (docs/FORMAT.md), and the
 * buffered sink and string escaper that both output formats share.
 *
 * Only the public accessors (dx_result_*) are used, so this file shows what
 * any client can build, and a change in the result's layout cannot break it;
 * the one private fact asked for, dx_result_text_valid(), only spares the
 * escaper a second check of bytes the tokenizer checked (the spans of the
 * text, and the names and roles cut from it).
 */
#include <stdint.h>
#include <string.h>

#include "output.h"
#include "result.h"

/* ------------------------------------------------------------------ */
/* The buffered sink                                                   */

void dx_out_init(dx_out *o, dx_write_fn write, void *ctx) {
  o->write = write;
  o->ctx = ctx;
  o->failed = 0;
  o->n = 0;
}

void dx_out_flush(dx_out *o) {
  if (o->n && !o->failed && o->write(o->ctx, o->buf, o->n) != 0)
    o->failed = 1;
  o->n = 0;
}

void dx_out_put_slow(dx_out *o, const char *s, size_t len) {
  dx_out_flush(o);
  if (len >= sizeof o->buf) { /* large pieces go straight through */
    if (!o->failed && o->write(o->ctx, s, len) != 0)
      o->failed = 1;
    return;
  }
  memcpy(o->buf + o->n, s, len);
  o->n += len;
}

void dx_out_puts(dx_out *o, const char *s) { dx_out_put(o, s, strlen(s)); }

/* The number of decimal digits of v: the bit length gives it to within
 * one (1233/4096 is just above log10(2)), one comparison settles it. */
static size_t digit_count(size_t v) {
  /* clang-format off */
  static const unsigned long long pow10[] = {
      1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
      100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL,
      10000000000000ULL, 100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
      100000000000000000ULL, 1000000000000000000ULL, 10000000000000000000ULL};
  /* clang-format on */
  unsigned long long w = (unsigned long long)v | 1; /* 0 has one digit, as 1 has */
  size_t t = (size_t)(64 - __builtin_clzll(w)) * 1233 >> 12;
  return t + 1 - (w < pow10[t]);
}

/* dx_out_digits(), inline for the offsets of put_offsets(): a record holds
 * thousands, and a call would cost a third of a number. */
static inline char *digits(char *p, size_t v) {
  /* two digits a division, from the last one back, straight to their
   * place once the length is known: digits stored to a scratch buffer and
   * read back as one copy would wait for the stores (a load that spans
   * several smaller stores is not forwarded from them) */
  static const char pairs[] = "00010203040506070809101112131415161718192021222324"
                              "25262728293031323334353637383940414243444546474849"
                              "50515253545556575859606162636465666768697071727374"
                              "75767778798081828384858687888990919293949596979899";
  char *end = p + digit_count(v), *q = end;
  while (v > UINT32_MAX) {
    q -= 2;
    memcpy(q, pairs + 2 * (v % 100), 2);
    v /= 100;
  }
  uint32_t u = (uint32_t)v; /* offsets, counts and ids: a 32-bit division is shorter */
  while (u >= 100) {
    q -= 2;
    memcpy(q, pairs + 2 * (u % 100), 2);
    u /= 100;
  }
  if (u >= 10)
    memcpy(q - 2, pairs + 2 * u, 2);
  else
    q[-1] = (char)('0' + u);
  return end;
}

char *dx_out_digits(char *p, size_t v) { return digits(p, v); }

void dx_out_size(dx_out *o, size_t v) {
  char *p = dx_out_room(o, DX_OUT_DIGITS);
  o->n += (size_t)(dx_out_digits(p, v) - p);
}

dx_status dx_out_finish(dx_out *o) {
  dx_out_flush(o);
  return o->failed ? DX_EIO : DX_OK;
}

/* ------------------------------------------------------------------ */
/* UTF-8 and the JSON string escaper                                   */

size_t dx_utf8_seq(const unsigned char *s, size_t left, size_t *bad) {
  unsigned char c = s[0], lo = 0x80, hi = 0xBF;
  size_t need;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 3; /* E0 would be overlong below A0, ED a surrogate above 9F */
    lo = c == 0xE0 ? 0xA0 : 0x80;
    hi = c == 0xED ? 0x9F : 0xBF;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 4; /* F0 would be overlong below 90, F4 beyond U+10FFFF above 8F */
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

/* Which bytes a JSON string cannot hold as they are: STOP_ESCAPE for '"',
 * '\\' and the control characters, STOP_UTF8 for the bytes >= 0x80, whose
 * sequence must be checked unless the text is known to be valid UTF-8. */
enum { STOP_ESCAPE = 1, STOP_UTF8 = 2 };

/* The escaper looks at the text a block of 16 bytes at a time, and copies
 * each block to the buffer before looking (a store is cheaper than a
 * branch): the bytes from the first one it must stop at are then written
 * over.  block_stops() has a bit set for each byte of a block that a
 * string cannot hold as it is; stop is STOP_ESCAPE, or STOP_ESCAPE |
 * STOP_UTF8. */
enum { BLOCK = 16 };

#if defined(__SSE2__)
#include <emmintrin.h>

/* The bytes of the block at p to stop at, as a mask of 0xFF bytes. */
static __m128i stops(const unsigned char *p, unsigned stop) {
  __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
  __m128i ctl = _mm_set1_epi8(0x1F); /* v <= 0x1F, unsigned: max(v, 0x1F) == 0x1F */
  __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                             _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
  hit = _mm_or_si128(hit, _mm_cmpeq_epi8(_mm_max_epu8(v, ctl), ctl));
  if (stop & STOP_UTF8) /* the high bits */
    hit = _mm_or_si128(hit, _mm_cmplt_epi8(v, _mm_setzero_si128()));
  return hit;
}

static unsigned block_stops(const unsigned char *p, unsigned stop) {
  return (unsigned)_mm_movemask_epi8(stops(p, stop));
}

/* Whether any of the four blocks at p holds a byte to stop at. */
static int run_stops(const unsigned char *p, unsigned stop) {
  __m128i hit = _mm_or_si128(stops(p, stop), stops(p + BLOCK, stop));
  hit = _mm_or_si128(hit, _mm_or_si128(stops(p + 2 * BLOCK, stop), stops(p + 3 * BLOCK, stop)));
  return _mm_movemask_epi8(hit) != 0;
}
#else
static unsigned stop_of(unsigned char c) {
  if (c >= 0x80)
    return STOP_UTF8;
  return c < 0x20 || c == '"' || c == '\\' ? STOP_ESCAPE : 0;
}

static unsigned block_stops(const unsigned char *p, unsigned stop) {
  unsigned bits = 0;
  for (size_t k = 0; k < BLOCK; k++)
    bits |= (unsigned)((stop_of(p[k]) & stop) != 0) << k;
  return bits;
}

static int run_stops(const unsigned char *p, unsigned stop) {
  for (size_t b = 0; b < 4; b++)
    if (block_stops(p + b * BLOCK, stop))
      return 1;
  return 0;
}
#endif

static void put_escape(dx_out *o, unsigned char c) {
  static const char hex[] = "0123456789abcdef";
  char e[6] = {'\\', 0, 0, 0, 0, 0};
  switch (c) {
  case '"':
    e[1] = '"';
    break;
  case '\\':
    e[1] = '\\';
    break;
  case '\n':
    e[1] = 'n';
    break; /* the short forms keep prose readable */
  case '\r':
    e[1] = 'r';
    break;
  case '\t':
    e[1] = 't';
    break;
  default:
    e[1] = 'u', e[2] = '0', e[3] = '0';
    e[4] = hex[c >> 4], e[5] = hex[c & 15];
    dx_out_put(o, e, 6);
    return;
  }
  dx_out_put(o, e, 2);
}

/* Writes what s[i] stands for (s[i] is one of the bytes stop_of()
 * marks) and returns the index after it: an escape, a valid UTF-8
 * sequence as is, or U+FFFD for a maximal invalid subpart. */
static size_t put_special(dx_out *o, const unsigned char *s, size_t i, size_t len) {
  if (s[i] < 0x80) {
    put_escape(o, s[i]);
    return i + 1;
  }
  if (s[i] >= 0xC2 && s[i] <= 0xDF && i + 1 < len && (s[i + 1] & 0xC0) == 0x80) {
    dx_out_put(o, (const char *)s + i, 2); /* é, à, «: never overlong from C2 on */
    return i + 2;
  }
  size_t bad = 1, n = dx_utf8_seq(s + i, len - i, &bad);
  if (n) {
    dx_out_put(o, (const char *)s + i, n);
    return i + n;
  }
  dx_out_put(o, DX_REPLACEMENT_CHAR, 3);
  return i + bad;
}

/* s[0, len) as a JSON string; s[0, readable) may be read (readable >=
 * len).  Each block is read in place when a whole one can be, past the end
 * of the string too when the caller says the bytes after it are there (a
 * span of a document), else from a copy of the last bytes: either way the
 * string's end counts as a stop, so that a name or the last words of a
 * quotation take one block and not a loop over their bytes. */
static void json_string(dx_out *o, const char *text, size_t len, size_t readable,
                        unsigned stop) {
  const unsigned char *s = (const unsigned char *)text;
  unsigned char last[BLOCK];
  size_t i = 0;
  dx_out_putc(o, '"');
  while (i < len) {
    const unsigned char *b = s + i;
    size_t left = len - i;
    /* the words of a quotation: runs of four blocks with nothing to stop
     * at, one test a run (all four inside the string: read in place) */
    while (left >= 4 * BLOCK && !run_stops(b, stop)) {
      memcpy(dx_out_room(o, 4 * BLOCK), b, 4 * BLOCK);
      o->n += 4 * BLOCK;
      i += 4 * BLOCK;
      b += 4 * BLOCK;
      left -= 4 * BLOCK;
    }
    /* asked after the runs, which may have brought the block to the end */
    if (readable - i < BLOCK) {
      memset(last, 0, BLOCK); /* defined bytes after the end, never copied out */
      memcpy(last, b, left);
      b = last;
    }
    memcpy(dx_out_room(o, BLOCK), b, BLOCK);
    unsigned bits = block_stops(b, stop) | 1u << (left < BLOCK ? left : BLOCK);
    size_t k = (size_t)__builtin_ctz(bits);
    o->n += k;
    i += k;
    if (k < left && k < BLOCK)
      i = put_special(o, s, i, len);
  }
  dx_out_putc(o, '"');
}

void dx_out_json_string(dx_out *o, const char *text, size_t len) {
  json_string(o, text, len, len, STOP_ESCAPE | STOP_UTF8);
}

void dx_out_json_valid(dx_out *o, const char *text, size_t len) {
  json_string(o, text, len, len, STOP_ESCAPE);
}

/* ------------------------------------------------------------------ */
/* Pieces of a record                                                  */

/* The JSON name of a status, for error and warning records. */
static const char *status_code(dx_status st) {
  switch (st) {
  case DX_OK:
    return "warning";
  case DX_ENOMEM:
    return "out-of-memory";
  case DX_EINVAL:
    return "invalid-argument";
  case DX_EUTF8:
    return "invalid-utf8";
  case DX_ENUL:
    return "nul-byte";
  case DX_ETOOBIG:
    return "too-big";
  case DX_EIO:
    return "io-error";
  }
  return "unknown";
}

/* A literal piece: its length is known here, so the copy is a few moves. */
#define put_lit(o, lit) dx_out_put((o), lit, sizeof(lit) - 1)
/* "key": as one piece */
#define put_key(o, key) put_lit(o, "\"" key "\":")

/* A name of the API's own ("direct", "person", "fr"): plain ASCII, with
 * nothing to escape. */
static void put_name(dx_out *o, const char *s) {
  dx_out_putc(o, '"');
  dx_out_puts(o, s);
  dx_out_putc(o, '"');
}

static void put_offset(dx_out *o, size_t off) {
  if (off == SIZE_MAX)
    dx_out_put(o, "null", 4);
  else
    dx_out_size(o, off);
}

static void put_id(dx_out *o, const char *id, size_t id_len, int id_is_json) {
  put_key(o, "id");
  if (!id || (id_is_json && id_len == 0))
    dx_out_put(o, "null", 4);
  else if (id_is_json)
    dx_out_put(o, id, id_len);
  else
    dx_out_json_string(o, id, id_len);
}

static int span_absent(dx_span sp) { return sp.start == 0 && sp.end == 0; }

/* The document's text, and whether the extraction found it all valid
 * UTF-8 (dx_result_text_valid). */
typedef struct doc_text {
  const char *text;
  size_t len;
  int valid;
} doc_text;

/* Does s[0, n) begin with the first byte of a character and end with the
 * last byte of one?  Bytes cut from a valid text at both ends are valid
 * UTF-8 if so. */
static int whole_chars(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  if (n == 0)
    return 1;
  if ((u[0] & 0xC0) == 0x80)
    return 0;
  if (u[n - 1] < 0x80) /* most names end in a letter of ASCII */
    return 1;
  size_t lead = n - 1; /* the last character's first byte */
  while (lead > 0 && n - lead < 4 && (u[lead] & 0xC0) == 0x80)
    lead--;
  size_t want = u[lead] < 0x80 ? 1 : u[lead] >= 0xF0 ? 4 : u[lead] >= 0xE0 ? 3 : 2;
  return n - lead == want;
}

/* A string of the result (a name, a role, a lemma) or null.  The library
 * cuts names and roles from the text, and lemmas come from its tables:
 * when the text is valid, a string of whole characters is valid UTF-8
 * too, and only the escapes are looked for, so that a French name's
 * accents go through with the block around them and not one sequence
 * check at a time.  The ends are checked all the same, as a span's are,
 * so that a bad cut (a bug upstream) still gives valid JSON. */
static void put_cstring(dx_out *o, const doc_text *t, const char *s) {
  if (!s) {
    dx_out_put(o, "null", 4);
    return;
  }
  size_t n = strlen(s);
  if (t->valid && whole_chars(s, n))
    dx_out_json_valid(o, s, n);
  else
    dx_out_json_string(o, s, n);
}

/* Does a character start at byte i (or the text end there)?  A span of a
 * valid text cut at two such places is valid UTF-8 itself. */
static int at_boundary(const doc_text *t, size_t i) {
  return i >= t->len || ((unsigned char)t->text[i] & 0xC0) != 0x80;
}

/* The bytes of the span as a JSON string, clamped to the document so that
 * a bad span (a bug upstream) still gives valid JSON. */
static void put_span_text(dx_out *o, const doc_text *t, dx_span sp) {
  size_t s = sp.start < t->len ? sp.start : t->len;
  size_t e = sp.end < t->len ? sp.end : t->len;
  if (e < s)
    e = s;
  unsigned stop = t->valid && at_boundary(t, s) && at_boundary(t, e) ? STOP_ESCAPE
                                                                      : STOP_ESCAPE | STOP_UTF8;
  json_string(o, t->text + s, e - s, t->len - s, stop);
}

/* "start":S,"end":E, written in place: a record holds thousands. */
static void put_offsets(dx_out *o, dx_span sp) {
  static const char start[] = "\"start\":", end[] = ",\"end\":";
  char *p = dx_out_room(o, sizeof start + sizeof end + 2 * DX_OUT_DIGITS), *q = p;
  memcpy(q, start, sizeof start - 1);
  q = digits(q + sizeof start - 1, sp.start);
  memcpy(q, end, sizeof end - 1);
  q = digits(q + sizeof end - 1, sp.end);
  o->n += (size_t)(q - p);
}

/* "text":"…","start":S,"end":E for cues and speaker mentions, small objects
 * that a person reads by their words. */
static void put_text_fields(dx_out *o, const doc_text *t, dx_span sp) {
  put_lit(o, "\"text\":");
  put_span_text(o, t, sp);
  dx_out_putc(o, ',');
  put_offsets(o, sp);
}

/* {"text","start","end"} or null for an absent span. */
static void put_mention(dx_out *o, const doc_text *t, dx_span sp) {
  if (span_absent(sp)) {
    put_lit(o, "null");
    return;
  }
  dx_out_putc(o, '{');
  put_text_fields(o, t, sp);
  dx_out_putc(o, '}');
}

/* {"id":N,"name":"…","mention":{…}|null} for a quote's speaker, addressee
 * or via, or null when there is none. */
static void put_entity_ref(dx_out *o, const dx_result *res, const doc_text *t,
                           size_t index, dx_span mention) {
  const dx_entity *ent = index == DX_NONE ? NULL : dx_result_entity(res, index);
  if (!ent) {
    put_lit(o, "null");
    return;
  }
  put_lit(o, "{\"id\":");
  dx_out_size(o, index);
  put_lit(o, ",\"name\":");
  put_cstring(o, t, ent->name);
  put_lit(o, ",\"mention\":");
  put_mention(o, t, mention);
  dx_out_putc(o, '}');
}

static void put_cue(dx_out *o, const doc_text *t, const dx_quote *q) {
  if (span_absent(q->cue)) {
    put_lit(o, "null");
    return;
  }
  dx_out_putc(o, '{');
  put_text_fields(o, t, q->cue);
  put_lit(o, ",\"lemma\":");
  put_cstring(o, t, q->cue_lemma);
  dx_out_putc(o, '}');
}

/* The keys are written with the punctuation around them, one piece each;
 * "start" and "end" come before "text" here, where the offsets are what a
 * program reads first. */
static void put_quote(dx_out *o, const dx_result *res, const doc_text *t,
                      const dx_quote *q) {
  put_lit(o, "{\"type\":\"");
  dx_out_puts(o, dx_quote_type_name(q->type)); /* plain ASCII, nothing to escape */
  put_lit(o, "\",");
  put_offsets(o, q->content);
  put_lit(o, ",\"text\":");
  put_span_text(o, t, q->content);
  put_lit(o, ",\"cue\":");
  put_cue(o, t, q);
  put_lit(o, ",\"speaker\":");
  put_entity_ref(o, res, t, q->speaker, q->speaker_mention);
  put_lit(o, ",\"addressee\":");
  put_entity_ref(o, res, t, q->addressee, q->addressee_mention);
  put_lit(o, ",\"via\":");
  put_entity_ref(o, res, t, q->via, q->via_mention);
  put_lit(o, ",\"parent\":");
  put_offset(o, q->parent == DX_NONE ? SIZE_MAX : q->parent);
  dx_out_putc(o, '}');
}

static void put_entity(dx_out *o, const doc_text *t, size_t index, const dx_entity *ent) {
  put_lit(o, "{\"id\":");
  dx_out_size(o, index);
  put_lit(o, ",\"name\":");
  put_cstring(o, t, ent->name);
  put_lit(o, ",\"kind\":\"");
  dx_out_puts(o, dx_entity_kind_name(ent->kind));
  put_lit(o, "\",\"roles\":[");
  for (size_t i = 0; ent->roles && i < ent->n_roles; i++) {
    if (i)
      dx_out_putc(o, ',');
    put_cstring(o, t, ent->roles[i]);
  }
  put_lit(o, "],\"mentions\":[");
  for (size_t i = 0; ent->mentions && i < ent->n_mentions; i++) {
    /* offsets only: an article names the same people many times, and
     * their words are the entity's name or in the text at these bytes */
    if (i)
      put_lit(o, ",{");
    else
      dx_out_putc(o, '{');
    put_offsets(o, ent->mentions[i]);
    dx_out_putc(o, '}');
  }
  put_lit(o, "]}");
}

/* The message of a dx_error, which need not be NUL-terminated if a caller
 * filled it by hand. */
static void put_message(dx_out *o, const dx_error *err) {
  const char *end = memchr(err->message, '\0', sizeof err->message);
  size_t n = end ? (size_t)(end - err->message) : sizeof err->message;
  dx_out_json_string(o, err->message, n);
}

/* {"code":"…","message":"…","offset":N|null} */
static void put_error(dx_out *o, const dx_error *err) {
  dx_out_putc(o, '{');
  put_key(o, "code");
  put_name(o, status_code(err->code));
  dx_out_putc(o, ',');
  put_key(o, "message");
  put_message(o, err);
  dx_out_putc(o, ',');
  put_key(o, "offset");
  put_offset(o, err->offset);
  dx_out_putc(o, '}');
}

static void put_quotes(dx_out *o, const dx_result *res, const doc_text *t) {
  put_key(o, "quotes");
  dx_out_putc(o, '[');
  size_t n = dx_result_quote_count(res);
  for (size_t i = 0; i < n; i++) {
    if (i)
      dx_out_putc(o, ',');
    put_quote(o, res, t, dx_result_quote(res, i));
  }
  dx_out_putc(o, ']');
}

static void put_entities(dx_out *o, const dx_result *res, const doc_text *t) {
  put_key(o, "entities");
  dx_out_putc(o, '[');
  size_t n = dx_result_entity_count(res);
  for (size_t i = 0; i < n; i++) {
    if (i)
      dx_out_putc(o, ',');
    put_entity(o, t, i, dx_result_entity(res, i));
  }
  dx_out_putc(o, ']');
}

/* "warnings" is left out when there are none: most documents have none, and
 * a consumer tests for the key. */
static void put_warnings(dx_out *o, const dx_result *res) {
  size_t n = dx_result_warning_count(res);
  if (n == 0)
    return;
  dx_out_putc(o, ',');
  put_key(o, "warnings");
  dx_out_putc(o, '[');
  for (size_t i = 0; i < n; i++) {
    if (i)
      dx_out_putc(o, ',');
    put_error(o, dx_result_warning(res, i));
  }
  dx_out_putc(o, ']');
}

/* ------------------------------------------------------------------ */
/* Public writers                                                      */

dx_status dx_write_json(const dx_result *res, const char *text, size_t len, const char *id,
                        size_t id_len, int id_is_json, dx_write_fn write, void *ctx) {
  if (!res || !write || (!text && len))
    return DX_EINVAL;
  if (!text)
    text = "";
  dx_out o;
  dx_out_init(&o, write, ctx);
  dx_out_putc(&o, '{');
  put_id(&o, id, id_len, id_is_json);
  dx_out_putc(&o, ',');
  put_key(&o, "lang");
  put_name(&o, dx_lang_code(dx_result_lang(res)));
  dx_out_putc(&o, ',');
  doc_text t = {text, len, dx_result_text_valid(res, text, len)};
  put_quotes(&o, res, &t);
  dx_out_putc(&o, ',');
  put_entities(&o, res, &t);
  put_warnings(&o, res);
  dx_out_put(&o, "}\n", 2);
  return dx_out_finish(&o);
}

dx_status dx_write_json_error(const char *id, size_t id_len, int id_is_json, const dx_error *err,
                              dx_write_fn write, void *ctx) {
  if (!err || !write)
    return DX_EINVAL;
  dx_out o;
  dx_out_init(&o, write, ctx);
  dx_out_putc(&o, '{');
  put_id(&o, id, id_len, id_is_json);
  dx_out_putc(&o, ',');
  put_key(&o, "error");
  put_error(&o, err);
  dx_out_put(&o, "}\n", 2);
  return dx_out_finish(&o);
}
