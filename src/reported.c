/*
 * reported.c — indirect and mixed quotations: paraphrase introduced by a
 * cue, with or without quoted fragments.
 *
 * Four constructions cover most of what the press reports:
 *   X a déclaré que CONTENT / X said (that) CONTENT      complement clause
 *   Selon X, CONTENT / According to X, CONTENT           source first
 *   CONTENT, a déclaré X / CONTENT, selon X / …, he said  cue last
 *   X a promis de CONTENT / X called on Y to CONTENT      infinitive
 * The content runs to the end of the reported clause: the sentence's end, a
 * semicolon or colon, or a comma that opens another cue.  A content that
 * holds a quoted passage is a mixed quotation and takes the passage with
 * it; a content that begins with a passage is left to the direct stage
 * (X a déclaré : « … » is a direct quotation).
 */
#include <string.h>

#include "attribution.h"
#include "cues.h"
#include "lexicon_tables.h"

enum {
  MIN_CONTENT_WORDS = 2,
  MAX_INCISE_TAIL = 6,  /* words after an incise's speaker: à l'AFP, mardi soir */
  MAX_PAREN = 8,        /* tokens of a parenthesis after a name: (R-S.C.), (LR) */
  MAX_APPOSITION = 8,   /* Pour X, l'avocat de Y, « … »: words of an apposition */
  MAX_INSERTION = 16,   /* tokens of an adverbial between a cue and "que" */
  MIN_BARE_CLAUSE = 4,  /* words of a clause after "said" without "that" */
  MIN_SUBJECT_CLAUSE = 3, /* … when it opens with a subject pronoun */
  MIN_NP_CONTENT = 3,   /* words of a noun phrase reported as content */
  NAMING_REACH = 4,     /* a passage this close to a noun names it: l'opération
                           « Ciel clair », des « blocages » */
  MIN_FRAGMENT_WORDS = 3, /* words of a quoted fragment that carries a sentence */
  MAX_PREP_PHRASE = 7,  /* tokens of "sur la RTBF" before "que" */
  MAX_SOURCE = 16,      /* tokens of the source after "selon" */
  MAX_CONTENT_PAREN = 64 /* tokens of a parenthesis that ends a content */
};

static const dx_who NO_ONE = {-1, 0, 0};

/* que, qu', that (and with question si, whether, if).  Inline: the
 * search for a complement past an insertion asks it of every word. */
static inline int is_complementiser(const dx_doc *d, size_t i, int question) {
  if (d->lang == DX_LANG_FR)
    return dx_tok_is(d, i, "que") || dx_tok_is(d, i, "qu'") ||
           (question && (dx_tok_is(d, i, "si") || dx_tok_is(d, i, "s'")));
  return dx_tok_is(d, i, "that") || (question && (dx_tok_is(d, i, "whether") || dx_tok_is(d, i, "if")));
}

/* Skips a passage that opens at k: returns the token after it. */
static size_t step_over_passage(const dx_doc *d, size_t k) {
  if (dx_tok_pair(&d->tok[k]) >= 0) {
    size_t a = dx_after_passage(d, &d->pair[dx_tok_pair(&d->tok[k])]);
    return a > k ? a : k + 1;
  }
  return k + 1;
}

/* Inline: every loop over a sentence's tokens steps, and most tokens
 * open no passage. */
static inline size_t step(const dx_doc *d, size_t k) {
  return d->tok[k].kind == DX_TK_OPEN ? step_over_passage(d, k) : k + 1;
}

static int ends_soon(const dx_doc *d, size_t k, size_t slast);

/* Does a new cue start right after the comma at k (…, a-t-il ajouté /
 * …, selon X / …, ajoutant que / …, « … »)? */
static int cue_follows(const dx_doc *d, size_t k, size_t slast) {
  size_t n = k + 1;
  if (n >= slast)
    return 0;
  if (d->tok[n].kind == DX_TK_OPEN) /* …, « … »: a quotation of its own */
    return 1;
  dx_cue c;
  if (dx_cue_prep_at(d, n, 0, &c))
    return 1;
  if (dx_tok_is(d, n, "tout") && dx_tok_is(d, n + 1, "en"))
    n += 2;
  if (dx_cue_verb_at(d, n, &c))
    return 1;
  /* ", he said" / ", X said" / ", a spokeswoman said in an email." */
  for (size_t j = n + 1; j < slast && j <= n + 4; j++) {
    if (d->tok[j].kind != DX_TK_WORD)
      break;
    if (!dx_cue_verb_at(d, j, &c) || !(c.form->forms & DX_FORM_FINITE) || j + 1 >= slast)
      continue;
    size_t t = dx_skip_adverbs(d, c.last, slast);
    if (t >= slast || dx_is_punct(d, t, '.') || dx_is_punct(d, t, ',') ||
        (dx_tok_in(d, t, DX_SET_PREPOSITIONS) >= 0 && ends_soon(d, t, slast)))
      return 1;
  }
  return 0;
}

/* « … aujourd'hui. » « Il y a… »: a passage that opens with a capital
 * right after another one closes starts a quotation of its own. */
static int new_quotation_at(const dx_doc *d, size_t k) {
  return d->tok[k].kind == DX_TK_OPEN && k > 0 && d->tok[k - 1].kind == DX_TK_CLOSE &&
         k + 1 < d->ntok && (d->tok[k + 1].flags & DX_TF_CAP);
}

static const char *const relatives_after[] = {"que", "qu'", "qui", "dont", "which", "who", NULL};
static const char *const glosses_after[] = {"which", "who", "whose", "while", "although", "though",
                                            "but", NULL};

/* The key of a folded word f of m >= 1 bytes: m, then its first four
 * bytes (the first lowest) cut to its length.  push() leaves room past
 * every folded word, so the four are there to read; a word of more than
 * four bytes has a key no shorter one has, whatever its cut. */
static inline uint64_t short_key(const char *f, size_t m) {
  uint32_t w = (uint32_t)(unsigned char)f[0] | (uint32_t)(unsigned char)f[1] << 8 |
               (uint32_t)(unsigned char)f[2] << 16 | (uint32_t)(unsigned char)f[3] << 24;
  return (uint64_t)m << 32 | (w & (UINT32_MAX >> ((32 - 8 * m) & 31)));
}

/* Is word k one of et, and, mais, but, tout, the words word_ends_clause()
 * reads further?  Asked of every word of a clause: one key compared with
 * five and no branch taken, where a dx_tok_is() for each word branched on
 * first bytes as common as a, t, e, m and b. */
static inline int clause_turn_word(const dx_doc *d, size_t k) {
  static const uint64_t turns[] = {
      (uint64_t)2 << 32 | 'e' | 't' << 8,                          /* et */
      (uint64_t)3 << 32 | 'a' | 'n' << 8 | 'd' << 16,              /* and */
      (uint64_t)3 << 32 | 'b' | 'u' << 8 | 't' << 16,              /* but */
      (uint64_t)4 << 32 | 'm' | 'a' << 8 | 'i' << 16 | (uint32_t)'s' << 24, /* mais */
      (uint64_t)4 << 32 | 't' | 'o' << 8 | 'u' << 16 | (uint32_t)'t' << 24, /* tout */
  };
  size_t m;
  const char *f = dx_tok_folded(d, k, &m);
  if (!m) /* too long to be folded: maybe nothing to read */
    return 0;
  uint64_t key = short_key(f, m);
  return (key == turns[0]) | (key == turns[1]) | (key == turns[2]) | (key == turns[3]) |
         (key == turns[4]);
}

/* Does word k end a reported clause, the speaker going on with words or
 * deeds of his own? */
static int word_ends_clause(const dx_doc *d, size_t k, size_t slast, int quoted) {
  if (!clause_turn_word(d, k))
    return 0;
  /* tout en mettant…: a gerund clause is the speaker's, not reported */
  if (dx_tok_is(d, k, "tout"))
    return dx_tok_is(d, k + 1, "en") && k + 2 < slast;
  /* the four others: et, and, mais, but */
  /* … et a exprimé des inquiétudes, … mais a reconnu, … and added: the
   * speaker's next act of speech (but "and would not pass" goes on with
   * what was said) */
  dx_cue next;
  if (k + 1 < slast && dx_cue_verb_at(d, k + 1, &next))
    return 1;
  /* « … » existe déjà et que « … »: after a quoted fragment, a second
   * complement that opens with marks is a quotation of its own */
  return quoted && k + 2 < slast && dx_second_complement(d, k) && d->tok[k + 2].kind == DX_TK_OPEN;
}

