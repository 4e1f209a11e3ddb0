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

/* Reads the records dx_tokenize() left in each word's sent field (both
 * languages', until dx_lookup_words() keeps one): no second probe of the
 * tables.  Whether a record is a stopword's comes from the DX_NAME_* bits
 * (DX_NAME_STOPWORD), a byte a record, indexed by the record number (0:
 * none, whose bits are 0): a text's first words are read from arrays of
 * some KB, where the records themselves are some hundred KB, whose reads
 * missed the caches for most words of a short text. */
dx_lang dx_detect_lang(const dx_doc *d) {
  /* a language without tables gives its words no record: record 0 */
  static const uint8_t no_records[1] = {0};
  const uint8_t *fr_bits = dx_name_bits(DX_LANG_FR) ? dx_name_bits(DX_LANG_FR) : no_records;
  const uint8_t *en_bits = dx_name_bits(DX_LANG_EN) ? dx_name_bits(DX_LANG_EN) : no_records;
  size_t words = 0, fr = 0, en = 0;
  size_t end = d->ntok < MAX_TOKENS ? d->ntok : MAX_TOKENS;
  for (size_t i = 0; i < end && words < SAMPLE_WORDS; i++) {
    /* every token's sent is 0 but a word's with a record, so that
     * nothing depends on the token's kind but the count of words */
    const dx_tok *t = &d->tok[i];
    words += t->kind == DX_TK_WORD;
    fr += (fr_bits[t->sent & 0xFFFFu] & DX_NAME_STOPWORD) != 0;
    en += (en_bits[t->sent >> DX_WORD_EN_SHIFT] & DX_NAME_STOPWORD) != 0;
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
