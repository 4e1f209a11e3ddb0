/*
 * via.c — through whom the words reach us.
 *
 * A quotation's sentence may say that its speaker's words came through
 * someone else: "Le dirigeant russe, selon son assistant, a déclaré…"
 * (speaker Poutine, via the assistant), "Y, comme l'a noté X, a affirmé…",
 * "le PNF a indiqué, par l'intermédiaire d'un porte-parole, que…",
 * "des propos rapportés par X", "through a spokesman".  A quotation nested
 * in a direct one reaches us through the outer quotation's speaker.  This
 * pass runs once every quotation and its speaker are known, and looks only
 * at the quotation's own sentence, outside its content.
 */

#include "attribution.h"
#include "cues.h"

enum { MAX_VIA_PHRASE = 4, MAX_RELAY_GAP = 8 };

/* Phrases that name a go-between (a closed class of grammar, kept with the
 * rule that reads it): the go-between's noun phrase follows them.  Their
 * first words are tools/gen_lexicon.py's VIA_OPENERS, which the lexicon
 * marks DX_WORD_VIA: change both (test_lexicon checks them). */
static const char *const fr_via_phrases[][MAX_VIA_PHRASE + 1] = {
    {"par", "l'", "intermédiaire", "de", NULL}, {"par", "l'", "intermédiaire", "d'", NULL},
    {"par", "l'", "intermédiaire", "du", NULL}, {"par", "la", "voix", "de", NULL},
    {"par", "la", "voix", "du", NULL},          {"par", "la", "voix", "d'", NULL},
    {"via", NULL}};
static const char *const en_via_phrases[][MAX_VIA_PHRASE + 1] = {
    {"through", NULL}, {"via", NULL}, {"by", "way", "of", NULL}};

typedef const char *const via_phrase[MAX_VIA_PHRASE + 1];

/* The via phrases of the document's language, *n of them. */
static const via_phrase *via_phrases(dx_lang lang, size_t *n) {
  if (lang == DX_LANG_FR) {
    *n = sizeof fr_via_phrases / sizeof *fr_via_phrases;
    return fr_via_phrases;
  }
  *n = sizeof en_via_phrases / sizeof *en_via_phrases;
  return en_via_phrases;
}

const char *dx_via_opener(dx_lang lang, size_t i) {
  size_t n;
  const via_phrase *phrases = via_phrases(lang, &n);
  return i < n ? phrases[i][0] : NULL;
}

/* The length of the via phrase at token k, or 0. */
static size_t via_phrase_at(const dx_doc *d, size_t k) {
  size_t n;
  const via_phrase *phrases = via_phrases(d->lang, &n);
  size_t len;
  const char *f = dx_tok_folded(d, k, &len);
  for (size_t p = 0; p < n && len; p++) {
    const char *const *words = phrases[p];
    if (words[0][0] != f[0])
      continue; /* most prepositions start no phrase: one byte says so */
    size_t j = 0;
    while (words[j] && k + j < d->ntok && dx_tok_is(d, k + j, words[j]))
      j++;
    if (!words[j])
      return j;
  }
  return 0;
}

static int inside(size_t b, size_t start, size_t end) { return start <= b && b < end; }

/* The first token of [k, stop) at which via_at() may find a go-between,
 * or stop; *bits receives its DX_WORD_* bits.  Only a word outside
 * quotation marks may be one, and each of via_at()'s three rules needs
 * one of: the word may start a via phrase (DX_WORD_VIA, which
 * tools/gen_lexicon.py gives the first words of the phrases above), it is
 * a relayed form (DX_WORD_RELAYED), or it may start a source preposition
 * (DX_WORD_SOURCE, without which dx_cue_prep_at() finds none) after a
 * comma.  Most tokens are none, and this loop is most of the stage's
 * time: one read of the token's bits rules out all three (a token that is
 * no word reads record 0, whose bits are 0), and only for the few source
 * words (pour, for, d') is the token before read for its comma. */
static size_t next_via_candidate(const dx_doc *d, size_t k, size_t stop, unsigned *bits) {
  const uint8_t *word_bits = d->word_bits;
  const dx_tok *t = d->tok + k, *end = d->tok + stop;
  for (; t < end; t++) {
    uint32_t info = t->u.word.info & -(uint32_t)(t->kind == DX_TK_WORD);
    unsigned b = word_bits[info];
    if (!(b & (DX_WORD_VIA | DX_WORD_RELAYED | DX_WORD_SOURCE)) || (t->flags & DX_TF_QUOTED))
      continue;
    const dx_tok *before = t > d->tok ? t - 1 : NULL;
    if ((b & (DX_WORD_VIA | DX_WORD_RELAYED)) ||
        (before && before->kind == DX_TK_PUNCT && before->u.mark.cp == ',')) {
      *bits = b;
      break;
    }
  }
  return (size_t)(t - d->tok);
}

/* Can who pass words on?  A name, or a noun phrase for people (a
 * spokesman, son avocat): "through the winter" names no go-between. */
static dx_who someone(const dx_doc *d, dx_who who) {
  if (who.ent >= 0 && d->ent[who.ent].is_np && d->ent[who.ent].kind == DX_ENTITY_UNKNOWN)
    who.ent = -1;
  return who;
}

/* The go-between named at token k of sentence [sfirst, slast), or none.
 * k is a word with a lexicon record, whose DX_WORD_* bits are bits: a via
 * phrase's first word, a relayed form, or a source word after a comma.
 * Each rule asks first what the tokens and their bits tell, and reads the
 * record itself (some hundred KB of them) last. */