/* The end (exclusive token) of a reported clause starting at k. */
static size_t clause_end(const dx_doc *d, size_t k, size_t slast) {
  int quoted = 0; /* the clause has quoted a fragment already */
  while (k < slast) {
    const dx_tok *t = &d->tok[k];
    /* most tokens are words, and the tests of marks and punctuation
     * below are not theirs */
    if (t->kind == DX_TK_WORD) {
      if (word_ends_clause(d, k, slast, quoted))
        break;
      k++;
      continue;
    }
    if (t->kind == DX_TK_PARA)
      break;
    /* a period inside a sentence is an abbreviation's (U.S., M. Dupont):
     * the sentence's own end bounds the clause */
    if (t->kind == DX_TK_PUNCT && (dx_tok_cp(t) == ';' || dx_tok_cp(t) == ':' ||
                                   ((dx_tok_cp(t) == '.' || dx_tok_cp(t) == '?' || dx_tok_cp(t) == '!') &&
                                    k + 1 >= slast)))
      break;
    /* Business France, ou certains de ses salariés, « pourraient être… »:
     * a passage in lower case that gives the clause its verb goes on with
     * it; after a first fragment, ", « …" starts another quotation */
    if (t->kind == DX_TK_PUNCT && dx_tok_cp(t) == ',' && k + 2 < slast &&
        d->tok[k + 1].kind == DX_TK_OPEN && !quoted && d->tok[k + 2].kind == DX_TK_WORD &&
        !(d->tok[k + 2].flags & DX_TF_CAP)) {
      k++;
      continue;
    }
    if (t->kind == DX_TK_OPEN)
      quoted = 1;
    if (t->kind == DX_TK_PUNCT && dx_tok_cp(t) == ',' && cue_follows(d, k, slast))
      break;
    /* English: …the cooperation of Bryan Pagliano, who worked on…; …sign
     * NDAs, though she did not…; …, but: a clause set off by a comma after
     * what was said is most often the writer's (so news annotation reads
     * it, two times in three) */
    if (d->lang == DX_LANG_EN && t->kind == DX_TK_PUNCT && dx_tok_cp(t) == ',' &&
        k + 1 < slast && dx_tok_among(d, k + 1, glosses_after))
      break;
    if (new_quotation_at(d, k))
      break;
    int passage = t->kind == DX_TK_OPEN;
    k = step(d, k);
    /* was "corrupt," noting that…: a fragment that ends on a comma, then
     * the speaker's next cue */
    dx_cue next;
    if (passage && k < slast && k >= 2 && d->tok[k - 1].kind == DX_TK_CLOSE &&
        dx_is_punct(d, k - 2, ',') && dx_cue_verb_at(d, k, &next))
      break;
    /* « … » que le journal…: a relative right after a quoted fragment is the
     * writer's; « … » et Louis Dreyfus…: so is a new subject after "et" */
    if (passage && k < slast &&
        (dx_tok_among(d, k, relatives_after) ||
         ((dx_tok_is(d, k, "et") || dx_tok_is(d, k, "and") || dx_tok_is(d, k, "mais") ||
           dx_tok_is(d, k, "but")) &&
          (dx_mention_at(d, k + 1) >= 0 || dx_tok_in(d, k + 1, DX_SET_DETERMINERS) >= 0))))
      break;
  }
  return k;
}

/* The clause_end() of one token, kept: complement() may ask it of the
 * same token in its conditions and then for its report. */
typedef struct clause_memo {
  size_t from, end; /* from == SIZE_MAX: none kept yet */
} clause_memo;

static size_t clause_end_kept(const dx_doc *d, clause_memo *m, size_t k, size_t slast) {
  if (m->from != k) {
    m->from = k;
    m->end = clause_end(d, k, slast);
  }
  return m->end;
}

/* Where a clause that ends at a cue begins: after the last ; or : before
 * it, and past the connectors and adverbial that open the sentence. */
size_t dx_clause_start(const dx_doc *d, size_t sfirst, size_t end) {
  size_t start = sfirst, before_dash = SIZE_MAX;
  for (size_t k = sfirst; k < end; k = step(d, k)) {
    if (d->tok[k].kind == DX_TK_WORD) /* most tokens: no dash, colon nor mark */
      continue;
    if (dx_is_dash(d, k) && before_dash != SIZE_MAX) {
      /* the closing dash of an aside (the largest share - $5.1 million -
       * went to Ohio): the clause goes on from before it */
      start = before_dash;
      before_dash = SIZE_MAX;
    } else if (dx_is_dash(d, k)) {
      before_dash = start;
      start = k + 1;
    } else if (dx_is_punct(d, k, ':')) {
      start = k + 1;
      before_dash = SIZE_MAX;
    } else if (new_quotation_at(d, k)) {
      start = k;
      before_dash = SIZE_MAX;
    }
  }
  while (start < end && dx_tok_in(d, start, DX_SET_CONNECTORS) >= 0)
    start++;
  if (start < end && dx_is_punct(d, start, ','))
    start++;
  return start;
}

static size_t count_words(const dx_doc *d, size_t from, size_t to) {
  size_t n = 0;
  for (size_t k = from; k < to; k++)
    n += d->tok[k].kind == DX_TK_WORD;
  return n;
}

/* count_words(d, from, to) >= n, read only as far as the n-th word: a
 * clause's first words most often settle it. */
static int has_words(const dx_doc *d, size_t from, size_t to, size_t n) {
  for (size_t k = from; k < to && n > 0; k++)
    n -= d->tok[k].kind == DX_TK_WORD;
  return n == 0;
}

static int all_capitalised(const dx_doc *d, size_t from, size_t to);

/* on NBC's "Meet the Press": is the passage opening at k a title (its
 * words capitalised), which an insertion may hold? */
static int quoted_title(const dx_doc *d, size_t k) {
  int32_t pi = dx_tok_pair(&d->tok[k]);
  return pi >= 0 && d->pair[pi].close_tok > k + 1 &&
         (d->tok[k + 1].flags & DX_TF_CAP) && all_capitalised(d, k + 1, d->pair[pi].close_tok);
}

/* a informé son homologue du non-respect de l'accord: where "de" turns
 * from the object (the addressee) to what it was told, within the noun
 * phrase [k, obj_end] after the cue, or SIZE_MAX (le ministre de
 * l'Intérieur: a name's "de" stays in the object). */
static size_t object_de(const dx_doc *d, size_t k, size_t obj_end, size_t slast) {
  static const char *const de[] = {"de", "du", "des", "d'", NULL};
  if (dx_tok_in(d, k, DX_SET_DETERMINERS) < 0)
    return SIZE_MAX;
  for (size_t j = k + 2; j <= obj_end && j + 1 < slast; j++)
    if (dx_tok_among(d, j, de)) {
      size_t w = dx_tok_in(d, j + 1, DX_SET_DETERMINERS) >= 0 ? j + 2 : j + 1;
      if (w < slast && !(d->tok[w].flags & DX_TF_CAP))
        return j;
    }
  return SIZE_MAX;
}

/* said at least 12 people…: "at" opens a number, not a prepositional
 * phrase. */
static int at_least(const dx_doc *d, size_t k) {
  static const char *const bounds[] = {"least", "most", NULL};
  return dx_tok_is(d, k, "at") && dx_tok_among(d, k + 1, bounds);
}

/* Does the quoted passage opening at k begin a paraphrase that goes on past
 * its closing mark, in the same clause (a dit « regretter » la décision)?
 * What follows the mark must read as more of the clause: not a
 * preposition (« non » à la presse: an addressee), a connector (and, mais:
 * a clause of its own), a cue or punctuation; and the passage must not end
 * on its own punctuation ("It failed," adding that…). */
static int runs_on_past_marks(const dx_doc *d, size_t k, size_t slast) {
  if (k >= slast || d->tok[k].kind != DX_TK_OPEN)
    return 0;
  int32_t pi = dx_tok_pair(&d->tok[k]);
  if (pi < 0)
    return 0;
  size_t close = d->pair[pi].close_tok, next = close + 1;
  dx_cue cue;
  return next < slast && d->tok[next].kind == DX_TK_WORD &&
         d->tok[close - 1].kind != DX_TK_PUNCT && /* "…," adding that: the quote ended */
         dx_tok_in(d, next, DX_SET_PREPOSITIONS) < 0 && dx_tok_in(d, next, DX_SET_CONNECTORS) < 0 &&
         !dx_cue_verb_at(d, next, &cue);
}

