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
#include "lexicon_tables.h"



/* The forms of avoir that take an inverted pronoun (a-t-il, ont-ils). */
static const char *const have_inverted[] = {"a", "ont", "avait", "avaient", "aurait",
                                            "auraient", "aura", NULL};

/* Is w (n bytes of a folded word, which holds no NUL) in the list? */
static int in_list(const char *const *list, const char *w, size_t n) {
  for (; *list; list++) {
    const char *l = *list;
    size_t k = 0;
    while (k < n && l[k] == w[k]) /* l's NUL ends it */
      k++;
    if (k == n && l[n] == '\0')
      return 1;
  }
  return 0;
}

int dx_pronoun_at(const dx_doc *d, size_t i) {
  if (i >= d->ntok || d->tok[i].kind != DX_TK_WORD)
    return 0;
  int v = dx_tok_in(d, i, DX_SET_PRONOUNS);
  return v >= 0 ? v + 8 : 0;
}

/* Splits an inverted pronoun off a folded French verb (précise-t-il →
 * précise, il): returns the verb's length and the pronoun's gender + 8.
 * The pronoun is what follows the word's last hyphen (no pronoun holds
 * one): read from there, where a walk over ten suffixes compared each. */
static size_t strip_inversion(const char *w, size_t n, int *pron, size_t *suffix_len) {
  static const char *const pronouns[] = {"il", "elle", "ils", "elles", "on", NULL};
  enum { LONGEST = 5 }; /* elles */
  *pron = 0;
  *suffix_len = 0;
  size_t h = n; /* the last hyphen, within reach of the end */
  for (size_t j = n; j > 0 && n - j <= LONGEST; j--)
    if (w[j - 1] == '-') {
      h = j - 1;
      break;
    }
  if (h == 0 || n - h < 3 || !in_list(pronouns, w + h + 1, n - h - 1))
    return n;
  const char *p = w + h + 1;
  size_t k = n - h; /* -il, or -t-il when a verb stands before the t */
  if (h > 2 && w[h - 1] == 't' && w[h - 2] == '-')
    k += 2;
  int g = p[0] == 'i' ? DX_GENDER_MASC : p[0] == 'e' ? DX_GENDER_FEM : DX_GENDER_UNKNOWN;
  *pron = (g | (w[n - 1] == 's' ? DX_NUMBER_PLURAL : 0)) + 8;
  *suffix_len = k;
  return n - k;
}

int dx_inverted_pronoun(const dx_doc *d, size_t i) {
  if (d->lang != DX_LANG_FR)
    return 0;
  size_t n, suffix;
  int pron;
  const char *w = dx_tok_folded(d, i, &n);
  strip_inversion(w, n, &pron, &suffix);
  return suffix != 0;
}

typedef struct word {
  const char *s;   /* folded */
  size_t n;        /* folded length without an inverted pronoun */
  int pron;
  size_t suffix;   /* bytes of the pronoun suffix in the folded word */
  const dx_word_info *info; /* the token's lexicon record, or NULL */
  const dx_cue_form *cue;
} word;

static int read_word(const dx_doc *d, size_t i, word *w) {
  size_t n;
  w->s = dx_tok_folded(d, i, &n);
  if (!n)
    return 0;
  w->n = n;
  w->pron = 0;
  w->suffix = 0;
  w->info = dx_tok_info(d, i);
  if (d->lang == DX_LANG_FR && d->tok[i].hyphen)
    w->n = strip_inversion(w->s, n, &w->pron, &w->suffix);
  /* an inverted form (précise-t-il) is looked up without its pronoun; any
   * other word was looked up once already */
  if (w->suffix)
    w->cue = dx_cue_lookup(d->lang, w->s, w->n);
  else
    w->cue = w->info && w->info->cue ? dx_word_cue(d->lang, w->info) : NULL;
  return 1;
}

