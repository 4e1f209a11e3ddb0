/* test_output.c — the JSON and text writers: escaping, invalid bytes, the
 * shape of a record, and write errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dixit.h"
#include "output.h"
#include "result.h"

/* ------------------------------------------------------------------ */
/* A growing buffer as the writers' sink                               */

typedef struct sink {
  char *data;
  size_t len, cap;
  size_t calls;
} sink;

static int sink_write(void *ctx, const char *bytes, size_t len) {
  sink *s = ctx;
  if (s->len + len + 1 > s->cap) {
    s->cap = (s->len + len + 1) * 2;
    s->data = realloc(s->data, s->cap);
    assert_non_null(s->data);
  }
  memcpy(s->data + s->len, bytes, len);
  s->len += len;
  s->data[s->len] = '\0';
  s->calls++;
  return 0;
}

static int failing_write(void *ctx, const char *bytes, size_t len) {
  (void)ctx, (void)bytes, (void)len;
  return -1;
}

/* The escaper's output for s[0, len), as a NUL-terminated string. */
static char *escaped(const char *s, size_t len) {
  sink out = {0};
  dx_out o;
  dx_out_init(&o, sink_write, &out);
  dx_out_json_string(&o, s, len);
  assert_int_equal(dx_out_finish(&o), DX_OK);
  return out.data;
}

#define ASSERT_ESCAPES(in, want)                                                                   \
  do {                                                                                             \
    char *got_ = escaped(in, sizeof in - 1);                                                       \
    assert_string_equal(got_, want);                                                               \
    free(got_);                                                                                    \
  } while (0)

/* ------------------------------------------------------------------ */
/* A small strict JSON checker: the writers must always produce JSON   */

typedef struct jp {
  const unsigned char *s;
  size_t i, n;
} jp;

static int jp_value(jp *p, int depth);

static void jp_ws(jp *p) {
  while (p->i < p->n && strchr(" \t\r\n", p->s[p->i]) && p->s[p->i])
    p->i++;
}

static int jp_utf8(jp *p) {
  size_t bad, k = dx_utf8_seq(p->s + p->i, p->n - p->i, &bad);
  if (!k)
    return 0;
  p->i += k;
  return 1;
}

static int jp_string(jp *p) {
  if (p->s[p->i++] != '"')
    return 0;
  while (p->i < p->n) {
    unsigned char c = p->s[p->i];
    if (c == '"') {
      p->i++;
      return 1;
    }
    if (c < 0x20)
      return 0; /* raw control characters are not JSON */
    if (c == '\\') {
      p->i++;
      if (p->i >= p->n)
        return 0;
      c = p->s[p->i++];
      if (c == 'u') {
        for (int k = 0; k < 4; k++, p->i++)
          if (p->i >= p->n || !strchr("0123456789abcdefABCDEF", p->s[p->i]))
            return 0;
      } else if (!strchr("\"\\/bfnrt", c)) {
        return 0;
      }
    } else if (c >= 0x80) {
      if (!jp_utf8(p))
        return 0;
    } else {
      p->i++;
    }
  }
  return 0;
}

static int jp_number(jp *p) {
  size_t start = p->i;
  if (p->s[p->i] == '-')
    p->i++;
  while (p->i < p->n && strchr("0123456789.eE+-", p->s[p->i]) && p->s[p->i])
    p->i++;
  return p->i > start;
}

static int jp_literal(jp *p, const char *lit) {
  size_t k = strlen(lit);
  if (p->n - p->i < k || memcmp(p->s + p->i, lit, k) != 0)
    return 0;
  p->i += k;
  return 1;
}

static int jp_container(jp *p, int depth, char close, int object) {
  p->i++;
  jp_ws(p);
  if (p->i < p->n && p->s[p->i] == close) {
    p->i++;
    return 1;
  }
  for (;;) {
    jp_ws(p);
    if (object) {
      if (p->i >= p->n || p->s[p->i] != '"' || !jp_string(p))
        return 0;
      jp_ws(p);
      if (p->i >= p->n || p->s[p->i++] != ':')
        return 0;
    }
    if (!jp_value(p, depth + 1))
      return 0;
    jp_ws(p);
    if (p->i >= p->n)
      return 0;
    char c = (char)p->s[p->i++];
    if (c == close)
      return 1;
    if (c != ',')
      return 0;
  }
}