/* Punctuation that ends a clause rather than belongs to its last word. */
static int ends_clause(int32_t c) {
  return c == ',' || c == ';' || c == ':' || c == '.' || c == '!' || c == '?' || c == 0x2026 ||
         c == '-' || c == 0x2013 || c == 0x2014;
}

/* Adds the quotation [c0, c1) (tokens) unless it is a direct one in
 * disguise or overlaps what this sentence already reported. */
static void report(dx_doc *d, size_t c0, size_t c1, const dx_cue *cue, dx_who who,
                   dx_who to, uint8_t *claimed, size_t first_cand) {
  /* clause punctuation and a parenthesis closed after the content (but
   * 10 %, 5 $, (LR) keep their sign) */
  while (c1 > c0 && d->tok[c1 - 1].kind == DX_TK_PUNCT &&
         (ends_clause(dx_tok_cp(&d->tok[c1 - 1])) ||
          (dx_tok_cp(&d->tok[c1 - 1]) == ')' && dx_paren_open(d, c1 - 1, c0, MAX_CONTENT_PAREN) == SIZE_MAX)))
    c1--;
  while (c0 < c1 && d->tok[c0].kind == DX_TK_PUNCT) /* symbols, stray dashes before it */
    c0++;
  if (c1 <= c0 || !has_words(d, c0, c1, MIN_CONTENT_WORDS))
    return;
  /* « … » right after the cue (X a déclaré que « … »), or closing a
   * content that introduced it (…, il a été établi que « … », selon X):
   * a direct quotation */
  int32_t direct = -1;
  if (d->tok[c0].kind == DX_TK_OPEN) {
    /* unless words go on past its closing mark: « regretter » la décision */
    direct = dx_tok_pair(&d->tok[c0]);
    if (direct >= 0 && runs_on_past_marks(d, c0, c1))
      direct = -1;
  } else if (d->tok[c1 - 1].kind == DX_TK_CLOSE) {
    int32_t p = dx_tok_pair(&d->tok[c1 - 1]);
    size_t o = d->pair[p].open_tok;
    if (o >= c0 + 3 && dx_second_complement(d, o - 2))
      c1 = o - 2; /* que A et que « B »: A here, B a direct quotation of its own (quotes.c) */
    else if (o > c0 && (dx_tok_is(d, o - 1, "que") || dx_tok_is(d, o - 1, "qu'") ||
                        dx_tok_is(d, o - 1, "that") || dx_is_punct(d, o - 1, ':')))
      direct = p;
  }
  size_t start = d->tok[c0].start, end = d->tok[c1 - 1].end;
  if (direct >= 0) {
    start = d->pair[direct].start;
    end = d->pair[direct].end;
  }
  for (size_t c = first_cand; c < d->ncand; c++)
    if (d->cand[c].keep && d->cand[c].start < end && start < d->cand[c].end)
      return;
  /* the first passage the content holds, if any: as no passage opens
   * before it, the walks with step() below reach it too */
  size_t first_open = c1;
  for (size_t k = c0; k < c1 && direct < 0; k++)
    if (d->tok[k].kind == DX_TK_OPEN && dx_tok_pair(&d->tok[k]) >= 0) {
      first_open = k;
      break;
    }
  int mixed = first_open < c1;
  dx_cand *c = DX_PUSH(d, d->cand, d->ncand, d->cap_cand);
  if (!c)
    return;
  memset(c, 0, sizeof *c);
  c->type = direct >= 0 ? DX_QUOTE_DIRECT : mixed ? DX_QUOTE_MIXED : DX_QUOTE_INDIRECT;
  c->keep = 1;
  c->start = start;
  c->end = end;
  c->pair = direct;
  c->parent = -1;
  c->via = -1;
  c->cue_start = d->tok[cue->first].start;
  c->cue_end = d->tok[cue->last - 1].end;
  c->cue_lemma = cue->form ? cue->form->lemma : NULL;
  c->speaker = who.ent;
  c->sp_start = who.start;
  c->sp_end = who.end;
  c->addressee = to.ent;
  c->ad_start = to.start;
  c->ad_end = to.end;
  if (direct >= 0)
    claimed[direct] = 2;
  else
    for (size_t k = first_open; k < c1; k = step(d, k))
      if (d->tok[k].kind == DX_TK_OPEN && dx_tok_pair(&d->tok[k]) >= 0)
        claimed[dx_tok_pair(&d->tok[k])] = 1;
}

static dx_who subject_of(dx_doc *d, const dx_cue *c, size_t sfirst, size_t slast) {
  if (c->pron)
    return dx_resolve_pronoun(d, c->pron, c->first, c->pron_start, c->pron_end);
  if ((c->form->forms & DX_FORM_GERUND) && !(c->form->forms & DX_FORM_FINITE)) {
    /* ajoutant que…: the main clause's speaker, known once the sentence
     * is done */
    dx_who w = {DX_CARRIED, 0, 0};
    return w;
  }
  return dx_speaker_before(d, c->first, sfirst);
}

/* Prepositions that open a phrase between a cue and its "que". */
static const char *const fr_insert_preps[] = {"sur", "dans", "devant", "lors", "en", "depuis",
                                              "pendant", "à", "au", "aux", "auprès", "face",
                                              "lundi", "mardi", "mercredi", "jeudi", "vendredi",
                                              "samedi", "dimanche", "hier", "mardi", NULL};
static const char *const en_insert_preps[] = {"on", "in", "at", "during", "to", "before",
                                              "after", "last", "monday", "tuesday", "wednesday",
                                              "thursday", "friday", "saturday", "sunday",
                                              "yesterday", "today", "tonight", NULL};

/* Is token k (after de, d', à, to) an infinitive?  French infinitives end
 * in -er, -ir, -re or -oir, maybe behind a clitic (de ne pas, de s'en
 * prendre); after English "to" any word but a determiner. */
static int infinitive_at(const dx_doc *d, size_t k) {
  if (k >= d->ntok || d->tok[k].kind != DX_TK_WORD)
    return 0;
  if (d->lang == DX_LANG_EN)
    return dx_tok_in(d, k, DX_SET_DETERMINERS) < 0 && !dx_name_at(d, k);
  static const char *const clitics[] = {"ne", "n'", "se", "s'", "le", "la", "les", "l'", "leur",
                                        "lui", "y", "en", "me", "m'", "nous", "vous", NULL};
  for (int hops = 0; hops < 3 && dx_tok_among(d, k, clitics); hops++)
    k++;
  if (dx_tok_is(d, k, "pas") || dx_tok_is(d, k, "plus") || dx_tok_is(d, k, "jamais"))
    k++;
  size_t n;
  const char *buf = dx_tok_folded(d, k, &n);
  if (n < 3)
    return 0;
  const char *e = buf + n;
  return !memcmp(e - 2, "er", 2) || !memcmp(e - 2, "ir", 2) || !memcmp(e - 2, "re", 2);
}

static int is_inf_marker(const dx_doc *d, size_t k) {
  return d->lang == DX_LANG_FR
             ? dx_tok_is(d, k, "de") || dx_tok_is(d, k, "d'") || dx_tok_is(d, k, "à")
             : dx_tok_is(d, k, "to");
}

/* Is there a quoted passage in [from, to) (to may lie past the text)? */
static int holds_passage(const dx_doc *d, size_t from, size_t to) {
  for (size_t k = from; k < to && k < d->ntok; k = step(d, k))
    if (d->tok[k].kind == DX_TK_OPEN)
      return 1;
  return 0;
}

enum { MAX_BARE_SOURCE = 4, MAX_QUALIFIED_SOURCE = 10 };

/* The source after selon / according to: a name or a noun phrase, or a
 * bare plural (according to exit polls, according to show insiders),
 * maybe qualified up to the punctuation that ends it (according to people
 * familiar with the plan, to recent data from comScore). */
static dx_who source_after(dx_doc *d, size_t k, size_t limit) {
  dx_who w = dx_speaker_after(d, k, limit);
  if (w.ent >= 0 || d->lang != DX_LANG_EN)
    return w;
  size_t j = k;
  while (j < limit && j - k < MAX_BARE_SOURCE && d->tok[j].kind == DX_TK_WORD &&
         !(d->tok[j].flags & DX_TF_CAP) && dx_tok_in(d, j, DX_SET_STOPWORDS) < 0)
    j++;
  if (j > k && (j >= limit || d->tok[j].kind != DX_TK_WORD))
    return dx_noun_phrase(d, k, j);
  size_t e = j;
  while (j > k && e < limit && e - k < MAX_QUALIFIED_SOURCE && d->tok[e].kind == DX_TK_WORD)
    e++;
  if (j > k && e - k < MAX_QUALIFIED_SOURCE &&
      (e >= limit || dx_is_punct(d, e, ',') || dx_is_punct(d, e, '.') || dx_is_punct(d, e, ';')))
    return dx_noun_phrase(d, k, e);
  return w;
}

