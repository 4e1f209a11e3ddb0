/* test_lexicon.c — the compiled language data: inflected cue forms and
 * their bits, multiword cues, word sets, and word folding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "doc.h"
#include "lexicon.h"
#include "lexicon_tables.h"

/* ------------------------------------------------------------------ */
/* Helpers: look up what a reader would type, folded first             */

static size_t fold(const char *w, char *buf, size_t cap) {
  return dx_fold_word(w, strlen(w), buf, cap);
}

static const dx_cue_form *cue(dx_lang lang, const char *w) {
  char buf[96];
  size_t n = fold(w, buf, sizeof buf);
  return n ? dx_cue_lookup(lang, buf, n) : NULL;
}

static int set(dx_lang lang, dx_wordset s, const char *w) {
  char buf[96];
  size_t n = fold(w, buf, sizeof buf);
  return n ? dx_wordset_lookup(lang, s, buf, n) : -1;
}

/* The cue of w must exist, belong to lemma, and carry all of bits. */
static const dx_cue_form *expect_cue(dx_lang lang, const char *w, const char *lemma,
                                     unsigned bits) {
  const dx_cue_form *f = cue(lang, w);
  if (f == NULL)
    fail_msg("'%s' is not a cue", w);
  assert_string_equal(f->lemma, lemma);
  if ((f->forms & bits) != bits)
    fail_msg("'%s': forms 0x%02x lack 0x%02x", w, (unsigned)f->forms, bits);
  return f;
}

static void expect_not_cue(dx_lang lang, const char *w) {
  if (cue(lang, w) != NULL)
    fail_msg("'%s' should not be a cue", w);
}

#define FR DX_LANG_FR
#define EN DX_LANG_EN

/* ------------------------------------------------------------------ */
/* French cue forms                                                    */

static void test_fr_regular_er(void **state) {
  (void)state;
  const dx_cue_form *f = expect_cue(FR, "déclaré", "déclarer", DX_FORM_PARTICIPLE);
  assert_int_equal(f->cue_class, DX_CUE_STATEMENT);
  unsigned want = DX_FRAME_QUE | DX_FRAME_INCISE | DX_FRAME_COLON;
  assert_int_equal(f->frames & want, want);
  assert_false(f->forms & (DX_FORM_FINITE | DX_FORM_FEMININE | DX_FORM_PLURAL));

  expect_cue(FR, "déclarée", "déclarer", DX_FORM_PARTICIPLE | DX_FORM_FEMININE);
  expect_cue(FR, "déclarées", "déclarer",
             DX_FORM_PARTICIPLE | DX_FORM_FEMININE | DX_FORM_PLURAL);
  expect_cue(FR, "déclarer", "déclarer", DX_FORM_INFINITIVE);
  expect_cue(FR, "déclara", "déclarer", DX_FORM_FINITE | DX_FORM_SINGULAR3);
  expect_cue(FR, "déclarait", "déclarer", DX_FORM_FINITE | DX_FORM_SINGULAR3);
  expect_cue(FR, "déclareront", "déclarer", DX_FORM_FINITE | DX_FORM_PLURAL);
  expect_cue(FR, "déclarerait", "déclarer", DX_FORM_FINITE | DX_FORM_SINGULAR3);

  f = expect_cue(FR, "ajoute", "ajouter", DX_FORM_FINITE | DX_FORM_SINGULAR3);
  assert_false(f->forms & (DX_FORM_PLURAL | DX_FORM_PARTICIPLE));
  f = expect_cue(FR, "ajoutant", "ajouter", DX_FORM_GERUND);
  assert_int_equal(f->forms, DX_FORM_GERUND);
  f = expect_cue(FR, "affirment", "affirmer", DX_FORM_FINITE | DX_FORM_PLURAL);
  assert_false(f->forms & DX_FORM_SINGULAR3);
  /* 1st and 2nd persons are finite with no third-person number */
  f = expect_cue(FR, "affirmons", "affirmer", DX_FORM_FINITE);
  assert_false(f->forms & (DX_FORM_SINGULAR3 | DX_FORM_PLURAL));
}

