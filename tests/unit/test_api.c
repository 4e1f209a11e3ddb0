/* test_api.c — the public API's contract: errors, ownership, offsets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "counting_alloc.h"
#include "dixit.h"

/* The result of text through an extractor for lang with allocator a
 * (NULL: malloc). */
static dx_result *extract_with(const dx_allocator *a, dx_lang lang, const char *text) {
  dx_options o = {0};
  o.lang = lang;
  o.allocator = a;
  dx_extractor *ex = dx_extractor_new(&o, NULL);
  assert_non_null(ex);
  dx_result *res = NULL;
  dx_error err;
  assert_int_equal(dx_extract(ex, text, strlen(text), &res, &err), DX_OK);
  dx_extractor_free(ex);
  return res;
}

static dx_result *extract_ok(const char *text, dx_lang lang) { return extract_with(NULL, lang, text); }

static void test_version(void **state) {
  (void)state;
  assert_string_equal(dx_version(), DX_VERSION_STRING);
  assert_string_equal(dx_strerror(DX_EUTF8), "invalid UTF-8");
  assert_string_equal(dx_lang_code(DX_LANG_FR), "fr");
  assert_int_equal(dx_lang_from_code("EN"), DX_LANG_EN);
  assert_int_equal(dx_lang_from_code("de"), DX_LANG_AUTO);
}

static void test_null_arguments(void **state) {
  (void)state;
  dx_result *res = (dx_result *)1;
  dx_error err;
  assert_int_equal(dx_extract(NULL, "x", 1, &res, &err), DX_EINVAL);
  assert_null(res);
  dx_extractor *ex = dx_extractor_new(NULL, NULL);
  assert_int_equal(dx_extract(ex, NULL, 3, &res, &err), DX_EINVAL);
  assert_int_equal(dx_extract(ex, NULL, 0, &res, &err), DX_OK); /* empty text */
  assert_int_equal(dx_result_quote_count(res), 0);
  dx_result_free(res);
  dx_result_free(NULL);
  dx_extractor_free(ex);
  dx_extractor_free(NULL);
}

static void test_invalid_utf8_is_rejected_with_offset(void **state) {
  (void)state;
  dx_extractor *ex = dx_extractor_new(NULL, NULL);
  const char text[] = "Il a dit \xC3\x28 non.";
  dx_result *res;
  dx_error err;
  assert_int_equal(dx_extract(ex, text, sizeof text - 1, &res, &err), DX_EUTF8);
  assert_null(res);
  assert_int_equal(err.code, DX_EUTF8);
  assert_int_equal(err.offset, 9);
  assert_non_null(strstr(err.message, "byte 9"));
  dx_extractor_free(ex);
}

static void test_overlong_and_surrogates_are_invalid(void **state) {
  (void)state;
  dx_extractor *ex = dx_extractor_new(NULL, NULL);
  const char *bad[] = {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    dx_result *res;
    dx_error err;
    assert_int_equal(dx_extract(ex, bad[i], strlen(bad[i]), &res, &err), DX_EUTF8);
    assert_int_equal(err.offset, 0);
  }
  dx_extractor_free(ex);
}

static void test_nul_byte(void **state) {
  (void)state;
  dx_extractor *ex = dx_extractor_new(NULL, NULL);
  const char text[] = "« Oui \0 non », a dit Paul.";
  dx_result *res;
  dx_error err;
  assert_int_equal(dx_extract(ex, text, sizeof text - 1, &res, &err), DX_ENUL);
  assert_int_equal(err.offset, 7);
  dx_extractor_free(ex);
}

static void test_lenient_mode_warns_and_extracts(void **state) {
  (void)state;
  dx_options o = {0};
  o.flags = DX_OPT_LENIENT_UTF8;
  dx_extractor *ex = dx_extractor_new(&o, NULL);
  const char text[] = "« Nous ne partirons pas \xFF d'ici », a déclaré Marie Dupont.";
  dx_result *res;
  assert_int_equal(dx_extract(ex, text, sizeof text - 1, &res, NULL), DX_OK);
  assert_int_equal(dx_result_warning_count(res), 1);
  assert_int_equal(dx_result_warning(res, 0)->code, DX_EUTF8);
  assert_int_equal(dx_result_quote_count(res), 1);
  dx_result_free(res);
  dx_extractor_free(ex);
}

