/*
 * quotes.c — turns quoted passages into direct quotations, or not.
 *
 * A passage is a quotation when a cue reports it: an incise after it
 * (« … », a déclaré X / ,” she said / », selon X), an introduction right
 * before it (X a déclaré : « … » / X said: “…” / Selon X, « … »), or, with
 * no cue of its own, when it stands as a sentence by itself and so goes on
 * with the previous speaker's statement.  A passage inside a sentence with
 * no cue next to it is a quoted term or a scare quote (« lignes rouges »)
 * and is not reported.
 */
#include <stdlib.h>
#include <string.h>

#include "attribution.h"
#include "cues.h"

enum {
  MAX_INTRO_GAP = 8,    /* words between a cue and ":" before the quote */
  MAX_CUE_LEAD = 5,     /* words before a verb that its cue phrase may
                           begin with: a pour sa part déclaré */
  MAX_SECOND_GAP = 14,  /* words between « A », cue X, and « B »: a cue
                           phrase may name a place and a time */
  MIN_OBJECT_WORDS = 2, /* « prêts » right after a verb is an attribute */
  MIN_NESTING_WORDS = 5, /* a quotation shorter than this reports no one */
  MIN_CLAUSE_WORDS = 6, /* a passage this long that reads as a clause is
                           speech even with no cue next to it */
  MAX_APPOSED_ROLE = 6  /* words of a role after an incise's speaker */
};

/* Has the content [start, end) in bytes n words or more, roughly: n
 * blanks?  It stops at the n-th, for a quotation may be most of a text. */
static int has_words_bytes(const dx_doc *d, size_t start, size_t end, size_t n) {
  const char *p = d->text + start, *stop = d->text + end;
  for (; n > 0 && p < stop; n--) {
    p = memchr(p, ' ', (size_t)(stop - p));
    if (!p)
      return 0;
    p++;
  }
  return n == 0;
}

static size_t count_words(const dx_doc *d, size_t from, size_t to) {
  size_t n = 0;
  for (size_t k = from; k < to; k++)
    n += d->tok[k].kind == DX_TK_WORD;
  return n;
}

/* Does the passage have a word that makes it read as a clause (someone
 * speaking) rather than a name or a term (data/<lang>/clause_words.tsv)? */
static int reads_as_clause(const dx_doc *d, size_t from, size_t to) {
  if (count_words(d, from, to) < MIN_CLAUSE_WORDS)
    return 0;
  for (size_t k = from; k < to; k++)
    if (d->tok[k].kind == DX_TK_WORD && dx_tok_in(d, k, DX_SET_CLAUSE_WORDS) >= 0)
      return 1;
  return 0;
}



typedef struct found {
  dx_cue cue;
  dx_who who;
  int ok;
  int no_cue; /* attributed without cue words (after a colon) */
} found;

static dx_who speaker_of(dx_doc *d, const dx_cue *c, size_t floor, size_t limit, int after) {
  if (c->pron)
    return dx_resolve_pronoun(d, c->pron, c->first, c->pron_start, c->pron_end);
  if (after) {
    dx_who w = dx_speaker_after(d, dx_skip_adverbs(d, c->last, limit), limit);
    if (w.ent >= 0)
      return w;
    return dx_speaker_before(d, c->first, floor);
  }
  if ((c->form->forms & DX_FORM_GERUND) && !(c->form->forms & DX_FORM_FINITE))
    return (dx_who){DX_CARRIED, 0, 0}; /* qualifiant X de « … »: the main clause's */
  dx_who w = dx_speaker_before(d, c->first, floor);
  if (w.ent >= 0)
    return w;
  return dx_speaker_after(d, dx_skip_adverbs(d, c->last, limit), limit);
}

