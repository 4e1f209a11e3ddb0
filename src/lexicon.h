/*
 * lexicon.h — the language data of dixit, as compiled tables.
 *
 * Every word list lives in data/<lang>/NAME.tsv and is turned into C tables by
 * tools/gen_lexicon.py at build time (see docs/ARCHITECTURE.md).  Lookups
 * take a word already folded to lower case (dx_fold_word) and cost one hash
 * probe; the tables are const, so any number of threads may share them.
 */
#ifndef DX_LEXICON_H
#define DX_LEXICON_H

#include <stddef.h>
#include <stdint.h>
#include "dixit.h"

/* What a cue verb or noun reports (data/<lang>/cues.tsv, column "class"). */
typedef enum dx_cue_class {
  DX_CUE_STATEMENT = 0, /* dire, déclarer, say */
  DX_CUE_ASSERTION,     /* affirmer, assurer, insist */
  DX_CUE_QUESTION,      /* demander, s'interroger, ask */
  DX_CUE_PROMISE,       /* promettre, s'engager, pledge */
  DX_CUE_WARNING,       /* avertir, mettre en garde, warn */
  DX_CUE_DENIAL,        /* nier, démentir, deny */
  DX_CUE_OPINION        /* estimer, juger, believe: counts when stated */
} dx_cue_class;

/* Which grammatical form a word is (bits, several may hold). */
enum {
  DX_FORM_FINITE = 1u << 0,      /* déclare, déclarait, déclara, says, said */
  DX_FORM_PARTICIPLE = 1u << 1,  /* déclaré(e)(s), said, told: needs an auxiliary in French */
  DX_FORM_GERUND = 1u << 2,      /* déclarant, saying */
  DX_FORM_INFINITIVE = 1u << 3,  /* déclarer, say */
  DX_FORM_NOUN = 1u << 4,        /* déclaration, communiqué, statement */
  DX_FORM_PLURAL = 1u << 5,      /* déclarent, déclarés, say (3pl) */
  DX_FORM_FEMININE = 1u << 6,    /* déclarée(s): agreement gives the gender */
  DX_FORM_SINGULAR3 = 1u << 7    /* déclare, a, says: third person singular */
};

/* What a cue lemma can take (data column "frames", bits). */
enum {
  DX_FRAME_QUE = 1u << 0,      /* ... que / that + clause */
  DX_FRAME_INCISE = 1u << 1,   /* stands after or inside the content: « … », a-t-il ajouté */
  DX_FRAME_DE_INF = 1u << 2,   /* promettre de + infinitive; promise to */
  DX_FRAME_NP = 1u << 3,       /* nier + noun phrase; deny + NP */
  DX_FRAME_A_ADDR = 1u << 4,   /* dire à X; say to X: addressee after à/to */
  DX_FRAME_OBJ_ADDR = 1u << 5, /* informer X que; tell X that: object is the addressee */
  DX_FRAME_COLON = 1u << 6,    /* X a déclaré : « … » */
  DX_FRAME_QUESTION = 1u << 7  /* si / whether introduces the content */
};

typedef struct dx_cue_form {
  const char *lemma;   /* NUL-terminated, static */
  uint8_t cue_class;   /* dx_cue_class */
  uint8_t frames;      /* DX_FRAME_* of the lemma */
  uint16_t forms;      /* DX_FORM_* of this surface form */
} dx_cue_form;

/* The cue entry of a folded word form, or NULL when it is not a cue.
 * French reflexive cues (se dire, s'inquiéter) are found by their verb form;
 * the caller checks for the clitic. */
const dx_cue_form *dx_cue_lookup(dx_lang lang, const char *word, size_t len);

/* Word sets, one per data/<lang>/<name>.tsv file: the value of the word in
 * that set (its second column, a small integer; 1 when the file has one
 * column), or -1 when the word is not in it. */