static dx_who via_at(dx_doc *d, const dx_cand *q, size_t k, size_t slast, unsigned bits) {
  dx_who none = {-1, 0, 0};
  /* no other word starts a via phrase */
  size_t n = (bits & DX_WORD_VIA) && dx_tok_in(d, k, DX_SET_PREPOSITIONS) >= 0
                 ? via_phrase_at(d, k)
                 : 0;
  if (n)
    return someone(d, dx_speaker_after(d, k + n, slast));
  /* rapportés à 20 Minutes par X: a relayed form (the rule needs a cue) */
  if (bits & DX_WORD_RELAYED) {
    size_t j = k + 1;
    while (j < slast && j <= k + MAX_RELAY_GAP && d->tok[j].kind != DX_TK_PUNCT &&
           !dx_tok_is(d, j, "par") && !dx_tok_is(d, j, "by"))
      j++;
    if (j < slast && j <= k + MAX_RELAY_GAP && d->tok[j].kind != DX_TK_PUNCT &&
        dx_tok_info(d, k)->cue)
      return someone(d, dx_speaker_after(d, j + 1, slast));
  }
  /* Y, selon X, a déclaré / Y, comme l'a noté X, a affirmé: a source
   * between commas, between the speaker this sentence names and the cue */
  dx_cue c;
  if (k > 0 && dx_is_punct(d, k - 1, ',') && !q->sp_earlier && q->sp_end > q->sp_start &&
      q->sp_end <= d->tok[k].start && d->tok[k].start < q->cue_start &&
      dx_cue_prep_at(d, k, 0, &c) && d->tok[c.first].start != q->cue_start) {
    size_t comma = c.last;
    while (comma < slast && comma - c.last < 12 && !dx_is_punct(d, comma, ','))
      comma++;
    if (comma < slast && comma > c.last)
      return dx_speaker_after(d, c.last, comma);
  }
  return none;
}

/* Is hint the first token that starts at or after byte b?  A quoted
 * passage's marks bound its content, so that for the content's ends (and
 * the cue by a mark) the token by the mark is mostly the answer: two
 * comparisons confirm it, where a search takes a dozen steps. */
static int first_from(const dx_doc *d, size_t b, size_t hint) {
  return hint < d->ntok && d->tok[hint].start >= b && (hint == 0 || d->tok[hint - 1].start < b);
}

/* The first token of sentence s that starts at or after byte b, or
 * s->last when none does: dx_tok_at(b) clamped to the sentence, which is
 * all the scan below needs of a content's ends (a content may run past its
 * cue's sentence); the hint when it is the answer. */
static size_t tok_near(const dx_doc *d, size_t b, size_t hint, const dx_sent *s) {
  return first_from(d, b, hint) ? hint : dx_tok_at_within(d, s->first, s->last, b);
}

static void find_via(dx_doc *d, dx_cand *q) {
  if (q->cue_end <= q->cue_start || q->speaker < 0)
    return;
  /* the marks of a quoted passage stand by its cue and bound its content;
   * a reported clause follows its cue */
  const dx_pair *p = q->pair >= 0 ? &d->pair[q->pair] : NULL;
  size_t mark = !p ? d->ntok : q->cue_start < q->start ? p->open_tok : p->close_tok;
  size_t cue = first_from(d, q->cue_start, mark) ? mark : dx_tok_at(d, q->cue_start);
  if (cue >= d->ntok)
    return;
  const dx_sent *s = &d->sent[d->tok[cue].sent];
  /* the content is the run of tokens [first, after) (tokens are in text
   * order), most of the sentence: the tokens before it, then those after;
   * a content's ends beyond the sentence are clamped to it, which leaves
   * the runs below as they were */
  size_t first = tok_near(d, q->start, p ? p->open_tok + 1 : cue, s);
  size_t after = tok_near(d, q->end, p ? p->close_tok : first, s);
  if (after < first) /* an empty content: no token lies in it */
    after = first;
  size_t runs[2][2] = {{s->first, first < s->last ? first : s->last},
                       {after > s->first ? after : s->first, s->last}};
  if (!d->word_bits)
    return; /* no records: no word may start anything */
  for (int r = 0; r < 2; r++) {
    size_t stop = runs[r][1];
    unsigned bits = 0;
    for (size_t k = next_via_candidate(d, runs[r][0], stop, &bits); k < stop;
         k = next_via_candidate(d, k + 1, stop, &bits)) {
      dx_who w = via_at(d, q, k, s->last, bits);
      if (w.ent >= 0 && w.ent != q->speaker && !inside(w.start, q->start, q->end)) {
        q->via = w.ent;
        q->via_start = w.start;
        q->via_end = w.end;
        return;
      }
    }
  }
}

void dx_find_via(dx_doc *d) {
  for (size_t c = 0; c < d->ncand; c++) {
    dx_cand *q = &d->cand[c];
    if (!q->keep)
      continue;
    if (q->parent >= 0) { /* « Poutine a dit que… », a déclaré Ouchakov */
      const dx_cand *outer = &d->cand[q->parent];
      if (outer->speaker >= 0 && outer->speaker != q->speaker && q->speaker >= 0) {
        q->via = outer->speaker;
        q->via_start = outer->sp_start;
        q->via_end = outer->sp_end;
      }
      continue;
    }
    find_via(d, q);
  }
}