static int jp_value(jp *p, int depth) {
  jp_ws(p);
  if (p->i >= p->n || depth > 64)
    return 0;
  switch (p->s[p->i]) {
  case '{':
    return jp_container(p, depth, '}', 1);
  case '[':
    return jp_container(p, depth, ']', 0);
  case '"':
    return jp_string(p);
  case 't':
    return jp_literal(p, "true");
  case 'f':
    return jp_literal(p, "false");
  case 'n':
    return jp_literal(p, "null");
  default:
    return jp_number(p);
  }
}

/* One JSON value followed by exactly one newline. */
static void assert_json_line(const char *s, size_t len) {
  assert_true(len > 0 && s[len - 1] == '\n');
  assert_null(memchr(s, '\n', len - 1));
  jp p = {(const unsigned char *)s, 0, len - 1};
  assert_true(jp_value(&p, 0));
  jp_ws(&p);
  assert_int_equal(p.i, len - 1);
}

/* ------------------------------------------------------------------ */
/* The escaper                                                         */

static void test_escapes_quotes_backslash_controls(void **state) {
  (void)state;
  ASSERT_ESCAPES("plain text", "\"plain text\"");
  ASSERT_ESCAPES("a\"b\\c", "\"a\\\"b\\\\c\"");
  ASSERT_ESCAPES("l1\nl2\r\n\tx", "\"l1\\nl2\\r\\n\\tx\"");
  ASSERT_ESCAPES("\x01\x08\x0c\x1f\x7f", "\"\\u0001\\u0008\\u000c\\u001f\x7f\"");
  ASSERT_ESCAPES("a\0b", "\"a\\u0000b\"");
  ASSERT_ESCAPES("", "\"\"");
}

static void test_keeps_valid_utf8(void **state) {
  (void)state;
  ASSERT_ESCAPES("« déjà » € 😀 \xE2\x80\xAF", "\"« déjà » € 😀 \xE2\x80\xAF\"");
  ASSERT_ESCAPES("\xEF\xBB\xBF"
                 "BOM",
                 "\"\xEF\xBB\xBF"
                 "BOM\"");
}

static void test_replaces_invalid_bytes_by_maximal_subpart(void **state) {
  (void)state;
#define FFFD "\xEF\xBF\xBD"
  ASSERT_ESCAPES("\xFF", "\"" FFFD "\"");
  ASSERT_ESCAPES("a\xC3(b", "\"a" FFFD "(b\"");
  ASSERT_ESCAPES("\xE2\x80"
                 "A",
                 "\"" FFFD "A\""); /* one U+FFFD for E2 80 */
  ASSERT_ESCAPES("end\xE2\x80", "\"end" FFFD "\"");
  ASSERT_ESCAPES("\xF0\x9F\x98", "\"" FFFD "\"");
  ASSERT_ESCAPES("\xC0\xAF", "\"" FFFD FFFD "\"");          /* overlong */
  ASSERT_ESCAPES("\xED\xA0\x80", "\"" FFFD FFFD FFFD "\""); /* surrogate */
  ASSERT_ESCAPES("\xF4\x90\x80\x80", "\"" FFFD FFFD FFFD FFFD "\"");
  ASSERT_ESCAPES("\x80\xBF", "\"" FFFD FFFD "\"");
  ASSERT_ESCAPES("\"\xFF\n", "\"\\\"" FFFD "\\n\"");
}

/* A naive reference escaper, one byte at a time, to compare with on large
 * inputs that cross the 64 KiB buffer many times. */
static char *reference_escape(const unsigned char *s, size_t n) {
  char *out = malloc(n * 6 + 3), *o = out;
  *o++ = '"';
  for (size_t i = 0; i < n;) {
    unsigned char c = s[i];
    size_t bad = 1, k;
    if (c == '"' || c == '\\') {
      *o++ = '\\', *o++ = (char)c, i++;
    } else if (c == '\n' || c == '\r' || c == '\t') {
      *o++ = '\\', *o++ = c == '\n' ? 'n' : c == '\r' ? 'r' : 't', i++;
    } else if (c < 0x20) {
      o += sprintf(o, "\\u%04x", c), i++;
    } else if (c < 0x80) {
      *o++ = (char)c, i++;
    } else if ((k = dx_utf8_seq(s + i, n - i, &bad)) != 0) {
      memcpy(o, s + i, k), o += k, i += k;
    } else {
      memcpy(o, FFFD, 3), o += 3, i += bad;
    }
  }
  *o++ = '"';
  *o = '\0';
  return out;
}

