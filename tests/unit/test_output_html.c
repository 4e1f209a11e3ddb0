/* test_output_html.c — the HTML report's pieces: the escaper, the word
 * count, the colours, argument checks and write errors.  The page as a
 * whole is checked through the CLI (tests/test_html.py) and in a browser
 * (tests/browser/). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dixit.h"
#include "output_html.h"

typedef struct sink {
  char *data;
  size_t len, cap;
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
  return 0;
}

static int failing_write(void *ctx, const char *bytes, size_t len) {
  (void)ctx, (void)bytes, (void)len;
  return -1;
}

static char *html_of(const char *s, size_t len) {
  sink out = {0};
  dx_out o;
  dx_out_init(&o, sink_write, &out);
  dx_out_html(&o, s, len);
  assert_int_equal(dx_out_finish(&o), DX_OK);
  if (!out.data)
    out.data = calloc(1, 1);
  return out.data;
}

#define ASSERT_HTML(in, want)                                                                      \
  do {                                                                                             \
    char *got_ = html_of(in, sizeof in - 1);                                                       \
    assert_string_equal(got_, want);                                                               \
    free(got_);                                                                                    \
  } while (0)

static void test_escapes_markup(void **state) {
  (void)state;
  ASSERT_HTML("", "");
  ASSERT_HTML("plain text", "plain text");
  ASSERT_HTML("<a href=\"x\">&'</a>", "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
  ASSERT_HTML("l\xe2\x80\x99\xc3\x89tat \xc2\xab x \xc2\xbb",
              "l\xe2\x80\x99\xc3\x89tat \xc2\xab x \xc2\xbb");
  ASSERT_HTML("tab\tline\ncr\r", "tab\tline\ncr\r");
}

static void test_replaces_bad_bytes_and_controls(void **state) {
  (void)state;
#define FFFD "\xef\xbf\xbd"
  ASSERT_HTML("a\0b", "a" FFFD "b");
  ASSERT_HTML("\x01\x1f\x7f", FFFD FFFD FFFD);
  ASSERT_HTML("\xc2\x85", FFFD);       /* C1 control NEL */
  ASSERT_HTML("\xc2\xa0", "\xc2\xa0"); /* but not NBSP */
  ASSERT_HTML("\xff<", FFFD "&lt;");
  ASSERT_HTML("\xe2\x82", FFFD);               /* a cut sequence: one U+FFFD */
  ASSERT_HTML("\xed\xa0\x80", FFFD FFFD FFFD); /* a surrogate */
  ASSERT_HTML("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80");
#undef FFFD
}

static void test_counts_words(void **state) {
  (void)state;
  assert_int_equal(dx_html_count_words("", 0), 0);
  const char *s = "\xc2\xab Nous avons avanc\xc3\xa9 \xc2\xbb \xe2\x80\x94 l'\xc3\x89tat, 42 !";
  /* Nous avons avancé l'État 42: « » — ! are not words; l'État is one */
  assert_int_equal(dx_html_count_words(s, strlen(s)), 5);
  const char *nb = "a\xc2\xa0"
                   "b\xe2\x80\xaf"
                   "c";
  assert_int_equal(dx_html_count_words(nb, strlen(nb)), 3);
}

static void test_hues_differ(void **state) {
  (void)state;
  for (size_t i = 0; i < 40; i++) {
    assert_true(dx_html_hue(i) < 360);
    if (i)
      assert_int_not_equal(dx_html_hue(i), dx_html_hue(i - 1));
  }
}

static void test_arguments_and_write_errors(void **state) {
  (void)state;
  sink out = {0};
  dx_error err = {DX_EUTF8, 3, "invalid UTF-8 byte 0xE9 at byte 3"};
  assert_int_equal(dx_write_html_begin(NULL, NULL, NULL), DX_EINVAL);
  assert_int_equal(dx_write_html_end(NULL, NULL), DX_EINVAL);
  assert_int_equal(dx_write_html(NULL, "", 0, NULL, 0, 0, sink_write, &out), DX_EINVAL);
  assert_int_equal(dx_write_html_error("x", 1, 0, NULL, sink_write, &out), DX_EINVAL);
  assert_int_equal(dx_write_html_error(NULL, 3, 0, &err, sink_write, &out), DX_EINVAL);
  assert_int_equal(dx_write_html_begin("t", failing_write, NULL), DX_EIO);
  assert_int_equal(dx_write_html_end(failing_write, NULL), DX_EIO);
  assert_int_equal(dx_write_html_error("x", 1, 0, &err, failing_write, NULL), DX_EIO);

  dx_extractor *ex = dx_extractor_new(NULL, NULL);
  assert_non_null(ex);
  const char *text = "\xc2\xab Non \xc2\xbb, a d\xc3\xa9"
                     "clar\xc3\xa9 Paul Durand.";
  dx_result *res = NULL;
  assert_int_equal(dx_extract(ex, text, strlen(text), &res, NULL), DX_OK);
  assert_int_equal(dx_write_html(res, NULL, 3, NULL, 0, 0, sink_write, &out), DX_EINVAL);
  assert_int_equal(dx_write_html(res, text, strlen(text), NULL, 0, 0, failing_write, NULL), DX_EIO);
  assert_int_equal(dx_write_html(res, text, strlen(text), NULL, 0, 4, sink_write, &out), DX_OK);
  assert_non_null(strstr(out.data, "<h2>document 5</h2>"));
  assert_non_null(strstr(out.data, "id=\"d4-q0\""));
  assert_non_null(strstr(out.data, "data-s=\"Paul Durand\""));
  free(out.data);
  dx_result_free(res);
  dx_extractor_free(ex);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_escapes_markup),
      cmocka_unit_test(test_replaces_bad_bytes_and_controls),
      cmocka_unit_test(test_counts_words),
      cmocka_unit_test(test_hues_differ),
      cmocka_unit_test(test_arguments_and_write_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