/* « … », a déclaré X / ,” said Smith / ,” Smith said / », selon X */
static found incise_after(dx_doc *d, size_t k, size_t sfirst, size_t slast) {
  found f = {0};
  while (k < slast && d->tok[k].kind == DX_TK_PUNCT &&
         (dx_tok_cp(&d->tok[k]) == ',' || dx_tok_cp(&d->tok[k]) == '!' || dx_tok_cp(&d->tok[k]) == '?' ||
          dx_tok_cp(&d->tok[k]) == 0x2026 || dx_is_dash(d, k)))
    k++;
  if (k >= slast)
    return f;
  /* « … », lui a dit X: the clitic is the addressee, the cue follows */
  static const char *const clitics[] = {"lui", "leur", "nous", "vous", "me", "m'", NULL};
  if (d->lang == DX_LANG_FR && dx_tok_among(d, k, clitics) && k + 1 < slast)
    k++;
  if (dx_cue_prep_at(d, k, 0, &f.cue)) {
    f.who = dx_speaker_after(d, f.cue.last, slast);
    f.ok = 1;
    return f;
  }
  if (dx_cue_verb_at(d, k, &f.cue)) {
    /* a gerund or a verb with its own clause starts new speech, not an
     * incise: « … », ajoutant qu'il… */
    size_t next = dx_skip_adverbs(d, f.cue.last, slast);
    if ((f.cue.form->forms & DX_FORM_GERUND) && !f.cue.pron)
      return (found){0};
    if (dx_tok_is(d, next, "que") || dx_tok_is(d, next, "qu'") || dx_tok_is(d, next, "that"))
      return (found){0};
    f.who = speaker_of(d, &f.cue, sfirst, slast, 1);
    f.ok = 1;
    return f;
  }
  /* subject first: ,” Smith said / ,” the senator said / », il a ajouté;
   * but not a relative clause (the “so-called deadlines,” which they say
   * were never agreed) */
  static const char *const relatives[] = {"which", "that", "who", "whom", "qui", "que",
                                          "qu'", "dont", "où", "where", NULL};
  if (dx_tok_among(d, k, relatives))
    return f;
  for (size_t j = k + 1; j < slast && j <= k + MAX_INTRO_GAP; j++) {
    if (d->tok[j].kind != DX_TK_WORD && dx_mention_at(d, j) < 0)
      break; /* the period of "Mr. King" is part of the name */
    if (dx_cue_verb_at(d, j, &f.cue)) {
      f.who = dx_speaker_before(d, j, k);
      if (f.who.ent >= 0 || f.who.end > f.who.start) {
        f.ok = 1;
        return f;
      }
      break;
    }
  }
  return f;
}

/* X a déclaré : « … » / X a déclaré que « … » / Selon X, « … » */
static found intro_before(dx_doc *d, size_t open, size_t sfirst, size_t slast) {
  found f = {0};
  if (open <= sfirst)
    return f;
  size_t j = open; /* tokens [.., j) precede the mark */
  int colon = 0;
  if (dx_is_punct(d, j - 1, ':') || dx_is_punct(d, j - 1, ',') || dx_is_dash(d, j - 1)) {
    colon = dx_is_punct(d, j - 1, ':');
    j--;
  }
  if (j > sfirst && (dx_tok_is(d, j - 1, "que") || dx_tok_is(d, j - 1, "qu'") ||
                     dx_tok_is(d, j - 1, "that")))
    j--;
  /* le Conseil d'État, qui « … »: the relative's antecedent speaks */
  if (j == open && (dx_tok_is(d, j - 1, "qui") || dx_tok_is(d, j - 1, "who"))) {
    f.who = dx_speaker_before(d, open, sfirst);
    if (f.who.ent >= 0) {
      f.cue.first = f.cue.last = open;
      f.ok = f.no_cue = 1;
      return f;
    }
  }
  size_t floor = j > sfirst + MAX_INTRO_GAP ? j - MAX_INTRO_GAP : sfirst;
  for (size_t s = j; s-- > floor;) {
    if (d->tok[s].kind == DX_TK_OPEN || d->tok[s].kind == DX_TK_CLOSE)
      break;
    if (dx_cue_verb_at(d, s, &f.cue) && f.cue.last <= j) {
      /* "écrit" is a cue, but so is "a écrit": take the whole phrase */
      dx_cue longer;
      for (size_t b = s; b-- > floor && s - b <= MAX_CUE_LEAD;)
        if (dx_cue_verb_at(d, b, &longer) && longer.last == f.cue.last) {
          f.cue = longer;
          break;
        }
      size_t after = dx_skip_adverbs(d, f.cue.last, j);
      if (after != j && j < open && dx_skip_adverbs(d, f.cue.last, open) == open)
        after = j; /* dénoncent, eux, « … »: the phrase takes the comma */
      /* a qualifying verb: décrit le déploiement comme « … », qualifiant la
       * tribune de « … », described it as “…” */
      size_t obj = after < j ? dx_object_end(d, after, j, 1) : after;
      int as = dx_tok_is(d, obj, "comme") || dx_tok_is(d, obj, "as");
      int of = dx_tok_is(d, obj, "de") || dx_tok_is(d, obj, "d'");
      if (obj + 1 == j && j == open && (as || (of && obj > after)))
        after = j; /* but "fait état d'« actions »" names a thing */
      /* between the cue and the quote: nothing, adverbs, or with a colon a
       * short complement (sur BFMTV, to reporters, lundi soir) */
      if (after != j && !colon && !(j - after <= 4 && (dx_tok_is(d, after, "à") ||
                                                       dx_tok_is(d, after, "au") ||
                                                       dx_tok_is(d, after, "aux") ||
                                                       dx_tok_is(d, after, "to"))))
        continue;
      /* a word or two right after the verb is its object, not its words:
       * ils s'affirment « prêts » */
      if (j == open && !colon &&
          count_words(d, open + 1, dx_after_passage(d, &d->pair[dx_tok_pair(&d->tok[open])])) <
              MIN_OBJECT_WORDS)
        return (found){0};
      f.who = speaker_of(d, &f.cue, sfirst, j, 0);
      f.ok = 1;
      return f;
    }
  }
  /* Castaner, le ministre, a comptabilisé 10 000 manifestants : « une
   * petite minorité ».  A colon before a quote that ends the sentence
   * gives the words to the sentence's subject when it is a name. */
  if (colon) {
    size_t after = dx_after_passage(d, &d->pair[dx_tok_pair(&d->tok[open])]);
    int tail_ok = 1;
    for (size_t k = after; k < slast && tail_ok; k++)
      tail_ok = d->tok[k].kind == DX_TK_PUNCT || d->tok[k].kind == DX_TK_PARA;
    dx_who subject = tail_ok ? dx_sentence_subject(d, d->tok[open].sent) : (dx_who){-1, 0, 0};
    if (subject.ent >= 0 && subject.start < d->tok[j].start) {
      memset(&f.cue, 0, sizeof f.cue);
      f.cue.first = f.cue.last = j; /* no cue words */
      f.who = subject;
      f.ok = 1;
      f.no_cue = 1;
      return f;
    }
  }
  /* Selon X, « … » / Pour X, « … » / According to X, “…” */
  for (size_t s = sfirst; s < open && s < sfirst + 3; s++) {
    if (dx_cue_prep_at(d, s, s == sfirst, &f.cue)) {
      /* the source runs to the first comma; an apposition may follow it
       * (Pour X, l'avocat de Y, « … ») but the mark must follow a comma */
      if (!dx_is_punct(d, open - 1, ','))
        break;
      f.who = dx_speaker_after(d, f.cue.last, open);
      f.ok = f.who.ent >= 0;
      return f;
    }
  }
  return f;
}