static void set_pron(const dx_doc *d, size_t i, const word *w, dx_cue *c) {
  if (!w->pron)
    return;
  c->pron = w->pron;
  /* folding keeps byte lengths for the ASCII suffix */
  c->pron_end = d->tok[i].end;
  c->pron_start = c->pron_end - w->suffix + (w->suffix > 3 && w->s[w->n + 1] == 't' ? 3 : 1);
}

/* Does the phrase (words separated by spaces) match the tokens from i?
 * Returns the number of tokens it covers, or 0.  Compared in place, byte by
 * byte: most tries fail on a word's first byte. */
static size_t phrase_at(const dx_doc *d, size_t i, size_t limit, const char *phrase) {
  size_t k = i;
  for (;;) {
    if (k >= limit)
      return 0;
    size_t m;
    const char *f = dx_tok_folded(d, k, &m);
    if (phrase[0] == ',' && (phrase[1] == ' ' || phrase[1] == '\0')) {
      if (d->tok[k].kind != DX_TK_PUNCT || dx_tok_cp(&d->tok[k]) != ',')
        return 0;
      m = 1;
    } else {
      if (!m)
        return 0;
      for (size_t j = 0; j < m; j++) /* a folded word holds no NUL */
        if (phrase[j] != f[j])
          return 0;
    }
    phrase += m;
    k++;
    if (*phrase == '\0')
      return k - i;
    if (*phrase != ' ')
      return 0;
    phrase++;
  }
}

/* The phrase of adverb group `group` that starts at token i: the number
 * of tokens it covers, or 0. */
static size_t adverb_phrase_at(const dx_doc *d, size_t i, size_t limit, int group) {
  for (const char *const *p = dx_adverb_phrases(d->lang, group); *p; p++) {
    size_t covered = phrase_at(d, i, limit, *p);
    if (covered)
      return covered;
  }
  return 0;
}

/* The adverb or adverbial phrase at token i (data/<lang>/adverbs.tsv): the
 * number of tokens it covers, or 0.  Most words start none, and the set
 * says so in one read; inline, as the adverbs are sought at every word
 * before a passage. */
static inline size_t adverb_at(const dx_doc *d, size_t i, size_t limit) {
  int v;
  if (dx_is_punct(d, i, ',')) {
    /* ", lui ," ", de son côté ,": a comma starts a phrase only before a
     * word of one; most commas are followed by none */
    if (i + 1 >= limit || !dx_may_be_adverb(d, i + 1))
      return 0; /* the set holds the words that follow the comma of one */
    v = 2;
  } else {
    v = dx_may_be_adverb(d, i) ? dx_tok_in(d, i, DX_SET_ADVERBS) : -1;
  }
  if (v < 0)
    return 0;
  if ((v & 2) && i + 1 < limit) { /* a phrase has two tokens or more */
    size_t covered = adverb_phrase_at(d, i, limit, v >> 2);
    if (covered)
      return covered;
  }
  return (v & 1) ? 1 : 0;
}

enum { MAX_ADVERBS = 3 };

size_t dx_skip_adverbs_at(const dx_doc *d, size_t i, size_t limit) {
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
    /* le Journal du dimanche, the Sunday Times: after an article or a
     * "de" the word is a noun of a name, no adverb */
    if (!found || (i - found > floor && (dx_tok_in(d, i - found - 1, DX_SET_NP_GLUE) >= 0 ||
                                          dx_tok_in(d, i - found - 1, DX_SET_DETERMINERS) >= 0)))
      break;
    i -= found;
  }
  return i;
}

/* The multiword cues that start with a word, as its record tells: the run
 * info->phrase … of its language's phrase list, which
 * dx_cue_phrase_lookup() would find by hashing the word once more.
 * Returns their number and points *out at the first. */
static size_t record_phrases(dx_lang lang, const dx_word_info *info, const dx_cue_phrase **out) {
  const dx_lex_lang *t = lang == DX_LANG_FR ? &dx_lex_fr : lang == DX_LANG_EN ? &dx_lex_en : NULL;
  if (!t || !info || !info->nphrase)
    return 0;
  *out = t->phrase_list + info->phrase;
  return info->nphrase;
}

