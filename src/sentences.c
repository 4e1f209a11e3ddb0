/*
 * sentences.c — sentence boundaries, outside quoted passages only.
 *
 * A quotation is an atom of the sentence that reports it: « Non. Jamais. »,
 * a-t-il dit is one sentence, so that the cue after the quote and the name
 * before it are found in the same place.  Inside the marks, boundaries do
 * not matter to attribution.  A period ends a sentence unless it follows an
 * abbreviation or an initial (M., Mme, Dr., U.S., J.) or what follows it
 * starts in lower case.
 */
#include "doc.h"

#include <string.h>

#include "lexicon.h"

/* A sentence this long is cut at its next comma, and twice this long
 * anywhere: real sentences are far shorter, and every later stage may scan
 * a sentence once per cue in it, which must stay linear on any input. */
enum { LONG_SENTENCE = 200 };

static int is_terminal(int32_t c) { return c == '.' || c == '!' || c == '?' || c == 0x2026; }

/* A word that a period does not end a sentence after. */
static int is_abbreviation(const dx_doc *d, size_t w) {
  const dx_tok *t = &d->tok[w];
  if (t->kind != DX_TK_WORD)
    return 0;
  size_t n = t->end - t->start;
  if ((t->flags & DX_TF_CAP) && n <= 2 && !(n == 2 && (t->flags & DX_TF_ALLCAPS)))
    return 1; /* an initial: J. or M. or St. */
  if (!(dx_tok_name_bits(d, w) & DX_NAME_TITLE))
    return 0;
  /* a title written short (Sen., Gov., Mgr.): the tables list it with its
   * dot; said the president. / a dit le ministre. end their sentence */
  size_t len;
  const char *f = dx_tok_folded(d, w, &len);
  char key[16];
  if (len == 0 || len + 1 > sizeof key)
    return 0;
  memcpy(key, f, len);
  key[len] = '.';
  return dx_wordset_lookup(d->lang, DX_SET_TITLES, key, len + 1) >= 0;
}

/* Does the passage that closes at token k (its closing mark) end with a
 * period, a question or an exclamation mark? */
static int ends_with_terminal(const dx_doc *d, size_t k) {
  if (d->tok[k].kind != DX_TK_CLOSE || k == 0)
    return 0;
  const dx_tok *last = &d->tok[k - 1];
  return last->kind == DX_TK_PUNCT && is_terminal(dx_tok_cp(last));
}

/* Does token i (after a terminal) start a new sentence? */
static int starts_sentence(const dx_doc *d, size_t i) {
  if (i >= d->ntok)
    return 1;
  const dx_tok *t = &d->tok[i];
  if (t->kind == DX_TK_PARA)
    return 1;
  if (!(t->flags & DX_TF_SPACE_BEFORE))
    return 0;
  if (t->kind == DX_TK_WORD)
    return (t->flags & DX_TF_CAP) != 0;
  if (t->kind == DX_TK_NUM || t->kind == DX_TK_OPEN)
    return 1;
  return dx_tok_cp(t) == 0x2014 || dx_tok_cp(t) == 0x2013 || dx_tok_cp(t) == '(' || (t->flags & DX_TF_QUOTE_CHAR);
}

/* The tokens of a sentence carry its index (dx_tok.sent).  The splitter
 * gives it to them as it passes them, while they are at hand, rather than
 * in a second walk over each sentence once it closes: the sentence being
 * read gets index d->nsent, and close_sentence() only records it. */
static void number_tokens(dx_doc *d, size_t from, size_t to) {
  uint32_t idx = (uint32_t)d->nsent;
  for (size_t k = from; k < to; k++)
    d->tok[k].sent = idx;
}

/* The words from token i on, up to stop: most tokens, which end no
 * sentence.  Numbers them, and returns the first token that is no word, or
 * stop. */
static size_t number_words(dx_doc *d, size_t i, size_t stop) {
  uint32_t idx = (uint32_t)d->nsent;
  dx_tok *t = d->tok + i, *end = d->tok + stop;
  for (; t < end && t->kind == DX_TK_WORD; t++)
    t->sent = idx;
  return (size_t)(t - d->tok);
}

/* Might token t end a sentence or start a passage?  For each kind of
 * token, the bits (code point mod 64) of those that may: an opening mark,
 * a paragraph break, a period, an exclamation or a question mark, an
 * ellipsis (0x2026 mod 64 is 38).  A few other marks share those bits (the
 * 38 of '&'): the walk below stops at them too, and the splitter looks
 * at them closely, as it does at the others. */
static const uint64_t may_end_bits[8] = {
    [DX_TK_PUNCT] = 1ull << '.' | 1ull << '!' | 1ull << '?' | 1ull << (0x2026 & 63),
    [DX_TK_OPEN] = UINT64_MAX,
    [DX_TK_PARA] = UINT64_MAX,
};

/* One table lookup and no branch (dx_tok_kind_bit): the walk below runs
 * over every token. */
