/*
 * doc.h — the working state of one extraction, shared by the stages.
 *
 * The pipeline (pipeline.c) runs, in order:
 *   lang.c        which language the text is in
 *   tokens.c      words, numbers, punctuation and paragraph breaks
 *   marks.c       which quote characters open or close a quotation, paired
 *   sentences.c   sentence boundaries that step over quoted passages
 *   entities.c    proper-name mentions and the entities they denote
 *   cues.c        cue phrases (a déclaré, a-t-il ajouté, selon, said)
 *   quotes.c      sentence by sentence: reported.c's indirect and mixed
 *                 quotations, then direct ones (a cue, or a quoted term)
 *   attribution.c speakers: the name, pronoun or noun phrase by the cue
 * and writes its findings into the dx_result.  Working arrays live in
 * vectors freed at the end, or kept for the thread's next document
 * (scratch.c); only the result's arena outlives the call.
 */
#ifndef DX_DOC_H
#define DX_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "lexicon.h"
#include "result.h"

typedef enum dx_tok_kind {
  DX_TK_WORD = 0,  /* letters, with inner hyphens and apostrophes */
  DX_TK_NUM,       /* digits, with inner separators */
  DX_TK_PUNCT,     /* any other character (a quote char until marks.c says) */
  DX_TK_OPEN,      /* a quote mark that opens a quotation */
  DX_TK_CLOSE,     /* a quote mark that closes one */
  DX_TK_PARA       /* one or more line breaks: a paragraph boundary */
} dx_tok_kind;

enum {
  DX_TF_CAP = 1u << 0,        /* first letter upper case */
  DX_TF_ALLCAPS = 1u << 1,    /* every letter upper case (AFP, CGT) */
  DX_TF_SPACE_BEFORE = 1u << 2,
  DX_TF_SPACE_AFTER = 1u << 3,
  DX_TF_ELIDED = 1u << 4,     /* ends with an elision apostrophe: l', qu' */
  DX_TF_QUOTE_CHAR = 1u << 5, /* a quotation mark character of any kind */
  DX_TF_REOPEN = 1u << 6,     /* an opener that continues a quote over a paragraph */
  DX_TF_QUOTED = 1u << 7      /* inside a quoted passage (from dx_split_sentences on) */
};

/* One token: 24 bytes, since a text of punctuation has one per byte and
 * every stage streams the array.  Offsets are 32-bit (dx_extract refuses a
 * document of 4 GiB or more).  A word and a one-character token never need
 * the same fields, so they share eight bytes: read them through the
 * accessors below (dx_tok_cp, dx_tok_pair, dx_tok_fold, dx_tok_info), which
 * look at kind, never through u. */
typedef struct dx_tok {
  uint32_t start, end; /* bytes */
  uint32_t sent;       /* sentence index (from dx_tokenize to dx_lookup_words:
                          a word's records in both languages, as
                          dx_word_lookup_both gives them) */
  union {
    struct {
      uint32_t fold;   /* its folded form at doc->folded + fold … */
      uint32_t info;   /* 1 + index of its lexicon record (doc->words), 0: none */
    } word;            /* kind DX_TK_WORD */
    struct {
      int32_t cp;      /* code point of a one-character token, else 0 */
      int32_t pair;    /* OPEN/CLOSE: index of its quoted passage, else -1 */
    } mark;            /* every other kind */
  } u;
  uint8_t kind;        /* dx_tok_kind */
  uint8_t flags;       /* DX_TF_* */
  uint8_t fold_len;    /* a word: … of this many bytes (0: too long to be in a table) */
  uint8_t hyphen;      /* a word with a hyphen in it (précise-t-il, porte-parole) */
} dx_tok;

_Static_assert(sizeof(dx_tok) == 24, "dx_tok: one per punctuation byte, keep it small");

/* dx_extractor_new() caps max_doc_bytes at DX_MAX_DOC_BYTES, so that every
 * offset, the end of the text included, fits the 32 bits. */
_Static_assert(DX_MAX_DOC_BYTES <= UINT32_MAX, "dx_tok offsets are 32-bit");

