/*
 * lang.c — French or English, by counting frequent function words.
 *
 * News articles give hundreds of function words; a few dozen are enough to
 * tell French from English, so only the first words are looked at and the
 * cost does not grow with the document.  The scan stops after a bounded
 * number of tokens too: a text of punctuation has no first words, and a
 * pass over its millions of tokens would cost more than all the rest.
 */
#include "doc.h"

/* News texts reach SAMPLE_WORDS words within 1.5 times as many tokens (90
 * at most over the gold files and the bench corpus); a text that has not
 * after MAX_TOKENS is no prose, and is judged on what was seen. */
enum { SAMPLE_WORDS = 60, MIN_HITS = 3, MAX_TOKENS = 64 * SAMPLE_WORDS };

/* 1 when the record numbered rec (1 + its index, 0: none) of a language's
 * records is a stopword's: every word of a set has a record (see
 * tools/gen_lexicon.py), which holds its value in each set. */
static unsigned is_stopword(const dx_word_info *records, uint32_t rec) {
  return rec && records[rec - 1].set[DX_SET_STOPWORDS] >= 0;
}

/* Reads the records dx_tokenize() left in each word's sent field (both
 * languages', until dx_lookup_words() keeps one): no second probe of the
 * tables. */
dx_lang dx_detect_lang(const dx_doc *d) {
  const dx_word_info *fr_records = dx_word_records(DX_LANG_FR);
  const dx_word_info *en_records = dx_word_records(DX_LANG_EN);
  size_t words = 0, fr = 0, en = 0;
  size_t end = d->ntok < MAX_TOKENS ? d->ntok : MAX_TOKENS;
  for (size_t i = 0; i < end && words < SAMPLE_WORDS; i++) {
    const dx_tok *t = &d->tok[i];
    if (t->kind != DX_TK_WORD)
      continue;
    words++;
    if (!t->fold_len)
      continue; /* too long to be in a table: no records */
    fr += is_stopword(fr_records, t->sent & 0xFFFFu);
    en += is_stopword(en_records, t->sent >> DX_WORD_EN_SHIFT);
  }
  if (words == 0)
    return DX_LANG_AUTO; /* nothing to judge: no language, no warning */
  size_t best = fr > en ? fr : en;
  /* function words are a third of running text in both languages; a text
   * where they are rare is in some other language */
  if (best == 0 && words < MIN_HITS)
    return DX_LANG_AUTO; /* a word or two: too little to judge or to warn */
  if (best * 8 < words)
    return DX_LANG_OTHER;
  return fr >= en ? DX_LANG_FR : DX_LANG_EN;
}
