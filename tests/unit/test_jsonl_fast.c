/* test_jsonl_fast.c — the fast JSON Lines reader on its own: what it reads
 * and what it leaves to jansson.  tests/test_jsonl_fast.py checks, through
 * the CLI, that both paths agree; this checks that the fast one is taken.
 *
 * The reader lives in cli/ and the unit tests link only the library, so the
 * file is compiled in here; it needs nothing but libc. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../cli/jsonl_fast.c"

static jf_parser jp;

static int parse(const char *line, jf_record *r) { return jf_parse(&jp, line, strlen(line), r); }

/* Reads {"text": "<body>"} and compares the decoded text with want[0, n). */
static void text_is(const char *body, const char *want, size_t n) {
  char line[512];
  jf_record r;
  snprintf(line, sizeof line, "{\"text\": \"%s\"}", body);
  assert_int_equal(parse(line, &r), 1);
  assert_int_equal(r.text_len, n);
  assert_memory_equal(r.text, want, n);
  assert_int_equal(r.text[n], '\0');
}

static void refused(const char *line) {
  jf_record r;
  if (parse(line, &r) != 0)
    fail_msg("read, not refused: %s", line);
}

static void test_common_record(void **state) {
  (void)state;
  jf_record r;
  assert_int_equal(parse("{\"id\": \"fr-001\", \"text\": \"\xC2\xAB Non \xC2\xBB, a dit Paul.\", "
                         "\"lang\": \"fr\"}",
                         &r),
                   1);
  assert_string_equal(r.text, "\xC2\xAB Non \xC2\xBB, a dit Paul.");
  assert_int_equal(r.id_kind, JF_STRING);
  assert_string_equal(r.id_str, "fr-001");
  assert_string_equal(r.id_json, "\"fr-001\"");
  assert_int_equal(r.id_json_len, 8);
  assert_string_equal(r.lang, "fr");
  /* any order, any JSON whitespace, other members of simple types */
  assert_int_equal(
      parse(" \t{\"n\":1,\"lang\" : null ,\r\"text\":\"x\",\"ok\":true,\"z\":-1.5e3}\r", &r), 1);
  assert_string_equal(r.text, "x");
  assert_int_equal(r.id_kind, JF_NONE);
  assert_null(r.id_json);
  assert_null(r.lang);
}

static void test_escapes(void **state) {
  (void)state;
  text_is("a\\\"b\\\\c\\/d", "a\"b\\c/d", 7);
  text_is("\\b\\f\\n\\r\\t", "\b\f\n\r\t", 5);
  text_is("\\u00e9\\u00C9", "\xC3\xA9\xC3\x89", 4);
  text_is("\\u20ac\\u0041",
          "\xE2\x82\xAC"
          "A",
          4);
  text_is("\\ud83d\\ude00", "\xF0\x9F\x98\x80", 4);
  text_is("\\uDBFF\\uDFFF", "\xF4\x8F\xBF\xBF", 4);
  text_is("a\\u0000b", "a\0b", 3); /* the library reports it, not the reader */
  text_is("", "", 0);
  text_is("d\xC3\xA9j\xC3\xA0 \xF0\x9F\x98\x80 \x7F", "d\xC3\xA9j\xC3\xA0 \xF0\x9F\x98\x80 \x7F",
          13);
}

static void test_long_runs(void **state) {
  (void)state;
  /* Runs of every length around the 8-byte steps, with the special byte at
   * every place in a word. */
  for (size_t n = 0; n < 40; n++) {
    char body[64], want[64];
    memset(body, 'a', n);
    memcpy(body + n, "\\n\xC3\xA9z", 5);
    body[n + 5] = '\0';
    memset(want, 'a', n);
    memcpy(want + n, "\n\xC3\xA9z", 4);
    text_is(body, want, n + 4);
  }
  /* A long text grows the buffer. */
  size_t big = 1 << 20;
  char *line = malloc(big + 32);
  assert_non_null(line);
  strcpy(line, "{\"text\": \"");
  memset(line + 10, 'x', big);
  strcpy(line + 10 + big, "\\u00e9\"}");
  jf_record r;
  assert_int_equal(jf_parse(&jp, line, strlen(line), &r), 1);
  assert_int_equal(r.text_len, big + 2);
  assert_memory_equal(r.text + big, "\xC3\xA9", 3);
  free(line);
}