/* A quoted passage: an opening mark, its content, its closing mark. */
/* Offsets and token indices of the working state are 32-bit, as in
 * dx_tok (a document is under DX_MAX_DOC_BYTES): a text of dense quotations
 * has a passage and a candidate every few words, and their size is what
 * the quotation stages stream through memory. */
typedef struct dx_pair {
  uint32_t open_tok, close_tok; /* token indices; close_tok == open_tok when
                                   the passage was closed by a repair */
  uint32_t start, end;          /* content bytes, without the marks */
  int32_t parent;               /* enclosing passage, or -1 */
  uint32_t parent_tok;          /* while pairing: the enclosing opener's
                                   token, or UINT32_MAX */
  uint8_t family;               /* which kind of marks (dx_mark_family) */
  uint8_t multi_para;           /* runs over several paragraphs */
  uint8_t repaired;             /* closed by the end of its paragraph */
  uint8_t pad;
} dx_pair;

typedef struct dx_sent {
  size_t first, last; /* token range [first, last) */
} dx_sent;

/* A mention of an entity: a run of name tokens. */
typedef struct dx_mention {
  size_t first, last; /* token range [first, last) */
  int32_t entity;     /* index into doc->ents */
} dx_mention;

typedef struct dx_ent {
  size_t name_first, name_last; /* the fullest naming mention's tokens */
  size_t name_start, name_end;  /* its bytes (without a title like M.) */
  uint8_t kind;                 /* dx_entity_kind */
  uint8_t gender;               /* DX_GENDER_* */
  uint8_t is_np;                /* a noun phrase, not a proper name */
  uint8_t nation;               /* the nation a place or an institution
                                   stands for (data/<lang>/places.tsv), or 0 */
  size_t first_mention;         /* index into doc->mentions of its first */
  size_t n_mentions;
} dx_ent;

/* A quotation being built, before it is written to the result. */
typedef struct dx_cand {
  const char *cue_lemma;
  /* byte offsets (32-bit, see dx_pair), then the indices, then the flags:
   * no padding, 80 bytes */
  uint32_t start, end;         /* content bytes */
  uint32_t cue_start, cue_end; /* bytes; equal when no cue */
  uint32_t sp_start, sp_end;   /* the speaker's words in this sentence */
  uint32_t ad_start, ad_end;   /* the addressee's words */
  uint32_t via_start, via_end; /* the go-between's words */
  uint32_t parent_start, parent_end; /* the enclosing quotation's content,
                                        while the quotations are sorted */
  int32_t pair;              /* the quoted passage, or -1 */
  int32_t speaker;           /* index into doc->ents, or -1 */
  int32_t addressee;         /* index into doc->ents, or -1 */
  int32_t via;               /* through whom the words came: doc->ents, or -1 */
  int32_t parent;            /* index into doc->cands, or -1 */
  uint8_t type;              /* dx_quote_type */
  uint8_t keep;              /* reported (not a quoted term) */
  uint8_t carried;           /* no cue of its own: the speaker was inferred */
  uint8_t sp_earlier;        /* sp_start/sp_end name the speaker in an earlier
                                sentence (the speaker was carried over) */
} dx_cand;
_Static_assert(sizeof(dx_cand) == 80, "dx_cand: 80 bytes");

/* A role the text gives a named entity: "le ministre de l'Agriculture,
 * Paul Girardin", "Mayor Diane Whitfield", "Jean Vannier, paléontologue". */
typedef struct dx_role {
  size_t tok;     /* the role noun's token (its folded form is the key) */
  size_t end;     /* the role's words are [tok, end): président russe */
  int32_t entity;
  uint8_t nation; /* the nation the role is of (russe, de la Russie), or 0 */
} dx_role;