/* The passage is its sentence: nothing but a dash before the mark, nothing
 * but punctuation after it. */
static int standalone(const dx_doc *d, size_t open, size_t after, size_t sfirst, size_t slast) {
  for (size_t k = sfirst; k < open; k++)
    if (!dx_is_dash(d, k))
      return 0;
  for (size_t k = after; k < slast; k++)
    if (d->tok[k].kind != DX_TK_PUNCT && d->tok[k].kind != DX_TK_PARA)
      return 0;
  return 1;
}


static int cmp_cands(const void *a, const void *b) {
  const dx_cand *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->end > y->end ? -1 : x->end < y->end;
}

/* Sorts n records, each of size bytes.  The stages mostly find
 * candidates and passages in text order, and a text of short quotations
 * has one every few words: one pass finds where the order breaks, and
 * when only a few records lie past that point (the nested quotations
 * find_nested appends, a passage inside another), they are inserted where
 * they belong, each after any record equal to it; more go to qsort.
 * Either way equal records keep their order, as in the merge sort behind
 * glibc's qsort. */
enum { MAX_STRAGGLERS = 16 };

static void sort_unless_sorted(void *base, size_t n, size_t size,
                               int (*cmp)(const void *, const void *)) {
  char *b = base;
  size_t i = 1;
  while (i < n && cmp(b + (i - 1) * size, b + i * size) <= 0)
    i++;
  if (i >= n)
    return;
  unsigned char rec[sizeof(dx_cand)]; /* the largest record sorted here */
  if (n - i > MAX_STRAGGLERS || size > sizeof rec) {
    qsort(base, n, size, cmp);
    return;
  }
  for (; i < n; i++) { /* [0, i) is in order */
    size_t lo = 0, hi = i; /* the first record of [0, i) after record i */
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (cmp(b + mid * size, b + i * size) <= 0)
        lo = mid + 1;
      else
        hi = mid;
    }
    if (lo == i)
      continue;
    memcpy(rec, b + i * size, size);
    memmove(b + (lo + 1) * size, b + lo * size, (i - lo) * size);
    memcpy(b + lo * size, rec, size);
  }
}