static void test_large_random_input_matches_reference(void **state) {
  (void)state;
  static const char *pieces[] = {"abc ", "é",    "€",        "😀",    "\"",       "\\", "\n",
                                 "\x01", "\xFF", "\xE2\x80", "\xC3", "\xF0\x9F", "x"};
  size_t n = 300 * 1024, len = 0;
  unsigned char *s = malloc(n + 8);
  unsigned seed = 12345;
  while (len < n) {
    seed = seed * 1103515245u + 12345u;
    const char *p = pieces[(seed >> 16) % (sizeof pieces / sizeof *pieces)];
    size_t k = strlen(p);
    memcpy(s + len, p, k);
    len += k;
  }
  char *want = reference_escape(s, len);
  char *got = escaped((const char *)s, len);
  assert_string_equal(got, want);
  free(got);
  free(want);
  free(s);
}

/* ------------------------------------------------------------------ */
/* Records                                                             */

/* A result made by hand, so the record's every field is checked whatever
 * the extractor finds today.  Text (byte offsets):
 *   « Non », a déclaré Paul Durand à Marie Curie. */
static const char doc_text[] = "\xC2\xAB Non \xC2\xBB, a d\xC3\xA9"
                               "clar\xC3\xA9"
                               " Paul Durand \xC3\xA0 Marie Curie.";

static dx_span span(size_t s, size_t e) { return (dx_span){s, e}; }

static void fake_result(dx_result *res, dx_quote *q, dx_entity *ents, dx_span *m, dx_error *w) {
  memset(res, 0, sizeof *res);
  res->lang = DX_LANG_FR;
  m[0] = span(23, 34); /* Paul Durand */
  m[1] = span(38, 49); /* Marie Curie */
  static const char *const roles[] = {"maire de \"Lille\""};
  ents[0] = (dx_entity){"Paul Durand", DX_ENTITY_PERSON, 1, &m[0], 0, NULL};
  ents[1] = (dx_entity){"Marie \"Curie\"", DX_ENTITY_PERSON, 1, &m[1], 1, roles};
  q[0] = (dx_quote){DX_QUOTE_DIRECT, span(3, 6), span(11, 22), "déclarer", 0, span(23, 34), 1,
                    span(38, 49),    DX_NONE,    span(0, 0),   DX_NONE};
  q[1] = (dx_quote){DX_QUOTE_INDIRECT, span(3, 6), span(0, 0), NULL,       DX_NONE, span(0, 0),
                    DX_NONE,           span(0, 0), 7,          span(0, 0), 0};
  w[0] = (dx_error){DX_EUTF8, 5, "bad \x01 byte"};
  res->quotes = q;
  res->n_quotes = 2;
  res->entities = ents;
  res->n_entities = 2;
  res->warnings = w;
  res->n_warnings = 1;
}

static void test_json_record_shape(void **state) {
  (void)state;
  dx_result res;
  dx_quote q[2];
  dx_entity ents[2];
  dx_span m[2];
  dx_error w[1];
  fake_result(&res, q, ents, m, w);
  sink out = {0};
  assert_int_equal(
      dx_write_json(&res, doc_text, sizeof doc_text - 1, "doc-1", 5, 0, sink_write, &out), DX_OK);
  const char *want =
      "{\"id\":\"doc-1\",\"lang\":\"fr\",\"quotes\":["
      "{\"type\":\"direct\",\"start\":3,\"end\":6,\"text\":\"Non\","
      "\"cue\":{\"text\":\"a déclaré\",\"start\":11,\"end\":22,\"lemma\":\"déclarer\"},"
      "\"speaker\":{\"id\":0,\"name\":\"Paul Durand\",\"mention\":{\"text\":\"Paul Durand\","
      "\"start\":23,\"end\":34}},"
      "\"addressee\":{\"id\":1,\"name\":\"Marie \\\"Curie\\\"\",\"mention\":{\"text\":"
      "\"Marie Curie\",\"start\":38,\"end\":49}},\"via\":null,\"parent\":null},"
      "{\"type\":\"indirect\",\"start\":3,\"end\":6,\"text\":\"Non\",\"cue\":null,"
      "\"speaker\":null,\"addressee\":null,\"via\":null,\"parent\":0}],"
      "\"entities\":[{\"id\":0,\"name\":\"Paul Durand\",\"kind\":\"person\",\"roles\":[],\"mentions\":"
      "[{\"start\":23,\"end\":34}]},"
      "{\"id\":1,\"name\":\"Marie \\\"Curie\\\"\",\"kind\":\"person\",\"roles\":[\"maire de \\\"Lille\\\"\"],\"mentions\":"
      "[{\"start\":38,\"end\":49}]}],"
      "\"warnings\":[{\"code\":\"invalid-utf8\",\"message\":\"bad \\u0001 byte\","
      "\"offset\":5}]}\n";
  assert_string_equal(out.data, want);
  assert_json_line(out.data, out.len);
  free(out.data);
}

