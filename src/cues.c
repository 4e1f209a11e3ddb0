/*
 * cues.c — cue phrases: the verbs, auxiliaries, inverted pronouns and
 * prepositions that introduce reported speech.
 *
 * The lexicon (data/<lang>/cues.tsv) knows every inflected form of every cue
 * lemma; this file knows how they combine into phrases: French compound
 * tenses and inversion (a-t-il déclaré, précise-t-elle), reflexives
 * (s'est dit), English auxiliaries (has said), adverbs in between.
 */
#include <string.h>

#include "cues.h"

/* Small closed classes that glue a cue phrase together.  They are grammar,
 * not vocabulary, so they live here rather than in data files. */
static const char *const fr_aux[] = {"a", "ont", "avait", "avaient", "aurait", "auraient",
                                     "aura", "auront", "avons", "avez", "ai", "eut", NULL};
/* être makes a cue passive (ils sont accusés de…: someone else speaks),
 * except after a reflexive clitic (il s'est dit, elle s'est inquiétée) */
static const char *const fr_etre[] = {"est", "sont", "était", "étaient", "sera", "seront",
                                      "serait", "seraient", "fut", NULL};
static const char *const en_aux[] = {"has", "have", "had", "will", "would", "did", "does",
                                     "do", NULL};

/* Adverbs and adverbial phrases that may stand inside or after a cue
 * phrase, as token sequences (an elided word keeps its apostrophe). */
static const char *const fr_adverbs[] = {
    "aussi", "ainsi", "encore", "également", "notamment", "alors", "déjà", "ensuite",
    "enfin", "juste", "simplement", "même", "cependant", "toutefois", "pourtant",
    "bien", "néanmoins", "donc", "lui-même", "elle-même", "eux-mêmes", "récemment",
    "publiquement", "clairement", "immédiatement", "aujourd'hui", "hier", "plutôt",
    "seulement", "surtout", "finalement", "toujours", "vivement", "fermement",
    "pour sa part", "pour leur part", "quant à lui", "quant à elle", "quant à eux",
    "de son côté", "de leur côté", "tout d' abord", "d' abord", "d' ailleurs",
    "par ailleurs", "plus tard", "au passage", "lui aussi", "elle aussi", "en outre",
    "à nouveau", "de nouveau", "en substance", "sans détour", ", lui ,", ", elle ,",
    ", eux ,", ", elles ,", ", de son côté ,", ", pour sa part ,", ", quant à lui ,",
    ", quant à elle ,", NULL};
static const char *const en_adverbs[] = {
    "also", "later", "previously", "repeatedly", "recently", "then", "already",
    "publicly", "reportedly", "earlier", "once", "again", "further", "simply", "just",
    "only", "still", "now", "quickly", "flatly", "firmly", "bluntly", "openly",
    "in a statement", "in an interview", "on monday", "on tuesday", "on wednesday",
    "on thursday", "on friday", "on saturday", "on sunday", NULL};

static const char *const fr_pron_suffix[] = {"-t-il", "-t-elle", "-t-ils", "-t-elles", "-t-on",
                                             "-il", "-elle", "-ils", "-elles", "-on", NULL};

static int in_list(const char *const *list, const char *w, size_t n) {
  for (; *list; list++)
    if (strlen(*list) == n && memcmp(*list, w, n) == 0)
      return 1;
  return 0;
}

int dx_pronoun_at(const dx_doc *d, size_t i) {
  if (i >= d->ntok || d->tok[i].kind != DX_TK_WORD)
    return 0;
  int v = dx_tok_in(d, i, DX_SET_PRONOUNS);
  return v >= 0 ? v + 8 : 0;
}

/* Splits an inverted pronoun off a folded French verb (précise-t-il →
 * précise, il): returns the verb's length and the pronoun's gender + 8. */
static size_t strip_inversion(const char *w, size_t n, int *pron, size_t *suffix_len) {
  *pron = 0;
  *suffix_len = 0;
  for (const char *const *s = fr_pron_suffix; *s; s++) {
    size_t k = strlen(*s);
    if (n > k && memcmp(w + n - k, *s, k) == 0) {
      const char *p = *s + (k > 3 && (*s)[1] == 't' && (*s)[2] == '-' ? 3 : 1);
      int plural = strchr(p, 's') != NULL;
      int g = p[0] == 'i' ? DX_GENDER_MASC : p[0] == 'e' ? DX_GENDER_FEM : DX_GENDER_UNKNOWN;
      *pron = (g | (plural ? DX_NUMBER_PLURAL : 0)) + 8;
      *suffix_len = k;
      return n - k;
    }
  }
  return n;
}