/* said as she marched, said after the vote: an adverbial clause, not the
 * clause that "said" without "that" would introduce. */
static int adverbial_start(const dx_doc *d, size_t k) {
  static const char *const subordinators[] = {"as", "while", "when", "after", "before", "during",
                                              "since", "until", "because", "if", NULL};
  return dx_tok_among(d, k, subordinators);
}

/* Does the clause at k only set the scene for what follows (But to
 * prevent problems, …; If elected, …; When asked, …)? */
static int scene_setting(const dx_doc *d, size_t k) {
  while (k < d->ntok && dx_tok_in(d, k, DX_SET_CONNECTORS) >= 0)
    k++;
  return adverbial_start(d, k) || dx_tok_is(d, k, "to");
}

/* Does [from, to) hold an auxiliary or a modal, the mark of a clause of
 * its own (officials should be vigilant) rather than a phrase in
 * apposition (a figure the unions reject)? */
static int has_finite_verb(const dx_doc *d, size_t from, size_t to) {
  static const char *const modals[] = {"can", "could", "should", "must", "may", "might",
                                       "shall", "cannot", NULL};
  for (size_t k = from; k < to; k++)
    if (dx_tok_in(d, k, DX_SET_AUXILIARIES) >= 0 || dx_tok_among(d, k, modals))
      return 1;
  return 0;
}

/* said if she is elected, taxes will rise: does the adverbial clause at k
 * lead, after a comma, to a main clause that the cue reports with it (a
 * clause as "said" takes one without "that")? */
static int main_clause_after(const dx_doc *d, size_t k, size_t slast) {
  static const char *const conditions[] = {"if", "unless", "when", "once", NULL};
  if (!dx_tok_among(d, k, conditions)) /* said as she left, …: the writer's */
    return 0;
  for (size_t m = k + 1; m + 1 < slast && m - k < MAX_INSERTION; m++) {
    if (d->tok[m].kind != DX_TK_PUNCT)
      continue;
    size_t end = dx_is_punct(d, m, ',') ? clause_end(d, m + 1, slast) : m;
    return end > m + 1 && d->tok[m + 1].kind == DX_TK_WORD && !is_complementiser(d, m + 1, 0) &&
           dx_tok_in(d, m + 1, DX_SET_PREPOSITIONS) < 0 && !adverbial_start(d, m + 1) &&
           (has_finite_verb(d, m + 1, end) || has_words(d, m + 1, end, MIN_BARE_CLAUSE));
  }
  return 0;
}

/* Where the words of a subject right before the verb at k start: up to
 * six words, counting a title's period (Sen. Lindsey Graham) and a
 * parenthesis after the name (Lindsey Graham (R-S.C.) told). */
static size_t subject_start(const dx_doc *d, size_t k, size_t sfirst) {
  size_t j = k, words = 0;
  if (j > sfirst + 1 && dx_is_punct(d, j - 1, ')')) {
    size_t open = dx_paren_open(d, j - 1, sfirst, MAX_PAREN);
    if (open == SIZE_MAX)
      return k;
    j = open;
  }
  while (j > sfirst && words < 6) {
    if (d->tok[j - 1].kind == DX_TK_WORD) {
      j--, words++;
    } else if (dx_is_punct(d, j - 1, '.') && j - 1 > sfirst &&
               dx_tok_in(d, j - 2, DX_SET_TITLES) >= 0) {
      j--; /* Sen. Graham: the title's word comes next */
    } else {
      break;
    }
  }
  return j;
}

/* he, she, it, they, we, I, you: a clause after "said" that opens with a
 * subject pronoun is a clause however short (said he would resign), where
 * other words need more evidence (said Friday, said it again). */
static int bare_subject(const dx_doc *d, size_t k) {
  static const char *const subjects[] = {"he", "she", "it", "they", "we", "i", "you", "there", NULL};
  return dx_tok_among(d, k, subjects) && k + 1 < d->ntok && d->tok[k + 1].kind == DX_TK_WORD &&
         dx_tok_in(d, k + 1, DX_SET_PREPOSITIONS) < 0 && !dx_tok_is(d, k + 1, "again");
}

/* Does the comma at k open an insertion that a second comma closes right
 * before a complementiser (a indiqué, par l'intermédiaire d'un
 * porte-parole, que…)? */
static int comma_insertion(const dx_doc *d, size_t k, size_t slast) {
  for (size_t m = k + 1; m + 1 < slast && m - k < MAX_INSERTION; m = step(d, m)) {
    const dx_tok *t = &d->tok[m];
    dx_cue other;
    if (t->kind == DX_TK_OPEN || (t->kind == DX_TK_PUNCT && dx_tok_cp(t) != ',') ||
        dx_cue_verb_at(d, m, &other))
      return 0;
    if (t->kind == DX_TK_PUNCT)
      return is_complementiser(d, m + 1, 0);
  }
  return 0;
}

/* Selon X, maire de Lille, …: the comma that closes a role's noun phrase
 * in apposition at k (after a source's name), or SIZE_MAX. */
static size_t role_apposition_end(const dx_doc *d, size_t k, size_t slast) {
  size_t head = k < slast && dx_tok_in(d, k, DX_SET_DETERMINERS) >= 0 ? k + 1 : k;
  if (head >= slast || dx_tok_in(d, head, DX_SET_ROLE_NOUNS) < 0)
    return SIZE_MAX;
  for (size_t e = head + 1; e + 1 < slast && e - k <= MAX_APPOSITION; e++) {
    if (dx_is_punct(d, e, ','))
      return e;
    if (d->tok[e].kind != DX_TK_WORD)
      return SIZE_MAX;
  }
  return SIZE_MAX;
}

/* "…," Risch told The Spokesman-Review on Monday: is the cue at first the
 * incise of the quoted passage that closes just before its subject (a
 * name, a pronoun: the words subject_start() takes)?  Then what follows it
 * is whom and when it was said, not a noun phrase it reports. */
static int incise_of_passage(const dx_doc *d, size_t first, size_t sfirst) {
  size_t j = subject_start(d, first, sfirst); /* Mr. Lou, Sen. Ann Cole (D-Ore.) */
  return j >= sfirst + 2 && d->tok[j - 1].kind == DX_TK_CLOSE && d->tok[j - 2].kind == DX_TK_PUNCT;
}

/* a confié, depuis la Corrèze où il se trouvait, que … / a rappelé sur la
 * RTBF que … / told a crowd in Ohio that …: an adverbial between commas,
 * or a short prepositional phrase, may part a cue (or its object) at k
 * from its complementiser (with commas only when they may part them).
 * Where the content starts, or SIZE_MAX. */
static size_t past_insertion(const dx_doc *d, size_t k, size_t slast, int commas) {
  /* does a short prepositional phrase open at k (sur la RTBF, in Ohio)?
   * Only a complementiser without a comma before it asks, and the search
   * mostly finds none: the lists, some twenty words, are read then */
  int prep = -1;
  /* The insertion ends at a quotation or a mark, and at another cue: the
   * first complementiser before them is the one.  A cue is the dearest
   * of these to find and the search mostly finds no complementiser, so
   * the cues are looked for only between k and the one found. */
  size_t m = k;
  for (;; m = step(d, m)) {
    if (m >= slast || m - k >= MAX_INSERTION)
      return SIZE_MAX;
    const dx_tok *t = &d->tok[m];
    if ((t->kind == DX_TK_OPEN && !quoted_title(d, m)) ||
        (t->kind == DX_TK_PUNCT && (dx_tok_cp(t) != ',' || !commas)))
      return SIZE_MAX;
    if (!(m > k && is_complementiser(d, m, 0)))
      continue;
    if (dx_is_punct(d, m - 1, ','))
      break;
    if (prep < 0)
      prep = dx_tok_among(d, k, d->lang == DX_LANG_FR ? fr_insert_preps : en_insert_preps);
    if (prep && m - k <= MAX_PREP_PHRASE)
      break;
  }
  for (size_t j = k; j < m;) { /* the same steps, from k to m itself */
    j = step(d, j);
    dx_cue other;
    if (dx_cue_verb_at(d, j, &other))
      return SIZE_MAX;
  }
  return m + 1;
}