typedef struct dx_doc {
  const dx_extractor *ex;
  const dx_allocator *alloc;
  const char *text;
  size_t len;           /* at most DX_MAX_DOC_BYTES */
  size_t begin;         /* first byte after a BOM */
  dx_lang lang;
  const dx_word_info *words; /* the lexicon records of lang, which tokens index */
  const uint8_t *word_bits;  /* their DX_WORD_* bits, at 1 + the index (lexicon.h) */
  const uint8_t *name_bits;  /* their DX_NAME_* bits, likewise */
  int failed;           /* an allocation failed: stop and report DX_ENOMEM */
  dx_status bad_status; /* tokens.c: DX_EUTF8 or DX_ENUL at the first bad byte, */
  size_t bad;           /* … at this offset; DX_OK when the text is clean */

  dx_tok *tok;   size_t ntok, cap_tok;
  dx_pair *pair; size_t npair, cap_pair;
  dx_sent *sent; size_t nsent, cap_sent;
  dx_mention *men; size_t nmen, cap_men;
  dx_ent *ent;   size_t nent, cap_ent;
  dx_cand *cand; size_t ncand, cap_cand;
  char *folded;  size_t nfolded, cap_folded; /* every word, folded, once */
  uint32_t *brk; size_t nbrk, cap_brk;       /* the DX_TK_PARA tokens' indices */
  dx_role *role; size_t nrole, cap_role;
  /* Where reported.c may find a cue, in order (dx_lookup_words): the
   * words that may start one (DX_WORD_MAY_START_CUE, or hyphenated:
   * précise-t-il) and the quote characters, one of which may open a
   * passage that its scan steps over. */
  uint32_t *cue_at; size_t ncue_at, cap_cue_at;
  size_t cue_next; /* the entry where reported.c's last scan stopped */
} dx_doc;

/* A document's working state, empty, whose vectors come from alloc
 * (NULL: malloc); they may be the ones this thread's last document
 * freed (scratch.c). */
void dx_doc_init(dx_doc *d, const dx_allocator *alloc);

/* Frees the working vectors of a document (not the result), or keeps
 * them for this thread's next document (scratch.c). */
void dx_doc_free(dx_doc *d);

/* Grows *vec (of *cap elements of size elem) to hold at least need; returns
 * 0, or -1 after setting doc->failed. */
int dx_doc_reserve(dx_doc *doc, void **vec, size_t *cap, size_t need, size_t elem);

/* A new element at the end of vector arr (n used of cap), or NULL. */
#define DX_PUSH(doc, arr, n, cap) \
  ((n) < (cap) || dx_doc_reserve((doc), (void **)&(arr), &(cap), (n) + 1, sizeof *(arr)) == 0 \
       ? &(arr)[(n)++] : NULL)

/* The stages, in order; each returns nothing and sets doc->failed on an
 * allocation failure. */
dx_lang dx_detect_lang(const dx_doc *doc);
void dx_tokenize(dx_doc *doc);
/* Looks every word up in the language's lexicon, once (tokens.c). */
void dx_lookup_words(dx_doc *doc);
void dx_find_marks(dx_doc *doc);
void dx_split_sentences(dx_doc *doc);
void dx_find_entities(dx_doc *doc);
void dx_find_quotes(dx_doc *doc);
/* Who the words came through (via.c); after dx_find_quotes. */
void dx_find_via(dx_doc *doc);
/* The first word of via.c's go-between phrase i of the language, or NULL
 * past the last: the words the lexicon must mark DX_WORD_VIA
 * (test_lexicon checks them). */
const char *dx_via_opener(dx_lang lang, size_t i);

/* Indirect and mixed quotations of sentence s (reported.c).  Marks the
 * passages that a mixed quotation takes in claimed[] (one flag a pair). */
void dx_find_reported(dx_doc *d, size_t s, uint8_t *claimed);
/* The same within the tokens [first, last) of a sentence: the clauses of a
 * long direct quotation, which may report someone else's words. */
void dx_find_reported_in(dx_doc *d, size_t first, size_t last, uint8_t *claimed);
/* Where the clause that ends at token end begins: after the last colon or
 * dash before it, past the connectors that open the sentence (reported.c). */
size_t dx_clause_start(const dx_doc *d, size_t sfirst, size_t end);

/* The nation that the words [first, last) name or qualify: a place (la
 * Russie, le Kremlin, la Maison Blanche) or a nationality (russe,
 * American); 0 when none (entities.c). */
int dx_nation_in(const dx_doc *d, size_t first, size_t last);

/* Length in tokens of the proper name starting at token i, or 0
 * (entities.c; the name may begin with a title: M. Dupont). */