static int may_end_sentence(const dx_tok *t) { return dx_tok_kind_bit(may_end_bits, t); }

/* The tokens from token i on, up to stop, in a sentence shorter than
 * LONG_SENTENCE: numbers them, and returns the first that may end the
 * sentence, or stop. */
static size_t number_plain(dx_doc *d, size_t i, size_t stop) {
  uint32_t idx = (uint32_t)d->nsent;
  dx_tok *t = d->tok + i, *end = d->tok + stop;
  for (; t < end; t++) {
    t->sent = idx;
    if (may_end_sentence(t))
      break;
  }
  return (size_t)(t - d->tok);
}

/* Records the sentence [first, last), whose tokens are numbered already. */
static void close_sentence(dx_doc *d, size_t first, size_t last) {
  if (last <= first)
    return;
  dx_sent *s = DX_PUSH(d, d->sent, d->nsent, d->cap_sent);
  if (!s)
    return;
  s->first = first;
  s->last = last;
}

/* Steps over the passage that opens at token i, which no passage holds:
 * numbers its tokens and flags those of its content as quoted (the
 * tokens between its marks, or up to the end of the content of a
 * passage that a repair closed, which has no closing mark), on the one
 * walk over them.  Returns the token after the passage. */
static size_t step_over_passage(dx_doc *d, size_t i) {
  const dx_pair *p = &d->pair[dx_tok_pair(&d->tok[i])];
  size_t after = dx_after_passage(d, p);
  size_t content_end = p->repaired ? after : after - 1;
  uint32_t idx = (uint32_t)d->nsent;
  d->tok[i].sent = idx;
  for (dx_tok *t = d->tok + i + 1, *end = d->tok + content_end; t < end; t++) {
    t->sent = idx;
    t->flags |= DX_TF_QUOTED;
  }
  number_tokens(d, content_end, after);
  return after;
}

void dx_split_sentences(dx_doc *d) {
  /* the sentence being read is [first, i); its tokens are numbered */
  size_t first = 0, i = 0;
  while (i < d->ntok && !d->failed) {
    /* i never falls behind first, so i - first < n is i < first + n */
    if (i - first < LONG_SENTENCE) {
      /* only a token that may_end_sentence() can end a short sentence */
      size_t stop = d->ntok - first > LONG_SENTENCE ? first + LONG_SENTENCE : d->ntok;
      i = number_plain(d, i, stop);
    } else {
      /* a long one ends at a comma too; a word ends none until it is far
       * too long */
      size_t stop = d->ntok - first > 2 * LONG_SENTENCE ? first + 2 * LONG_SENTENCE : d->ntok;
      i = number_words(d, i, stop);
    }
    if (i >= d->ntok)
      break;
    const dx_tok *t = &d->tok[i];
    if (t->kind == DX_TK_OPEN && dx_tok_pair(t) >= 0) {
      size_t end = step_over_passage(d, i);
      /* “… for him.” She says…: a quotation whose own words end a sentence,
       * followed by a capital, ends the sentence that holds it */
      if (end > i + 1 && end < d->ntok && ends_with_terminal(d, end - 1) &&
          d->tok[end].kind == DX_TK_WORD && (d->tok[end].flags & DX_TF_CAP) &&
          (d->tok[end].flags & DX_TF_SPACE_BEFORE)) {
        close_sentence(d, first, end);
        first = end;
      }
      i = end;
      continue;
    }
    if (t->kind == DX_TK_PARA) {
      /* a break belongs to the sentence before it, and opens none */
      close_sentence(d, first, i);
      d->tok[i].sent = d->nsent ? (uint32_t)(d->nsent - 1) : 0;
      first = ++i;
      continue;
    }
    d->tok[i].sent = (uint32_t)d->nsent;
    if (i - first >= LONG_SENTENCE &&
        ((t->kind == DX_TK_PUNCT && (dx_tok_cp(t) == ',' || dx_tok_cp(t) == ';')) || i - first >= 2 * LONG_SENTENCE)) {
      close_sentence(d, first, i + 1);
      first = ++i;
      continue;
    }
    if (t->kind == DX_TK_PUNCT && is_terminal(dx_tok_cp(t))) {
      size_t next = i + 1;
      /* a closing mark or bracket right after the period stays with it */
      while (next < d->ntok && d->tok[next].kind == DX_TK_PUNCT &&
             !(d->tok[next].flags & DX_TF_SPACE_BEFORE) &&
             (dx_tok_cp(&d->tok[next]) == ')' || is_terminal(dx_tok_cp(&d->tok[next]))))
        next++;
      int abbrev = dx_tok_cp(t) == '.' && i > 0 && !(t->flags & DX_TF_SPACE_BEFORE) &&
                   is_abbreviation(d, i - 1);
      if (!abbrev && starts_sentence(d, next)) {
        number_tokens(d, i + 1, next);
        close_sentence(d, first, next);
        first = i = next;
        continue;
      }
    }
    i++;
  }
  close_sentence(d, first, d->ntok);
}
