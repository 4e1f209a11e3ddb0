/*
 * cues.h — recognising cue phrases around a token.
 */
#ifndef DX_CUES_H
#define DX_CUES_H

#include "doc.h"

typedef struct dx_cue {
  size_t first, last;       /* tokens of the cue phrase [first, last) */
  const dx_cue_form *form;  /* the verb or noun; NULL for a preposition */
  int prep;                 /* selon, d'après, according to: the source follows */
  int pron;                 /* a subject pronoun glued on (a-t-il, dit-elle):
                               DX_GENDER_* bits + 8, or 0 when none */
  size_t pron_start, pron_end; /* its bytes */
} dx_cue;

/* Is token k a word that can be a cue's verb by itself: a cue form, the
 * first word of a multiword cue, or a hyphenated word (précise-t-il),
 * whose inverted form is looked up apart? */
static inline int dx_cue_word(const dx_doc *d, size_t k) {
  if (k >= d->ntok || d->tok[k].kind != DX_TK_WORD)
    return 0;
  return d->tok[k].hyphen || (dx_tok_bits(d, k) & DX_WORD_CUE);
}

/* Can a verbal cue follow the auxiliary at word i (avoir, have, se): a
 * cue word, or for avoir/have an adverb or a comma first?  être alone
 * makes a passive, not a cue. */
int dx_aux_may_start_verb_cue(const dx_doc *d, size_t i);

/* Does the French word at token i, hyphenated, end in an inverted subject
 * pronoun (précise-t-il, a-t-elle, disent-ils)? */
int dx_inverted_pronoun(const dx_doc *d, size_t i);

/* 0 when no verbal cue can start at token i, as the lexicon records of i
 * (and of the next word after an auxiliary) tell; 1 when
 * dx_read_cue_verb() must look.  Inline: loops ask it of every word, and
 * most are no cue nor auxiliary.  A cue form that is neither finite nor a
 * gerund (a participle, a noun: annoncé, communiqué) and starts no phrase
 * is a cue only behind an auxiliary, which is where the scan finds it; and
 * a hyphenated word (porte-parole, États-Unis) whose record says none of
 * this is a cue only by an inverted pronoun, without which it is read as
 * its record. */
static inline int dx_may_start_verb_cue(const dx_doc *d, size_t i) {
  unsigned bits = dx_tok_bits(d, i);
  if (bits & (DX_WORD_PHRASE | DX_WORD_CUE_ALONE))
    return 1;
  if (bits & DX_WORD_AUXILIARY)
    return d->tok[i].hyphen || (bits & DX_WORD_CUE) || dx_aux_may_start_verb_cue(d, i);
  return i < d->ntok && d->tok[i].kind == DX_TK_WORD && d->tok[i].hyphen &&
         dx_inverted_pronoun(d, i);
}

/* dx_cue_verb_at() once dx_may_start_verb_cue() has said yes. */
int dx_read_cue_verb(const dx_doc *d, size_t i, dx_cue *c);

/* A verbal cue phrase starting at token i: an auxiliary and its participle
 * (a déclaré, a-t-il ajouté, has said), a finite verb (ajoute, précise-t-il,
 * said) or a gerund (ajoutant).  Adverbs may stand inside (a pour sa part
 * déclaré).  Fills *c and returns 1, or returns 0. */
static inline int dx_cue_verb_at(const dx_doc *d, size_t i, dx_cue *c) {
  return dx_may_start_verb_cue(d, i) && dx_read_cue_verb(d, i, c);
}

/* A passive cue starting at token i (est décrit, sont accusés, was told):
 * the speaker is the agent after "par"/"by". */
int dx_passive_cue_at(const dx_doc *d, size_t i, dx_cue *c);

/* 0 when no source preposition can start at token i: it is none (selon,
 * pour, according: DX_SET_SOURCE_PREPS) nor the first word of one that
 * dx_cue_prep_at() spells out (d'après, comme l'a dit). */
static inline int dx_may_start_prep(const dx_doc *d, size_t i) {
  return (dx_tok_bits(d, i) & DX_WORD_SOURCE) != 0;
}

/* Can dx_cue_prep_at() accept token i, whatever sentence_start, once
 * dx_may_start_prep() has said yes?  The gate of its spellings, which it
 * asks first itself: they are few (selon,
 * d'après, comme l'…, pour; according), where the set holds more words
 * (for, per, suivant: sources to via.c) and "d'" starts far more words than
 * "d'après": the first byte or two say no to most, before a caller loops
 * back to it with all that it keeps at hand. */
static inline int dx_prep_spelled_at(const dx_doc *d, size_t i) {
  if (d->lang != DX_LANG_FR)
    return dx_tok_is(d, i, "according");
  return dx_tok_is(d, i, "selon") || dx_tok_is(d, i, "pour") ||
         (dx_tok_is(d, i, "d'") && dx_tok_is(d, i + 1, "après")) ||
         (dx_tok_is(d, i, "comme") && dx_tok_is(d, i + 1, "l'"));
}

/* A source preposition starting at token i (selon, d'après, according to,
 * and with sentence_start also "pour"): returns 1 and fills *c. */
int dx_cue_prep_at(const dx_doc *d, size_t i, int sentence_start, dx_cue *c);

/* Is token i in DX_SET_ADVERBS (dx_tok_in() >= 0)?  Its bit says so
 * without a read of its record, which most words, no adverb, need not
 * have read. */
static inline int dx_may_be_adverb(const dx_doc *d, size_t i) {
  return (dx_tok_bits(d, i) & DX_WORD_ADVERB) != 0;
}

/* dx_skip_adverbs() once its inline test has found that an adverb may
 * start at i. */
size_t dx_skip_adverbs_at(const dx_doc *d, size_t i, size_t limit);

/* Skips adverbs and adverbial phrases that may sit between a cue and its
 * subject (encore, pour sa part, also): returns the first token after.
 * Inline: it is asked after every cue and auxiliary, and most are
 * followed by no adverb, which the word's record tells at once. */
static inline size_t dx_skip_adverbs(const dx_doc *d, size_t i, size_t limit) {
  if (!dx_is_punct(d, i, ',') && !dx_may_be_adverb(d, i))
    return i;
  return dx_skip_adverbs_at(d, i, limit);
}
/* The same backwards: the first token of the adverbs that end before i. */
size_t dx_skip_adverbs_back(const dx_doc *d, size_t i, size_t floor);

/* que A et que B, said that A and that B: does a second complement of the
 * same cue start at token k (et/and, then que/qu'/that)? */
int dx_second_complement(const dx_doc *d, size_t k);

/* Is token k the preposition of an addressee: à, au, aux (French), to
 * (English)? */
int dx_is_to(const dx_doc *d, size_t k);

/* The end of the object or addressee that may stand between a cue and its
 * content (à son homologue, les manifestants, reporters, him), or k when
 * there is none.  Only a noun phrase counts, so that "souhaitaient depuis
 * se marier" is not read as an object.  Without bare, only an addressee
 * behind à/to counts (said the project would…: no object). */
size_t dx_object_end(const dx_doc *d, size_t k, size_t slast, int bare);

/* The gender bits of a subject pronoun (il, elles, he, she, they) + 8, or 0. */
int dx_pronoun_at(const dx_doc *d, size_t i);

#endif
