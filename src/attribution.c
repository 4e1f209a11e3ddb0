/*
 * attribution.c — reads the speaker off the words next to a cue.
 *
 * After a cue the speaker is a name, a pronoun or a noun phrase (a déclaré
 * Youri Ouchakov / une source proche du dossier); before it, the subject,
 * possibly behind an apposition (Bruno Le Roux, ministre de l'Intérieur, a
 * déclaré) or a relative (…, qui ajoute).  A role noun right before a name
 * (le président russe Vladimir Poutine) gives way to the name.  A phrase
 * that names no one we know becomes an entity of its own, named by the
 * phrase, as QUOTES.md asks; pronouns go to the last compatible speaker.
 */
#include <string.h>

#include "attribution.h"
#include "cues.h"

enum {
  MAX_BARE_ROLE = 2,   /* l'association, l'hebdomadaire satirique */
  MAX_RELATIVE = 40,   /* tokens of "X, qui …," before a cue */
  MAX_NP_TOKENS = 12,
  MAX_LOOKBACK = 64,
  MAX_SOURCE_DEPTH = 2, /* un communiqué du porte-parole du ministre */
  MAX_NP_PAREN = 6,     /* tokens of a party inside a noun phrase: (LR), (D-Ore.) */
  MAX_NAME_PAREN = 8,   /* … and after a name: (R-S.C.) */
  MAX_ASIDE = 20,       /* tokens of a parenthesis between a subject and its verb */
  MAX_TITLE_WORDS = 3   /* campaign press secretary Jane Doe */
};

/* The values of data/<lang>/org_nouns.tsv. */
enum { ORG_KIND = 1, ORG_INSTITUTION = 2 };

static int is_det(const dx_doc *d, size_t i) { return dx_tok_in(d, i, DX_SET_DETERMINERS) >= 0; }

static int is_glue(const dx_doc *d, size_t i) { return dx_tok_in(d, i, DX_SET_NP_GLUE) >= 0; }

static int is_prep(const dx_doc *d, size_t i) { return dx_tok_in(d, i, DX_SET_PREPOSITIONS) >= 0; }

/* The first mention that ends after token i (mentions are in text order
 * and do not overlap), by a binary search whose step is a conditional
 * move, not a branch: whether a mention ends before i is a coin toss at
 * every step. */
static size_t mention_from(const dx_doc *d, size_t i) {
  if (d->nmen == 0)
    return 0;
  const dx_mention *base = d->men;
  for (size_t n = d->nmen; n > 1;) { /* the answer is in [base, base + n] */
    size_t half = n / 2;
    base = base[half].last <= i ? base + half : base;
    n -= half;
  }
  return (size_t)(base - d->men) + (base->last <= i);
}

/* dx_mention_at(d, i) for a reader going forward through a phrase: *from
 * is mention_from() of a token at or before i, and is moved up to
 * mention_from(i), a walk over the few mentions in between instead of a
 * search of them all at every token. */
static int32_t mention_at_from(const dx_doc *d, size_t i, size_t *from) {
  size_t m = *from;
  while (m < d->nmen && d->men[m].last <= i)
    m++;
  *from = m;
  return m < d->nmen && d->men[m].first <= i ? (int32_t)m : -1;
}

int32_t dx_mention_at(const dx_doc *d, size_t i) {
  size_t from = mention_from(d, i);
  return mention_at_from(d, i, &from);
}

/* The mention that starts at token i, or -1, as mention_at_from(). */
static int32_t mention_starting(const dx_doc *d, size_t i, size_t *from) {
  int32_t m = mention_at_from(d, i, from);
  return m >= 0 && d->men[m].first == i ? m : -1;
}

static dx_who none(void) { return (dx_who){-1, 0, 0}; }

static dx_who who_of_mention(const dx_doc *d, int32_t m) {
  const dx_mention *mm = &d->men[m];
  return (dx_who){mm->entity, d->tok[mm->first].start, d->tok[mm->last - 1].end};
}

/* The first word of a noun-phrase entity's phrase after its determiner. */
static size_t np_head(const dx_doc *d, const dx_ent *x) {
  size_t f = x->name_first;
  return x->name_last - f > 1 && is_det(d, f) ? f + 1 : f;
}

/* The entity for a noun phrase that names no one: one per distinct phrase
 * (without its determiner, so "la source" and "une source" meet). */