static void test_ids(void **state) {
  (void)state;
  static const struct {
    const char *raw, *json;
    jf_kind kind;
  } cases[] = {
      {"12", "12", JF_INTEGER},
      {"-0", "0", JF_INTEGER},
      {"-9223372036854775808", "-9223372036854775808", JF_INTEGER},
      {"true", "true", JF_LITERAL},
      {"false", "false", JF_LITERAL},
      {"null", "null", JF_LITERAL},
      {"\"a\\/b\"", "\"a/b\"", JF_STRING},
      {"\"\\u00e9\\t\\u0001\\u007f\"", "\"\xC3\xA9\\t\\u0001\x7F\"", JF_STRING},
      {"\"q\\\"\\\\\"", "\"q\\\"\\\\\"", JF_STRING},
      {"\"\\u0000x\"", "\"\\u0000x\"", JF_STRING},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char line[128];
    jf_record r;
    snprintf(line, sizeof line, "{\"text\": \"t\", \"id\": %s}", cases[i].raw);
    assert_int_equal(parse(line, &r), 1);
    assert_int_equal(r.id_kind, cases[i].kind);
    assert_string_equal(r.id_json, cases[i].json);
    assert_int_equal(r.id_json_len, strlen(cases[i].json));
  }
  jf_record r;
  assert_int_equal(parse("{\"text\": \"t\", \"id\": -2.5e-3}", &r), 1);
  assert_int_equal(r.id_kind, JF_REAL);
  assert_true(r.id_real == -2.5e-3);
  assert_null(r.id_json);
  assert_int_equal(parse("{\"text\": \"t\", \"id\": 1e-400}", &r), 1); /* underflow is fine */
}

static void test_left_to_jansson(void **state) {
  (void)state;
  static const char *const lines[] = {
      "",
      "   ",
      "[]",
      "\"text\"",
      "{}",
      "{\"id\": 1}",
      /* not a usable record: jansson's path words the error */
      "{\"text\": 1}",
      "{\"text\": null}",
      "{\"text\": \"x\", \"lang\": 1}",
      "{\"text\": \"x\", \"lang\": false}",
      /* nested values, duplicates */
      "{\"text\": \"x\", \"a\": []}",
      "{\"text\": \"x\", \"a\": {}}",
      "{\"text\": \"x\", \"id\": [1]}",
      "{\"text\": \"x\", \"text\": \"y\"}",
      "{\"text\": \"x\", \"id\": 1, \"id\": 2}",
      "{\"text\": \"x\", \"lang\": \"fr\", \"lang\": null}",
      "{\"te\\u0000xt\": \"x\"}",
      /* escapes and surrogates */
      "{\"text\": \"\\ud800\"}",
      "{\"text\": \"\\udc00\\ud800\"}",
      "{\"text\": \"\\ud800\\u0041\"}",
      "{\"text\": \"\\ud800\\n\"}",
      "{\"text\": \"\\x\"}",
      "{\"text\": \"\\u12\"}",
      "{\"text\": \"\\u12g4\"}",
      "{\"text\": \"\\U0041\"}",
      "{\"text\": \"a\\",
      /* UTF-8 and control characters */
      "{\"text\": \"\xFF\"}",
      "{\"text\": \"\xC3\"}",
      "{\"text\": \"\xC0\x80\"}",
      "{\"text\": \"\xE0\x80\x80\"}",
      "{\"text\": \"\xED\xA0\x80\"}",
      "{\"text\": \"\xF4\x90\x80\x80\"}",
      "{\"text\": \"\xF5\x80\x80\x80\"}",
      "{\"text\": \"a\tb\"}",
      "{\"text\": \"a\x01\"}",
      "{\"text\": \"x\", \"\xFF\": 1}",
      /* numbers jansson refuses or that are not JSON */
      "{\"text\": \"x\", \"n\": 9223372036854775808}",
      "{\"text\": \"x\", \"n\": 1e309}",
      "{\"text\": \"x\", \"n\": 01}",
      "{\"text\": \"x\", \"n\": 1.}",
      "{\"text\": \"x\", \"n\": .5}",
      "{\"text\": \"x\", \"n\": -}",
      "{\"text\": \"x\", \"n\": +1}",
      "{\"text\": \"x\", \"n\": 1e}",
      "{\"text\": \"x\", \"n\": NaN}",
      "{\"text\": \"x\", \"n\": nullx}",
      "{\"text\": \"x\", \"n\": tru}",
      /* syntax */
      "{\"text\": \"x\"",
      "{\"text\": \"x\",}",
      "{\"text\" \"x\"}",
      "{\"text\": \"x\" \"id\": 1}",
      "{\"text\": \"x\"} x",
      "{\"text\": \"x\"}{}",
      "\xEF\xBB\xBF{\"text\": \"x\"}",
      "{'text': 'x'}",
      "{\"text\": \"x}",
  };
  for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
    refused(lines[i]);
  /* a raw NUL byte, which strlen() would hide */
  jf_record r;
  assert_int_equal(jf_parse(&jp, "{\"text\": \"a\0\"}", 14, &r), 0);
  assert_int_equal(jf_parse(&jp, "{\"text\": \"a\"}\0", 14, &r), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_common_record),   cmocka_unit_test(test_escapes),
      cmocka_unit_test(test_long_runs),       cmocka_unit_test(test_ids),
      cmocka_unit_test(test_left_to_jansson),
  };
  jf_init(&jp);
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  jf_free(&jp);
  return rc;
}