/* X a déclaré (à Y) que CONTENT; X said CONTENT; X a promis de CONTENT. */
static int complement(dx_doc *d, const dx_cue *c, size_t sfirst, size_t slast,
                      uint8_t *claimed, size_t first_cand) {
  const dx_cue_form *f = c->form;
  size_t k = dx_skip_adverbs(d, c->last, slast);
  if (dx_is_punct(d, k, ',') && k + 1 < slast && !is_complementiser(d, k + 1, 1) &&
      !comma_insertion(d, k, slast))
    return 0;
  if (dx_is_punct(d, k, ','))
    k++;
  /* an addressee or object before the complement: à son homologue, told
   * reporters, a appelé les manifestants */
  size_t obj_end = k;
  if ((f->frames & (DX_FRAME_A_ADDR | DX_FRAME_OBJ_ADDR | DX_FRAME_DE_INF)) &&
      !(is_inf_marker(d, k) && infinitive_at(d, k + 1)))
    obj_end = dx_object_end(d, k, slast, (f->frames & (DX_FRAME_OBJ_ADDR | DX_FRAME_DE_INF)) != 0);
  size_t c0 = SIZE_MAX, np;
  clause_memo clause = {SIZE_MAX, 0}; /* the conditions' clause end, for the report */
  size_t inf = obj_end > k && obj_end < slast ? obj_end : k; /* past an addressee */
  if (f->frames & DX_FRAME_QUE) {
    static const char *const places[] = {"in", "at", "on", "during", "dans", "lors", "pendant",
                                         NULL};
    c0 = past_insertion(d, k, slast, 1);
    /* told a crowd in Ohio that…: the addressee, then where */
    if (c0 == SIZE_MAX && obj_end > k && (f->frames & DX_FRAME_OBJ_ADDR) &&
        dx_tok_among(d, obj_end, places))
      c0 = past_insertion(d, obj_end, slast, 0);
  }
  if (c0 != SIZE_MAX)
    ; /* found past an insertion */
  else if (is_complementiser(d, k, f->frames & DX_FRAME_QUESTION))
    c0 = k + 1;
  else if (obj_end > k && obj_end < slast &&
           is_complementiser(d, obj_end, f->frames & DX_FRAME_QUESTION))
    c0 = obj_end + 1;
  else if ((f->frames & (DX_FRAME_DE_INF | DX_FRAME_OBJ_ADDR)) && obj_end < slast &&
           is_inf_marker(d, obj_end) &&
           (infinitive_at(d, obj_end + 1) ||
            (obj_end + 1 < slast && d->tok[obj_end + 1].kind == DX_TK_OPEN) ||
            (obj_end > k && (f->frames & DX_FRAME_OBJ_ADDR) && !dx_tok_is(d, obj_end, "à") &&
             !dx_tok_is(d, obj_end, "to"))))
    c0 = obj_end; /* the content keeps its "de" (QUOTES.md): de « soulager… » too */
  else if (d->lang == DX_LANG_FR && (f->frames & (DX_FRAME_DE_INF | DX_FRAME_QUE)) &&
           (dx_tok_is(d, inf, "avoir") || dx_tok_is(d, inf, "être") ||
            (f->cue_class == DX_CUE_DENIAL && infinitive_at(d, inf))))
    c0 = inf; /* nie avoir embauché, affirme avoir respecté la loi, a déclaré aux
                 enquêteurs avoir été agressée */
  else if (obj_end > k && dx_is_punct(d, obj_end, ':') && obj_end + 1 < slast)
    c0 = obj_end + 1; /* told Marcus Hale: « … » */
  else if (d->lang == DX_LANG_EN && (f->frames & DX_FRAME_QUE) &&
           (f->forms & (DX_FORM_FINITE | DX_FORM_GERUND)) &&
           obj_end < slast && d->tok[obj_end].kind == DX_TK_WORD &&
           (dx_tok_in(d, obj_end, DX_SET_PREPOSITIONS) < 0 || at_least(d, obj_end)) &&
           has_words(d, obj_end, clause_end_kept(d, &clause, obj_end, slast),
                     bare_subject(d, obj_end) ? MIN_SUBJECT_CLAUSE : MIN_BARE_CLAUSE) &&
           (!adverbial_start(d, obj_end) || main_clause_after(d, obj_end, slast)))
    c0 = obj_end; /* "said he would", "told reporters he would": no "that" */
  else if (dx_is_punct(d, k, ':') && k + 1 < slast && (f->frames & DX_FRAME_COLON))
    c0 = k + 1;
  else if (c->first > 0 && dx_tok_in(d, c->first, DX_SET_AUXILIARIES) == DX_AUX_REFLEXIVE &&
           !strcmp(f->lemma, "dire") && k < slast && d->tok[k].kind == DX_TK_WORD)
    c0 = k; /* se dit victime d'une « … », se dit attaché à… */
  else if (d->lang == DX_LANG_FR && (f->frames & DX_FRAME_OBJ_ADDR) && (f->frames & DX_FRAME_NP) &&
           (np = object_de(d, k, obj_end, slast)) != SIZE_MAX)
    c0 = np; /* a informé son homologue du non-respect de l'accord */
  else if ((f->frames & DX_FRAME_NP) && f->cue_class != DX_CUE_OPINION &&
           (np = dx_tok_in(d, k, DX_SET_DETERMINERS) >= 0 ? k : obj_end) < slast &&
           dx_tok_in(d, np, DX_SET_DETERMINERS) >= 0 &&
           !incise_of_passage(d, c->first, sfirst) &&
           has_words(d, np, clause_end_kept(d, &clause, np, slast), MIN_NP_CONTENT) &&
           !holds_passage(d, np, np + NAMING_REACH < slast ? np + NAMING_REACH : slast))
    c0 = np; /* a nié toute implication; recommande aux internautes l'installation */ /* a nié toute responsabilité; but a quoted name in the phrase
               (a lancé l'opération « Ciel clair ») is left to the direct
               stage, which knows terms from quotations */
  else if (d->lang == DX_LANG_EN && strchr(f->lemma, ' ') && (f->frames & DX_FRAME_NP) &&
           obj_end < slast && d->tok[obj_end].kind == DX_TK_WORD &&
           has_words(d, obj_end, clause_end_kept(d, &clause, obj_end, slast), MIN_NP_CONTENT - 1))
    c0 = obj_end; /* called for more school investment, pointed to …: the rest */
  else if (d->lang == DX_LANG_EN && (f->frames & DX_FRAME_NP) &&
           (dx_tok_is(d, k, "of") || dx_tok_is(d, k, "about")) && k + 1 < slast &&
           !incise_of_passage(d, c->first, sfirst) && /* "…," she said of the story */
           has_words(d, k + 1, clause_end_kept(d, &clause, k + 1, slast), MIN_NP_CONTENT - 1))
    c0 = k + 1; /* warned of further flooding, complained about: the topic */
  else if ((f->frames & DX_FRAME_QUE) && f->cue_class != DX_CUE_OPINION &&
           runs_on_past_marks(d, k, slast))
    c0 = k; /* a dit « regretter » la décision, said "it gets me mad" every time…: mixed
               (but juge « inexacte » cette version qualifies its object) */
  if (c0 == SIZE_MAX || c0 >= slast)
    return 0;
  /* Asked whether…, she paused: a participle that opens the sentence has
   * no subject of its own, and the question is the journalists' */
  if (c->first == sfirst && (f->forms & DX_FORM_PARTICIPLE) && !(f->forms & DX_FORM_GERUND) &&
      d->lang == DX_LANG_EN && f->cue_class == DX_CUE_QUESTION)
    return 0;
  /* on lui a demandé si…: unnamed journalists ask, nobody is quoted */
  size_t before = c->first;
  while (before > sfirst && (dx_tok_is(d, before - 1, "lui") || dx_tok_is(d, before - 1, "leur")))
    before--;
  if (before > sfirst && dx_tok_is(d, before - 1, "on"))
    return 0;
  dx_who who = subject_of(d, c, sfirst, slast);
  if (who.ent == -1 && who.end == who.start) {
    /* a subject we cannot read (X, qui …, a déclaré que): with "que" the
     * speech is certain, so it goes to the one speaking before; without
     * it (said Anna Keller, the envoy) there is no reported clause */
    if (c0 == 0 || !is_complementiser(d, c0 - 1, 1))
      return 0;
    who.ent = DX_CARRIED;
  }
  /* the addressee stands before the content (warned that Republicans…:
   * "that" is the complementiser, not an article) */
  size_t content_at = c0 > k && is_complementiser(d, c0 - 1, 1) ? c0 - 1 : c0;
  size_t to_limit = content_at < obj_end ? content_at : obj_end;
  report(d, c0, clause_end_kept(d, &clause, c0, slast), c, who, dx_addressee_at(d, k, to_limit, f),
         claimed, first_cand);
  return 1;
}