static void test_fr_spelling_changes(void **state) {
  (void)state;
  /* -cer and -ger keep their sound before a and o */
  expect_cue(FR, "annonça", "annoncer", DX_FORM_FINITE | DX_FORM_SINGULAR3);
  expect_cue(FR, "annonçant", "annoncer", DX_FORM_GERUND);
  expect_cue(FR, "annoncèrent", "annoncer", DX_FORM_FINITE | DX_FORM_PLURAL);
  expect_not_cue(FR, "annoncant");
  expect_cue(FR, "jugeant", "juger", DX_FORM_GERUND);
  expect_cue(FR, "jugea", "juger", DX_FORM_FINITE);
  /* appeler doubles its l, relever and marteler take è, répéter è */
  expect_cue(FR, "appelle", "appeler", DX_FORM_FINITE | DX_FORM_SINGULAR3);
  expect_cue(FR, "appellent", "appeler", DX_FORM_PLURAL);
  expect_cue(FR, "appellera", "appeler", DX_FORM_FINITE);
  expect_cue(FR, "appelait", "appeler", DX_FORM_FINITE);
  expect_not_cue(FR, "appèle");
  expect_cue(FR, "rappelle", "rappeler", DX_FORM_FINITE);
  expect_cue(FR, "rejette", "rejeter", DX_FORM_FINITE);
  expect_cue(FR, "relève", "relever", DX_FORM_FINITE | DX_FORM_SINGULAR3);
  expect_cue(FR, "relevait", "relever", DX_FORM_FINITE);
  expect_cue(FR, "martèle", "marteler", DX_FORM_FINITE);
  expect_cue(FR, "répète", "répéter", DX_FORM_FINITE | DX_FORM_SINGULAR3);
  expect_cue(FR, "répétait", "répéter", DX_FORM_FINITE);
  expect_cue(FR, "répétera", "répéter", DX_FORM_FINITE);
  expect_cue(FR, "répètera", "répéter", DX_FORM_FINITE); /* 1990 spelling */
  expect_cue(FR, "suggère", "suggérer", DX_FORM_FINITE);
  expect_cue(FR, "révèle", "révéler", DX_FORM_FINITE);
  /* -yer */
  expect_cue(FR, "balaie", "balayer", DX_FORM_FINITE);
  expect_cue(FR, "balaye", "balayer", DX_FORM_FINITE);
  expect_cue(FR, "appuie", "appuyer", DX_FORM_FINITE);
  /* -ier keeps both i */
  expect_cue(FR, "nie", "nier", DX_FORM_FINITE | DX_FORM_SINGULAR3);
  expect_cue(FR, "niait", "nier", DX_FORM_FINITE);
  expect_cue(FR, "nié", "nier", DX_FORM_PARTICIPLE);
}