/* Quotations are reported in text order. */
static void sort_cands(dx_doc *d) {
  if (d->ncand > 1) /* d->cand may still be NULL */
    sort_unless_sorted(d->cand, d->ncand, sizeof *d->cand, cmp_cands);
}

/* Where the text last named entity e before byte pos: a name, or the words
 * (a pronoun, a role noun) that an earlier quotation's speaker was given
 * by.  A carried-over speaker points there, so that a reader, or a corpus
 * that marks the source's words (PolNeAR), finds who is meant. */
static void earlier_mention(const dx_doc *d, dx_cand *q, size_t pos) {
  size_t best_s = 0, best_e = 0;
  size_t cfloor = d->ncand > 64 ? d->ncand - 64 : 0;
  for (size_t c = d->ncand; c-- > cfloor;) {
    const dx_cand *o = &d->cand[c];
    if (o != q && o->keep && o->speaker == q->speaker && o->sp_end > o->sp_start &&
        !o->sp_earlier && o->sp_end <= pos && o->sp_start >= best_s) {
      best_s = o->sp_start;
      best_e = o->sp_end;
    }
  }
  size_t mfloor = d->nmen > 256 ? d->nmen - 256 : 0;
  for (size_t m = d->nmen; m-- > mfloor;) {
    const dx_mention *mm = &d->men[m];
    size_t s = d->tok[mm->first].start, e = d->tok[mm->last - 1].end;
    if (e > pos)
      continue;
    if (s < best_s)
      break;
    if (mm->entity == q->speaker && !(d->tok[mm->first].flags & DX_TF_QUOTED)) {
      best_s = s;
      best_e = e;
      break;
    }
  }
  q->sp_start = best_s;
  q->sp_end = best_e;
  q->sp_earlier = best_e > best_s;
}

/* Puts this sentence's quotations (from index first) in text order and
 * gives those that carry the previous speaker (a quote with no cue of its
 * own, "ajoutant que…") the speaker of the one before them. */
static void settle_sentence(dx_doc *d, size_t s, size_t first) {
  if (d->ncand - first > 1) /* d->cand may still be NULL */
    sort_unless_sorted(d->cand + first, d->ncand - first, sizeof *d->cand, cmp_cands);
  for (size_t c = first; c < d->ncand; c++) {
    dx_cand *q = &d->cand[c];
    if (q->speaker != DX_CARRIED)
      continue;
    size_t at = 0;
    q->speaker = dx_last_speaker(d, q->start, 0, &at);
    if (q->speaker < 0)
      at = 0;
    dx_who w = {-1, 0, 0};
    if (q->cue_end > q->cue_start) {
      /* ajoutant que…, estimant que…: the subject of this sentence */
      w = dx_sentence_subject(d, s);
      if (w.start >= q->start)
        w.ent = -1;
    } else if (q->pair >= 0 && s > 0) {
      /* a quotation standing alone after a sentence about someone goes to
       * that someone, when they were named after the last quotation:
       * "X était présent à la cérémonie. « … »" */
      w = dx_sentence_subject(d, s - 1);
      if (w.start < at)
        w.ent = -1;
    }
    if (w.ent >= 0) {
      q->speaker = w.ent;
      q->sp_start = w.start;
      q->sp_end = w.end;
      q->sp_earlier = 1;
    } else if (q->speaker >= 0) {
      earlier_mention(d, q, q->start);
    } else {
      q->sp_start = q->sp_end = 0;
    }
  }
}

/* Passages in text order, an enclosing one before those inside it. */
typedef struct ordered {
  size_t start, end, pair;
  size_t sent; /* the sentence of its opening mark */
} ordered;

static int cmp_ordered(const void *a, const void *b) {
  const ordered *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->end > y->end ? -1 : x->end < y->end;
}

/* « A » et « B », ajoute X: the cue after the last of coordinated
 * passages reports them all. */
static found coordinated(dx_doc *d, size_t after, size_t sfirst, size_t slast) {
  found f = {0};
  for (int hop = 0; hop < 4; hop++) {
    size_t k = after;
    if (k < slast && (dx_tok_is(d, k, "et") || dx_tok_is(d, k, "and") || dx_is_punct(d, k, ',')))
      k++;
    if (k >= slast || d->tok[k].kind != DX_TK_OPEN || k == after)
      return f;
    after = dx_after_passage(d, &d->pair[dx_tok_pair(&d->tok[k])]);
    f = incise_after(d, after, sfirst, slast);
    if (f.ok)
      return f;
  }
  return f;
}