/* A quotation that runs to the end of the document: the writer reads its
 * words a block at a time, and several blocks at once while nothing in
 * them needs escaping, but not one byte past the text (kept here in a
 * heap block of its exact size, for ASan and valgrind to see), whatever
 * the length and however far the last run takes it. */
static void test_span_to_the_end_reads_nothing_past_it(void **state) {
  (void)state;
  for (size_t len = 1; len <= 300; len++) {
    char *text = malloc(len);
    assert_non_null(text);
    for (size_t i = 0; i < len; i++)
      text[i] = (char)('a' + i % 26);
    for (size_t from = 0; from < len; from += 1 + len / 3) {
      dx_result res;
      memset(&res, 0, sizeof res);
      res.lang = DX_LANG_FR;
      dx_quote q = {DX_QUOTE_DIRECT, span(from, len), span(0, 0), NULL,    DX_NONE,
                    span(0, 0),      DX_NONE,         span(0, 0), DX_NONE, span(0, 0), DX_NONE};
      res.quotes = &q;
      res.n_quotes = 1;
      sink out = {0};
      assert_int_equal(dx_write_json(&res, text, len, NULL, 0, 0, sink_write, &out), DX_OK);
      const char *got = strstr(out.data, "\"text\":\"");
      assert_non_null(got);
      got += strlen("\"text\":\"");
      assert_memory_equal(got, text + from, len - from);
      assert_int_equal(got[len - from], '"');
      free(out.data);
    }
    free(text);
  }
}