static void test_too_big(void **state) {
  (void)state;
  dx_options o = {0};
  o.max_doc_bytes = 10;
  dx_extractor *ex = dx_extractor_new(&o, NULL);
  dx_result *res;
  dx_error err;
  assert_int_equal(dx_extract(ex, "0123456789A", 11, &res, &err), DX_ETOOBIG);
  assert_int_equal(dx_extract(ex, "0123456789", 10, &res, &err), DX_OK);
  dx_result_free(res);
  dx_extractor_free(ex);
}

/* Offsets are 32-bit: whatever max_doc_bytes says, a document of 4 GiB or
 * more is refused, before a byte of it is read (the text here is short:
 * only its length is looked at). */
static void test_too_big_for_32_bits(void **state) {
  (void)state;
  if (SIZE_MAX <= DX_MAX_DOC_BYTES)
    skip(); /* a 32-bit host cannot pass such a length */
  dx_options o = {0};
  o.max_doc_bytes = SIZE_MAX;
  dx_extractor *ex = dx_extractor_new(&o, NULL);
  assert_non_null(ex);
  dx_result *res = NULL;
  dx_error err;
  assert_int_equal(dx_extract(ex, "x", DX_MAX_DOC_BYTES + 1, &res, &err), DX_ETOOBIG);
  assert_null(res);
  assert_non_null(strstr(err.message, "4294967296 bytes exceeds the limit of 4294967295"));
  dx_extractor_free(ex);
}

static void test_bom_and_crlf(void **state) {
  (void)state;
  const char *text = "\xEF\xBB\xBFLe maire a parlé.\r\n« Nous tiendrons bon », a déclaré Marie Dupont.\r\n";
  dx_result *res = extract_ok(text, DX_LANG_AUTO);
  assert_int_equal(dx_result_lang(res), DX_LANG_FR);
  assert_int_equal(dx_result_quote_count(res), 1);
  const dx_quote *q = dx_result_quote(res, 0);
  /* offsets count the BOM: they index the text as given */
  assert_memory_equal(text + q->content.start, "Nous tiendrons bon", 18);
  assert_int_equal(q->content.end - q->content.start, 18);
  dx_result_free(res);
}

static void test_quote_fields(void **state) {
  (void)state;
  const char *text = "Youri Ouchakov a parlé lundi. « C'était le préambule », a déclaré Ouchakov.";
  dx_result *res = extract_ok(text, DX_LANG_FR);
  assert_int_equal(dx_result_quote_count(res), 1);
  const dx_quote *q = dx_result_quote(res, 0);
  assert_int_equal(q->type, DX_QUOTE_DIRECT);
  assert_memory_equal(text + q->cue.start, "a déclaré", q->cue.end - q->cue.start);
  assert_string_equal(q->cue_lemma, "déclarer");
  assert_true(q->speaker != DX_NONE);
  assert_string_equal(dx_result_entity(res, q->speaker)->name, "Youri Ouchakov");
  assert_memory_equal(text + q->speaker_mention.start, "Ouchakov", 8);
  assert_true(q->addressee == DX_NONE && q->via == DX_NONE && q->parent == DX_NONE);
  assert_null(dx_result_quote(res, 1));
  assert_null(dx_result_entity(res, 99));
  dx_result_free(res);
}

static void test_codepoint_offsets(void **state) {
  (void)state;
  const char *text = "é« x\nab";
  size_t len = strlen(text);
  assert_int_equal(dx_codepoint_offset(text, len, 2), 1);
  assert_int_equal(dx_codepoint_offset(text, len, 4), 2);
  assert_int_equal(dx_codepoint_offset(text, len, 999), 7);
  size_t line, col;
  dx_line_col(text, len, len, &line, &col);
  assert_int_equal(line, 2);
  assert_int_equal(col, 3);
}

static void test_other_language_warns(void **state) {
  (void)state;
  const char *text = "Der Bundeskanzler hat am Montag gesagt, dass die Regierung nicht zurücktreten wird und die Koalition hält.";
  dx_result *res = extract_ok(text, DX_LANG_AUTO);
  assert_int_equal(dx_result_lang(res), DX_LANG_OTHER);
  assert_int_equal(dx_result_quote_count(res), 0);
  assert_int_equal(dx_result_warning_count(res), 1);
  dx_result_free(res);
}

