/*
 * attribution.h — who a cue's speaker is: the name, pronoun or noun phrase
 * next to the cue, resolved to an entity.
 */
#ifndef DX_ATTRIBUTION_H
#define DX_ATTRIBUTION_H

#include "cues.h"
#include "doc.h"

typedef struct dx_who {
  int32_t ent;         /* entity index, or -1 */
  size_t start, end;   /* bytes of the words that name it here */
} dx_who;

/* The speaker named from token k on (after the cue: a déclaré Ouchakov,
 * said the senator, selon une source proche du dossier). */
dx_who dx_speaker_after(dx_doc *d, size_t k, size_t limit);
/* The entity of the noun phrase [first, last) that names no one we know
 * (une source proche du dossier, exit polls): one per distinct phrase. */
dx_who dx_noun_phrase(dx_doc *d, size_t first, size_t last);

/* The subject that ends right before token v (the cue's first token). */
dx_who dx_speaker_before(dx_doc *d, size_t v, size_t floor);
/* A subject pronoun (gender bits + 8) at byte span, resolved to the last
 * compatible speaker before token pos, or to the last person named. */
dx_who dx_resolve_pronoun(dx_doc *d, int pron, size_t pos, size_t start, size_t end);

/* A speaker not known yet: the one of the quotation before, in text order,
 * filled in once the sentence is done (ajoutant que…: the main clause's). */
#define DX_CARRIED (-2)

/* The speaker of the last quotation that starts before byte pos, a person
 * if one fits within the last few (pronouns mostly stand for people), with
 * a pronoun's gender bits (+ 8) or 0 for any.  -1 when there is none. */
int32_t dx_last_speaker(const dx_doc *d, size_t pos, int pron, size_t *at);

/* The mention that is the subject of the tokens [first, limit): the first
 * name there that is not inside quotes nor after a preposition, or -1. */
int32_t dx_subject_mention(const dx_doc *d, size_t first, size_t limit);

/* The addressee named at token k after a cue of form f: "à Y" / "to Y"
 * for cues that take one, the object for those whose object is the
 * addressee (told Y, a informé Y).  ent is -1 when none. */
dx_who dx_addressee_at(dx_doc *d, size_t k, size_t limit, const dx_cue_form *f);

/* The addressee of cue c whose speaker is who: named right after the cue,
 * or after the speaker when the speaker follows it (a demandé X à Y).  A
 * reflexive cue (se félicite X) has no object to address, and a comma
 * after the speaker opens an apposition (assure X, le PDG de Y), not an
 * object: there only "à Y" / "to Y" names one. */
dx_who dx_addressee_after(dx_doc *d, const dx_cue *c, dx_who who, size_t limit);

/* The subject of sentence s when it names someone: a name, or a noun
 * phrase headed by a role (la porte-parole de la fédération), after any
 * leading adverbial (Vers 10h50, Pour terminer,).  ent is -1 when none. */
dx_who dx_sentence_subject(dx_doc *d, size_t s);

/* The name mention in apposition at the comma j (", Bruno Le Roux,"), or -1. */
int32_t dx_apposed_name(const dx_doc *d, size_t j);

/* Index of the name mention covering token i, or -1. */
int32_t dx_mention_at(const dx_doc *d, size_t i);

#endif