typedef enum dx_wordset {
  DX_SET_STOPWORDS = 0,   /* frequent words, for language detection */
  DX_SET_PRONOUNS,        /* subject pronouns: value = DX_GENDER_* | DX_NUMBER_PLURAL */
  DX_SET_TITLES,          /* M., Mme, Dr, Mr, Sen., President: value = DX_GENDER_* */
  DX_SET_NOT_NAMES,       /* capitalised words that never begin a name (Le, Selon, The) */
  DX_SET_SOURCE_PREPS,    /* selon, d'après, according (to): value = words to skip */
  DX_SET_ROLE_NOUNS,      /* porte-parole, ministre, spokesman: value = DX_GENDER_* */
  DX_SET_FIRST_NAMES,     /* Marie, Jean, John: value = DX_GENDER_* */
  DX_SET_NAME_PARTICLES,  /* de, du, Le, van, von, bin */
  DX_SET_DETERMINERS,     /* le, une, son, ces, the, his: a noun phrase starts */
  DX_SET_NP_GLUE,         /* de, du, l', of, for: stay inside a noun phrase */
  DX_SET_PREPOSITIONS,    /* à, par, avec, to, by: what follows is no subject */
  DX_SET_AUXILIARIES,     /* a, avait, has: value = DX_AUX_* */
  DX_SET_ORG_NOUNS,       /* association, journal, syndicat, group: kinds of body */
  DX_SET_ADVERBS,         /* encore, pour (sa part): bit 0 alone, bit 1 starts
                             phrases, of the group value >> 2 */
  DX_SET_PLACES,          /* Russie, Moscou, Kremlin, maison blanche: value = the
                             nation (1-63), +64 for an institution */
  DX_SET_NATIONALITIES,   /* russe, américaine, Russian: value = the nation */
  DX_SET_ROLE_CLASSES,    /* président, dirigeant, chef, leader: value = a class
                             of roles that name one another */
  DX_SET_CLAUSE_WORDS,    /* il, est, peut, he, was: a quoted passage reads as a clause */
  DX_SET_CONNECTORS,      /* mais, néanmoins, but, however: may open a sentence */
  DX_SET_NAME_WORDS,      /* nationale, constitutionnel, comptes: lower-case words
                             that go on with a body's name (Assemblée nationale) */
  DX_SET_COUNT
} dx_wordset;

/* Values in DX_SET_AUXILIARIES. */
enum {
  DX_AUX_HAVE = 1,     /* a déclaré, has said: the cue follows */
  DX_AUX_BE = 2,       /* est accusé: passive, unless reflexive (s'est dit) */
  DX_AUX_REFLEXIVE = 4 /* se, s': a reflexive verb follows */
};

enum {
  DX_GENDER_UNKNOWN = 0,
  DX_GENDER_MASC = 1,
  DX_GENDER_FEM = 2,
  DX_NUMBER_PLURAL = 4
};

int dx_wordset_lookup(dx_lang lang, dx_wordset set, const char *word, size_t len);

/* All that the tables know of one folded word, from a single probe: the
 * pipeline looks each token up once and keeps the pointer. */
typedef struct dx_word_info {
  int8_t set[DX_SET_COUNT]; /* the word's value in each word set, or -1 */
  uint16_t cue;             /* 1 + index of its cue form, 0 when none */
  uint16_t phrase;          /* first multiword cue it starts … */
  uint8_t nphrase;          /* … and how many */
} dx_word_info;

/* The word's record, or NULL when no table has it. */
const dx_word_info *dx_word_lookup(dx_lang lang, const char *word, size_t len);
/* The chunk of up to 8 bytes of s at i, little-endian on any host and
 * padded with zeros (0 past the end). */
static inline uint64_t dx_word_chunk(const char *s, size_t len, size_t i) {
  uint64_t chunk = 0;
  for (size_t k = 0; k < 8 && i + k < len; k++)
    chunk |= (uint64_t)(unsigned char)s[i + k] << (8 * k);
  return chunk;
}
/* The key in little-endian 8-byte words, where a byte-at-a-time hash
 * would chain a multiply per byte: the first two, all of most words (a
 * word of 8 bytes or less has a second of 0), each multiplied by its own
 * constant at once, then a shift; each later one mixed in by a multiply
 * and a shift.  The tables use the low 32 bits (dx_word_hash); the
 * tokenizer, which computes the 64 from its cache keys (tokens.c,
 * key_hash), picks its cache slot by the high bits.  tools/gen_lexicon.py
 * computes the same (lex_hash); change both or neither. */
static inline uint64_t dx_word_hash64(const char *s, size_t len) {
  uint64_t h = ((uint64_t)len * 0x9E3779B97F4A7C15ull ^ dx_word_chunk(s, len, 0)) *
                   0xFF51AFD7ED558CCDull ^
               dx_word_chunk(s, len, 8) * 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 32;
  for (size_t i = 16; i < len; i += 8) {
    h = (h ^ dx_word_chunk(s, len, i)) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
  }
  return h;
}
static inline uint32_t dx_word_hash(const char *s, size_t len) {
  return (uint32_t)dx_word_hash64(s, len);
}
/* Which hashes some word of any language's tables has: bit
 * dx_word_filter_bit(hash) of the filter is clear when none has, and the
 * word is then in no table, without a probe.  (Each language has its own
 * filter too, which dx_word_lookup_both() reads.) */