static dx_cand *new_cand(dx_doc *d, size_t start, size_t end, int32_t pair) {
  dx_cand *c = DX_PUSH(d, d->cand, d->ncand, d->cap_cand);
  if (!c)
    return NULL;
  memset(c, 0, sizeof *c);
  c->type = DX_QUOTE_DIRECT;
  c->keep = 1;
  c->start = start;
  c->end = end;
  c->pair = pair;
  c->parent = -1;
  c->speaker = -1;
  c->addressee = -1;
  c->via = -1;
  return c;
}

static void attach(dx_doc *d, dx_cand *c, const found *f) {
  c->speaker = f->who.ent;
  c->sp_start = f->who.start;
  c->sp_end = f->who.end;
  if (f->no_cue)
    return;
  c->cue_start = d->tok[f->cue.first].start;
  c->cue_end = d->tok[f->cue.last - 1].end;
  c->cue_lemma = f->cue.form ? f->cue.form->lemma : NULL;
  dx_who to = dx_addressee_after(d, &f->cue, f->who, d->ntok);
  /* « … », lui a-t-il répondu: "lui" is whom the last quotation's speaker
   * spoke to, or who spoke */
  if (to.ent < 0 && f->cue.first > 0 && d->lang == DX_LANG_FR &&
      (dx_tok_is(d, f->cue.first - 1, "lui") || dx_tok_is(d, f->cue.first - 1, "leur"))) {
    const dx_cand *prev = d->ncand > 1 ? &d->cand[d->ncand - 2] : NULL;
    if (prev && prev->speaker >= 0) {
      to = (dx_who){prev->speaker, d->tok[f->cue.first - 1].start, d->tok[f->cue.first - 1].end};
      if (f->cue.pron && prev->addressee >= 0) /* the one asked answers */
        c->speaker = prev->addressee;
    }
  }
  c->addressee = to.ent;
  c->ad_start = to.start;
  c->ad_end = to.end;
}

/* The comma, period or semicolon that ends an incise from token k, or the
 * last token before the closing mark at after. */
static size_t incise_end(const dx_doc *d, size_t k, size_t after) {
  while (k < after - 1 && !dx_is_punct(d, k, ',') && !dx_is_punct(d, k, '.') &&
         !dx_is_punct(d, k, ';'))
    k++;
  return k;
}

/* Does a role noun in apposition start at k (responsable de l'association,
 * la porte-parole du groupe, an official with the agency), a few words
 * with no verb of their own, rather than the words of the quotation? */
static int apposed_role(const dx_doc *d, size_t k) {
  size_t head = dx_tok_in(d, k, DX_SET_DETERMINERS) >= 0 ? k + 1 : k;
  if (head >= d->ntok || dx_tok_in(d, head, DX_SET_ROLE_NOUNS) < 0)
    return 0;
  size_t words = 0;
  for (; k < d->ntok && d->tok[k].kind == DX_TK_WORD; k++)
    if (++words > MAX_APPOSED_ROLE || dx_tok_in(d, k, DX_SET_AUXILIARIES) >= 0 ||
        dx_cue_verb_at(d, k, &(dx_cue){0}))
      return 0;
  return 1;
}

/* « Première partie, a-t-il ajouté, seconde partie »: a cue inside the
 * marks splits the passage into two quotations with one speaker.  Returns
 * 1 and the split when the passage at top level holds ", cue-verb" with an
 * inverted pronoun or a name after the verb. */