static int32_t np_entity(dx_doc *d, size_t first, size_t last) {
  size_t f = first;
  if (last - f > 1 && is_det(d, f))
    f++;
  /* son ancien patron, the former mayor: the role noun after an adjective */
  size_t head = f;
  if (dx_tok_in(d, head, DX_SET_ROLE_NOUNS) < 0 && head + 1 < last &&
      dx_tok_in(d, head + 1, DX_SET_ROLE_NOUNS) >= 0 && dx_tok_in(d, head, DX_SET_STOPWORDS) < 0)
    head++;
  /* le ministre, the mayor: the person the text gave that role; a role
   * with a complement (le directeur du Figaro) may be someone else's */
  int32_t holder = dx_role_holder(d, head, last);
  if (holder >= 0)
    return holder;
  size_t start = d->tok[f].start, end = d->tok[last - 1].end;
  size_t floor = d->nent > 256 ? d->nent - 256 : 0;
  /* la préfecture, after "la préfecture de la Manche": a bare noun is the
   * fuller phrase with that head that spoke before */
  if (last - f == 1 && d->tok[f].kind == DX_TK_WORD) {
    for (size_t e = d->nent; e-- > floor;) {
      const dx_ent *x = &d->ent[e];
      if (!x->is_np)
        continue;
      size_t xf = np_head(d, x);
      size_t n, m;
      const char *a = dx_tok_folded(d, xf, &n), *b = dx_tok_folded(d, f, &m);
      if (x->name_last - xf > 1 && n && n == m && memcmp(a, b, n) == 0)
        return (int32_t)e;
    }
  }
  /* l'association, l'hebdomadaire satirique, the group: the body that
   * spoke last, when the phrase names its kind */
  int org = dx_tok_in(d, f, DX_SET_ORG_NOUNS);
  if (last - f <= MAX_BARE_ROLE && org == ORG_KIND) {
    size_t cfloor = d->ncand > MAX_LOOKBACK ? d->ncand - MAX_LOOKBACK : 0;
    for (size_t c = d->ncand; c-- > cfloor;) {
      int32_t e = d->cand[c].speaker;
      if (e >= 0 && d->cand[c].keep && !d->ent[e].is_np && d->ent[e].kind != DX_ENTITY_PERSON &&
          d->ent[e].kind != DX_ENTITY_GROUP)
        return e;
    }
  }
  for (size_t e = d->nent; e-- > floor;) {
    const dx_ent *x = &d->ent[e];
    if (!x->is_np)
      continue;
    size_t xf = np_head(d, x);
    size_t xs = d->tok[xf].start, xe = d->tok[x->name_last - 1].end;
    if (xe - xs == end - start && memcmp(d->text + xs, d->text + start, end - start) == 0)
      return (int32_t)e;
  }
  dx_ent *x = DX_PUSH(d, d->ent, d->nent, d->cap_ent);
  if (!x)
    return -1;
  memset(x, 0, sizeof *x);
  x->name_first = first;
  x->name_last = last;
  x->is_np = 1;
  x->kind = DX_ENTITY_UNKNOWN;
  int g = dx_tok_in(d, head, DX_SET_ROLE_NOUNS);
  if (g > 0)
    x->gender = (uint8_t)(g & 3);
  if (is_det(d, first) && (dx_tok_is(d, first, "la") || dx_tok_is(d, first, "une")))
    x->gender = DX_GENDER_FEM;
  if (g >= 0)
    x->kind = DX_ENTITY_PERSON;
  else if (org >= 0)
    x->kind = DX_ENTITY_ORGANISATION;
  /* les enquêteurs, des témoins, les dirigeants des deux pays, the two
   * leaders: a group */
  static const char *const plural_dets[] = {"les", "des", "ces", "leurs", "plusieurs", "these",
                                            "those", "several", "many", NULL};
  if ((g >= 0 && (g & DX_NUMBER_PLURAL)) || dx_tok_among(d, first, plural_dets) ||
      (f > first && d->tok[f - 1].kind == DX_TK_NUM) || dx_tok_is(d, f, "two"))
    x->kind = DX_ENTITY_GROUP;
  return (int32_t)(d->nent - 1);
}

static dx_who np_who(dx_doc *d, size_t first, size_t last) {
  int32_t e = np_entity(d, first, last);
  return (dx_who){e, d->tok[first].start, d->tok[last - 1].end};
}

dx_who dx_noun_phrase(dx_doc *d, size_t first, size_t last) { return np_who(d, first, last); }

/* ------------------------------------------------------------------ */
/* pronouns */

static int gender_fits(int pron, const dx_ent *e) {
  int g = (pron - 8) & 3;
  return g == 0 || e->gender == 0 || e->gender == g;
}


enum { PARA_LOOKBACK = 400 };

/* The last person named before token pos in its paragraph, outside
 * quotations and not as the object of a preposition: the likeliest
 * antecedent of a subject pronoun.  Returns a mention index or -1. */
/* Is byte b inside a quotation found so far (a name there is what was
 * reported, not who reports)? */
static int in_reported(const dx_doc *d, size_t b) {
  size_t floor = d->ncand > MAX_LOOKBACK ? d->ncand - MAX_LOOKBACK : 0;
  for (size_t c = d->ncand; c-- > floor;)
    if (d->cand[c].keep && d->cand[c].start <= b && b < d->cand[c].end)
      return 1;
  return 0;
}

/* A person, or a full name that may well be one (Antoni Macierewicz). */
static int person_like(const dx_ent *e) {
  return e->kind == DX_ENTITY_PERSON ||
         (!e->is_np && e->kind == DX_ENTITY_UNKNOWN && e->name_last - e->name_first >= 2);
}