const uint32_t *dx_word_filter_any(void);
static inline unsigned dx_word_filter_bit(uint32_t hash) {
  return (hash >> 8) % (1u << 16); /* the low bits pick the slot */
}
static inline unsigned dx_word_filter_has(const uint32_t *filter, uint32_t hash) {
  unsigned bit = dx_word_filter_bit(hash);
  return filter[bit / 32] >> (bit % 32) & 1u;
}
/* The records of a word in both languages at once, for the tokenizer,
 * which looks words up before the language is known: 1 + the index of its
 * French record (0: none) in the low 16 bits, of its English one in the
 * high 16 (the tables' slots hold 16-bit entry numbers, so both fit).
 * hash is the word's dx_word_hash. */
enum { DX_WORD_EN_SHIFT = 16 };
uint32_t dx_word_lookup_both(const char *word, size_t len, uint32_t hash);
/* The records of a language, which dx_word_lookup's results point into
 * (tokens keep an index into them); NULL for a language without tables. */
const dx_word_info *dx_word_records(dx_lang lang);
/* What the scans over every token ask of a word, one bit each, computed
 * by tools/gen_lexicon.py for every record: a pass over the tokens reads
 * them from a byte array of some KB, branch-free, where the records
 * are a few hundred KB and a test of each field a branch. */
enum {
  DX_WORD_CUE = 1u << 0,       /* a cue form or the first word of a multiword cue */
  DX_WORD_AUXILIARY = 1u << 1, /* in DX_SET_AUXILIARIES, but for être/be: an
                                  auxiliary a verbal cue may start with (a
                                  déclaré, s'est dit), where être makes a
                                  passive (est accusé) that starts none */
  DX_WORD_SOURCE = 1u << 2,    /* a source preposition, or the first word of one
                                  that the cue finder spells out: d' (d'après),
                                  comme (comme l'a dit) */
  DX_WORD_PHRASE = 1u << 3,    /* the first word of a multiword cue */
  DX_WORD_CUE_ALONE = 1u << 4, /* a cue form that is finite or a gerund (déclare,
                                  ajoutant, said): a cue without an auxiliary */
  DX_WORD_VIA = 1u << 5,       /* the first word of a phrase that names a
                                  go-between (par, via, through, by: via.c) */
  DX_WORD_RELAYED = 1u << 6,   /* a participle whose agent passed the words on
                                  (rapportés par X, relayed by X: via.c) */
  DX_WORD_ADVERB = 1u << 7,    /* in DX_SET_ADVERBS: an adverb, the first word of
                                  an adverbial phrase, or the word after the
                                  comma that opens one (cues.c) */
  /* a cue may start at the word (reported.c): a cue form that is neither
   * finite nor a gerund and starts no phrase (annoncé, communiqué) starts
   * none, as dx_may_start_verb_cue() tells; it follows an auxiliary */
  DX_WORD_MAY_START_CUE = DX_WORD_PHRASE | DX_WORD_CUE_ALONE | DX_WORD_AUXILIARY | DX_WORD_SOURCE
};
/* The DX_WORD_* bits of a language's records, indexed by 1 + the record's
 * index (as a token's info; [0] = 0 for a word without a record); NULL for
 * a language without tables. */
const uint8_t *dx_word_bits(dx_lang lang);
/* What the name finder (entities.c) and the sentence splitter ask of
 * every capitalised word, and of the word before a period: one byte a
 * record, apart from the DX_WORD_* bits, so that the cue scan's array
 * stays a few KB.  In a word set (value >= 0), but for DX_NAME_NATION. */
enum {
  DX_NAME_TITLE = 1u << 0,      /* DX_SET_TITLES */
  DX_NAME_NOT_NAME = 1u << 1,   /* DX_SET_NOT_NAMES */
  DX_NAME_FIRST_NAME = 1u << 2, /* DX_SET_FIRST_NAMES */
  DX_NAME_PARTICLE = 1u << 3,   /* DX_SET_NAME_PARTICLES */
  DX_NAME_ROLE = 1u << 4,       /* DX_SET_ROLE_NOUNS */
  DX_NAME_NATION = 1u << 5,     /* DX_SET_NATIONALITIES with a nation (value > 0) */
  DX_NAME_STOPWORD = 1u << 6,   /* DX_SET_STOPWORDS */
  DX_NAME_NAME_WORD = 1u << 7   /* DX_SET_NAME_WORDS */
};
/* The DX_NAME_* bits of a language's records, indexed as dx_word_bits's. */
const uint8_t *dx_name_bits(dx_lang lang);
/* The cue form of a record (NULL when it is not a cue). */
const dx_cue_form *dx_word_cue(dx_lang lang, const dx_word_info *info);

/* Folds a UTF-8 word to lower case (full Unicode, NFC, ’ → ') into buf,
 * which holds cap bytes.  Returns the folded length, or 0 when the word does
 * not fit (such a word is in no table). */
size_t dx_fold_word(const char *word, size_t len, char *buf, size_t cap);

#endif