static int inner_incise(dx_doc *d, const dx_pair *p, size_t after, size_t *comma,
                        size_t *resume, found *f) {
  /* The word after the comma, where a verbal cue starts, is in
   * doc->cue_at, and so is the opening mark of a nested passage: a walk
   * over its entries, not over every token.  The commas looked at are
   * those from token from on, past the nested passages skipped. */
  size_t nc = d->ncue_at, from = p->open_tok + 1;
  for (size_t c = dx_cue_at_within(d, 0, nc, from); c < nc && d->cue_at[c] < after; c++) {
    size_t v = d->cue_at[c], k = v - 1;
    const dx_tok *t = &d->tok[v];
    if (t->kind == DX_TK_OPEN && dx_tok_pair(t) >= 0) { /* skip nested passages */
      if (v + 1 >= after) /* the token walk stopped before it */
        continue;
      size_t a = dx_after_passage(d, &d->pair[dx_tok_pair(t)]);
      from = a > v ? a : v + 1;
      c = dx_cue_at_within(d, c + 1, nc, from) - 1;
      continue;
    }
    if (v <= from || !dx_is_punct(d, k, ','))
      continue;
    dx_cue cue;
    if (!dx_cue_verb_at(d, v, &cue) || cue.last >= after)
      continue;
    dx_who who;
    if (cue.pron)
      who = dx_resolve_pronoun(d, cue.pron, cue.first, cue.pron_start, cue.pron_end);
    else {
      size_t n = dx_name_at(d, dx_skip_adverbs(d, cue.last, after));
      if (!n)
        continue;
      who = dx_speaker_after(d, dx_skip_adverbs(d, cue.last, after), after);
    }
    /* the incise runs to the next comma or period, and over a role in
     * apposition to its speaker (…, explique Marie Dubois, responsable de
     * l'association. Chaque jour compte.) */
    size_t e = incise_end(d, cue.last, after);
    if (dx_is_punct(d, e, ',') && e + 2 < after && apposed_role(d, e + 1))
      e = incise_end(d, e + 1, after);
    f->cue = cue;
    f->who = who;
    f->ok = 1;
    f->no_cue = 0;
    *comma = k;
    *resume = e + 1;
    return 1;
  }
  return 0;
}

/* Passage pi as a quotation with the cue, speaker and addressee of the
 * last one found: the rest of a statement whose cue came before. */
static void same_cue_as_last(dx_doc *d, size_t pi, int32_t *cand_of_pair) {
  const dx_pair *p = &d->pair[pi];
  dx_cand *c = new_cand(d, p->start, p->end, (int32_t)pi);
  if (!c)
    return;
  const dx_cand *prev = &d->cand[d->ncand - 2]; /* the push may have moved it */
  c->cue_start = prev->cue_start;
  c->cue_end = prev->cue_end;
  c->cue_lemma = prev->cue_lemma;
  c->speaker = prev->speaker;
  c->sp_start = prev->sp_start;
  c->sp_end = prev->sp_end;
  c->addressee = prev->addressee;
  cand_of_pair[pi] = (int32_t)(d->ncand - 1);
}

static void consider(dx_doc *d, size_t pi, int32_t *cand_of_pair) {
  const dx_pair *p = &d->pair[pi];
  cand_of_pair[pi] = -1;
  if (p->parent >= 0 && cand_of_pair[p->parent] >= 0)
    return; /* nested in a quotation: reported with its parent later */
  if (p->end <= p->start)
    return;
  size_t open = p->open_tok, after = dx_after_passage(d, p);
  const dx_sent *s = &d->sent[d->tok[open].sent];
  size_t sfirst = s->first, slast = s->last;
  size_t comma, resume;
  found f = {0};
  if (!p->multi_para && inner_incise(d, p, after, &comma, &resume, &f)) {
    dx_cand *c = new_cand(d, p->start, d->tok[comma].start, (int32_t)pi);
    if (!c)
      return;
    attach(d, c, &f);
    size_t rs = resume < after ? d->tok[resume].start : p->end;
    if (rs < p->end && (c = new_cand(d, rs, p->end, (int32_t)pi)) != NULL)
      attach(d, c, &f);
    cand_of_pair[pi] = (int32_t)(d->ncand - 1);
    return;
  }
  f = incise_after(d, after, sfirst, slast);
  if (!f.ok && (dx_tok_is(d, after, "par") || dx_tok_is(d, after, "by"))) {
    /* sont décrits comme « … » par une voisine: the agent of a passive cue */
    for (size_t b = open; b-- > sfirst && open - b <= MAX_INTRO_GAP;)
      if (dx_passive_cue_at(d, b, &f.cue) && f.cue.last <= open) {
        f.who = dx_speaker_after(d, after + 1, slast);
        f.ok = f.who.ent >= 0;
        break;
      }
  }
  if (!f.ok)
    f = coordinated(d, after, sfirst, slast);
  if (!f.ok && open > sfirst && dx_is_punct(d, open - 1, ',') && d->ncand > 0) {
    /* « A », a martelé X, « B »: the second half of a quotation that an
     * incise cut in two */
    dx_cand *prev = &d->cand[d->ncand - 1];
    size_t gap = 0;
    for (size_t k = open - 1; k > sfirst && d->tok[k].start >= prev->end && gap <= MAX_SECOND_GAP; k--)
      gap += d->tok[k].kind == DX_TK_WORD;
    if (prev->keep && prev->pair >= 0 && prev->cue_end > prev->end &&
        prev->cue_end <= d->tok[open].start && gap <= MAX_SECOND_GAP &&
        d->tok[d->pair[prev->pair].open_tok].sent == d->tok[open].sent) {
      same_cue_as_last(d, pi, cand_of_pair);
      return;
    }
  }
  if (!f.ok && open >= sfirst + 2 && dx_second_complement(d, open - 2) && d->ncand > 0) {
    /* X a dit que A et que « B »: a second complement of the same cue */
    const dx_cand *prev = &d->cand[d->ncand - 1];
    if (prev->keep && prev->cue_end > prev->cue_start && prev->cue_end <= prev->start &&
        prev->end <= d->tok[open - 2].start && prev->start >= d->tok[sfirst].start) {
      same_cue_as_last(d, pi, cand_of_pair);
      return;
    }
  }
  if (!f.ok)
    f = intro_before(d, open, sfirst, slast);
  int lone = !f.ok && standalone(d, open, after, sfirst, slast);
  if (!f.ok && !lone && !reads_as_clause(d, open + 1, after))
    return; /* a quoted term */
  dx_cand *c = new_cand(d, p->start, p->end, (int32_t)pi);
  if (!c)
    return;
  if (f.ok)
    attach(d, c, &f);
  if (c->speaker == -1) { /* goes on with the previous statement */
    c->speaker = DX_CARRIED;
    c->carried = !f.ok;
  }
  cand_of_pair[pi] = (int32_t)(d->ncand - 1);
}