static void test_fr_ir_and_irregular(void **state) {
  (void)state;
  expect_cue(FR, "averti", "avertir", DX_FORM_PARTICIPLE);
  expect_cue(FR, "avertit", "avertir", DX_FORM_FINITE | DX_FORM_SINGULAR3);
  expect_cue(FR, "avertissait", "avertir", DX_FORM_FINITE | DX_FORM_SINGULAR3);
  expect_cue(FR, "avertissant", "avertir", DX_FORM_GERUND);
  expect_cue(FR, "avertissent", "avertir", DX_FORM_PLURAL);
  expect_cue(FR, "réagit", "réagir", DX_FORM_FINITE);

  const dx_cue_form *f =
      expect_cue(FR, "dit", "dire", DX_FORM_FINITE | DX_FORM_PARTICIPLE | DX_FORM_SINGULAR3);
  assert_int_equal(f->cue_class, DX_CUE_STATEMENT);
  expect_cue(FR, "disent", "dire", DX_FORM_FINITE | DX_FORM_PLURAL);
  expect_cue(FR, "disait", "dire", DX_FORM_FINITE);
  expect_cue(FR, "disant", "dire", DX_FORM_GERUND);
  expect_cue(FR, "dira", "dire", DX_FORM_FINITE);
  expect_cue(FR, "dite", "dire", DX_FORM_PARTICIPLE | DX_FORM_FEMININE);
  expect_cue(FR, "dirent", "dire", DX_FORM_FINITE | DX_FORM_PLURAL);

  expect_cue(FR, "prévient", "prévenir", DX_FORM_FINITE | DX_FORM_SINGULAR3);
  expect_cue(FR, "prévenu", "prévenir", DX_FORM_PARTICIPLE);
  expect_cue(FR, "préviendra", "prévenir", DX_FORM_FINITE);
  expect_cue(FR, "prévint", "prévenir", DX_FORM_FINITE);
  expect_cue(FR, "promis", "promettre", DX_FORM_PARTICIPLE | DX_FORM_PLURAL);
  expect_cue(FR, "promet", "promettre", DX_FORM_FINITE | DX_FORM_SINGULAR3);
  expect_cue(FR, "promise", "promettre", DX_FORM_PARTICIPLE | DX_FORM_FEMININE);
  expect_cue(FR, "répond", "répondre", DX_FORM_FINITE | DX_FORM_SINGULAR3);
  expect_cue(FR, "répondu", "répondre", DX_FORM_PARTICIPLE);
  expect_cue(FR, "conclut", "conclure", DX_FORM_FINITE);
  expect_cue(FR, "écrit", "écrire", DX_FORM_FINITE | DX_FORM_PARTICIPLE);
  expect_cue(FR, "décrivait", "décrire", DX_FORM_FINITE);
  expect_cue(FR, "dément", "démentir", DX_FORM_FINITE);
  expect_cue(FR, "reconnaît", "reconnaître", DX_FORM_FINITE);
  expect_cue(FR, "reconnait", "reconnaître", DX_FORM_FINITE); /* 1990 spelling */
  expect_cue(FR, "reconnu", "reconnaître", DX_FORM_PARTICIPLE);
  expect_cue(FR, "soutient", "soutenir", DX_FORM_FINITE);
  expect_cue(FR, "poursuit", "poursuivre", DX_FORM_FINITE);
  expect_cue(FR, "sourit", "sourire", DX_FORM_FINITE);
  expect_cue(FR, "estimé", "estimer", DX_FORM_PARTICIPLE);
  assert_int_equal(cue(FR, "estime")->cue_class, DX_CUE_OPINION);
  assert_int_equal(cue(FR, "nie")->cue_class, DX_CUE_DENIAL);
  assert_int_equal(cue(FR, "promet")->cue_class, DX_CUE_PROMISE);
  assert_int_equal(cue(FR, "avertit")->cue_class, DX_CUE_WARNING);
  assert_int_equal(cue(FR, "demande")->cue_class, DX_CUE_QUESTION);
  assert_true(cue(FR, "demande")->frames & DX_FRAME_QUESTION);
  assert_true(cue(FR, "informe")->frames & DX_FRAME_OBJ_ADDR);
  assert_true(cue(FR, "promet")->frames & DX_FRAME_DE_INF);
}

static void test_fr_reflexive_and_nouns(void **state) {
  (void)state;
  const dx_cue_form *f = expect_cue(FR, "inquiète", "s'inquiéter", DX_FORM_FINITE);
  assert_true(dx_cue_is_reflexive(f));
  assert_false(dx_cue_is_reflexive(cue(FR, "dit")));
  assert_true(dx_cue_is_reflexive(cue(FR, "interroge")));
  /* se dire is dire */
  assert_false(dx_cue_is_reflexive(cue(FR, "dit")));

  f = expect_cue(FR, "déclaration", "déclaration", DX_FORM_NOUN);
  assert_false(f->forms & DX_FORM_PLURAL);
  expect_cue(FR, "déclarations", "déclaration", DX_FORM_NOUN | DX_FORM_PLURAL);
  expect_cue(FR, "propos", "propos", DX_FORM_NOUN);
  expect_cue(FR, "aveux", "aveu", DX_FORM_NOUN | DX_FORM_PLURAL);
  /* a noun spelled like a verb form of the same class is both */
  f = expect_cue(FR, "annonce", "annoncer", DX_FORM_NOUN | DX_FORM_FINITE);
  f = expect_cue(FR, "communiqué", "communiquer", DX_FORM_NOUN | DX_FORM_PARTICIPLE);
  assert_true(cue(FR, "critiques")->forms & DX_FORM_NOUN);
}