static int32_t salient_person(const dx_doc *d, int pron, size_t pos, int latter) {
  size_t lo = mention_from(d, pos);
  /* this paragraph and the one before it */
  size_t floor = pos > PARA_LOOKBACK ? pos - PARA_LOOKBACK : 0;
  size_t para_floor = dx_para_floor(d, pos, floor);
  for (size_t k = lo; k-- > 0;) {
    const dx_mention *m = &d->men[k];
    if (m->first < para_floor)
      break;
    const dx_ent *e = &d->ent[m->entity];
    if ((d->tok[m->first].flags & DX_TF_QUOTED) || !person_like(e) || !gender_fits(pron, e))
      continue;
    /* "ce dernier" is the last person named, wherever: in what someone
     * reported (… dont Michel Crépu aurait été écarté. Mais ce dernier…)
     * or as an object; a pronoun prefers a subject outside them */
    if (latter)
      return (int32_t)k;
    if (in_reported(d, d->tok[m->first].start))
      continue;
    /* an object is no antecedent, but an agent is (… par Christian Jacob. Il a…) */
    if (m->first > 0 && is_prep(d, m->first - 1) && !dx_tok_is(d, m->first - 1, "par") &&
        !dx_tok_is(d, m->first - 1, "by"))
      continue;
    return (int32_t)k;
  }
  return -1;
}

int32_t dx_subject_mention(const dx_doc *d, size_t first, size_t limit) {
  for (size_t k = first; k < limit; k++) {
    int32_t m = dx_mention_at(d, k);
    if (m < 0)
      continue;
    k = d->men[m].last - 1;
    if ((d->tok[d->men[m].first].flags & DX_TF_QUOTED) || in_reported(d, d->tok[k].start))
      continue;
    if (d->men[m].first > first &&
        is_prep(d, d->men[m].first - 1))
      continue;
    return m;
  }
  return -1;
}

/* "ce dernier", "cette dernière", "the latter": the last person named. */
static int latter_at(const dx_doc *d, size_t k) {
  if (dx_tok_is(d, k, "ce") && dx_tok_is(d, k + 1, "dernier"))
    return DX_GENDER_MASC + 8;
  if (dx_tok_is(d, k, "cette") && dx_tok_is(d, k + 1, "dernière"))
    return DX_GENDER_FEM + 8;
  if (dx_tok_is(d, k, "the") && dx_tok_is(d, k + 1, "latter"))
    return 8;
  return 0;
}

static dx_who latter_who(dx_doc *d, int pron, size_t k) {
  int32_t m = salient_person(d, pron, k, 1);
  dx_who w = {-1, d->tok[k].start, d->tok[k + 1].end};
  if (m >= 0)
    w.ent = d->men[m].entity;
  return w;
}

int32_t dx_last_speaker(const dx_doc *d, size_t pos, int pron, size_t *at) {
  int32_t any = -1, person = -1;
  size_t any_at = 0, person_at = 0;
  size_t floor = d->ncand > MAX_LOOKBACK ? d->ncand - MAX_LOOKBACK : 0;
  for (size_t c = d->ncand; c-- > floor;) {
    const dx_cand *q = &d->cand[c];
    int32_t e = q->speaker;
    if (!q->keep || e < 0 || q->start >= pos || (pron && !gender_fits(pron, &d->ent[e])))
      continue;
    if (any < 0 || q->start > any_at)
      any = e, any_at = q->start;
    /* only a pronoun asks for a person: without one, the entity's record
     * (a read at random in doc->ent) is not needed */
    if (pron && d->ent[e].kind == DX_ENTITY_PERSON && (person < 0 || q->start > person_at))
      person = e, person_at = q->start;
  }
  if (pron && person >= 0)
    any = person, any_at = person_at;
  if (at)
    *at = any_at;
  return any;
}

dx_who dx_resolve_pronoun(dx_doc *d, int pron, size_t pos, size_t start, size_t end) {
  dx_who w = {-1, start, end};
  if ((pron - 8) & DX_NUMBER_PLURAL)
    return w; /* ils/they: a group we do not track yet */
  size_t last_at = 0;
  int32_t last = dx_last_speaker(d, d->tok[pos].start, pron, &last_at);
  /* a person named since the last quotation, as a subject, is more salient */
  int32_t m = salient_person(d, pron, pos, 0);
  if (m >= 0 && (last < 0 || d->tok[d->men[m].first].start > last_at)) {
    w.ent = d->men[m].entity;
    return w;
  }
  /* no person of that gender has spoken: a person of that gender named
   * anywhere since (in what was reported: Il affirme qu'Alexia Demirdjian
   * a travaillé… elle) is a likelier "elle" than a body that spoke */
  if ((last < 0 || d->ent[last].kind != DX_ENTITY_PERSON) && ((pron - 8) & 3)) {
    m = salient_person(d, pron, pos, 1);
    if (m >= 0 && d->ent[d->men[m].entity].gender == ((pron - 8) & 3) &&
        (last < 0 || d->tok[d->men[m].first].start >= last_at)) {
      w.ent = d->men[m].entity;
      return w;
    }
  }
  w.ent = last;
  return w;
}

/* ------------------------------------------------------------------ */
/* after the cue */

/* An apposition right after a phrase: ", Bruno Le Roux," → the name. */
int32_t dx_apposed_name(const dx_doc *d, size_t j) {
  if (!dx_is_punct(d, j, ','))
    return -1;
  size_t n = dx_name_at(d, j + 1);
  if (!n)
    return -1;
  size_t after = j + 1 + n;
  if (after < d->ntok && d->tok[after].kind == DX_TK_WORD)
    return -1;
  return dx_mention_at(d, j + 1);
}

static const char *const fr_addressee_preps[] = {"à", "au", "aux", NULL};
static const char *const en_addressee_preps[] = {"to", NULL};