typedef struct word {
  char buf[96];
  size_t n;        /* folded length without an inverted pronoun */
  int pron;
  size_t suffix;   /* bytes of the pronoun suffix in the folded word */
} word;

static int read_word(const dx_doc *d, size_t i, word *w) {
  if (i >= d->ntok || d->tok[i].kind != DX_TK_WORD)
    return 0;
  size_t n = dx_tok_fold(d, i, w->buf, sizeof w->buf);
  if (!n)
    return 0;
  w->n = d->lang == DX_LANG_FR ? strip_inversion(w->buf, n, &w->pron, &w->suffix) : n;
  if (d->lang != DX_LANG_FR)
    w->pron = 0, w->suffix = 0;
  return 1;
}

static void set_pron(const dx_doc *d, size_t i, const word *w, dx_cue *c) {
  if (!w->pron)
    return;
  c->pron = w->pron;
  /* folding keeps byte lengths for the ASCII suffix */
  c->pron_end = d->tok[i].end;
  c->pron_start = c->pron_end - w->suffix + (w->suffix > 3 && w->buf[w->n + 1] == 't' ? 3 : 1);
}

/* Does the phrase (words separated by spaces) match the tokens from i?
 * Returns the number of tokens it covers, or 0. */
static size_t phrase_at(const dx_doc *d, size_t i, size_t limit, const char *phrase) {
  size_t k = i;
  while (*phrase) {
    const char *sp = strchr(phrase, ' ');
    size_t n = sp ? (size_t)(sp - phrase) : strlen(phrase);
    if (k >= limit)
      return 0;
    if (n == 1 && *phrase == ',') {
      if (d->tok[k].kind != DX_TK_PUNCT || d->tok[k].cp != ',')
        return 0;
      k++;
      phrase += 1 + (sp != NULL);
      continue;
    }
    if (d->tok[k].kind != DX_TK_WORD)
      return 0;
    char buf[64];
    size_t m = dx_tok_fold(d, k, buf, sizeof buf);
    if (m != n || memcmp(buf, phrase, n) != 0)
      return 0;
    k++;
    phrase += n + (sp != NULL);
  }
  return k - i;
}

static size_t adverb_at(const dx_doc *d, size_t i, size_t limit) {
  const char *const *list = d->lang == DX_LANG_FR ? fr_adverbs : en_adverbs;
  for (; *list; list++) {
    size_t n = phrase_at(d, i, limit, *list);
    if (n)
      return n;
  }
  return 0;
}

enum { MAX_ADVERBS = 3 };

size_t dx_skip_adverbs(const dx_doc *d, size_t i, size_t limit) {
  for (int round = 0; round < MAX_ADVERBS; round++) {
    size_t n = adverb_at(d, i, limit);
    if (!n)
      break;
    i += n;
  }
  return i;
}

size_t dx_skip_adverbs_back(const dx_doc *d, size_t i, size_t floor) {
  for (int round = 0; round < MAX_ADVERBS; round++) {
    size_t found = 0;
    for (size_t len = 1; len <= 5 && len <= i - floor; len++)
      if (adverb_at(d, i - len, i) == len) {
        found = len;
        break;
      }
    if (!found)
      break;
    i -= found;
  }
  return i;
}

static const dx_cue_form *lookup(const dx_doc *d, const word *w) {
  return dx_cue_lookup(d->lang, w->buf, w->n);
}