static void test_fr_not_cues(void **state) {
  (void)state;
  /* mental verbs and ordinary words */
  expect_not_cue(FR, "pense");
  expect_not_cue(FR, "croit");
  expect_not_cue(FR, "pensé");
  expect_not_cue(FR, "maison");
  expect_not_cue(FR, "le");
  expect_not_cue(FR, "selon");
  assert_null(dx_cue_lookup(FR, "", 0));
  assert_null(dx_cue_lookup(FR, NULL, 0));
  assert_null(dx_cue_lookup(DX_LANG_AUTO, "dit", 3));
  assert_null(dx_cue_lookup(DX_LANG_OTHER, "dit", 3));
  /* a prefix of a key is not the key */
  assert_null(dx_cue_lookup(FR, "déclar", strlen("déclar")));
  assert_non_null(dx_cue_lookup(FR, "déclaré!", strlen("déclaré")));
  /* the other language's words */
  expect_not_cue(FR, "said");
}

/* ------------------------------------------------------------------ */
/* English cue forms                                                   */

static void test_en_forms(void **state) {
  (void)state;
  const dx_cue_form *f = expect_cue(EN, "said", "say", DX_FORM_FINITE | DX_FORM_PARTICIPLE);
  assert_int_equal(f->cue_class, DX_CUE_STATEMENT);
  f = expect_cue(EN, "say", "say", DX_FORM_INFINITIVE | DX_FORM_FINITE | DX_FORM_PLURAL);
  assert_false(f->forms & DX_FORM_SINGULAR3);
  expect_cue(EN, "says", "say", DX_FORM_FINITE | DX_FORM_SINGULAR3);
  expect_cue(EN, "saying", "say", DX_FORM_GERUND);
  f = expect_cue(EN, "told", "tell", DX_FORM_FINITE | DX_FORM_PARTICIPLE);
  assert_true(f->frames & DX_FRAME_OBJ_ADDR);
  expect_cue(EN, "warns", "warn", DX_FORM_FINITE | DX_FORM_SINGULAR3);
  assert_int_equal(cue(EN, "warned")->cue_class, DX_CUE_WARNING);
  f = expect_cue(EN, "denied", "deny", DX_FORM_FINITE | DX_FORM_PARTICIPLE);
  assert_int_equal(f->cue_class, DX_CUE_DENIAL);
  expect_cue(EN, "denies", "deny", DX_FORM_SINGULAR3);
  expect_cue(EN, "denying", "deny", DX_FORM_GERUND);
  expect_cue(EN, "admitted", "admit", DX_FORM_FINITE);
  expect_cue(EN, "admitting", "admit", DX_FORM_GERUND);
  expect_cue(EN, "quipped", "quip", DX_FORM_FINITE);
  expect_cue(EN, "slammed", "slam", DX_FORM_FINITE);
  expect_cue(EN, "stressed", "stress", DX_FORM_FINITE);
  expect_cue(EN, "stresses", "stress", DX_FORM_SINGULAR3);
  expect_cue(EN, "argued", "argue", DX_FORM_FINITE);
  expect_cue(EN, "arguing", "argue", DX_FORM_GERUND);
  expect_cue(EN, "agreeing", "agree", DX_FORM_GERUND);
  expect_cue(EN, "echoes", "echo", DX_FORM_SINGULAR3);
  expect_cue(EN, "wrote", "write", DX_FORM_FINITE);
  expect_cue(EN, "written", "write", DX_FORM_PARTICIPLE);
  expect_not_cue(EN, "writed");
  expect_cue(EN, "spoke", "speak", DX_FORM_FINITE);
  expect_cue(EN, "pleaded", "plead", DX_FORM_FINITE);
  expect_cue(EN, "pled", "plead", DX_FORM_FINITE);
  assert_int_equal(cue(EN, "promised")->cue_class, DX_CUE_PROMISE);
  assert_int_equal(cue(EN, "asked")->cue_class, DX_CUE_QUESTION);
  /* nouns, alone or sharing a verb's spelling */
  expect_cue(EN, "statement", "statement", DX_FORM_NOUN);
  expect_cue(EN, "statements", "statement", DX_FORM_NOUN | DX_FORM_PLURAL);
  expect_cue(EN, "interview", "interview", DX_FORM_NOUN);
  expect_cue(EN, "claims", "claim", DX_FORM_NOUN | DX_FORM_SINGULAR3);
  expect_cue(EN, "testimonies", "testimony", DX_FORM_NOUN | DX_FORM_PLURAL);
  /* skipped forms: "objected" is a cue, the noun "object" is not */
  expect_cue(EN, "objected", "object", DX_FORM_FINITE);
  expect_not_cue(EN, "object");
  expect_not_cue(EN, "think");
  expect_not_cue(EN, "believed");
  expect_not_cue(EN, "the");
}