/* A multiword cue starting with the word at token k (fait savoir, mis en
 * garde, point out): its form, with *last set past its final word; else
 * the word's own cue form, with *last = k + 1. */
static const dx_cue_form *lookup_at(const dx_doc *d, size_t k, const word *w, size_t *last) {
  const dx_cue_phrase *ph = NULL;
  size_t n = w->suffix ? dx_cue_phrase_lookup(d->lang, w->s, w->n, &ph)
                       : record_phrases(d->lang, w->info, &ph);
  /* the rest's words are folded, as the tokens', and most differ from
   * the next word in their first byte */
  size_t m;
  const char *next = dx_tok_folded(d, k + 1, &m);
  for (size_t p = 0; p < n; p++) {
    if (m && ph[p].rest[0] != next[0])
      continue;
    size_t covered = phrase_at(d, k + 1, d->ntok, ph[p].rest);
    if (covered) {
      *last = k + 1 + covered;
      return &ph[p].cue;
    }
  }
  *last = k + 1;
  return w->cue;
}

/* Clinton's, Clinton’s: a word that ends in a possessive. */
static int possessive(const dx_doc *d, size_t i) {
  size_t n;
  const char *f = dx_tok_folded(d, i, &n);
  return d->lang == DX_LANG_EN && n > 2 && f[n - 2] == '\'' && f[n - 1] == 's';
}

int dx_aux_may_start_verb_cue(const dx_doc *d, size_t i) {
  switch (dx_tok_in(d, i, DX_SET_AUXILIARIES)) {
  case DX_AUX_HAVE: /* a déclaré, a pour sa part déclaré, has also said, a, lui, dit */
    return dx_cue_word(d, i + 1) || dx_is_punct(d, i + 1, ',') ||
           dx_may_be_adverb(d, i + 1);
  case DX_AUX_REFLEXIVE: /* se dit, s'est dit */
    return dx_cue_word(d, i + 1) || dx_tok_in(d, i + 1, DX_SET_AUXILIARIES) >= 0;
  default: /* a passive: ils sont accusés (dx_passive_cue_at) */
    return 0;
  }
}

int dx_read_cue_verb(const dx_doc *d, size_t i, dx_cue *c) {
  /* dx_may_start_verb_cue() has read the bits of i's record: a word that
   * is no auxiliary, starts no phrase and has no inverted pronoun is a
   * finite or gerund cue form */
  word w;
  if (!read_word(d, i, &w))
    return 0;
  memset(c, 0, sizeof *c);
  c->first = i;
  size_t k = i;
  /* French reflexives: se dit, s'est dit, s'inquiète */
  int reflexive = 0;
  if (dx_tok_in(d, k, DX_SET_AUXILIARIES) == DX_AUX_REFLEXIVE) {
    if (!read_word(d, ++k, &w))
      return 0;
    reflexive = 1;
  }
  int aux = dx_tok_in(d, k, DX_SET_AUXILIARIES);
  if (w.suffix) /* a-t-il: the auxiliary behind its pronoun */
    aux = in_list(have_inverted, w.s, w.n) ? DX_AUX_HAVE : -1;
  if (aux == DX_AUX_BE && !reflexive)
    return 0; /* passive: ils sont accusés, he was told */
  if (aux == DX_AUX_HAVE || aux == DX_AUX_BE) {
    size_t aux_tok = k;
    word a = w;
    size_t p = dx_skip_adverbs(d, k + 1, d->ntok);
    if (d->lang == DX_LANG_EN && p < d->ntok && dx_tok_is(d, p, "not"))
      return 0; /* "has not said" reports nothing */
    word v;
    if (!read_word(d, p, &v))
      return 0;
    size_t last;
    const dx_cue_form *f = lookup_at(d, p, &v, &last);
    if (!f || !(f->forms & DX_FORM_PARTICIPLE))
      goto finite; /* "a" may be the verb "avoir"; try the word itself */
    c->form = f;
    c->last = last;
    set_pron(d, aux_tok, &a, c);
    return 1;
  }
finite:;
  size_t last;
  const dx_cue_form *f = lookup_at(d, k, &w, &last);
  if (!f || !(f->forms & (DX_FORM_FINITE | DX_FORM_GERUND)))
    return 0;
  /* after a determiner or a possessive the word is a noun: the report, le
   * communiqué, Clinton's statement */
  if (k == i && i > 0 && (dx_tok_in(d, i - 1, DX_SET_DETERMINERS) >= 0 || possessive(d, i - 1)))
    return 0;
  /* English: "said" alone is finite; French participles need an auxiliary */
  c->form = f;
  c->last = last;
  set_pron(d, k, &w, c);
  return 1;
}