size_t dx_name_at(const dx_doc *d, size_t i);

/* The entity that holds the role noun at token tok, whose noun phrase ends
 * at limit: for a bare role, who last held it before (le ministre → Paul
 * Girardin); for a role of something named, who holds that very role (le
 * ministre de l'Intérieur); or -1 (entities.c). */
int32_t dx_role_holder(const dx_doc *d, size_t tok, size_t limit);

/* Helpers the stages share. */
static inline const char *dx_tok_text(const dx_doc *d, size_t i) { return d->text + d->tok[i].start; }
static inline size_t dx_tok_len(const dx_doc *d, size_t i) { return d->tok[i].end - d->tok[i].start; }

/* The eight bytes a word and a one-character token share (see dx_tok),
 * read by kind.  The code point of a one-character token (punctuation, a
 * quote mark, '\n' for a paragraph break, -1 for an invalid byte); 0 for a
 * word or a number. */
static inline int32_t dx_tok_cp(const dx_tok *t) {
  return t->kind == DX_TK_WORD ? 0 : t->u.mark.cp;
}
/* Bit (code point mod 64) of token t's mark in table[t->kind]: whether t
 * is among the marks a walk over every token stops at, with one lookup
 * and no branch on the kind, which such a walk would mispredict at most
 * tokens that are no word.  For a word the bytes read as a code point are
 * the offset of its folded form: a table gives words no bits
 * (table[DX_TK_WORD] == 0).  Marks whose code points share a bit mod 64
 * come through too: the caller tests the code point when it matters. */
static inline int dx_tok_kind_bit(const uint64_t table[8], const dx_tok *t) {
  return (int)((table[t->kind & 7] >> ((uint32_t)t->u.mark.cp & 63)) & 1);
}
/* The quoted passage (index into doc->pair) an OPEN/CLOSE token marks, or -1. */
static inline int32_t dx_tok_pair(const dx_tok *t) {
  return t->kind == DX_TK_WORD ? -1 : t->u.mark.pair;
}
/* marks.c sets it on quote characters; a word has no room for one. */
static inline void dx_tok_set_pair(dx_tok *t, int32_t pair) {
  if (t->kind != DX_TK_WORD)
    t->u.mark.pair = pair;
}
/* Where a word's folded form starts in doc->folded (0 for other tokens). */
static inline uint32_t dx_tok_fold(const dx_tok *t) {
  return t->kind == DX_TK_WORD ? t->u.word.fold : 0;
}
/* What the lexicon knows of token i (a word), or NULL. */
static inline const dx_word_info *dx_tok_info(const dx_doc *d, size_t i) {
  if (i >= d->ntok || d->tok[i].kind != DX_TK_WORD || !d->tok[i].u.word.info)
    return NULL;
  return &d->words[d->tok[i].u.word.info - 1];
}

/* The DX_WORD_* bits of token i's record (lexicon.h), 0 for a token that
 * is no word or has no record: a byte from an array a few KB long, where
 * a test of the record's fields reads a record of a few hundred KB. */
static inline unsigned dx_tok_bits(const dx_doc *d, size_t i) {
  if (i >= d->ntok || d->tok[i].kind != DX_TK_WORD || !d->word_bits)
    return 0;
  return d->word_bits[d->tok[i].u.word.info];
}
/* The DX_NAME_* bits of token i's record (lexicon.h), likewise. */
static inline unsigned dx_tok_name_bits(const dx_doc *d, size_t i) {
  if (i >= d->ntok || d->tok[i].kind != DX_TK_WORD || !d->name_bits)
    return 0;
  return d->name_bits[d->tok[i].u.word.info];
}

/* The folded form of token i (lower case, NFC, ’ as '), and its length in
 * *len; *len is 0 for a token that is not a word or is too long. */
static inline const char *dx_tok_folded(const dx_doc *d, size_t i, size_t *len) {
  *len = i < d->ntok && d->tok[i].kind == DX_TK_WORD ? d->tok[i].fold_len : 0;
  return d->folded + (i < d->ntok ? dx_tok_fold(&d->tok[i]) : 0);
}