/* ------------------------------------------------------------------ */
/* Multiword cues                                                      */

static const dx_cue_phrase *phrase(dx_lang lang, const char *head, const char *rest) {
  const dx_cue_phrase *p;
  size_t n = dx_cue_phrase_lookup(lang, head, strlen(head), &p);
  for (size_t i = 0; i < n; i++)
    if (strcmp(p[i].rest, rest) == 0)
      return &p[i];
  return NULL;
}

static void test_phrases(void **state) {
  (void)state;
  const dx_cue_phrase *p = phrase(FR, "mis", "en garde");
  assert_non_null(p);
  assert_string_equal(p->cue.lemma, "mettre en garde");
  assert_int_equal(p->cue.cue_class, DX_CUE_WARNING);
  assert_true(p->cue.forms & DX_FORM_PARTICIPLE);
  assert_int_equal(p->words, 2);
  assert_non_null(phrase(FR, "met", "en garde"));
  assert_non_null(phrase(FR, "fait", "part"));
  assert_non_null(phrase(FR, "feront", "part"));
  /* elided articles are their own tokens, as the tokenizer cuts them */
  p = phrase(FR, "rappelle", "à l' ordre");
  assert_non_null(p);
  assert_int_equal(p->words, 3);
  /* nouns: the head inflects in French, the last word in English */
  p = phrase(FR, "conférences", "de presse");
  assert_non_null(p);
  assert_true(p->cue.forms & DX_FORM_NOUN);
  assert_true(p->cue.forms & DX_FORM_PLURAL);
  assert_non_null(phrase(EN, "press", "releases"));
  p = phrase(EN, "pointed", "out");
  assert_non_null(p);
  assert_string_equal(p->cue.lemma, "point out");
  assert_non_null(phrase(EN, "calling", "for"));
  assert_non_null(phrase(EN, "went", "on"));
  assert_non_null(phrase(EN, "made", "it clear"));

  /* longest rest first */
  const dx_cue_phrase *list;
  size_t n = dx_cue_phrase_lookup(EN, "made", 4, &list);
  assert_true(n >= 2);
  for (size_t i = 1; i < n; i++)
    assert_true(list[i - 1].words >= list[i].words);

  assert_int_equal(dx_cue_phrase_lookup(EN, "banana", 6, &list), 0);
  assert_null(list);
  assert_int_equal(dx_cue_phrase_lookup(DX_LANG_AUTO, "made", 4, &list), 0);
  /* "met" alone is no cue: only the phrase is */
  expect_not_cue(FR, "met");
}

/* ------------------------------------------------------------------ */
/* Word sets                                                           */