/* "au Monde", "à l'AFP", "to reporters": the addressee phrase at k, whose
 * end is returned, or k when there is none. */
static size_t skip_addressee(const dx_doc *d, size_t k, size_t limit) {
  if (!dx_tok_among(d, k, d->lang == DX_LANG_FR ? fr_addressee_preps : en_addressee_preps))
    return k;
  size_t j = k + 1;
  size_t n = dx_name_at(d, j);
  if (n)
    return j + n;
  if (is_det(d, j)) {
    size_t e = j + 1;
    n = dx_name_at(d, e);
    if (n)
      return e + n;
    if (e < limit && d->tok[e].kind == DX_TK_WORD)
      return e + 1;
  }
  return k;
}

static const char *const conjunctions[] = {"et", "and", NULL};

/* le ministre vendredi, the senator Tuesday, told reporters Tuesday: an
 * adverb of its own (a date, a time) ends a noun phrase at j (but not
 * "de vendredi", "the Tuesday meeting"). */
static int ends_phrase(const dx_doc *d, size_t j) {
  int adverb = dx_tok_in(d, j, DX_SET_ADVERBS);
  return adverb >= 0 && (adverb & 1) && j > 0 && !is_glue(d, j - 1) && !is_det(d, j - 1);
}

static dx_who speaker_after(dx_doc *d, size_t k, size_t limit, int depth) {
  if (k >= limit || k >= d->ntok)
    return none();
  /* a confié, à Reuters, le directeur: an addressee between commas */
  if (dx_is_punct(d, k, ',')) {
    size_t past = skip_addressee(d, k + 1, limit);
    if (past == k + 1 || !dx_is_punct(d, past, ','))
      return none();
    k = past + 1;
    if (k >= limit)
      return none();
  }
  size_t past = skip_addressee(d, k, limit);
  if (past != k && past < limit && d->tok[past].kind == DX_TK_WORD)
    k = past; /* a déclaré au Monde Michel Crépu */
  int pron = dx_pronoun_at(d, k);
  if (pron)
    return dx_resolve_pronoun(d, pron, k, d->tok[k].start, d->tok[k].end);
  if ((pron = latter_at(d, k)) != 0)
    return latter_who(d, pron, k);
  /* the mentions from k on, which every rule below reads going forward */
  const size_t at_k = mention_from(d, k);
  size_t from = at_k;
  int32_t m = mention_starting(d, k, &from);
  if (m >= 0) {
    /* Democratic strategist David Axelrod, GOP pollster Frank Luntz: a
     * name before a role noun and the person's name only qualifies the
     * role; the speaker is the name after it */
    size_t r = d->men[m].last;
    while (r < limit && r < d->men[m].last + 2 && d->tok[r].kind == DX_TK_WORD &&
           !(d->tok[r].flags & DX_TF_CAP) && dx_tok_in(d, r, DX_SET_ROLE_NOUNS) >= 0)
      r++;
    int32_t named = r > d->men[m].last && r < limit ? mention_starting(d, r, &from) : -1;
    if (named >= 0)
      return who_of_mention(d, named);
    return who_of_mention(d, m);
  }
  for (size_t j = k; j < k + 2 && j < limit && dx_tok_in(d, j, DX_SET_NAME_PARTICLES) >= 0; j++) {
    m = mention_starting(d, j + 1, &from);
    if (m >= 0) /* ajoute de la Morlais */
      return (dx_who){d->men[m].entity, d->tok[k].start, d->tok[d->men[m].last - 1].end};
  }
  /* spokesman Todd Mesek, campaign manager Jeff Weaver: a role with no
   * article before the name, as English news writes it */
  size_t r = k;
  while (r < limit && r < k + MAX_TITLE_WORDS && d->tok[r].kind == DX_TK_WORD &&
         !(d->tok[r].flags & DX_TF_CAP) && !is_det(d, r))
    r++;
  from = at_k;
  if (r > k && r < limit && dx_tok_in(d, r - 1, DX_SET_ROLE_NOUNS) >= 0 &&
      (m = mention_starting(d, r, &from)) >= 0)
    return who_of_mention(d, m);
  if (!is_det(d, k))
    return none();
  /* selon un communiqué du ministère, according to a statement by X: the
   * source is the author of the statement */
  const dx_cue_form *noun = k + 1 < d->ntok ? dx_word_cue(d->lang, dx_tok_info(d, k + 1)) : NULL;
  if (noun && (noun->forms & DX_FORM_NOUN)) {
    size_t j = k + 2;
    while (j < limit && j < k + 6 && d->tok[j].kind == DX_TK_WORD &&
           !dx_tok_is(d, j, "de") && !dx_tok_is(d, j, "du") && !dx_tok_is(d, j, "des") &&
           !dx_tok_is(d, j, "d'") && !dx_tok_is(d, j, "by") && !dx_tok_is(d, j, "from"))
      j++;
    if (depth < MAX_SOURCE_DEPTH && j + 1 < limit && j < k + 6 && d->tok[j].kind == DX_TK_WORD) {
      /* "du ministre": the article is inside the preposition */
      size_t src = dx_tok_is(d, j, "du") || dx_tok_is(d, j, "des") ? j : j + 1;
      dx_who w = speaker_after(d, src, limit, depth + 1);
      if (w.ent >= 0)
        return w;
    }
  }
  size_t j = k + 1;
  from = at_k;
  while (j < limit && j - k < MAX_NP_TOKENS) {
    size_t close = j > k + 1 ? dx_paren_close(d, j, limit, MAX_NP_PAREN) : SIZE_MAX;
    if (close != SIZE_MAX && close + 1 < limit && d->tok[close + 1].kind == DX_TK_WORD &&
        (is_glue(d, close + 1) || (d->tok[close + 1].flags & DX_TF_CAP))) {
      j = close + 1; /* le maire (LR) de Nice */
      continue;
    }
    if (d->tok[j].kind != DX_TK_WORD)
      break;
    int32_t mj = mention_starting(d, j, &from);
    if (mj >= 0) {
      /* le président russe Vladimir Poutine: the role gives way to the
       * name; l'IGF, la CIA: the article is the name's own */
      if (j == k + 1 || !is_glue(d, j - 1))
        return who_of_mention(d, mj);
      j = d->men[mj].last;
      continue;
    }
    /* le ministre de l'Économie et des Finances, Secretary of Health and
     * Human Services: "et" joins two capitalised complements of one title */
    if (j + 2 < limit && dx_tok_among(d, j, conjunctions) && is_glue(d, j + 1) &&
        (d->tok[j + 2].flags & DX_TF_CAP || (is_glue(d, j + 2) && j + 3 < limit &&
                                             (d->tok[j + 3].flags & DX_TF_CAP)))) {
      j += 2;
      continue;
    }
    dx_cue verb;
    if (ends_phrase(d, j))
      break;
    if ((dx_tok_in(d, j, DX_SET_STOPWORDS) >= 0 && !is_glue(d, j)) ||
        dx_tok_in(d, j, DX_SET_AUXILIARIES) >= 0 ||
        (!is_glue(d, j - 1) && !is_det(d, j - 1) && dx_cue_verb_at(d, j, &verb)))
      break; /* une source proche de l'enquête | affirme */
    j++;
  }
  while (j > k + 1 && is_glue(d, j - 1))
    j--;
  if (j == k + 1 && d->tok[k].kind != DX_TK_WORD)
    return none();
  int32_t ap = j < limit ? dx_apposed_name(d, j) : -1;
  if (ap >= 0)
    return who_of_mention(d, ap);
  return np_who(d, k, j);
}