static void test_json_ids(void **state) {
  (void)state;
  dx_result res;
  dx_quote q[2];
  dx_entity ents[2];
  dx_span m[2];
  dx_error w[1];
  fake_result(&res, q, ents, m, w);
  res.n_quotes = res.n_entities = res.n_warnings = 0;
  const struct {
    const char *id;
    size_t len;
    int raw;
    const char *want;
  } cases[] = {
      {NULL, 0, 0, "{\"id\":null,"},     {"42", 2, 1, "{\"id\":42,"},
      {"\"x\"", 3, 1, "{\"id\":\"x\","}, {"a\"\n\xFF", 4, 0, "{\"id\":\"a\\\"\\n" FFFD "\","},
      {"", 0, 1, "{\"id\":null,"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    sink out = {0};
    assert_int_equal(
        dx_write_json(&res, "", 0, cases[i].id, cases[i].len, cases[i].raw, sink_write, &out),
        DX_OK);
    assert_memory_equal(out.data, cases[i].want, strlen(cases[i].want));
    assert_string_equal(out.data + strlen(cases[i].want),
                        "\"lang\":\"fr\",\"quotes\":[],\"entities\":[]}\n");
    free(out.data);
  }
}

static void test_bad_spans_still_give_json(void **state) {
  (void)state;
  dx_result res;
  dx_quote q[2];
  dx_entity ents[2];
  dx_span m[2];
  dx_error w[1];
  fake_result(&res, q, ents, m, w);
  q[0].content = span(1, 4000); /* beyond the text */
  q[1].content = span(40, 30);  /* backwards */
  q[0].cue = span(1, 2);        /* inside « */
  q[0].speaker = 99;            /* no such entity */
  sink out = {0};
  assert_int_equal(dx_write_json(&res, doc_text, sizeof doc_text - 1, NULL, 0, 0, sink_write, &out),
                   DX_OK);
  assert_json_line(out.data, out.len);
  assert_non_null(strstr(out.data, "\"speaker\":null"));
  assert_non_null(strstr(out.data, "\"start\":40,\"end\":30,\"text\":\"\""));
  free(out.data);
}

static void test_lenient_text_gives_valid_json(void **state) {
  (void)state;
  const char text[] = "\xC2\xAB Je \xFF pars \xE2\x80 \xC2\xBB, a d\xC3\xA9"
                      "clar\xC3\xA9"
                      " Paul Durand.\x01\n\xC3";
  dx_options o = {0};
  o.flags = DX_OPT_LENIENT_UTF8;
  o.lang = DX_LANG_FR;
  dx_extractor *ex = dx_extractor_new(&o, NULL);
  dx_result *res = NULL;
  assert_int_equal(dx_extract(ex, text, sizeof text - 1, &res, NULL), DX_OK);
  assert_true(dx_result_warning_count(res) >= 1);
  sink out = {0};
  assert_int_equal(dx_write_json(res, text, sizeof text - 1, "lenient", 7, 0, sink_write, &out),
                   DX_OK);
  assert_json_line(out.data, out.len);
  assert_non_null(strstr(out.data, "\"code\":\"invalid-utf8\""));
  /* Whatever the extractor found, the text of every span is valid JSON:
   * force a quote over the whole text to check the bad bytes' escaping. */
  dx_quote all = {DX_QUOTE_DIRECT, span(0, sizeof text - 1),
                  span(0, 0),      NULL,
                  DX_NONE,         span(0, 0),
                  DX_NONE,         span(0, 0),
                  DX_NONE,         span(0, 0),
                  DX_NONE};
  dx_result fake = {0};
  fake.lang = DX_LANG_FR;
  fake.quotes = &all;
  fake.n_quotes = 1;
  sink out2 = {0};
  assert_int_equal(dx_write_json(&fake, text, sizeof text - 1, NULL, 0, 0, sink_write, &out2),
                   DX_OK);
  assert_json_line(out2.data, out2.len);
  assert_non_null(strstr(out2.data, "Je " FFFD " pars " FFFD " "));
  assert_non_null(strstr(out2.data, "Durand.\\u0001\\n" FFFD "\""));
  free(out.data);
  free(out2.data);
  dx_result_free(res);
  dx_extractor_free(ex);
}

static void test_error_record(void **state) {
  (void)state;
  dx_error err = {DX_ENUL, 12, "NUL byte 0x00 at byte 12"};
  sink out = {0};
  assert_int_equal(dx_write_json_error("7", 1, 1, &err, sink_write, &out), DX_OK);
  assert_string_equal(out.data, "{\"id\":7,\"error\":{\"code\":\"nul-byte\",\"message\":"
                                "\"NUL byte 0x00 at byte 12\",\"offset\":12}}\n");
  free(out.data);
  dx_error nopos = {DX_ETOOBIG, SIZE_MAX, "too big"};
  memset(nopos.message + 8, 'x', sizeof nopos.message - 8); /* not NUL-terminated */
  sink out2 = {0};
  assert_int_equal(dx_write_json_error(NULL, 0, 0, &nopos, sink_write, &out2), DX_OK);
  assert_json_line(out2.data, out2.len);
  assert_non_null(strstr(out2.data, "\"code\":\"too-big\""));
  assert_non_null(strstr(out2.data, "\"offset\":null}}\n"));
  free(out2.data);
}

static void test_write_failure_is_eio(void **state) {
  (void)state;
  dx_error err = {DX_EUTF8, 0, "x"};
  assert_int_equal(dx_write_json_error("1", 1, 1, &err, failing_write, NULL), DX_EIO);
  dx_result res;
  dx_quote q[2];
  dx_entity ents[2];
  dx_span m[2];
  dx_error w[1];
  fake_result(&res, q, ents, m, w);
  assert_int_equal(
      dx_write_json(&res, doc_text, sizeof doc_text - 1, NULL, 0, 0, failing_write, NULL), DX_EIO);
  assert_int_equal(dx_write_text(&res, doc_text, sizeof doc_text - 1, failing_write, NULL), DX_EIO);
}

static void test_null_arguments(void **state) {
  (void)state;
  sink out = {0};
  dx_result res;
  dx_quote q[2];
  dx_entity ents[2];
  dx_span m[2];
  dx_error w[1];
  fake_result(&res, q, ents, m, w);
  assert_int_equal(dx_write_json(NULL, "", 0, NULL, 0, 0, sink_write, &out), DX_EINVAL);
  assert_int_equal(dx_write_json(&res, NULL, 3, NULL, 0, 0, sink_write, &out), DX_EINVAL);
  assert_int_equal(dx_write_json(&res, "", 0, NULL, 0, 0, NULL, &out), DX_EINVAL);
  assert_int_equal(dx_write_json_error(NULL, 0, 0, NULL, sink_write, &out), DX_EINVAL);
  assert_int_equal(dx_write_text(NULL, "", 0, sink_write, &out), DX_EINVAL);
  assert_int_equal(out.len, 0);
}

static void test_output_is_buffered(void **state) {
  (void)state;
  dx_result res;
  dx_quote q[2];
  dx_entity ents[2];
  dx_span m[2];
  dx_error w[1];
  fake_result(&res, q, ents, m, w);
  sink out = {0};
  assert_int_equal(dx_write_json(&res, doc_text, sizeof doc_text - 1, NULL, 0, 0, sink_write, &out),
                   DX_OK);
  assert_int_equal(out.calls, 1); /* one callback for a small record */
  free(out.data);
}

/* ------------------------------------------------------------------ */
/* Text                                                                */

static void test_text_lines(void **state) {
  (void)state;
  dx_result res;
  dx_quote q[2];
  dx_entity ents[2];
  dx_span m[2];
  dx_error w[1];
  fake_result(&res, q, ents, m, w);
  sink out = {0};
  assert_int_equal(dx_write_text(&res, doc_text, sizeof doc_text - 1, sink_write, &out), DX_OK);
  assert_string_equal(out.data, "Paul Durand [direct, a déclaré, to Marie \"Curie\"]: « Non »\n"
                                "? [indirect]: « Non »\n");
  free(out.data);
}

static void test_text_flattens_lines_and_bad_bytes(void **state) {
  (void)state;
  const char text[] = "one\r\ntwo\t\xFFthree";
  dx_quote all = {DX_QUOTE_DIRECT, span(0, sizeof text - 1),
                  span(0, 0),      NULL,
                  DX_NONE,         span(0, 0),
                  DX_NONE,         span(0, 0),
                  DX_NONE,         span(0, 0),
                  DX_NONE};
  dx_result fake = {0};
  fake.lang = DX_LANG_EN;
  fake.quotes = &all;
  fake.n_quotes = 1;
  sink out = {0};
  assert_int_equal(dx_write_text(&fake, text, sizeof text - 1, sink_write, &out), DX_OK);
  assert_string_equal(out.data, "? [direct]: \xE2\x80\x9Cone two " FFFD "three\xE2\x80\x9D\n");
  free(out.data);
}

static void test_text_unsupported_language(void **state) {
  (void)state;
  dx_result fake = {0};
  fake.lang = DX_LANG_OTHER;
  sink out = {0};
  assert_int_equal(dx_write_text(&fake, "Guten Tag", 9, sink_write, &out), DX_OK);
  assert_non_null(strstr(out.data, "language not supported"));
  free(out.data);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_escapes_quotes_backslash_controls),
      cmocka_unit_test(test_keeps_valid_utf8),
      cmocka_unit_test(test_replaces_invalid_bytes_by_maximal_subpart),
      cmocka_unit_test(test_large_random_input_matches_reference),
      cmocka_unit_test(test_json_record_shape),
      cmocka_unit_test(test_span_to_the_end_reads_nothing_past_it),
      cmocka_unit_test(test_json_ids),
      cmocka_unit_test(test_bad_spans_still_give_json),
      cmocka_unit_test(test_lenient_text_gives_valid_json),
      cmocka_unit_test(test_error_record),
      cmocka_unit_test(test_write_failure_is_eio),
      cmocka_unit_test(test_null_arguments),
      cmocka_unit_test(test_output_is_buffered),
      cmocka_unit_test(test_text_lines),
      cmocka_unit_test(test_text_flattens_lines_and_bad_bytes),
      cmocka_unit_test(test_text_unsupported_language),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
