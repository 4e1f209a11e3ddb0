/* lexicon.c — folding words and finding them in the compiled tables. */
#include "lexicon.h"

#include <string.h>
#include <utf8proc.h>

#include "lexicon_tables.h"

/* Longest word, in code points, that the decomposing path folds.  Every
 * key in the tables is far shorter, so a longer word can only miss. */
#define DX_FOLD_MAX_CP 128

static const dx_lex_lang *lang_tables(dx_lang lang) {
  switch (lang) {
  case DX_LANG_FR:
    return &dx_lex_fr;
  case DX_LANG_EN:
    return &dx_lex_en;
  default:
    return NULL;
  }
}

static const dx_lex_entry *probe_hashed(const dx_lex_table *t, const char *word,
                                        size_t len, uint32_t h) {
  if (word == NULL || len == 0 || len > UINT8_MAX)
    return NULL;
  uint32_t i = h & t->mask;
  /* The generator keeps every table at most half full, so an empty slot
   * always ends the walk; the bound only guards against a broken table. */
  for (uint32_t n = 0; n <= t->mask; n++) {
    const dx_lex_slot *s = &t->slots[i];
    if (s->entry == 0)
      return NULL;
    if (s->hash == h && s->len == len) {
      const dx_lex_entry *e = &t->entries[s->entry - 1];
      if (memcmp(dx_lex_pool + e->key, word, len) == 0)
        return e;
    }
    i = (i + 1) & t->mask;
  }
  return NULL;
}

static const dx_lex_entry *probe(const dx_lex_table *t, const char *word, size_t len) {
  return probe_hashed(t, word, len, dx_lex_hash(word, len));
}

const dx_cue_form *dx_cue_lookup(dx_lang lang, const char *word, size_t len) {
  const dx_lex_lang *t = lang_tables(lang);
  if (t == NULL)
    return NULL;
  const dx_lex_entry *e = probe(&t->cues, word, len);
  return e ? &t->cue_forms[e->value] : NULL;
}

size_t dx_cue_phrase_lookup(dx_lang lang, const char *word, size_t len,
                            const dx_cue_phrase **out) {
  const dx_lex_lang *t = lang_tables(lang);
  const dx_lex_entry *e = t ? probe(&t->phrases, word, len) : NULL;
  if (out)
    *out = e ? &t->phrase_list[e->value] : NULL;
  return e ? e->count : 0;
}

int dx_wordset_lookup(dx_lang lang, dx_wordset set, const char *word,
                      size_t len) {
  const dx_lex_lang *t = lang_tables(lang);
  if (t == NULL || (unsigned)set >= DX_SET_COUNT)
    return -1;
  const dx_lex_entry *e = probe(&t->sets[set], word, len);
  return e ? (int)e->value : -1;
}

_Static_assert(DX_WORD_FILTER_BITS == 1 << 16, "lexicon.h: dx_word_filter_bit");

const uint32_t *dx_word_filter_any(void) { return dx_lex_any_word_filter; }

/* 1 + the index of the word's record in the language, 0 when none; the
 * words table's values are its entries' indices, which its 16-bit slots
 * hold plus one, so the number fits 16 bits. */
static uint32_t record_number(const dx_lex_lang *t, const char *word, size_t len,
                              uint32_t hash) {
  if (!dx_word_filter_has(t->word_filter, hash))
    return 0; /* no word of the tables has this hash */
  const dx_lex_entry *e = probe_hashed(&t->words, word, len, hash);
  return e ? (uint32_t)e->value + 1 : 0;
}

uint32_t dx_word_lookup_both(const char *word, size_t len, uint32_t hash) {
  return record_number(&dx_lex_fr, word, len, hash) |
         record_number(&dx_lex_en, word, len, hash) << DX_WORD_EN_SHIFT;
}

const dx_word_info *dx_word_lookup(dx_lang lang, const char *word, size_t len) {
  const dx_lex_lang *t = lang_tables(lang);
  const dx_lex_entry *e = t ? probe(&t->words, word, len) : NULL;
  return e ? &t->word_info[e->value] : NULL;
}

const dx_word_info *dx_word_records(dx_lang lang) {
  const dx_lex_lang *t = lang_tables(lang);
  return t ? t->word_info : NULL;
}

const uint8_t *dx_word_bits(dx_lang lang) {
  const dx_lex_lang *t = lang_tables(lang);
  return t ? t->word_bits : NULL;
}

const uint8_t *dx_name_bits(dx_lang lang) {
  const dx_lex_lang *t = lang_tables(lang);
  return t ? t->name_bits : NULL;
}