/* « A ». « B », ont confié des témoins: a quotation with no cue that runs
 * straight into one with a cue shares its speaker (the incise covers both;
 * French and English press write it so). */
static void lend_next_speakers(dx_doc *d) {
  for (size_t c = d->ncand; c-- > 1;) {
    dx_cand *q = &d->cand[c - 1], *next = &d->cand[c];
    if (!q->carried || q->pair < 0 || next->pair < 0 || next->speaker < 0 ||
        next->cue_end <= next->cue_start || next->type != DX_QUOTE_DIRECT)
      continue;
    size_t k = dx_after_passage(d, &d->pair[q->pair]), open = d->pair[next->pair].open_tok;
    while (k < open && d->tok[k].kind == DX_TK_PUNCT)
      k++;
    if (k == open) {
      q->speaker = next->speaker;
      q->carried = next->carried;
      q->sp_start = next->sp_start;
      q->sp_end = next->sp_end;
      q->sp_earlier = 1;
    }
  }
}

/* The first token from e on, before stop, that is a period, an
 * exclamation or a question mark, or stop.  The walk goes over every
 * token of a quotation: one table lookup a token (dx_tok_kind_bit), and
 * only a token it lets through has its code point checked. */
static size_t clause_end_from(const dx_doc *d, size_t e, size_t stop) {
  static const uint64_t clause_end_bits[8] = {
      [DX_TK_PUNCT] = 1ull << '.' | 1ull << '!' | 1ull << '?',
  };
  for (const dx_tok *t = d->tok + e, *end = d->tok + stop; t < end; t++)
    if (dx_tok_kind_bit(clause_end_bits, t) && (uint32_t)t->u.mark.cp < 64)
      return (size_t)(t - d->tok);
  return stop;
}

/* « Poutine a dit que vous… », a déclaré Ouchakov: what a direct quotation
 * itself reports, with a cue and a speaker of its own, is a quotation
 * nested in it.  The words of the speaker himself (je pense que…) are not. */