static void test_allocation_failure_leaks_nothing(void **state) {
  (void)state;
  const char *text = "Bruno Le Roux a parlé. « Il y avait bien un acte imminent », a déclaré le ministre."
                     " « Nous sommes prêts », a-t-il ajouté. Selon Marie Dupont, « tout est calme ».";
  int succeeded = 0;
  for (long budget = 0; budget < 400 && !succeeded; budget++) {
    counting c = {budget, 0};
    dx_allocator a = {c_malloc, c_realloc, c_free, &c};
    dx_options o = {0};
    o.allocator = &a;
    dx_error err;
    dx_extractor *ex = dx_extractor_new(&o, &err);
    if (!ex) {
      assert_int_equal(err.code, DX_ENOMEM);
      assert_int_equal(c.live, 0);
      continue;
    }
    dx_result *res = NULL;
    dx_status st = dx_extract(ex, text, strlen(text), &res, &err);
    if (st == DX_OK) {
      succeeded = 1;
      assert_true(dx_result_quote_count(res) >= 2);
      dx_result_free(res);
    } else {
      assert_int_equal(st, DX_ENOMEM);
      assert_null(res);
    }
    dx_extractor_free(ex);
    assert_int_equal(c.live, 0);
  }
  assert_true(succeeded);
}

static void assert_same_span(dx_span a, dx_span b) {
  assert_int_equal(a.start, b.start);
  assert_int_equal(a.end, b.end);
}

static void assert_same_result(const dx_result *a, const dx_result *b) {
  assert_int_equal(dx_result_quote_count(a), dx_result_quote_count(b));
  for (size_t i = 0; i < dx_result_quote_count(a); i++) {
    const dx_quote *x = dx_result_quote(a, i), *y = dx_result_quote(b, i);
    assert_int_equal(x->type, y->type);
    assert_same_span(x->content, y->content);
    assert_same_span(x->cue, y->cue);
    assert_same_span(x->speaker_mention, y->speaker_mention);
    assert_int_equal(x->speaker, y->speaker);
  }
  assert_int_equal(dx_result_entity_count(a), dx_result_entity_count(b));
  for (size_t i = 0; i < dx_result_entity_count(a); i++) {
    assert_string_equal(dx_result_entity(a, i)->name, dx_result_entity(b, i)->name);
    assert_int_equal(dx_result_entity(a, i)->n_mentions, dx_result_entity(b, i)->n_mentions);
  }
}

/* A thread keeps its last document's working memory for the next one
 * (scratch.c): what a long document left there must not show in the
 * result of a short one, which a caller's allocator (never kept) gives
 * as a clean start. */
static void test_next_document_starts_clean(void **state) {
  (void)state;
  const char *shorter = "« Nous sommes prêts », a déclaré Marie Dupont. Paul Girardin a dit que tout allait bien.";
  const char *sentence = "« Il y avait bien un acte imminent », a déclaré Bruno Le Roux, qui a ajouté que "
                         "l'enquête suivait son cours. ";
  size_t n = strlen(sentence), times = 400;
  char *longer = malloc(n * times + 1);
  assert_non_null(longer);
  for (size_t i = 0; i < times; i++)
    memcpy(longer + i * n, sentence, n);
  longer[n * times] = '\0';
  counting c = {1L << 30, 0};
  dx_allocator a = {c_malloc, c_realloc, c_free, &c};
  dx_result *clean = extract_with(&a, DX_LANG_AUTO, shorter);
  dx_result_free(extract_with(NULL, DX_LANG_AUTO, longer));
  dx_result *after = extract_with(NULL, DX_LANG_AUTO, shorter);
  assert_true(dx_result_quote_count(clean) >= 2);
  assert_same_result(clean, after);
  dx_result_free(clean);
  dx_result_free(after);
  assert_int_equal(c.live, 0);
  free(longer);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_version),
      cmocka_unit_test(test_null_arguments),
      cmocka_unit_test(test_invalid_utf8_is_rejected_with_offset),
      cmocka_unit_test(test_overlong_and_surrogates_are_invalid),
      cmocka_unit_test(test_nul_byte),
      cmocka_unit_test(test_lenient_mode_warns_and_extracts),
      cmocka_unit_test(test_too_big),
      cmocka_unit_test(test_too_big_for_32_bits),
      cmocka_unit_test(test_bom_and_crlf),
      cmocka_unit_test(test_quote_fields),
      cmocka_unit_test(test_codepoint_offsets),
      cmocka_unit_test(test_other_language_warns),
      cmocka_unit_test(test_allocation_failure_leaks_nothing),
      cmocka_unit_test(test_next_document_starts_clean),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