const dx_cue_form *dx_word_cue(dx_lang lang, const dx_word_info *info) {
  const dx_lex_lang *t = lang_tables(lang);
  return t && info && info->cue ? &t->cue_forms[info->cue - 1] : NULL;
}

const char *const *dx_adverb_phrases(dx_lang lang, int group) {
  static const char *const none[] = {NULL};
  const dx_lex_lang *t = lang_tables(lang);
  return t && group >= 0 && (uint32_t)group < t->nadverb_groups
             ? t->adverb_phrases + t->adverb_groups[group] : none;
}

size_t dx_cue_lemma_count(dx_lang lang) {
  const dx_lex_lang *t = lang_tables(lang);
  return t ? t->cue_lemmas : 0;
}

/* ------------------------------------------------------------------ */
/* Folding                                                             */

/* The one-to-one part of folding: lower case, and the typographic
 * apostrophe (and the modifier letter that stands for it) as ASCII '. */
static int32_t fold_cp(int32_t c) {
  if (c == 0x2019 || c == 0x02BC)
    return '\'';
  return utf8proc_tolower(c);
}

static size_t put_cp(int32_t c, char *buf, size_t cap, size_t n) {
  utf8proc_uint8_t tmp[4];
  size_t k = (size_t)utf8proc_encode_char(c, tmp);
  if (k == 0 || n + k >= cap) /* keep a byte for the NUL */
    return 0;
  memcpy(buf + n, tmp, k);
  return n + k;
}

/* Text with combining marks (e + U+0301): decompose, fold, recompose, so
 * that the result is NFC like the keys.  All on the stack. */
static size_t fold_decomposed(const char *word, size_t len, char *buf,
                              size_t cap) {
  utf8proc_int32_t cps[DX_FOLD_MAX_CP];
  utf8proc_ssize_t n = utf8proc_decompose((const utf8proc_uint8_t *)word,
                                          (utf8proc_ssize_t)len, cps,
                                          DX_FOLD_MAX_CP, UTF8PROC_DECOMPOSE);
  if (n < 0 || n > DX_FOLD_MAX_CP)
    return 0;
  for (utf8proc_ssize_t i = 0; i < n; i++)
    cps[i] = fold_cp(cps[i]);
  n = utf8proc_normalize_utf32(cps, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
  if (n < 0)
    return 0;
  size_t out = 0;
  for (utf8proc_ssize_t i = 0; i < n; i++) {
    out = put_cp(cps[i], buf, cap, out);
    if (out == 0)
      return 0;
  }
  buf[out] = '\0';
  return out;
}

/* Also NUL-terminates buf, so the folded length must be below cap. */
size_t dx_fold_word(const char *word, size_t len, char *buf, size_t cap) {
  if (word == NULL || buf == NULL || len == 0 || cap == 0)
    return 0;
  size_t i = 0;
  /* Most words are ASCII: fold them byte by byte. */
  while (i < len && (unsigned char)word[i] < 0x80) {
    if (i + 1 >= cap)
      return 0;
    char c = word[i];
    buf[i] = (c >= 'A' && c <= 'Z') ? (char)(c + ('a' - 'A')) : c;
    i++;
  }
  size_t out = i;
  while (i < len) {
    unsigned char b0 = (unsigned char)word[i];
    if (b0 < 0x80) { /* ASCII again after an accent: déclaré, aujourd'hui */
      if (out + 1 >= cap)
        return 0;
      buf[out++] = (b0 >= 'A' && b0 <= 'Z') ? (char)(b0 + ('a' - 'A')) : (char)b0;
      i++;
      continue;
    }
    if (b0 == 0xC3 && i + 1 < len && ((unsigned char)word[i + 1] & 0xC0) == 0x80) {
      /* Latin-1 letters (é, È, ç, À): lower case is +0x20 below Þ, but × */
      unsigned char b1 = (unsigned char)word[i + 1];
      if (out + 2 >= cap)
        return 0;
      buf[out++] = (char)b0;
      buf[out++] = (char)(b1 >= 0x80 && b1 <= 0x9E && b1 != 0x97 ? b1 + 0x20 : b1);
      i += 2;
      continue;
    }
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)word + i,
                                          (utf8proc_ssize_t)(len - i), &c);
    if (k <= 0)
      return 0;
    if (utf8proc_get_property(c)->combining_class != 0)
      return fold_decomposed(word, len, buf, cap);
    out = put_cp(fold_cp(c), buf, cap, out);
    if (out == 0)
      return 0;
    i += (size_t)k;
  }
  buf[out] = '\0';
  return out;
}
