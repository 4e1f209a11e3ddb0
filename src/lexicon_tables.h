/*
 * lexicon_tables.h — the compiled form of the data/ files, and the
 * private lexicon calls that lexicon.h does not have (multiword cues).
 *
 * tools/gen_lexicon.py writes the tables (build/gen/lexicon_tables.c);
 * lexicon.c probes them.  Every table is open-addressed: a power-of-two
 * array of 16-bit slots (0 = empty, else 1 + an entry index), probed
 * linearly from dx_lex_hash(key) & mask, at most half full.  The hash here
 * and the one in the generator must stay the same function.
 */
#ifndef DX_LEXICON_TABLES_H
#define DX_LEXICON_TABLES_H

#include <stddef.h>
#include <stdint.h>

#include "lexicon.h"

/* ------------------------------------------------------------------ */
/* How the generator sets DX_FORM_* (one surface form ORs all its readings)
 *
 * SINGULAR3 and PLURAL say which third-person subject the form agrees with;
 * a form with neither is a 1st/2nd person (disons, dites), an infinitive or
 * a gerund.  English past forms agree with any subject: said is FINITE |
 * SINGULAR3 | PLURAL | PARTICIPLE; say is INFINITIVE | FINITE | PLURAL.
 * French past participles carry their agreement: déclaré PARTICIPLE |
 * SINGULAR3, déclarée adds FEMININE, déclarés PARTICIPLE | PLURAL, and mis
 * (both numbers) PARTICIPLE | SINGULAR3 | PLURAL.  Nouns are NOUN, plus
 * PLURAL for a plural form (propos, remarks: both).  A noun spelled like a
 * verb form of the same class (annonce, claims, communiqué) is one entry
 * with both readings, under the verb's lemma. */

/* ------------------------------------------------------------------ */
/* Multiword cues                                                      */

/* A cue of several words: "mettre en garde", "faire part", "point out",
 * "call for", "conférence de presse".  Only its first word is inflected;
 * the words after it are fixed. */
typedef struct dx_cue_phrase {
  dx_cue_form cue;  /* lemma: the whole expression ("mettre en garde");
                       forms: those of the first word (mis: PARTICIPLE) */
  const char *rest; /* the following words, folded, one space apart
                       ("en garde"); an elided article stays on its word
                       ("à l'ordre") */
  uint8_t words;    /* how many words rest has */
} dx_cue_phrase;

/* The multiword cues whose first word is this folded form, longest rest
 * first, so that the first one whose rest matches the following tokens is
 * the longest match.  Returns their number (0 when none) and points *out at
 * the first.  A word may start phrases and be a single-word cue too (call,
 * call for): try the phrases first. */
size_t dx_cue_phrase_lookup(dx_lang lang, const char *word, size_t len,
                            const dx_cue_phrase **out);

/* Whether a cue's lemma is reflexive (s'inquiéter, se moquer, s'en prendre
 * à): its verb forms count only after a reflexive clitic (se, s', me, nous,
 * …).  Noun forms never need one. */
static inline int dx_cue_is_reflexive(const dx_cue_form *cue) {
  const char *l = cue->lemma;
  return l[0] == 's' && (l[1] == '\'' || (l[1] == 'e' && l[2] == ' '));
}

/* The adverbial phrases of data/<lang>/adverbs.tsv (pour sa part, ", lui
 * ,") of one group, longest first, NULL-terminated: group 0 starts with a
 * comma; a word whose DX_SET_ADVERBS value has bit 1 starts the phrases of
 * group value >> 2 (bit 0: it is an adverb alone). */
const char *const *dx_adverb_phrases(dx_lang lang, int group);

/* The number of lemmas (lines) of data/<lang>/cues.tsv, single words and
 * phrases together; 0 for a language without data. */
size_t dx_cue_lemma_count(dx_lang lang);

/* In DX_SET_SOURCE_PREPS: the preposition introduces a source only at the
 * head of a clause, before a person or an organisation ("Pour le ministre,
 * …"; "For Clinton, …"), and is an ordinary preposition elsewhere.  The
 * words to skip are value & DX_PREP_SKIP_MASK. */
enum { DX_PREP_WEAK = 16, DX_PREP_SKIP_MASK = 15 };

/* ------------------------------------------------------------------ */
/* Table layout (shared with the generator)                            */

typedef struct dx_lex_entry {
  uint32_t key;   /* offset of the key in the language's pool */
  uint16_t value; /* set value, index of a dx_cue_form, or first phrase */
  uint8_t len;    /* key length in bytes */
  uint8_t count;  /* phrase tables: how many phrases start here */
} dx_lex_entry;

enum { DX_WORD_FILTER_BITS = 1 << 16 }; /* tools/gen_lexicon.py: FILTER_BITS */

typedef struct dx_lex_slot {
  uint32_t hash;   /* dx_lex_hash of the key, to reject a probe at once */
  uint16_t entry;  /* 0 = empty, else 1 + index in entries */
  uint16_t len;    /* the key's length */
} dx_lex_slot;

typedef struct dx_lex_table {
  const dx_lex_slot *slots;
  const dx_lex_entry *entries;
  uint32_t mask;                /* number of slots - 1 */
  uint32_t size;                /* number of entries (>= 1: a placeholder
                                   stands in an empty table) */
} dx_lex_table;

typedef struct dx_lex_lang {
  dx_lex_table cues;
  const dx_cue_form *cue_forms;
  dx_lex_table phrases;
  const dx_cue_phrase *phrase_list;
  dx_lex_table sets[DX_SET_COUNT];
  uint32_t cue_lemmas;
  dx_lex_table words;            /* every word of the tables above, once */
  const dx_word_info *word_info; /* indexed by the words table's values */
  const uint8_t *word_bits;      /* DX_WORD_* of each record, at 1 + its
                                    index (0 for no record) */
  const uint8_t *name_bits;      /* DX_NAME_* of each record, likewise */
  const uint32_t *word_filter;   /* DX_WORD_FILTER_BITS bits: bit (hash >> 8)
                                    % size is set when a word has that hash */
  const char *const *adverb_phrases; /* multiword adverbs, by group … */
  const uint16_t *adverb_groups;     /* … each starting at this index */
  uint32_t nadverb_groups;
} dx_lex_lang;

extern const dx_lex_lang dx_lex_fr;
extern const dx_lex_lang dx_lex_en;
/* The OR of every language's word_filter (dx_word_filter_any). */
extern const uint32_t dx_lex_any_word_filter[DX_WORD_FILTER_BITS / 32];
/* Keys and lemmas of all languages, NUL-terminated; entries point in. */
extern const char dx_lex_pool[];

/* dx_lex_hash is dx_word_hash of lexicon.h: the generator computes the same. */
#define dx_lex_hash dx_word_hash

#endif