int dx_cue_verb_at(const dx_doc *d, size_t i, dx_cue *c) {
  word w;
  if (!read_word(d, i, &w))
    return 0;
  memset(c, 0, sizeof *c);
  c->first = i;
  size_t k = i;
  /* French reflexives: se dit, s'est dit, s'inquiète */
  int reflexive = 0;
  if (d->lang == DX_LANG_FR && (dx_tok_is(d, k, "se") || dx_tok_is(d, k, "s'"))) {
    if (!read_word(d, ++k, &w))
      return 0;
    reflexive = 1;
  }
  const char *const *aux = d->lang == DX_LANG_FR ? fr_aux : en_aux;
  int etre = d->lang == DX_LANG_FR && in_list(fr_etre, w.buf, w.n);
  if (etre && !reflexive)
    return 0; /* passive: ils sont accusés */
  if (in_list(aux, w.buf, w.n) || etre) {
    size_t aux_tok = k;
    word a = w;
    size_t p = dx_skip_adverbs(d, k + 1, d->ntok);
    if (d->lang == DX_LANG_EN && p < d->ntok && dx_tok_is(d, p, "not"))
      return 0; /* "has not said" reports nothing */
    word v;
    if (!read_word(d, p, &v))
      return 0;
    const dx_cue_form *f = lookup(d, &v);
    if (!f || !(f->forms & DX_FORM_PARTICIPLE))
      goto finite; /* "a" may be the verb "avoir"; try the word itself */
    c->form = f;
    c->last = p + 1;
    set_pron(d, aux_tok, &a, c);
    return 1;
  }
finite:;
  const dx_cue_form *f = lookup(d, &w);
  if (!f || !(f->forms & (DX_FORM_FINITE | DX_FORM_GERUND)))
    return 0;
  /* English: "said" alone is finite; French participles need an auxiliary */
  c->form = f;
  c->last = k + 1;
  set_pron(d, k, &w, c);
  return 1;
}

int dx_cue_prep_at(const dx_doc *d, size_t i, int sentence_start, dx_cue *c) {
  if (i >= d->ntok || d->tok[i].kind != DX_TK_WORD)
    return 0;
  memset(c, 0, sizeof *c);
  c->prep = 1;
  c->first = i;
  if (d->lang == DX_LANG_FR) {
    size_t k = 0;
    if (dx_tok_is(d, i, "selon"))
      k = i + 1;
    else if (dx_tok_is(d, i, "d'") && dx_tok_is(d, i + 1, "après"))
      k = i + 2;
    if (k) {
      /* selon ce qu'a confié X: the verb joins the cue, X follows it */
      dx_cue v;
      c->last = k;
      if (dx_tok_is(d, k, "ce") && (dx_tok_is(d, k + 1, "qu'") || dx_tok_is(d, k + 1, "que")) &&
          dx_cue_verb_at(d, k + 2, &v)) {
        c->last = v.last;
        c->form = v.form;
      }
      return 1;
    }
    /* comme l'a dit X */
    dx_cue v;
    if (dx_tok_is(d, i, "comme") && dx_tok_is(d, i + 1, "l'") && dx_cue_verb_at(d, i + 2, &v)) {
      c->last = v.last;
      c->form = v.form;
      return 1;
    }
    if (sentence_start && dx_tok_is(d, i, "pour")) {
      c->last = i + 1;
      return 1;
    }
    return 0;
  }
  if (dx_tok_is(d, i, "according") && i + 1 < d->ntok && dx_tok_is(d, i + 1, "to")) {
    c->last = i + 2;
    return 1;
  }
  return 0;
}

/* after the verb, le/la/les are determiners; only these are pronouns */
static const char *const fr_object_pronouns[] = {"lui", "leur", "nous", "vous", NULL};
static const char *const en_object_pronouns[] = {"him", "her", "them", "us", "me", "you", NULL};

enum { MAX_OBJECT_WORDS = 8 };

size_t dx_object_end(const dx_doc *d, size_t k, size_t slast) {
  int fr = d->lang == DX_LANG_FR;
  size_t j = k;
  if (dx_tok_is(d, j, fr ? "à" : "to") || (fr && (dx_tok_is(d, j, "au") || dx_tok_is(d, j, "aux"))))
    j++;
  size_t n = dx_name_at(d, j);
  if (n)
    return j + n;
  if (dx_tok_among(d, j, fr ? fr_object_pronouns : en_object_pronouns) && j + 1 < slast &&
      dx_tok_in(d, j + 1, DX_SET_NP_GLUE) < 0)
    return j + 1;
  if (dx_tok_in(d, j, DX_SET_DETERMINERS) < 0 &&
      !(d->lang == DX_LANG_EN && dx_tok_in(d, j, DX_SET_ROLE_NOUNS) >= 0))
    return k;
  size_t start = j++;
  while (j < slast && j - start < MAX_OBJECT_WORDS && d->tok[j].kind == DX_TK_WORD &&
         (dx_tok_in(d, j, DX_SET_STOPWORDS) < 0 || dx_tok_in(d, j, DX_SET_NP_GLUE) >= 0))
    j++;
  return j;
}