/* Is token i the word w (compared folded: Selon is selon)?  Inline: the
 * stages ask it of most tokens, and the first byte settles most answers. */
static inline int dx_tok_is(const dx_doc *d, size_t i, const char *w) {
  size_t m;
  const char *f = dx_tok_folded(d, i, &m);
  if (!m || w[0] != f[0])
    return 0;
  for (size_t k = 1; k < m; k++)
    if (w[k] != f[k]) /* w ends (NUL) before f does: a mismatch here too */
      return 0;
  return w[m] == '\0';
}
/* The value of token i in a word set, or -1. */
static inline int dx_tok_in(const dx_doc *d, size_t i, dx_wordset set) {
  const dx_word_info *w = dx_tok_info(d, i);
  return w ? w->set[set] : -1;
}
/* Is token i one of the folded words of a NULL-terminated list?  For small
 * closed classes of grammar that live with the rule that uses them.
 * Inline, as dx_tok_is: rules ask it of every word of a clause, and a
 * call cost more than the answer, which the first byte mostly gives. */
static inline int dx_tok_among(const dx_doc *d, size_t i, const char *const *list) {
  size_t n;
  const char *f = dx_tok_folded(d, i, &n);
  if (!n)
    return 0;
  for (; *list; list++) {
    const char *w = *list;
    if (w[0] != f[0])
      continue;
    size_t k = 1;
    while (k < n && w[k] == f[k]) /* w's NUL ends it: a folded word has none */
      k++;
    if (k == n && w[n] == '\0')
      return 1;
  }
  return 0;
}
/* Is token i the punctuation character cp? */
static inline int dx_is_punct(const dx_doc *d, size_t i, int32_t cp) {
  return i < d->ntok && d->tok[i].kind == DX_TK_PUNCT && d->tok[i].u.mark.cp == cp;
}
/* A dash of any kind (—, –, -) standing alone. */
static inline int dx_is_dash(const dx_doc *d, size_t i) {
  /* em dash, en dash, horizontal bar (WASHINGTON ― …), hyphen-minus */
  return dx_is_punct(d, i, 0x2014) || dx_is_punct(d, i, 0x2013) || dx_is_punct(d, i, 0x2015) ||
         dx_is_punct(d, i, '-');
}
/* The first token that starts at or after byte b (tokens are in order). */
size_t dx_tok_at(const dx_doc *d, size_t b);
/* The same among tokens [first, last): last when none of them does. */
size_t dx_tok_at_within(const dx_doc *d, size_t first, size_t last, size_t b);
/* The index of the first entry of doc->cue_at at or after token k, which
 * lies in [lo, hi].  The range halves with a select, not a branch, which
 * a search mispredicts one time in two (as dx_tok_at).  Inline: the scans
 * for cues search once a sentence and once a passage. */
static inline size_t dx_cue_at_within(const dx_doc *d, size_t lo, size_t hi, size_t k) {
  if (lo >= hi)
    return lo;
  const uint32_t *base = d->cue_at + lo;
  size_t n = hi - lo;
  while (n > 1) {
    size_t half = n / 2;
    base = base[half] < k ? base + half : base;
    n -= half;
  }
  return (size_t)(base - d->cue_at) + (*base < k);
}
/* Where a look back from token pos that may go down to token floor stops
 * to stay within pos's paragraph and the one before it: just after the
 * second paragraph break before pos, or floor.  A binary search among the
 * breaks, where a walk back over the tokens cost as much as the lookback
 * for every pronoun of a long paragraph. */
size_t dx_para_floor(const dx_doc *d, size_t pos, size_t floor);
/* The first token after the passage p (its closing mark's successor). */
size_t dx_after_passage(const dx_doc *d, const dx_pair *p);
/* A party, a state or an aside in parentheses around a name: (LR),
 * (R-S.C.).  The ')' that closes the '(' at token open, at most max tokens
 * on and before limit; the '(' that opens the ')' at token close, at most
 * max tokens back and not before floor.  SIZE_MAX when there is none. */
size_t dx_paren_close(const dx_doc *d, size_t open, size_t limit, size_t max);
size_t dx_paren_open(const dx_doc *d, size_t close, size_t floor, size_t max);

#endif