static void find_nested(dx_doc *d, uint8_t *claimed) {
  size_t n = d->ncand;
  for (size_t c = 0; c < n && !d->failed; c++) {
    const dx_cand *outer = &d->cand[c];
    if (!outer->keep || outer->type != DX_QUOTE_DIRECT || outer->pair < 0 ||
        !has_words_bytes(d, outer->start, outer->end, MIN_NESTING_WORDS))
      continue;
    const dx_pair *p = &d->pair[outer->pair];
    /* clause by clause: the sentences inside the quotation, whose tokens
     * are those from the opening mark on that start before its end */
    size_t k = p->open_tok + 1;
    /* the first token past them: the closing mark, which starts where the
     * content ends, unless a repair closed the passage */
    size_t stop = p->repaired ? dx_tok_at(d, p->end) : p->close_tok;
    while (k < stop && !d->failed) {
      size_t e = clause_end_from(d, k, stop);
      size_t before = d->ncand;
      dx_find_reported_in(d, k, e, claimed);
      for (size_t q = before; q < d->ncand; q++) {
        dx_cand *in = &d->cand[q];
        outer = &d->cand[c]; /* the pushes may have moved it */
        /* only a speaker the quotation names (Poutine a dit que…): a
         * pronoun or a noun phrase there is too often the speaker's own
         * turn of phrase (ils disent que…, les gens pensent que…) */
        if (in->speaker < 0 || in->speaker == outer->speaker || in->cue_end <= in->cue_start ||
            d->ent[in->speaker].is_np || dx_mention_at(d, dx_tok_at(d, in->sp_start)) < 0 ||
            in->sp_start < outer->start) {
          in->keep = 0;
          continue;
        }
        in->parent_start = outer->start;
        in->parent_end = outer->end;
      }
      k = e + 1;
    }
  }
}

/* After sorting: the index of each nested quotation's parent. */
static void link_parents(dx_doc *d) {
  for (size_t c = 0; c < d->ncand; c++) {
    dx_cand *q = &d->cand[c];
    if (q->parent_end <= q->parent_start)
      continue;
    for (size_t o = c; o-- > 0;)
      if (d->cand[o].keep && d->cand[o].start == q->parent_start && d->cand[o].end == q->parent_end) {
        q->parent = (int32_t)o;
        break;
      }
  }
}

/* The sentence of passage pi's opening mark. */
static size_t passage_sent(const dx_doc *d, size_t pi) { return d->tok[d->pair[pi].open_tok].sent; }

/* Sentence by sentence, so that "the previous speaker" is the previous
 * one in the text: first the paraphrases (which may take quoted passages
 * with them as mixed quotations), then the passages left. */
void dx_find_quotes(dx_doc *d) {
  size_t np = d->npair;
  ordered *order = np ? dx_mem_alloc(d->alloc, np * sizeof *order) : NULL;
  int32_t *cand_of_pair = np ? dx_mem_alloc(d->alloc, np * sizeof *cand_of_pair) : NULL;
  uint8_t *claimed = np ? dx_mem_alloc(d->alloc, np) : NULL;
  if (np && (!order || !cand_of_pair || !claimed)) {
    d->failed = 1;
  } else {
    for (size_t i = 0; i < np; i++) {
      /* the sentence is read here, where one passage's loads do not
       * wait for another's, rather than in the walk below */
      order[i] = (ordered){d->pair[i].start, d->pair[i].end, i, passage_sent(d, i)};
      cand_of_pair[i] = -1;
      claimed[i] = 0;
    }
    if (np > 1)
      sort_unless_sorted(order, np, sizeof *order, cmp_ordered);
    size_t next = 0;
    /* the first word or number after the last passage's opening mark: the
     * passages come in text order, so one cursor tells for all of them
     * whether they hold a word (marks around nothing but marks and signs
     * report no one's words) */
    size_t word = 0;
    size_t next_sent = np ? order[0].sent : SIZE_MAX;
    for (size_t s = 0; s < d->nsent && !d->failed; s++) {
      size_t first = d->ncand;
      dx_find_reported(d, s, claimed);
      while (next_sent <= s && !d->failed) {
        size_t pi = order[next++].pair;
        next_sent = next < np ? order[next].sent : SIZE_MAX;
        const dx_pair *p = &d->pair[pi];
        if (word <= p->open_tok)
          word = p->open_tok + 1;
        while (word < d->ntok && d->tok[word].kind != DX_TK_WORD && d->tok[word].kind != DX_TK_NUM)
          word++;
        if (word >= d->ntok || d->tok[word].start >= p->end)
          continue; /* no word inside: cand_of_pair[pi] stays -1 */
        if (!claimed[pi])
          consider(d, pi, cand_of_pair);
        else if (claimed[pi] == 2) /* a direct quotation reported.c found */
          cand_of_pair[pi] = (int32_t)d->ncand;
      }
      settle_sentence(d, s, first);
    }
  }
  sort_cands(d);
  lend_next_speakers(d);
  if (claimed && !d->failed) {
    find_nested(d, claimed);
    sort_cands(d);
    link_parents(d);
  }
  dx_mem_free(d->alloc, order);
  dx_mem_free(d->alloc, cand_of_pair);
  dx_mem_free(d->alloc, claimed);
}
