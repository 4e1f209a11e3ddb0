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

/* A verbal cue phrase starting at token i: an auxiliary and its participle
 * (a déclaré, a-t-il ajouté, has said), a finite verb (ajoute, précise-t-il,
 * said) or a gerund (ajoutant).  Adverbs may stand inside (a pour sa part
 * déclaré).  Fills *c and returns 1, or returns 0. */
int dx_cue_verb_at(const dx_doc *d, size_t i, dx_cue *c);

/* 0 when no verbal cue can start at token i, as the lexicon records of i
 * and of the word after it tell (most words are no cue, most auxiliaries
 * precede none); 1 when dx_cue_verb_at() must look.  For the loops that
 * try a cue at every word. */
int dx_may_start_verb_cue(const dx_doc *d, size_t i);

/* A passive cue starting at token i (est décrit, sont accusés, was told):
 * the speaker is the agent after "par"/"by". */
int dx_passive_cue_at(const dx_doc *d, size_t i, dx_cue *c);

/* A source preposition starting at token i (selon, d'après, according to,
 * and with sentence_start also "pour"): returns 1 and fills *c. */
int dx_cue_prep_at(const dx_doc *d, size_t i, int sentence_start, dx_cue *c);

/* Skips adverbs and adverbial phrases that may sit between a cue and its
 * subject (encore, pour sa part, also): returns the first token after. */
size_t dx_skip_adverbs(const dx_doc *d, size_t i, size_t limit);
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