/* Does the clause end within a few words of token k, so that what stands
 * before a cue there is its content (…, a-t-il ajouté à l'AFP.) rather
 * than its subject (X, ministre, a appelé les manifestants à …)? */
static int ends_soon(const dx_doc *d, size_t k, size_t slast) {
  for (size_t n = 0; k < slast; k++) {
    const dx_tok *t = &d->tok[k];
    if (t->kind == DX_TK_PARA)
      return 1;
    size_t close = dx_paren_close(d, k, slast, MAX_INCISE_TAIL); /* a déclaré X (LR). */
    if (close != SIZE_MAX) {
      k = close;
      continue;
    }
    if (t->kind == DX_TK_PUNCT)
      return dx_tok_cp(t) == '.' || dx_tok_cp(t) == ',' || dx_tok_cp(t) == ';' || dx_tok_cp(t) == '!' || dx_tok_cp(t) == '?' ||
             dx_tok_cp(t) == 0x2026 || dx_tok_cp(t) == ')' ||
             (dx_is_dash(d, k) && (t->flags & DX_TF_SPACE_BEFORE)); /* not EB-5 */
    /* décrit le gisement comme une formation…: an object and its
     * description, not a speaker and the end of an incise */
    if (t->kind != DX_TK_WORD || is_complementiser(d, k, 0) ||
        (is_inf_marker(d, k) && infinitive_at(d, k + 1)) || dx_tok_is(d, k, "comme") ||
        dx_tok_is(d, k, "as"))
      return 0;
    if (++n > MAX_INCISE_TAIL)
      return 0;
  }
  return 1;
}

/* The first token at or after k that starts at or after byte b. */
static size_t token_from(const dx_doc *d, size_t k, size_t b) {
  while (k < d->ntok && d->tok[k].start < b)
    k++;
  return k;
}

enum { MAX_REACHED_BY = 7 };

/* Selon le parquet, contacté par l'AFP, une enquête…: a participle and
 * "par"/"by" set off by commas after a source say how it was reached, and
 * the content starts after them.  Returns the comma that ends them, or
 * the comma at k. */
static size_t past_reached_by(const dx_doc *d, size_t k, size_t slast) {
  size_t p = k + 1;
  if (p + 2 >= slast || d->tok[p].kind != DX_TK_WORD || (d->tok[p].flags & DX_TF_CAP) ||
      !(dx_tok_is(d, p + 1, "par") || dx_tok_is(d, p + 1, "by")))
    return k;
  for (size_t e = p + 2; e < slast && e - p <= MAX_REACHED_BY; e++) {
    if (dx_is_punct(d, e, ','))
      return e;
    if (d->tok[e].kind != DX_TK_WORD)
      break;
  }
  return k;
}

/* English puts the comma inside the marks: The party "allows us to get
 * our message out," said X.  When words of the clause stand before the
 * opening mark, the whole clause up to the cue at k is what was said (a
 * mixed quotation, as French writes it: Le parti « permet… », a dit X). */
static int quoted_tail_before(const dx_doc *d, size_t k, size_t sfirst) {
  if (d->lang != DX_LANG_EN || k < sfirst + 2 || d->tok[k - 1].kind != DX_TK_CLOSE ||
      !dx_is_punct(d, k - 2, ','))
    return 0;
  int32_t pi = dx_tok_pair(&d->tok[k - 1]);
  if (pi < 0)
    return 0;
  size_t open = d->pair[pi].open_tok;
  return open > sfirst && open > dx_clause_start(d, sfirst, open) &&
         d->tok[open - 1].kind == DX_TK_WORD;
}

/* Can the noun phrase who, at token k after an incise's verb, be its
 * speaker: a name, a pronoun, the noun of a role, a body or a statement
 * (a ajouté le ministre, affirme la CGT, rappelle le communiqué), rather
 * than the verb's object (reconnaît des difficultés)? */
static int speaker_like(const dx_doc *d, size_t k, dx_who who) {
  if (who.ent < 0 || !d->ent[who.ent].is_np)
    return who.ent >= 0 || who.end > who.start;
  size_t head = k < d->ntok && dx_tok_in(d, k, DX_SET_DETERMINERS) >= 0 ? k + 1 : k;
  for (size_t h = head; h < d->ntok && h <= head + 1 && d->tok[h].kind == DX_TK_WORD; h++) {
    const dx_word_info *w = dx_tok_info(d, h);
    if ((d->tok[h].flags & DX_TF_CAP) ||
        (w && (w->cue || w->set[DX_SET_ROLE_NOUNS] >= 0 || w->set[DX_SET_ORG_NOUNS] >= 0)))
      return 1;
  }
  return 0;
}

/* CONTENT, a déclaré X. / CONTENT, a-t-il ajouté. / CONTENT, X said. */
static int cue_last(dx_doc *d, size_t comma, const dx_cue *c, dx_who who, size_t sfirst,
                    size_t slast, uint8_t *claimed, size_t first_cand) {
  if (who.ent < 0 && who.end == who.start)
    return 0;
  size_t c0 = dx_clause_start(d, sfirst, comma);
  /* 5 blessés légers, qui auraient été intoxiqués, selon la préfecture:
   * what the source vouches for is the relative clause just before it */
  for (size_t j = comma; j-- > c0 + 1;) {
    if (d->tok[j].kind == DX_TK_OPEN || d->tok[j].kind == DX_TK_CLOSE)
      break;
    if (dx_is_punct(d, j, ',')) {
      if (dx_tok_is(d, j + 1, "qui") || dx_tok_is(d, j + 1, "which"))
        c0 = j + 1;
      break;
    }
  }
  /* Les syndicats réclament une hausse, a indiqué l'intersyndicale: what
   * the incise's speaker said holds a cue of its own, reported first; the
   * whole clause is the quotation */
  if (c->form && comma > c0) {
    size_t from = d->tok[c0].start, to = d->tok[comma - 1].end;
    for (size_t q = first_cand; q < d->ncand; q++)
      if (d->cand[q].keep && d->cand[q].pair < 0 && d->cand[q].cue_start >= from &&
          d->cand[q].start >= from && d->cand[q].end <= to)
        d->cand[q].keep = 0;
  }
  report(d, c0, comma, c, who, dx_addressee_after(d, c, who, slast), claimed, first_cand);
  return 1;
}

/* Clear Sky, Stop Soros: a passage of capitalised words is a name. */
static int all_capitalised(const dx_doc *d, size_t from, size_t to) {
  for (size_t k = from; k < to; k++)
    if (d->tok[k].kind == DX_TK_WORD && !(d->tok[k].flags & DX_TF_CAP) &&
        dx_tok_in(d, k, DX_SET_NAME_PARTICLES) < 0 && dx_tok_in(d, k, DX_SET_NP_GLUE) < 0)
      return 0;
  return 1;
}

/* Elles seraient « évanescentes ». / Ce risque était « à caractère
 * piégeux ». A sentence that quotes a fragment without a cue of its own
 * goes on with the statement reported before it: a mixed quotation of the
 * previous speaker.  A fragment behind an article or a preposition (la
 * « déclaration de Marseille », pour « association de malfaiteurs ») is a
 * name or a term, and no reason to report the sentence. */
static void uncued_fragments(dx_doc *d, size_t s, uint8_t *claimed, size_t first_cand,
                             size_t at) {
  size_t sfirst = d->sent[s].first, slast = d->sent[s].last;
  if (d->ncand > first_cand)
    return; /* the sentence has cues of its own */
  /* the opening marks are among doc->cue_at's entries (quote characters),
   * from entry at on: a walk over them, not over every token; from is
   * where step() would have gone on after the last one looked at */
  for (size_t from = sfirst; at < d->ncue_at && d->cue_at[at] < slast; at++) {
    size_t k = d->cue_at[at];
    if (k < from || d->tok[k].kind != DX_TK_OPEN)
      continue;
    from = step(d, k);
    if (dx_tok_pair(&d->tok[k]) < 0 || k == sfirst)
      continue;
    const dx_pair *p = &d->pair[dx_tok_pair(&d->tok[k])];
    size_t after = dx_after_passage(d, p);
    if (!has_words(d, k + 1, after, MIN_FRAGMENT_WORDS) || all_capitalised(d, k + 1, after))
      continue;
    /* the fragment continues a verb of the sentence (était « … », aurait
     * cependant « … », a « enjoint … »), not a noun */
    size_t v = dx_skip_adverbs_back(d, k, sfirst);
    if (v == sfirst || dx_tok_in(d, v - 1, DX_SET_AUXILIARIES) < 0)
      continue;
    dx_cue none = {0};
    none.first = none.last = k;
    size_t c0 = dx_clause_start(d, sfirst, k), c1 = clause_end(d, c0, slast);
    if (c0 >= k || c1 < after)
      continue;
    size_t before = d->ncand;
    /* le Conseil d'État a « enjoint … »: the subject of that verb, else
     * whoever spoke before */
    dx_who who = dx_speaker_before(d, v - 1, sfirst);
    if (who.ent < 0 || who.end > d->tok[c0].start) /* Ce risque était « … »: content */
      who = (dx_who){DX_CARRIED, 0, 0};
    report(d, c0, c1, &none, who, NO_ONE, claimed, first_cand);
    if (d->ncand > before) {
      dx_cand *q = &d->cand[d->ncand - 1];
      q->cue_start = q->cue_end = 0;
      q->carried = 1;
    }
    return;
  }
}