dx_who dx_speaker_after(dx_doc *d, size_t k, size_t limit) {
  return speaker_after(d, k, limit, 0);
}

/* ------------------------------------------------------------------ */
/* before the cue */

enum { MAX_CLAUSE_HEAD = 60 };

/* Is the name at token first the complement of a noun before it (le
 * ministre de l'Intérieur, the director of the CIA)?  Then the noun phrase
 * speaks, not the name: returns the noun's token, or 0. */
static size_t names_complement(const dx_doc *d, size_t first, size_t floor) {
  static const char *const of[] = {"de", "d'", "du", "des", "of", NULL};
  if (first <= floor)
    return 0;
  size_t g = first - 1;
  if (is_det(d, g) && g > floor)
    g--;
  return dx_tok_among(d, g, of) && g > floor && d->tok[g - 1].kind == DX_TK_WORD ? g - 1 : 0;
}

/* The name that opens the clause [floor, p) followed by a comma (after a
 * connector: Mais, Néanmoins; with its article: Le Syctom), or -1. */
static int32_t clause_head(const dx_doc *d, size_t floor, size_t p) {
  if (p - floor > MAX_CLAUSE_HEAD)
    return -1;
  size_t k = floor;
  static const char *const openers[] = {"mais", "et", "or", "néanmoins", "cependant", "but",
                                        "however", NULL};
  if (dx_tok_among(d, k, openers))
    k += 1 + dx_is_punct(d, k + 1, ',');
  if (is_det(d, k) && k + 1 < p)
    k++;
  int32_t m = dx_mention_at(d, k);
  if (m < 0 || d->men[m].first != k || d->men[m].last >= p || !dx_is_punct(d, d->men[m].last, ','))
    return -1;
  return m;
}

/* "La déclaration explique", "une déclaration de Barcelone a confirmé": a
 * statement speaks for its author, the source after it or, for a bare
 * statement noun, whoever was last reported.  *who is set and 1 returned
 * when the noun phrase [det, end) is such a statement. */
static int statement_author(dx_doc *d, size_t det, size_t end, dx_who *who) {
  const dx_cue_form *noun = det + 1 < end ? dx_word_cue(d->lang, dx_tok_info(d, det + 1)) : NULL;
  if (!noun || !(noun->forms & DX_FORM_NOUN))
    return 0;
  dx_who w = speaker_after(d, det, end, 0);
  if (w.ent >= 0 && !d->ent[w.ent].is_np) {
    *who = w;
    return 1;
  }
  if (end - det > 2)
    return 0;
  int32_t last = dx_last_speaker(d, d->tok[det].start, 0, NULL);
  if (last < 0 || d->ent[last].is_np)
    return 0;
  *who = (dx_who){last, d->tok[det].start, d->tok[end - 1].end};
  return 1;
}