int dx_passive_cue_at(const dx_doc *d, size_t i, dx_cue *c) {
  if (dx_tok_in(d, i, DX_SET_AUXILIARIES) != DX_AUX_BE)
    return 0;
  size_t p = dx_skip_adverbs(d, i + 1, d->ntok);
  word v;
  if (!read_word(d, p, &v))
    return 0;
  size_t last;
  const dx_cue_form *f = lookup_at(d, p, &v, &last);
  if (!f || !(f->forms & DX_FORM_PARTICIPLE))
    return 0;
  memset(c, 0, sizeof *c);
  c->first = i;
  c->last = last;
  c->form = f;
  return 1;
}

int dx_cue_prep_at(const dx_doc *d, size_t i, int sentence_start, dx_cue *c) {
  /* dx_prep_spelled_at() lists the spellings below: a new one goes there
   * first, or it is never reached here nor by the cue scan (reported.c) */
  if (!dx_may_start_prep(d, i) || !dx_prep_spelled_at(d, i))
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

int dx_second_complement(const dx_doc *d, size_t k) {
  static const char *const and_words[] = {"et", "and", NULL};
  static const char *const que[] = {"que", "qu'", "that", NULL};
  return dx_tok_among(d, k, and_words) && dx_tok_among(d, k + 1, que);
}

int dx_is_to(const dx_doc *d, size_t k) {
  if (d->lang != DX_LANG_FR)
    return dx_tok_is(d, k, "to");
  return dx_tok_is(d, k, "à") || dx_tok_is(d, k, "au") || dx_tok_is(d, k, "aux");
}

size_t dx_object_end(const dx_doc *d, size_t k, size_t slast, int bare) {
  int fr = d->lang == DX_LANG_FR;
  size_t j = k;
  /* au, aux: the preposition holds the article (aux enquêteurs) */
  int article = fr && (dx_tok_is(d, j, "au") || dx_tok_is(d, j, "aux"));
  if (dx_is_to(d, j))
    j++;
  else if (!bare)
    return k;
  size_t n = dx_name_at(d, j);
  if (n)
    return j + n;
  if (dx_tok_among(d, j, fr ? fr_object_pronouns : en_object_pronouns) && j + 1 < slast &&
      dx_tok_in(d, j + 1, DX_SET_NP_GLUE) < 0)
    return j + 1;
  if (dx_tok_in(d, j, DX_SET_DETERMINERS) < 0 && !(article && j < slast && d->tok[j].kind == DX_TK_WORD) &&
      !(d->lang == DX_LANG_EN && dx_tok_in(d, j, DX_SET_ROLE_NOUNS) >= 0))
    return k;
  size_t start = j++;
  while (j < slast && j - start < MAX_OBJECT_WORDS && d->tok[j].kind == DX_TK_WORD &&
         (dx_tok_in(d, j, DX_SET_STOPWORDS) < 0 || dx_tok_in(d, j, DX_SET_NP_GLUE) >= 0)) {
    /* told the council the budget…: a second article starts a new phrase
     * unless "of" or "de" ties it to the first */
    if (j > start + 1 && dx_tok_in(d, j, DX_SET_DETERMINERS) >= 0 &&
        dx_tok_in(d, j - 1, DX_SET_PREPOSITIONS) < 0)
      break;
    j++;
  }
  return j;
}