/* The same from entry lo on. */
static size_t cue_at_from(const dx_doc *d, size_t lo, size_t k) {
  return dx_cue_at_within(d, lo, d->ncue_at, k);
}

/* The same, for the first token of a scan.  Sentences are scanned in
 * order, each from where the last one stopped (doc->cue_next): the search
 * gallops on from there, a probe or two, rather than halve the whole list
 * for every sentence. */
static size_t cue_at_start(const dx_doc *d, size_t k) {
  size_t n = d->ncue_at, lo = d->cue_next <= n ? d->cue_next : 0;
  if (lo > 0 && d->cue_at[lo - 1] >= k) /* k is behind: a scan of a quotation's clause */
    lo = 0;
  size_t hi = lo, step = 1;
  while (hi < n && d->cue_at[hi] < k) {
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  return dx_cue_at_within(d, lo, hi < n ? hi : n, k);
}

/* The first word at or after k (stepping over passages) that may start a
 * cue, or slast: a loop of its own, so that the one that handles the
 * cues, with all it keeps at hand, runs once a candidate, not once a
 * token.  It walks doc->cue_at from *at, its cursor, rather than the
 * tokens: those that the list leaves out are neither such words nor quote
 * characters, so a walk over them with step() would only have gone on.  A
 * quote character that opens a passage skips the entries inside it, as
 * step() skips its tokens: with a search, since a passage may hold many.
 * A word of the list that starts neither a source preposition nor a
 * verbal cue, as the inline filters tell (an auxiliary with no cue after
 * it: a, ont, se; a preposition none of dx_cue_prep_at()'s spellings:
 * for, d' before anything but après), is passed over here too, where the
 * caller would have asked the same and gone on; *verbal keeps dx_may_start_verb_cue()'s
 * answer for the word returned, which the caller need not ask again. */
static size_t next_cue_start(const dx_doc *d, size_t k, size_t slast, size_t *at,
                             int *verbal) {
  const uint32_t *list = d->cue_at;
  size_t n = d->ncue_at, c = *at;
  if (c > 0 && list[c - 1] >= k) /* k went back, which the caller never does */
    c = cue_at_from(d, 0, k);
  while (c < n && list[c] < k) /* k moved on by a few tokens, most often */
    c++;
  while (c < n && list[c] < slast) {
    k = list[c];
    if (d->tok[k].kind == DX_TK_WORD) {
      *verbal = dx_may_start_verb_cue(d, k);
      if (*verbal || (dx_may_start_prep(d, k) && dx_prep_spelled_at(d, k)))
        break;
      c++;
    } else if (d->tok[k].kind == DX_TK_OPEN)
      c = cue_at_from(d, c + 1, step_over_passage(d, k));
    else
      c++; /* any other quote character */
  }
  *at = c;
  return c < n && list[c] < slast ? list[c] : slast;
}

static void find_reported_from(dx_doc *d, size_t sfirst, size_t slast, uint8_t *claimed,
                               size_t at);

/* Does token k start the sentence [sfirst, slast), or its head past its
 * connectors ("Néanmoins, selon X,")?  *head keeps the head once found,
 * SIZE_MAX before: most sentences hold no source preposition, which alone
 * asks, and need not read their first words' records. */
static int at_head(const dx_doc *d, size_t k, size_t sfirst, size_t slast, size_t *head) {
  if (k == sfirst)
    return 1;
  if (*head == SIZE_MAX) {
    size_t h = sfirst;
    while (h < slast && dx_tok_in(d, h, DX_SET_CONNECTORS) >= 0)
      h++;
    if (h > sfirst && dx_is_punct(d, h, ','))
      h++;
    *head = h;
  }
  return k == *head;
}

void dx_find_reported(dx_doc *d, size_t s, uint8_t *claimed) {
  size_t first_cand = d->ncand, sfirst = d->sent[s].first, slast = d->sent[s].last;
  size_t at = cue_at_start(d, sfirst);
  /* most sentences hold neither a word that may start a cue nor a quote
   * character: nothing in them can be reported */
  if (at >= d->ncue_at || d->cue_at[at] >= slast) {
    d->cue_next = at;
    return;
  }
  find_reported_from(d, sfirst, slast, claimed, at);
  uncued_fragments(d, s, claimed, first_cand, at);
}

void dx_find_reported_in(dx_doc *d, size_t sfirst, size_t slast, uint8_t *claimed) {
  find_reported_from(d, sfirst, slast, claimed, cue_at_start(d, sfirst));
}

/* dx_find_reported_in() from doc->cue_at's entry at, the first at or
 * after token sfirst. */
static void find_reported_from(dx_doc *d, size_t sfirst, size_t slast, uint8_t *claimed,
                               size_t at) {
  size_t first_cand = d->ncand;
  dx_cue c;
  size_t head = SIZE_MAX; /* see at_head() */
  int verbal = 0;         /* may a verbal cue start at k (next_cue_start) */
  /* k only moves on: so does the cursor at */
  for (size_t k = next_cue_start(d, sfirst, slast, &at, &verbal); k < slast;
       k = next_cue_start(d, step(d, k), slast, &at, &verbal)) {
    /* only a source preposition asks */
    int at_start = dx_may_start_prep(d, k) && at_head(d, k, sfirst, slast, &head);
    /* after_comma: asked only of a cue found, not of every candidate */
    if (dx_may_start_prep(d, k) && dx_cue_prep_at(d, k, at_start, &c)) {
      int after_comma = k > sfirst && dx_is_punct(d, k - 1, ',');
      size_t comma = c.last;
      while (comma < slast && comma - c.last < MAX_SOURCE) {
        size_t close = dx_paren_close(d, comma, slast, MAX_PAREN); /* le maire (LR) de Nice */
        if (close != SIZE_MAX) {
          comma = close + 1;
          continue;
        }
        if (!(d->tok[comma].kind == DX_TK_WORD || d->tok[comma].kind == DX_TK_NUM ||
              dx_is_punct(d, comma, '-') || dx_is_punct(d, comma, '/') ||
              dx_is_punct(d, comma, '&') || dx_mention_at(d, comma) >= 0))
          break; /* the periods of "M. Girardin" and "J.-M. Dufresne" are in names,
                    and a Reuters/Ipsos poll, an AT&T spokesman are one source */
        comma++;
      }
      if (at_start && dx_is_punct(d, comma, ',')) { /* Selon X, CONTENT */
        dx_who who = source_after(d, c.last, comma);
        /* Pour le président du Centre, Jean-Charles Brisard, …: the name in
         * apposition is the source, and the content follows it */
        int32_t ap = dx_apposed_name(d, comma);
        if (ap >= 0 && (who.ent < 0 || d->ent[who.ent].is_np)) {
          who = (dx_who){d->men[ap].entity, d->tok[d->men[ap].first].start,
                         d->tok[d->men[ap].last - 1].end};
          comma = d->men[ap].last;
          if (comma + 1 < slast && d->tok[comma + 1].kind == DX_TK_OPEN) {
            k = c.last - 1; /* « … »: a direct quotation, quotes.c's */
            continue;
          }
        }
        comma = past_reached_by(d, comma, slast);
        /* Selon X, maire de Lille, CONTENT / Pour X, maire de Lille, « … »
         * (whatever case the passage starts in) */
        size_t role_end = who.ent >= 0 && !d->ent[who.ent].is_np
                              ? role_apposition_end(d, comma + 1, slast)
                              : SIZE_MAX;
        if (role_end != SIZE_MAX && d->tok[role_end + 1].kind == DX_TK_OPEN) {
          k = c.last - 1; /* a direct quotation, quotes.c's */
          continue;
        }
        if (role_end != SIZE_MAX)
          comma = role_end;
        size_t end = clause_end(d, comma + 1, slast);
        /* Pour X, l'avocat de Y, « … »: an apposition, then a direct quote */
        int apposition = end < slast && dx_is_punct(d, end, ',') &&
                         d->tok[end + 1].kind == DX_TK_OPEN && end + 2 < d->ntok &&
                         (d->tok[end + 2].flags & DX_TF_CAP) &&
                         !has_words(d, comma + 1, end, MAX_APPOSITION + 1);
        /* "Pour la troisième année, …" is no source: pour and for need a
         * name or a person's role after them */
        int weak = dx_tok_in(d, c.first, DX_SET_SOURCE_PREPS) >= DX_PREP_WEAK;
        if (weak && who.ent >= 0 && d->ent[who.ent].is_np && d->ent[who.ent].kind != DX_ENTITY_PERSON &&
            d->ent[who.ent].kind != DX_ENTITY_GROUP)
          who.ent = -1;
        if (who.ent >= 0 && comma + 1 < slast && !apposition)
          report(d, comma + 1, end, &c, who, NO_ONE, claimed, first_cand);
      } else if (after_comma && dx_tok_is(d, c.last, "qui")) {
        /* la mère de l'adolescente, pour qui CONTENT: the antecedent's view */
        dx_who who = dx_speaker_before(d, c.last + 1, sfirst);
        if (who.ent >= 0 && c.last + 1 < slast)
          report(d, c.last + 1, clause_end(d, c.last + 1, slast), &c, who, NO_ONE, claimed,
                 first_cand);
      } else if (!at_start && !after_comma && k > sfirst && !dx_is_punct(d, k - 1, ':') &&
                 d->tok[k - 1].kind == DX_TK_WORD && c.form == NULL) {
        /* CONTENT selon X. (no comma before selon): only at the very end */
        dx_who who = source_after(d, c.last, slast);
        size_t tail = token_from(d, c.last, who.end);
        if (who.ent >= 0 && (tail >= slast || dx_is_punct(d, tail, '.')) && !d->ent[who.ent].is_np)
          cue_last(d, k, &c, who, sfirst, slast, claimed, first_cand);
      } else if (after_comma) { /* CONTENT, selon X or A, selon X, B */
        dx_who who = source_after(d, c.last, slast);
        size_t tail = token_from(d, c.last, who.end);
        static const char *const relatives[] = {"qui", "who", "which", "dont", NULL};
        dx_cue verb;
        if (who.ent >= 0 && dx_is_punct(d, tail, ',') && dx_cue_verb_at(d, tail + 1, &verb) &&
            k >= sfirst + 2 && !dx_tok_among(d, k - 2, relatives)) {
          /* Le dirigeant russe, selon son assistant, a déclaré que…: the
           * subject speaks, through X (via.c) */
          k = c.last - 1;
          continue;
        }
        if (who.ent >= 0 && dx_is_punct(d, tail, ',') && !ends_soon(d, tail + 1, slast) &&
            !dx_tok_among(d, tail + 1, relatives)) {
          /* A, selon X, B: the side the incise belongs to is the longer of
           * B and the comma-segment right before it */
          size_t left = dx_clause_start(d, sfirst, k - 1), right_end = clause_end(d, tail + 1, slast);
          size_t seg = k - 1;
          while (seg > left && !dx_is_punct(d, seg - 1, ','))
            seg--;
          if (count_words(d, tail + 1, right_end) > count_words(d, seg, k - 1)) {
            report(d, tail + 1, right_end, &c, who, NO_ONE, claimed, first_cand);
            k = right_end > k ? right_end - 1 : k;
            continue;
          }
        }
        if (who.ent >= 0)
          cue_last(d, k - 1, &c, who, sfirst, slast, claimed, first_cand);
      }
      k = c.last - 1;
      continue;
    }
    if (!verbal || !dx_read_cue_verb(d, k, &c))
      continue;
    int after_comma = k > sfirst && dx_is_punct(d, k - 1, ',');
    int lead_in = quoted_tail_before(d, k, sfirst);
    if ((after_comma || lead_in) && (c.form->frames & DX_FRAME_INCISE) &&
        (c.pron || !(c.form->forms & DX_FORM_GERUND))) {
      /* an incise: the cue stands after the content */
      size_t after = dx_skip_adverbs(d, c.last, slast);
      /* X, said Tuesday that…: a complementiser, no speaker, follows */
      dx_who who = c.pron ? dx_resolve_pronoun(d, c.pron, c.first, c.pron_start, c.pron_end)
                   : is_complementiser(d, after, 0) ? NO_ONE
                                                    : dx_speaker_after(d, after, slast);
      size_t tail = c.pron ? after : token_from(d, after, who.end);
      /* Smith, a Republican, said the bill would pass: a verb after the
       * noun phrase makes it the subject of what was said (English needs
       * no "that"), not the speaker of an incise */
      size_t words_end = tail;
      while (words_end < slast && d->tok[words_end].kind == DX_TK_WORD)
        words_end++;
      /* La directrice, Claire Dumas, reconnaît des difficultés: a common
       * noun after the verb is its object, not an incise's speaker */
      int incise = c.pron || (speaker_like(d, after, who) &&
                              !(d->lang == DX_LANG_EN && has_finite_verb(d, tail, words_end)));
      if (incise && ends_soon(d, tail, slast) &&
          cue_last(d, lead_in ? k : k - 1, &c, who, sfirst, slast, claimed, first_cand)) {
        k = c.last - 1;
        continue;
      }
    }
    if (complement(d, &c, sfirst, slast, claimed, first_cand)) {
      k = c.last - 1;
      continue;
    }
    /* English "…, X said." : the subject stands between comma and verb */
    if (d->lang == DX_LANG_EN && (c.form->frames & DX_FRAME_INCISE) && !after_comma) {
      size_t j = subject_start(d, k, sfirst);
      /* …, X said. / X said on Friday. / X said in an interview, as …: a
       * few words of time or place may follow the verb */
      size_t stop = dx_skip_adverbs(d, c.last, slast);
      dx_who to = dx_addressee_at(d, stop, slast, c.form); /* told reporters */
      if (to.end > to.start)
        stop = dx_skip_adverbs(d, token_from(d, stop, to.end), slast);
      if (stop < slast && dx_tok_in(d, stop, DX_SET_PREPOSITIONS) >= 0 && ends_soon(d, stop, slast))
        while (stop < slast && d->tok[stop].kind == DX_TK_WORD)
          stop++; /* in Geneva, on the phone */
      /* who said / which said: the verb of a relative clause, not an incise */
      int relative = 0;
      for (size_t r = j; r < k && !relative; r++)
        relative = dx_tok_is(d, r, "who") || dx_tok_is(d, r, "which") || dx_tok_is(d, r, "that");
      /* The bill is a "very welcome step," Smith said: as after a comma */
      int quoted_lead = quoted_tail_before(d, j, sfirst);
      if (j > sfirst && (dx_is_punct(d, j - 1, ',') || quoted_lead) && !relative &&
          (stop >= slast || dx_is_punct(d, stop, '.') || dx_is_punct(d, stop, ','))) {
        dx_who who = dx_speaker_before(d, k, j);
        /* But to prevent problems, he said, local officials should…: the
         * incise splits what was said in two; the half after it is a
         * clause of its own, unless it is the rest of an incise (…, he
         * said, adding…, in a statement), and the half before it is said
         * too, unless it only sets the scene (to…, if…, when…) */
        size_t right0 = stop + 1, right = right0 < slast ? clause_end(d, right0, slast) : right0;
        int right_ok = dx_is_punct(d, stop, ',') && (who.ent >= 0 || who.end > who.start) &&
                       right0 < slast && has_words(d, right0, right, MIN_SUBJECT_CLAUSE) &&
                       has_finite_verb(d, right0, right) &&
                       !adverbial_start(d, right0) && !dx_tok_is(d, right0, "to") &&
                       dx_tok_in(d, right0, DX_SET_PREPOSITIONS) < 0 &&
                       !dx_cue_verb_at(d, right0, &(dx_cue){0});
        if (!right_ok || !scene_setting(d, dx_clause_start(d, sfirst, j - 1)))
          cue_last(d, quoted_lead ? j : j - 1, &c, who, sfirst, slast, claimed, first_cand);
        if (right_ok) {
          report(d, right0, right, &c, who, NO_ONE, claimed, first_cand);
          k = right > k ? right - 1 : k;
        }
      }
    }
  }
  d->cue_next = at;
}