dx_who dx_speaker_before(dx_doc *d, size_t v, size_t floor) {
  size_t j = dx_skip_adverbs_back(d, v, floor);
  /* X n'a confirmé que…: the negation stands between subject and verb, and
   * so do object pronouns (X l'a répété, X le lui a dit, X nous a confié):
   * right before a verb these are no article */
  static const char *const clitics[] = {"n'", "ne", "l'", "le", "la", "les", "lui", "leur",
                                        "nous", "vous", "m'", "me", "t'", "te", "y", "en", NULL};
  while (j > floor + 1 && dx_tok_among(d, j - 1, clitics) && d->tok[j - 1].kind == DX_TK_WORD &&
         d->lang == DX_LANG_FR)
    j--;
  while (j > floor && (dx_tok_is(d, j - 1, "n'") || dx_tok_is(d, j - 1, "ne")))
    j--;
  if (j <= floor)
    return none();
  size_t p = j - 1;
  static const char *const suffixes[] = {"jr", "sr", NULL};
  if (p > floor && dx_is_punct(d, p, '.') && dx_tok_among(d, p - 1, suffixes))
    p--; /* Joseph R. Biden Jr. said: the name's suffix keeps its period */
  if (dx_is_punct(d, p, ')')) { /* a parenthesis between subject and verb */
    size_t q = dx_paren_open(d, p, floor, MAX_ASIDE);
    if (q == SIZE_MAX || q <= floor)
      return none();
    p = q - 1;
  }
  int relative = 0;
  if (d->tok[p].kind == DX_TK_WORD && (dx_tok_is(d, p, "qui") || dx_tok_is(d, p, "who"))) {
    if (p == floor)
      return none();
    relative = 1;
    p--; /* the relative's antecedent, maybe behind a comma */
    if (dx_is_punct(d, p, ',') && p > floor)
      p--;
  }
  if (dx_is_punct(d, p, ',')) {
    /* "Jean Vannier, paléontologue au CNRS, à Lyon, décrit…", "Le Syctom,
     * quant à lui, a confirmé…": a clause that opens with a name and a
     * comma, whatever stands between, has that name for subject */
    int32_t head = clause_head(d, floor, p);
    if (head >= 0)
      return who_of_mention(d, head);
    int pron = latter_at(d, floor); /* Ce dernier, accusant Soros de…, a affirmé */
    if (pron && floor + 2 < p && dx_is_punct(d, floor + 2, ','))
      return latter_who(d, pron, floor);
    /* the segment between this comma and the one before: an apposition
     * ("X, ministre de l'Intérieur, a déclaré", "le ministre de
     * l'Intérieur, Bruno Le Roux, a déclaré") or a source */
    size_t c = p;
    while (c > floor && p - c < 16 && !dx_is_punct(d, c - 1, ',') &&
           d->tok[c - 1].kind != DX_TK_CLOSE && d->tok[c - 1].kind != DX_TK_OPEN)
      c--;
    /* "Le dirigeant russe, selon son assistant, a déclaré": the source is
     * a go-between (via.c), the subject stands before it */
    dx_cue src;
    if (c > floor + 1 && dx_is_punct(d, c - 1, ',') && dx_cue_prep_at(d, c, 0, &src))
      return dx_speaker_before(d, c - 1, floor);
    /* the segment between the commas is the name itself… */
    int32_t m = dx_mention_at(d, p - 1);
    if (m >= 0 && d->men[m].first == c)
      return who_of_mention(d, m);
    /* …or a role after the name (Besancenot, leader du NPA, a appelé;
     * Rep. Gregory Meeks (D-N.Y.), chairman of…, said) */
    if (c > floor + 1 && dx_is_punct(d, c - 1, ',')) {
      size_t b = c - 2, open = dx_paren_open(d, b, floor, MAX_NAME_PAREN);
      if (open != SIZE_MAX && open > floor)
        b = open - 1;
      int32_t before = dx_mention_at(d, b);
      if (before >= 0)
        return who_of_mention(d, before);
    }
    /* …or a relative clause (José Mourinho, qui a dépensé …, a déclaré) */
    for (size_t q = p; q > floor + 1 && p - q < MAX_RELATIVE; q--)
      if ((dx_tok_is(d, q, "qui") || dx_tok_is(d, q, "who")) && dx_is_punct(d, q - 1, ',')) {
        int32_t before = dx_mention_at(d, q - 2);
        if (before >= 0)
          return who_of_mention(d, before);
        /* The senator, who spoke on condition of anonymity…, said: a
         * noun phrase for the antecedent (it ends right at the comma) */
        if (d->tok[q - 2].kind == DX_TK_WORD)
          return dx_speaker_before(d, q - 1, floor);
        break;
      }
    /* …or a description of the noun phrase before it (La victime, une
     * femme de 42 ans, a déclaré; The driver, a man from Ohio, said) */
    static const char *const indefinite[] = {"un", "une", "a", "an", NULL};
    if (c > floor + 1 && dx_is_punct(d, c - 1, ',') && dx_tok_among(d, c, indefinite)) {
      dx_who w = dx_speaker_before(d, c - 1, floor);
      if (w.ent >= 0)
        return w;
    }
    if (m >= 0 && d->men[m].first >= c && !is_glue(d, d->men[m].first - 1) &&
        !is_prep(d, d->men[m].first - 1))
      return who_of_mention(d, m);
    return none();
  }
  if (d->tok[p].kind != DX_TK_WORD)
    return none();
  if (dx_tok_is(d, p, "et") || dx_tok_is(d, p, "and") || dx_tok_is(d, p, "puis") ||
      dx_tok_is(d, p, "mais") || dx_tok_is(d, p, "but")) {
    /* X a déclaré que… et a exprimé…: the first verb's speaker */
    size_t from = d->tok[floor].start, to = d->tok[p].start;
    size_t cfloor = d->ncand > MAX_LOOKBACK ? d->ncand - MAX_LOOKBACK : 0;
    for (size_t c = d->ncand; c-- > cfloor;) {
      const dx_cand *q = &d->cand[c];
      if (q->keep && q->speaker >= 0 && q->cue_end > q->cue_start && q->cue_start >= from &&
          q->cue_end <= to && !q->sp_earlier)
        return (dx_who){q->speaker, q->sp_start, q->sp_end};
    }
    /* X a fait procéder au vote et a déclaré: the sentence's subject */
    int32_t m = dx_subject_mention(d, floor, p);
    return m >= 0 ? who_of_mention(d, m) : none();
  }
  int pron = dx_pronoun_at(d, p);
  if (pron)
    return dx_resolve_pronoun(d, pron, p, d->tok[p].start, d->tok[p].end);
  if (p > floor && (pron = latter_at(d, p - 1)) != 0)
    return latter_who(d, pron, p - 1);
  int32_t m = dx_mention_at(d, p);
  if (m >= 0) {
    size_t noun = names_complement(d, d->men[m].first, floor);
    int32_t head = noun ? dx_mention_at(d, noun) : -1;
    if (head >= 0) /* Mr. Morgan of the Sierra Club */
      return who_of_mention(d, head);
    /* Le Dr Karim Benali: the article is no preposition; … bloqué par
     * Obama, qui estimait que: a relative's antecedent speaks whatever
     * its place in the main clause */
    if (!noun && (relative || !(d->men[m].first > floor && is_prep(d, d->men[m].first - 1))))
      return who_of_mention(d, m);
  }
  /* a noun phrase: back to its determiner (le ministre de l'Intérieur) */
  size_t q = p + 1, det = SIZE_MAX;
  while (q > floor && p + 1 - q < MAX_NP_TOKENS && d->tok[q - 1].kind == DX_TK_WORD) {
    q--;
    if (is_det(d, q) && !is_glue(d, q - 1))
      det = q;
    else if (dx_tok_in(d, q, DX_SET_STOPWORDS) >= 0 && !is_glue(d, q) && !is_det(d, q))
      break;
  }
  if (det == SIZE_MAX) {
    if (dx_tok_in(d, p, DX_SET_ROLE_NOUNS) >= 0)
      return np_who(d, p, p + 1);
    /* elected officials from both parties: no article, but a role */
    for (size_t r = q; r < p; r++)
      if (dx_tok_in(d, r, DX_SET_ROLE_NOUNS) >= 0 && d->tok[q].kind == DX_TK_WORD &&
          (q == floor || !(d->tok[q].flags & DX_TF_CAP)))
        return np_who(d, q, p + 1);
    return none();
  }
  dx_who author;
  if (statement_author(d, det, p + 1, &author))
    return author;
  return np_who(d, det, p + 1);
}