static void test_wordsets(void **state) {
  (void)state;
  assert_int_equal(set(FR, DX_SET_PRONOUNS, "il"), DX_GENDER_MASC);
  assert_int_equal(set(FR, DX_SET_PRONOUNS, "elle"), DX_GENDER_FEM);
  assert_int_equal(set(FR, DX_SET_PRONOUNS, "ils"), DX_GENDER_MASC | DX_NUMBER_PLURAL);
  assert_int_equal(set(FR, DX_SET_PRONOUNS, "elles"), DX_GENDER_FEM | DX_NUMBER_PLURAL);
  assert_int_equal(set(FR, DX_SET_PRONOUNS, "on"), -1);
  assert_int_equal(set(EN, DX_SET_PRONOUNS, "he"), DX_GENDER_MASC);
  assert_int_equal(set(EN, DX_SET_PRONOUNS, "she"), DX_GENDER_FEM);
  assert_int_equal(set(EN, DX_SET_PRONOUNS, "they"), DX_NUMBER_PLURAL);
  assert_int_equal(set(EN, DX_SET_PRONOUNS, "il"), -1);

  assert_int_equal(set(EN, DX_SET_SOURCE_PREPS, "according"), 1);
  assert_int_equal(set(EN, DX_SET_SOURCE_PREPS, "According"), 1);
  assert_int_equal(set(FR, DX_SET_SOURCE_PREPS, "selon"), 0);
  assert_int_equal(set(FR, DX_SET_SOURCE_PREPS, "d'après"), 0);
  assert_int_equal(set(FR, DX_SET_SOURCE_PREPS, "pour") & DX_PREP_SKIP_MASK, 0);
  assert_true(set(FR, DX_SET_SOURCE_PREPS, "pour") & DX_PREP_WEAK);
  assert_false(set(FR, DX_SET_SOURCE_PREPS, "selon") & DX_PREP_WEAK);

  assert_int_equal(set(FR, DX_SET_TITLES, "M."), DX_GENDER_MASC);
  assert_int_equal(set(FR, DX_SET_TITLES, "M"), DX_GENDER_MASC);
  assert_int_equal(set(FR, DX_SET_TITLES, "Mme"), DX_GENDER_FEM);
  assert_int_equal(set(EN, DX_SET_TITLES, "Mrs."), DX_GENDER_FEM);
  assert_int_equal(set(EN, DX_SET_TITLES, "Sen"), DX_GENDER_UNKNOWN);
  assert_int_equal(set(EN, DX_SET_TITLES, "President"), DX_GENDER_UNKNOWN);

  assert_int_equal(set(FR, DX_SET_ROLE_NOUNS, "porte-parole"), DX_GENDER_UNKNOWN);
  assert_int_equal(set(FR, DX_SET_ROLE_NOUNS, "présidente"), DX_GENDER_FEM);
  assert_int_equal(set(FR, DX_SET_ROLE_NOUNS, "ministre"), DX_GENDER_UNKNOWN);
  assert_int_equal(set(FR, DX_SET_ROLE_NOUNS, "enquêteurs"), DX_GENDER_MASC | DX_NUMBER_PLURAL);
  assert_int_equal(set(EN, DX_SET_ROLE_NOUNS, "spokeswoman"), DX_GENDER_FEM);
  assert_int_equal(set(EN, DX_SET_ROLE_NOUNS, "spokesman"), DX_GENDER_MASC);

  assert_int_equal(set(FR, DX_SET_FIRST_NAMES, "Marie"), DX_GENDER_FEM);
  assert_int_equal(set(FR, DX_SET_FIRST_NAMES, "Jean-Pierre"), DX_GENDER_MASC);
  assert_int_equal(set(FR, DX_SET_FIRST_NAMES, "Vladimir"), DX_GENDER_MASC);
  assert_int_equal(set(FR, DX_SET_FIRST_NAMES, "Camille"), DX_GENDER_UNKNOWN);
  assert_int_equal(set(EN, DX_SET_FIRST_NAMES, "John"), DX_GENDER_MASC);
  assert_int_equal(set(EN, DX_SET_FIRST_NAMES, "Angela"), DX_GENDER_FEM);
  assert_int_equal(set(EN, DX_SET_FIRST_NAMES, "Recep"), DX_GENDER_MASC);
  assert_int_equal(set(EN, DX_SET_FIRST_NAMES, "Selon"), -1);

  assert_true(set(FR, DX_SET_NOT_NAMES, "Selon") >= 0);
  assert_true(set(FR, DX_SET_NOT_NAMES, "Lundi") >= 0);
  assert_true(set(FR, DX_SET_NOT_NAMES, "Le") >= 0);
  assert_true(set(EN, DX_SET_NOT_NAMES, "The") >= 0);
  assert_true(set(EN, DX_SET_NOT_NAMES, "According") >= 0);
  assert_true(set(EN, DX_SET_NOT_NAMES, "January") >= 0);
  assert_int_equal(set(EN, DX_SET_NOT_NAMES, "June"), -1); /* a given name too */

  assert_true(set(FR, DX_SET_NAME_PARTICLES, "de") >= 0);
  assert_true(set(FR, DX_SET_NAME_PARTICLES, "d'") >= 0);
  assert_true(set(EN, DX_SET_NAME_PARTICLES, "von") >= 0);
  assert_true(set(EN, DX_SET_NAME_PARTICLES, "bin") >= 0);

  assert_true(set(FR, DX_SET_STOPWORDS, "les") >= 0);
  assert_true(set(EN, DX_SET_STOPWORDS, "the") >= 0);
  assert_int_equal(set(FR, DX_SET_STOPWORDS, "the"), -1);
  assert_true(set(FR, DX_SET_STOPWORDS, "aujourd’hui") >= 0);

  assert_int_equal(dx_wordset_lookup(FR, DX_SET_COUNT, "il", 2), -1);
  assert_int_equal(dx_wordset_lookup(FR, (dx_wordset)-1, "il", 2), -1);
  assert_int_equal(dx_wordset_lookup(DX_LANG_AUTO, DX_SET_PRONOUNS, "il", 2), -1);
  assert_int_equal(dx_wordset_lookup(FR, DX_SET_PRONOUNS, "", 0), -1);
  assert_int_equal(dx_wordset_lookup(FR, DX_SET_PRONOUNS, "xyzzy", 5), -1);
}

