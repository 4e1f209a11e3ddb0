/* test_tokens.c — token bounds, flags and folded forms, on the words the
 * tokenizer's fast path takes (ASCII and Latin-1 letters, elided words,
 * plain punctuation) and on those it leaves to the long way. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "doc.h"

/* Tokenizes text and writes its tokens as "text|folded|flags" joined by
 * spaces into out; flags are C (cap), A (all caps), E (elided), and
 * punctuation has no folded form. */
static void tokens(const char *text, char *out, size_t cap) {
  dx_doc d;
  memset(&d, 0, sizeof d);
  d.text = text;
  d.len = strlen(text);
  d.lang = DX_LANG_FR;
  dx_tokenize(&d);
  assert_false(d.failed);
  size_t n = 0;
  out[0] = '\0';
  for (size_t i = 0; i < d.ntok && n < cap; i++) {
    const dx_tok *t = &d.tok[i];
    if (t->kind == DX_TK_PARA)
      continue;
    n += (size_t)snprintf(out + n, cap - n, "%s%.*s|%.*s|%s%s%s", n ? " " : "",
                          (int)(t->end - t->start), text + t->start, (int)t->fold_len,
                          d.folded + dx_tok_fold(t), t->flags & DX_TF_CAP ? "C" : "",
                          t->flags & DX_TF_ALLCAPS ? "A" : "",
                          t->flags & DX_TF_ELIDED ? "E" : "");
  }
  dx_doc_free(&d);
}

static void test_latin1_letters(void **state) {
  (void)state;
  char out[512];
  tokens("État ÉTAT éléphant ÀÉÈÙ naïve ßa Þorn, et ainsi de suite.", out, sizeof out);
  assert_string_equal(out, "État|état|C ÉTAT|état|CA éléphant|éléphant| ÀÉÈÙ|àéèù|CA "
                           "naïve|naïve| ßa|ßa| Þorn|þorn|C ,|| et|et| ainsi|ainsi| "
                           "de|de| suite|suite| .||");
}

static void test_elided_words(void **state) {
  (void)state;
  char out[512];
  tokens("L'État qu’il jusqu'ici aujourd'hui aujourd’hui don't l’ 8", out, sizeof out);
  assert_string_equal(out, "L'|l'|CAE État|état|C qu’|qu'|E il|il| jusqu'|jusqu'|E "
                           "ici|ici| aujourd'hui|aujourd'hui| aujourd’hui|aujourd'hui| "
                           "don't|don't| l’|l'|E 8||");
}

static void test_words_left_to_the_long_way(void **state) {
  (void)state;
  char out[512];
  /* digits, hyphens, other letters, a combining accent, ª, and signs */
  tokens("COVID19 a-t-il Łódź e\xCC\x81te aªb 2×3 mot«x » fin", out, sizeof out);
  assert_string_equal(out, "COVID19|covid19|CA a-t-il|a-t-il| Łódź|łódź|C "
                           "e\xCC\x81te|\xC3\xA9te| aªb|aªb| 2|| ×|| 3|| mot|mot| «|| x|x| »|| "
                           "fin|fin|");
}

static void test_short_text_and_end(void **state) {
  (void)state;
  char out[256];
  tokens("Été", out, sizeof out); /* shorter than one 8-byte read */
  assert_string_equal(out, "Été|été|C");
  tokens("Il a dit: non...", out, sizeof out);
  assert_string_equal(out, "Il|il|C a|a| dit|dit| :|| non|non| ...||");
}

/* Paragraph breaks are kept apart, for dx_para_floor(): a look back stops
 * just after the second break before its token, or at its own floor. */
static void test_paragraph_floor(void **state) {
  (void)state;
  const char *text = "Un deux.\n\nTrois.\nQuatre cinq.\r\n\r\nSix";
  dx_doc d;
  memset(&d, 0, sizeof d);
  d.text = text;
  d.len = strlen(text);
  dx_tokenize(&d);
  assert_false(d.failed);
  /* Un deux . PARA Trois . PARA Quatre cinq . PARA Six */
  assert_int_equal(d.ntok, 12);
  assert_int_equal(d.nbrk, 3);
  assert_int_equal(d.brk[0], 3);
  assert_int_equal(d.brk[1], 6);
  assert_int_equal(d.brk[2], 10);
  for (size_t b = 0; b < d.nbrk; b++)
    assert_int_equal(d.tok[d.brk[b]].kind, DX_TK_PARA);
  assert_int_equal(dx_para_floor(&d, 11, 0), 7); /* Six: from Quatre */
  assert_int_equal(dx_para_floor(&d, 10, 0), 4); /* the break before Six: from Trois */
  assert_int_equal(dx_para_floor(&d, 9, 0), 4);  /* the dot after cinq */
  assert_int_equal(dx_para_floor(&d, 5, 0), 0);  /* one break before: the floor */
  assert_int_equal(dx_para_floor(&d, 11, 8), 8); /* the floor comes first */
  assert_int_equal(dx_para_floor(&d, 11, 7), 7);
  assert_int_equal(dx_para_floor(&d, 0, 0), 0);
  dx_doc_free(&d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_latin1_letters),
      cmocka_unit_test(test_elided_words),
      cmocka_unit_test(test_words_left_to_the_long_way),
      cmocka_unit_test(test_short_text_and_end),
      cmocka_unit_test(test_paragraph_floor),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