enum { MAX_LEAD_ADVERBIAL = 8, MAX_LEADS = 3 };

dx_who dx_sentence_subject(dx_doc *d, size_t s) {
  size_t first = d->sent[s].first, last = d->sent[s].last, k = first;
  size_t from = mention_from(d, first); /* k only moves forward */
  /* "Vers 16h00, devant l'Assemblée, X a…": short leads before commas,
   * unless the sentence opens with its subject (X, ministre, a…) */
  for (int lead = 0; lead < MAX_LEADS && k < last; lead++) {
    if (mention_at_from(d, k, &from) >= 0 || dx_pronoun_at(d, k) || is_det(d, k))
      break;
    size_t j = k;
    dx_cue c;
    while (j < last && j < k + MAX_LEAD_ADVERBIAL && !dx_is_punct(d, j, ',') &&
           d->tok[j].kind != DX_TK_OPEN && !dx_cue_verb_at(d, j, &c))
      j++;
    if (!dx_is_punct(d, j, ','))
      break;
    k = j + 1;
  }
  if (k >= last || (d->tok[k].flags & DX_TF_QUOTED))
    return none();
  int32_t m = mention_starting(d, k, &from);
  if (m >= 0)
    return who_of_mention(d, m);
  int pron = dx_pronoun_at(d, k);
  if (pron)
    return dx_resolve_pronoun(d, pron, k, d->tok[k].start, d->tok[k].end);
  if ((pron = latter_at(d, k)) != 0)
    return latter_who(d, pron, k);
  if (is_det(d, k) && dx_tok_in(d, k + 1, DX_SET_ROLE_NOUNS) >= 0) {
    dx_who w = dx_speaker_after(d, k, last);
    if (w.ent >= 0 && (d->ent[w.ent].kind == DX_ENTITY_PERSON || d->ent[w.ent].kind == DX_ENTITY_GROUP))
      return w;
  }
  return none();
}

