/* test_marks.c — which quote characters open and close, and the repairs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "doc.h"

/* Runs tokens and marks on text; returns the number of passages and puts
 * the first few contents in out[] as "start-end" into text. */
static size_t passages(const char *text, dx_lang lang, char out[][128], size_t max) {
  dx_doc d;
  memset(&d, 0, sizeof d);
  d.text = text;
  d.len = strlen(text);
  d.lang = lang;
  dx_tokenize(&d);
  dx_find_marks(&d);
  assert_false(d.failed);
  /* report in text order */
  size_t n = d.npair;
  for (size_t k = 0; k < max; k++)
    out[k][0] = 0;
  size_t written = 0;
  size_t last = 0;
  for (size_t round = 0; round < n && written < max; round++) {
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < n; i++)
      if ((round == 0 || d.pair[i].start > last) &&
          (best == SIZE_MAX || d.pair[i].start < d.pair[best].start))
        best = i;
    if (best == SIZE_MAX)
      break;
    last = d.pair[best].start;
    size_t len = d.pair[best].end - d.pair[best].start;
    if (len > 127)
      len = 127;
    memcpy(out[written], text + d.pair[best].start, len);
    out[written][len] = 0;
    written++;
  }
  dx_doc_free(&d);
  return n;
}

static void test_guillemet_spacings(void **state) {
  (void)state;
  char out[4][128];
  assert_int_equal(passages("Il a dit « oui » puis «non» puis «\xC2\xA0peut-être\xC2\xA0» et «\xE2\x80\xAF" "bof\xE2\x80\xAF».", DX_LANG_FR, out, 4), 4);
  assert_string_equal(out[0], "oui");
  assert_string_equal(out[1], "non");
  assert_string_equal(out[2], "peut-être");
  assert_string_equal(out[3], "bof");
}

static void test_english_marks_and_apostrophes(void **state) {
  (void)state;
  char out[4][128];
  assert_int_equal(passages("“We don't know,” she said. The students' union said \"no\".", DX_LANG_EN, out, 4), 2);
  assert_string_equal(out[0], "We don't know,");
  assert_string_equal(out[1], "no");
}

static void test_single_quotes_need_a_pair(void **state) {
  (void)state;
  char out[4][128];
  assert_int_equal(passages("Aujourd’hui l'Ukraine et l’Europe, c'est 'dur' dit-il.", DX_LANG_FR, out, 4), 1);
  assert_string_equal(out[0], "dur");
}

static void test_nested_other_style(void **state) {
  (void)state;
  char out[4][128];
  assert_int_equal(passages("« Il m'a dit “jamais” hier », a-t-il dit.", DX_LANG_FR, out, 4), 2);
  assert_string_equal(out[0], "Il m'a dit “jamais” hier");
  assert_string_equal(out[1], "jamais");
}

static void test_closing_mark_that_opens(void **state) {
  (void)state;
  char out[4][128];
  assert_int_equal(passages("Il parle d' »actions concrètes » ici.", DX_LANG_FR, out, 4), 1);
  assert_string_equal(out[0], "actions concrètes");
}

static void test_opening_mark_that_closes(void **state) {
  (void)state;
  char out[4][128];
  assert_int_equal(passages("Il a dit « cela a pris très longtemps« , selon lui.", DX_LANG_FR, out, 4), 1);
  assert_string_equal(out[0], "cela a pris très longtemps");
}

static void test_open_quote_closes_at_paragraph_end(void **state) {
  (void)state;
  char out[4][128];
  assert_int_equal(passages("Il a dit « rien du tout.\nLe lendemain, « tout » a changé.", DX_LANG_FR, out, 4), 2);
  assert_string_equal(out[0], "rien du tout.");
  assert_string_equal(out[1], "tout");
}

static void test_french_multi_paragraph(void **state) {
  (void)state;
  char out[4][128];
  assert_int_equal(passages("« Premier paragraphe.\n« Second paragraphe », a-t-il dit.", DX_LANG_FR, out, 4), 1);
  assert_string_equal(out[0], "Premier paragraphe.\n« Second paragraphe");
}

static void test_english_multi_paragraph(void **state) {
  (void)state;
  char out[4][128];
  assert_int_equal(passages("“First paragraph.\n“Second one,” he said.", DX_LANG_EN, out, 4), 1);
  assert_string_equal(out[0], "First paragraph.\n“Second one,");
}

static void test_unmatched_openers_are_linear_and_bounded(void **state) {
  (void)state;
  size_t n = 100000;
  char *text = malloc(n * 3 + 1);
  for (size_t i = 0; i < n; i++)
    memcpy(text + 3 * i, "« ", 3);
  text[n * 3] = 0;
  char out[1][128];
  passages(text, DX_LANG_FR, out, 1); /* must simply finish */
  free(text);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_guillemet_spacings),
      cmocka_unit_test(test_english_marks_and_apostrophes),
      cmocka_unit_test(test_single_quotes_need_a_pair),
      cmocka_unit_test(test_nested_other_style),
      cmocka_unit_test(test_closing_mark_that_opens),
      cmocka_unit_test(test_opening_mark_that_closes),
      cmocka_unit_test(test_open_quote_closes_at_paragraph_end),
      cmocka_unit_test(test_french_multi_paragraph),
      cmocka_unit_test(test_english_multi_paragraph),
      cmocka_unit_test(test_unmatched_openers_are_linear_and_bounded),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