static void test_lemma_counts(void **state) {
  (void)state;
  assert_true(dx_cue_lemma_count(FR) >= 300);
  assert_true(dx_cue_lemma_count(EN) >= 200);
  assert_int_equal(dx_cue_lemma_count(DX_LANG_AUTO), 0);
  assert_int_equal(dx_cue_lemma_count(DX_LANG_OTHER), 0);
}

/* ------------------------------------------------------------------ */
/* Folding                                                             */

static void expect_fold(const char *in, const char *want) {
  char buf[64];
  size_t n = dx_fold_word(in, strlen(in), buf, sizeof buf);
  assert_int_equal(n, strlen(want));
  assert_memory_equal(buf, want, n);
  assert_int_equal(buf[n], '\0');
}

static void test_fold(void **state) {
  (void)state;
  expect_fold("Déclaré", "déclaré");
  expect_fold("AUJOURD’HUI", "aujourd'hui");
  expect_fold("aujourdʼhui", "aujourd'hui");
  expect_fold("SAID", "said");
  expect_fold("l'", "l'");
  expect_fold("ÉTATS-UNIS", "états-unis");
  expect_fold("Œuvre", "œuvre");
  expect_fold("ÇA", "ça");
  expect_fold("Straße", "straße");
  expect_fold("ΣΟΦΊΑ", "σοφία");
  /* decomposed input comes out composed (NFC), like the keys */
  expect_fold("De\314\201clare\314\201", "déclaré");
  expect_fold("E\314\201TAIT", "était");
  assert_non_null(cue(FR, "De\314\201clare\314\201"));

  char buf[8];
  /* too long for the buffer, NUL included */
  assert_int_equal(dx_fold_word("abcdefgh", 8, buf, sizeof buf), 0);
  assert_int_equal(dx_fold_word("abcdefg", 7, buf, sizeof buf), 7);
  assert_int_equal(dx_fold_word("ééééé", strlen("ééééé"), buf, sizeof buf), 0);
  assert_int_equal(dx_fold_word("abc", 3, buf, 0), 0);
  assert_int_equal(dx_fold_word("", 0, buf, sizeof buf), 0);
  assert_int_equal(dx_fold_word(NULL, 3, buf, sizeof buf), 0);
  /* invalid UTF-8 folds to nothing */
  assert_int_equal(dx_fold_word("a\xff", 2, buf, sizeof buf), 0);
  assert_int_equal(dx_fold_word("\xc3", 1, buf, sizeof buf), 0);
  /* only len bytes are read */
  assert_int_equal(dx_fold_word("ABCDEF", 3, buf, sizeof buf), 3);
  assert_memory_equal(buf, "abc", 4);
}