/* Phrases after which the name of a medium follows: "au micro de BFMTV",
 * "sur le plateau de LCI", "in an interview with the Times".  Returns the
 * token after the phrase, or 0.  (A closed class kept with its rule.) */
static size_t media_phrase_at(const dx_doc *d, size_t k) {
  static const char *const phrases[][5] = {
      {"au", "micro", "de", NULL},        {"au", "micro", "d'", NULL},
      {"sur", "le", "plateau", "de", NULL}, {"sur", "le", "plateau", "d'", NULL},
      {"à", "l'", "antenne", "de", NULL},   {"sur", "l'", "antenne", "de", NULL},
      {"dans", "les", "colonnes", "du", NULL}, {"dans", "les", "colonnes", "de", NULL},
      {"in", "an", "interview", "with", NULL}, {"on", "the", "air", "of", NULL}};
  size_t n;
  const char *f = k < d->ntok ? dx_tok_folded(d, k, &n) : NULL;
  if (!f || !n)
    return 0;
  for (size_t p = 0; p < sizeof phrases / sizeof *phrases; p++) {
    if (phrases[p][0][0] != f[0])
      continue; /* most words start no phrase: one byte says so */
    size_t j = 0;
    while (phrases[p][j] && dx_tok_is(d, k + j, phrases[p][j]))
      j++;
    if (!phrases[p][j])
      return k + j;
  }
  return 0;
}

dx_who dx_addressee_at(dx_doc *d, size_t k, size_t limit, const dx_cue_form *f) {
  if (!f || k >= limit)
    return none();
  if (dx_is_punct(d, k, ',') && k + 1 < limit) /* a confié, à Reuters, le directeur */
    k++;
  size_t j = k;
  size_t medium = media_phrase_at(d, k);
  int32_t mm = medium ? dx_mention_at(d, medium) : -1;
  if (mm >= 0 && d->men[mm].first == medium)
    return who_of_mention(d, mm);
  if (dx_is_to(d, k)) {
    if (!(f->frames & DX_FRAME_A_ADDR))
      return none();
    j = k + 1;
  } else if (!(f->frames & DX_FRAME_OBJ_ADDR)) {
    return none();
  }
  int32_t m = dx_mention_at(d, j);
  if (m >= 0 && d->men[m].first == j)
    return who_of_mention(d, m);
  /* à l'AFP, to the Times: the article is the name's own */
  m = is_det(d, j) ? dx_mention_at(d, j + 1) : -1;
  if (m >= 0 && d->men[m].first == j + 1)
    return who_of_mention(d, m);
  if (is_det(d, j) || (j > k && (dx_tok_is(d, k, "au") || dx_tok_is(d, k, "aux"))) ||
      dx_tok_in(d, j, DX_SET_ROLE_NOUNS) >= 0) {
    size_t e = j + 1;
    while (e < limit && e - j < MAX_NP_TOKENS && d->tok[e].kind == DX_TK_WORD &&
           (dx_tok_in(d, e, DX_SET_STOPWORDS) < 0 || is_glue(d, e)) && !ends_phrase(d, e))
      e++;
    while (e > j + 1 && is_glue(d, e - 1))
      e--;
    /* à son homologue, aux journalistes, au Monde, to reporters: someone;
     * not à la sortie de la réunion, au micro de BFMTV (a place, a time) */
    size_t head = is_det(d, j) ? j + 1 : j;
    int someone = dx_tok_in(d, head, DX_SET_ROLE_NOUNS) >= 0 ||
                  dx_tok_in(d, head, DX_SET_ORG_NOUNS) >= 0 || dx_mention_at(d, head) >= 0 ||
                  (head < d->ntok && d->tok[head].kind == DX_TK_WORD &&
                   d->text[d->tok[head].end - 1] == 's' && !dx_tok_is(d, j, "la") &&
                   !dx_tok_is(d, j, "le") && !dx_tok_is(d, j, "l'"));
    /* told a crowd of supporters: English puts the people last */
    if (!someone && d->lang == DX_LANG_EN && e > head + 1 && is_glue(d, e - 2))
      someone = d->text[d->tok[e - 1].end - 1] == 's' || dx_tok_in(d, e - 1, DX_SET_ROLE_NOUNS) >= 0;
    if (d->tok[j].kind == DX_TK_WORD && someone)
      return np_who(d, j, e);
  }
  return none();
}

dx_who dx_addressee_after(dx_doc *d, const dx_cue *c, dx_who who, size_t limit) {
  if (!c->form)
    return none();
  size_t k = dx_skip_adverbs(d, c->last, limit);
  int after_speaker = 0;
  if (who.end > who.start && k < limit && d->tok[k].start == who.start) {
    while (k < limit && d->tok[k].start < who.end)
      k++;
    after_speaker = 1;
  }
  size_t a = k < limit && dx_is_punct(d, k, ',') ? k + 1 : k;
  if (a > k && after_speaker && !dx_is_to(d, a))
    return none();
  dx_who to = dx_addressee_at(d, k, limit, c->form);
  if (to.ent >= 0 && dx_tok_in(d, c->first, DX_SET_AUXILIARIES) == DX_AUX_REFLEXIVE &&
      !dx_is_to(d, a))
    return none();
  return to;
}