/* Every key folds to itself, so a folded word can always be found. */
static void test_keys_are_folded(void **state) {
  (void)state;
  const dx_lex_lang *langs[] = {&dx_lex_fr, &dx_lex_en};
  char buf[300];
  for (size_t l = 0; l < 2; l++) {
    const dx_lex_table *tables[2 + DX_SET_COUNT];
    tables[0] = &langs[l]->cues;
    tables[1] = &langs[l]->phrases;
    for (int s = 0; s < DX_SET_COUNT; s++)
      tables[2 + s] = &langs[l]->sets[s];
    for (size_t t = 0; t < sizeof tables / sizeof *tables; t++) {
      for (uint32_t e = 0; e < tables[t]->size; e++) {
        const dx_lex_entry *en = &tables[t]->entries[e];
        if (en->len == 0)
          continue; /* the placeholder of an empty table */
        const char *key = dx_lex_pool + en->key;
        size_t n = dx_fold_word(key, en->len, buf, sizeof buf);
        if (n != en->len || memcmp(buf, key, n) != 0)
          fail_msg("key '%.*s' does not fold to itself", (int)en->len, key);
      }
    }
  }
}

/* The first words of via.c's go-between phrases (par l'intermédiaire de,
 * via, through, by way of) carry DX_WORD_VIA, by which via.c finds them:
 * tools/gen_lexicon.py's VIA_OPENERS must follow via.c's lists, which
 * dx_via_opener() reads out.  DX_WORD_RELAYED marks the relayed forms,
 * which only the generator lists. */
static unsigned word_bits_of(dx_lang lang, const char *w) {
  const dx_word_info *records = dx_word_records(lang);
  const dx_word_info *info = dx_word_lookup(lang, w, strlen(w));
  return info ? dx_word_bits(lang)[info - records + 1] : 0;
}

static void test_via_words(void **state) {
  (void)state;
  static const dx_lang langs[] = {FR, EN};
  for (size_t l = 0; l < 2; l++) {
    const char *w;
    for (size_t i = 0; (w = dx_via_opener(langs[l], i)) != NULL; i++)
      if (dx_word_lookup(langs[l], w, strlen(w)) && !(word_bits_of(langs[l], w) & DX_WORD_VIA))
        fail_msg("via.c's '%s' lacks DX_WORD_VIA (tools/gen_lexicon.py VIA_OPENERS)", w);
  }
  assert_true(word_bits_of(FR, "par") & DX_WORD_VIA);
  assert_true(word_bits_of(EN, "by") & DX_WORD_VIA);
  assert_false(word_bits_of(FR, "selon") & DX_WORD_VIA);
  assert_false(word_bits_of(EN, "the") & DX_WORD_VIA);
  assert_false(word_bits_of(EN, "par") & DX_WORD_VIA);
  /* the relayed forms (rapportés par X, relayed by X) are cue forms */
  static const char *const relayed[] = {"rapporté", "rapportées", "citée", "cités"};
  for (size_t i = 0; i < sizeof relayed / sizeof *relayed; i++)
    assert_int_equal(word_bits_of(FR, relayed[i]) & (DX_WORD_RELAYED | DX_WORD_CUE),
                     DX_WORD_RELAYED | DX_WORD_CUE);
  assert_int_equal(word_bits_of(EN, "quoted") & (DX_WORD_RELAYED | DX_WORD_CUE),
                   DX_WORD_RELAYED | DX_WORD_CUE);
  assert_false(word_bits_of(FR, "déclaré") & DX_WORD_RELAYED);
  assert_false(word_bits_of(EN, "said") & DX_WORD_RELAYED);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fr_regular_er),
      cmocka_unit_test(test_fr_spelling_changes),
      cmocka_unit_test(test_fr_ir_and_irregular),
      cmocka_unit_test(test_fr_reflexive_and_nouns),
      cmocka_unit_test(test_fr_not_cues),
      cmocka_unit_test(test_en_forms),
      cmocka_unit_test(test_phrases),
      cmocka_unit_test(test_wordsets),
      cmocka_unit_test(test_lemma_counts),
      cmocka_unit_test(test_fold),
      cmocka_unit_test(test_keys_are_folded),
      cmocka_unit_test(test_via_words),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
