/*
 * entities.c — proper-name mentions, grouped into entities.
 *
 * A name is a run of capitalised words, with the particles names carry
 * (de, du, de la, Le, van, bin) and a leading title (M., Mme, Dr).  A
 * capitalised word that opens a sentence is only a name when the lexicon
 * knows it as a first name or another capitalised word follows: sentence
 * case must not make "Transférés" a person.  Mentions that share their last
 * word (the surname) and agree word for word are one entity, named by its
 * fullest mention: a later "Ouchakov" is "Youri Ouchakov".
 */
#include <string.h>

#include "cues.h"
#include "doc.h"
#include "text.h"

enum { MAX_NAME_TOKENS = 8, MAX_TAIL_WORDS = 2 };

/* The value of a data/<lang>/not_names.tsv word that begins a name when a
 * capitalised word follows it (New York). */
enum { NOT_NAME_UNLESS_CAP = 2 };

static int is_word(const dx_doc *d, size_t i) { return i < d->ntok && d->tok[i].kind == DX_TK_WORD; }

/* A capitalised word that is no elision (L', D'): one test of the flags,
 * since only a word has DX_TF_CAP (tokens.c) */
static int is_cap(const dx_doc *d, size_t i) {
  return i < d->ntok && (d->tok[i].flags & (DX_TF_CAP | DX_TF_ELIDED)) == DX_TF_CAP;
}

/* The token after a name is a word as often as a comma or a period, and
 * a branch on its kind is a guess, once a name.  The two tests below read
 * a token with no such branch, and leave the caller one branch on an
 * answer that is mostly no. */

/* dx_tok_name_bits() of token i: a word gives its record index, any other
 * token 0 (its u is no word's, and is masked off), and name_bits[0] is 0,
 * the bits of a word without a record. */
static unsigned name_bits_at(const dx_doc *d, size_t i) {
  if (i >= d->ntok || !d->name_bits)
    return 0;
  const dx_tok *t = &d->tok[i];
  return d->name_bits[t->u.word.info & -(uint32_t)(t->kind == DX_TK_WORD)];
}

/* Is token i a comma?  dx_is_punct(), with one branch for the kind and
 * the character (a word's u.mark.cp is no code point, and is masked off). */
static int is_comma(const dx_doc *d, size_t i) {
  if (i >= d->ntok)
    return 0;
  const dx_tok *t = &d->tok[i];
  return (t->kind == DX_TK_PUNCT) & (t->u.mark.cp == ',');
}

/* Does token i open a sentence, a paragraph, a quotation or a clause
 * after a colon or a dash?  Inline: asked of every one-word name, and the
 * call cost as much as the answer. */
static inline int sentence_initial(const dx_doc *d, size_t i) {
  if (i == 0)
    return 1;
  const dx_tok *p = &d->tok[i - 1];
  if (p->kind == DX_TK_PARA || p->kind == DX_TK_OPEN || (p->flags & DX_TF_REOPEN))
    return 1;
  if (p->kind == DX_TK_PUNCT && (dx_tok_cp(p) == '.' || dx_tok_cp(p) == '!' || dx_tok_cp(p) == '?' ||
                                 dx_tok_cp(p) == ':' || dx_tok_cp(p) == 0x2014 || dx_tok_cp(p) == 0x2013 ||
                                 dx_tok_cp(p) == '-' || dx_tok_cp(p) == 0x2026 || dx_tok_cp(p) == '('))
    return 1;
  return d->tok[i].sent != p->sent;
}

/* le, la, les, l', the */
static int is_article(const dx_doc *d, size_t i) {
  return dx_tok_is(d, i, "le") || dx_tok_is(d, i, "la") || dx_tok_is(d, i, "les") ||
         dx_tok_is(d, i, "l'") || dx_tok_is(d, i, "the");
}

/* An article that belongs to a title-like name: Le Monde, L'Union, La
 * Croix.  Asked of every capitalised word that may start a name: the
 * length settles most answers before the words are compared. */
static inline int is_name_article(const dx_doc *d, size_t i) {
  return is_word(d, i) && (d->tok[i].flags & DX_TF_CAP) && d->tok[i].fold_len <= 3 &&
         is_article(d, i);
}

/* After the initial whose letter is token k - 1 (W. / J.-M.): the token
 * past its period and any hyphenated initial after it; k when k - 1 is
 * no initial.  Asked at the end of every name: the one-letter word is
 * tested before the period, which follows a name as often as not and
 * made the branch a guess. */
static size_t initial_end(const dx_doc *d, size_t k) {
  size_t start = k;
  while (k > 0 && k + 1 < d->ntok && is_word(d, k - 1) &&
         d->tok[k - 1].end - d->tok[k - 1].start == 1 && (d->tok[k - 1].flags & DX_TF_CAP) &&
         dx_is_punct(d, k, '.')) {
    k++; /* past the period */
    if (k + 2 < d->ntok && dx_is_punct(d, k, '-') && is_word(d, k + 1) &&
        d->tok[k + 1].end - d->tok[k + 1].start == 1 && dx_is_punct(d, k + 2, '.'))
      k += 2; /* J.-M.: on to the next initial's period */
    else
      break;
  }
  return k > start ? k : start;
}

/* L'Assemblée nationale, la Cour des comptes, la Haute Autorité de santé:
 * French capitalises a body's first word only; the words of
 * data/<lang>/name_words.tsv after a name, alone or after de / des / du,
 * go on with it.  Returns where the name ends, from k. */
static size_t lower_case_tail(const dx_doc *d, size_t k) {
  static const char *const of[] = {"de", "des", "du", "d'", NULL};
  /* the word that goes on (j below) is k or k + 1: when neither is a name
   * word, as after most names, nothing does, and the kind of the token
   * after the name, a guess, need not be asked */
  if (!((name_bits_at(d, k) | name_bits_at(d, k + 1)) & DX_NAME_NAME_WORD))
    return k;
  for (int words = 0; words < MAX_TAIL_WORDS && is_word(d, k) && !is_cap(d, k); words++) {
    size_t j = dx_tok_among(d, k, of) && is_word(d, k + 1) ? k + 1 : k;
    if (is_cap(d, j) || !(dx_tok_name_bits(d, j) & DX_NAME_NAME_WORD))
      break;
    k = j + 1;
  }
  return k;
}

/* Smith, who chairs the board, … / Smith, 54, …: does a relative clause
 * about someone, or an age, follow the word before k?  Sentence openers
 * (However, Yesterday, Selon) never take one. */
static int described_after(const dx_doc *d, size_t k) {
  static const char *const who[] = {"who", "qui", NULL};
  if (k + 2 >= d->ntok || d->tok[k].kind != DX_TK_PUNCT || dx_tok_cp(&d->tok[k]) != ',')
    return 0;
  return dx_tok_among(d, k + 1, who) ||
         (d->tok[k + 1].kind == DX_TK_NUM && d->tok[k + 2].kind == DX_TK_PUNCT &&
          dx_tok_cp(&d->tok[k + 2]) == ',');
}

/* Length in tokens of the name starting at i, or 0.  Inline in
 * dx_find_entities(), which asks it of every capitalised word: the call
 * saved and restored more registers than a rejected word costs. */
static inline size_t name_at(const dx_doc *d, size_t i) {
  size_t k = i;
  /* every name, title or article starts with a capital */
  if (!is_word(d, i) || !(d->tok[i].flags & DX_TF_CAP))
    return 0;
  int titled = 0;
  if (dx_tok_name_bits(d, i) & DX_NAME_TITLE) {
    size_t j = i + 1;
    if (j < d->ntok && d->tok[j].kind == DX_TK_PUNCT && dx_tok_cp(&d->tok[j]) == '.')
      j++;
    /* the Justice Department, the General Assembly: a title before the
     * noun of a body is part of the body's name */
    if ((is_cap(d, j) && dx_tok_in(d, j, DX_SET_ORG_NOUNS) < 0) ||
        (is_word(d, j) && dx_tok_in(d, j, DX_SET_NAME_PARTICLES) >= 0 && is_cap(d, j + 1))) {
      titled = 1;
      k = j;
    }
  }
  /* Russian, French: in English a nationality is capitalised, and no name */
  if (!titled && d->lang == DX_LANG_EN && (dx_tok_name_bits(d, i) & DX_NAME_NATION))
    return 0;
  if (!titled) {
    if (is_cap(d, i + 1) && is_name_article(d, i) && !sentence_initial(d, i)) {
      k = i + 1;
    } else {
      /* a not-name (Le, Selon, The: most sentences open with one) begins
       * none, unless its value says a capital after it does: the record
       * is read only when one follows */
      if (!is_cap(d, i) ||
          ((dx_tok_name_bits(d, i) & DX_NAME_NOT_NAME) &&
           !(is_cap(d, i + 1) && dx_tok_in(d, i, DX_SET_NOT_NAMES) == NOT_NAME_UNLESS_CAP)))
        return 0;
    }
  }
  size_t start = k, n = 0;
  while (k < d->ntok && n < MAX_NAME_TOKENS) {
    /* a first name after other capitalised words starts a new name: the
     * words before were an organisation or a title (LR Éric Ciotti, France
     * Info Jacques Witkowski) */
    if (k > start && is_cap(d, k) && is_cap(d, k + 1) &&
        (dx_tok_name_bits(d, k) & DX_NAME_FIRST_NAME) && dx_tok_in(d, k, DX_SET_FIRST_NAMES) > 0 &&
        dx_tok_in(d, k - 1, DX_SET_FIRST_NAMES) <= 0)
      break;
    if (is_cap(d, k) && (k == start || !(dx_tok_name_bits(d, k) & DX_NAME_NOT_NAME) ||
                         is_name_article(d, k))) {
      k++, n++;
      continue;
    }
    /* initials: Gregory W. Meeks, J.-M. Dufresne, the period (and the
     * hyphen) of a one-letter word, when the name goes on */
    size_t after = initial_end(d, k);
    if (after > k && n > 0 && is_cap(d, after) &&
        !(dx_tok_name_bits(d, after) & DX_NAME_STOPWORD)) {
      k = after;
      continue;
    }
    /* particles: Thomas de la Morlais, Ludwig van Beethoven, d'Estaing
     * (asked of the token after most names: name_bits_at()) */
    size_t j = k;
    while (j < k + 2 && (name_bits_at(d, j) & DX_NAME_PARTICLE))
      j++;
    if (j > k && n > 0 && is_cap(d, j)) {
      k = j;
      continue;
    }
    break;
  }
  if (n == 0)
    return 0;
  k = lower_case_tail(d, k);
  /* ministre de la Défense Antoni Macierewicz, président de la République
   * Emmanuel Macron: after "de la" the first capital names the ministry or
   * the country, and the name of the person holding it follows */
  if (!titled && n >= 3 && i > 0 && dx_tok_in(d, i - 1, DX_SET_NP_GLUE) >= 0 &&
      !(d->lang == DX_LANG_EN && dx_tok_in(d, i - 1, DX_SET_DETERMINERS) >= 0))
    return 1; /* but the National Rifle Association is one name: in
                 English, "the" starts one (and a first name, above, still
                 starts the next: the Federal Reserve chairman Jerome Powell) */
  /* A lone capitalised word at the start of a sentence is usually just
   * sentence case, unless it is a known first name or clearly a name. */
  dx_cue cue;
  if (!titled && k - i == 1 && sentence_initial(d, i) &&
      !(dx_tok_name_bits(d, i) & DX_NAME_FIRST_NAME) && !(d->tok[i].flags & DX_TF_ALLCAPS) &&
      !dx_cue_verb_at(d, k, &cue) /* "Febelfin a rappelé": a name after all */ &&
      !described_after(d, k))
    return 0;
  return k - i;
}

size_t dx_name_at(const dx_doc *d, size_t i) { return name_at(d, i); }

/* ------------------------------------------------------------------ */

/* The name's words, without a leading title: [*first, last). */
static size_t skip_title(const dx_doc *d, size_t first, size_t last) {
  if (last - first >= 2 && (dx_tok_name_bits(d, first) & DX_NAME_TITLE)) {
    size_t j = first + 1;
    if (j < last && d->tok[j].kind == DX_TK_PUNCT)
      j++;
    if (j < last && dx_tok_in(d, j, DX_SET_ORG_NOUNS) < 0) /* not: Justice Department */
      return j;
  }
  return first;
}

/* Do two names agree word for word on their common tail (Youri Ouchakov /
 * Ouchakov / M. Ouchakov)? */
static int names_agree(const dx_doc *d, size_t a0, size_t a1, size_t b0, size_t b1) {
  size_t common = 0;
  while (a1 > a0 && b1 > b0) {
    a1--, b1--;
    if (d->tok[a1].kind == DX_TK_PUNCT || d->tok[b1].kind == DX_TK_PUNCT)
      return 1;
    size_t la = dx_tok_len(d, a1), lb = dx_tok_len(d, b1);
    if (la != lb || memcmp(dx_tok_text(d, a1), dx_tok_text(d, b1), la) != 0)
      return 0;
    common++;
  }
  /* the longer name goes on before a particle: "Nations Unies" is not the
   * "Haut Commissariat des Nations Unies", nor "America" the "Bank of
   * America"; but "Caigny" is "Laurent de Caigny" (a one-word surname
   * after a plain "de") */
  size_t rest = a1 > a0 ? a1 : b1 > b0 ? b1 : SIZE_MAX;
  if (rest != SIZE_MAX && (dx_tok_name_bits(d, rest - 1) & DX_NAME_PARTICLE) &&
      (common >= 2 || dx_tok_is(d, rest - 1, "des") || dx_tok_is(d, rest - 1, "du") ||
       dx_tok_is(d, rest - 1, "of")))
    return 0;
  return 1;
}

enum { MAX_KEY = 96 }; /* a longer word is no surname: it stays out of the index */

/* The key a name is indexed by: the folded form of its word at tok, seen
 * in place in d->folded, without an English possessive (Clinton's →
 * clinton).  Its length, 0 when it has none. */
static size_t key_of(const dx_doc *d, size_t tok, const char **key) {
  size_t n;
  const char *f = dx_tok_folded(d, tok, &n);
  if (n > MAX_KEY)
    return 0;
  if (n > 2 && f[n - 2] == '\'' && f[n - 1] == 's')
    n -= 2;
  *key = f;
  return n;
}

/* The bytes [i, i + 8) of the key [key, key + n), i < n, those past its
 * end zero.  A key lies in d->folded, which tokens.c keeps 8 bytes longer
 * than its last word, so that a chunk is read whole, not a byte at a
 * time (as dx_word_hash must). */
static uint64_t key_chunk(const char *key, size_t n, size_t i) {
  uint64_t c = dx_load_le64(key + i);
  return n - i < 8 ? c & (((uint64_t)1 << 8 * (n - i)) - 1) : c;
}

/* The hash a key is indexed by: a multiply a
 * chunk of 8 bytes, where a byte-at-a-time hash chains a multiply a
 * byte. */
static uint32_t key_hash(const char *key, size_t n) {
  uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15ull;
  for (size_t i = 0; i < n; i += 8) {
    h = (h ^ key_chunk(key, n, i)) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
  }
  return (uint32_t)h;
}

/* Is the key of token tok (an entity's last word) the key [key, key + n)? */
static int same_key(const dx_doc *d, size_t tok, const char *key, size_t n) {
  const char *other;
  if (key_of(d, tok, &other) != n)
    return 0;
  for (size_t i = 0; i < n; i += 8)
    if (key_chunk(key, n, i) != key_chunk(other, n, i))
      return 0;
  return 1;
}

/* The entities by the hash of their key, in open addressing.  The table
 * starts in the index itself, which lives on the stack: most texts name
 * fewer entities than it holds, and need no allocation. */
typedef struct name_slot {
  uint32_t hash;
  int32_t entity; /* -1: empty */
} name_slot;

enum { INDEX_START = 256 }; /* slots, a power of two: 2 KB, room for 128 entities */

typedef struct name_index {
  name_slot *slot;
  size_t cap;  /* power of two, at least twice the entities */
  size_t used;
  name_slot start[INDEX_START];
} name_index;

enum { MAX_PROBES = 64 }; /* many namesakes that disagree: stop looking */

static void index_init(name_index *ix) {
  ix->slot = ix->start;
  ix->cap = INDEX_START;
  ix->used = 0;
  memset(ix->start, 0xff, sizeof ix->start);
}

static void index_free(dx_doc *d, name_index *ix) {
  if (ix->slot != ix->start)
    dx_mem_free(d->alloc, ix->slot);
}

static void slot_put(name_slot *slot, size_t cap, name_slot x) {
  size_t s = x.hash & (cap - 1);
  while (slot[s].entity >= 0)
    s = (s + 1) & (cap - 1);
  slot[s] = x;
}

static int index_insert(dx_doc *d, name_index *ix, uint32_t h, int32_t e) {
  if ((ix->used + 1) * 2 > ix->cap) {
    size_t cap = ix->cap * 2;
    name_slot *big = dx_mem_alloc(d->alloc, cap * sizeof *big);
    if (!big) {
      d->failed = 1;
      return -1;
    }
    memset(big, 0xff, cap * sizeof *big);
    for (size_t s = 0; s < ix->cap; s++)
      if (ix->slot[s].entity >= 0)
        slot_put(big, cap, ix->slot[s]);
    index_free(d, ix);
    ix->slot = big;
    ix->cap = cap;
  }
  slot_put(ix->slot, ix->cap, (name_slot){h, e});
  ix->used++;
  return 0;
}

enum { MAX_PLACE_WORDS = 4, INSTITUTION = 64, NATION_MASK = 63 };

/* The value in data/<lang>/places.tsv of the words [first, last), joined
 * by one space (none after an elided word: quai d'orsay), or -1. */
static int place_value(const dx_doc *d, size_t first, size_t last) {
  int head = dx_tok_in(d, first, DX_SET_PLACES); /* 0: it starts longer names */
  if (last - first == 1 || head < 0)
    return last - first == 1 ? head : -1;
  if (last - first > MAX_PLACE_WORDS)
    return -1;
  char buf[128];
  size_t n = 0;
  for (size_t k = first; k < last; k++) {
    size_t m;
    const char *f = dx_tok_folded(d, k, &m);
    if (!m || n + m + 1 > sizeof buf)
      return -1;
    if (n && buf[n - 1] != '\'')
      buf[n++] = ' ';
    memcpy(buf + n, f, m);
    n += m;
  }
  return n ? dx_wordset_lookup(d->lang, DX_SET_PLACES, buf, n) : -1;
}

int dx_nation_in(const dx_doc *d, size_t first, size_t last) {
  for (size_t k = first; k < last && k < d->ntok; k++) {
    int v = dx_tok_in(d, k, DX_SET_NATIONALITIES);
    if (v > 0)
      return v;
    if (dx_tok_in(d, k, DX_SET_PLACES) < 0)
      continue; /* most words: no place starts here */
    for (size_t w = 1; w <= 3 && k + w <= last; w++) {
      v = place_value(d, k, k + w);
      if (v > 0)
        return v & NATION_MASK;
    }
  }
  return 0;
}

/* Finds or makes the entity of the name [first, last), adds the mention. */
static int32_t add_name(dx_doc *d, name_index *ix, size_t first, size_t last) {
  size_t nf = skip_title(d, first, last);
  const char *key;
  size_t kn = key_of(d, last - 1, &key);
  if (!kn)
    return -1;
  uint32_t h = key_hash(key, kn);
  int32_t found = -1;
  const dx_ent *best = NULL; /* d->ent[found] */
  size_t probes = 0;
  for (size_t s = h & (ix->cap - 1); probes < MAX_PROBES; s = (s + 1) & (ix->cap - 1), probes++) {
    int32_t e = ix->slot[s].entity;
    if (e < 0)
      break;
    if (ix->slot[s].hash != h)
      continue;
    dx_ent *ent = &d->ent[e];
    /* a bare surname goes to the namesake named most often, and of
     * those to the one named first most recently, whatever the order
     * the table keeps them in */
    if (same_key(d, ent->name_last - 1, key, kn) &&
        names_agree(d, nf, last, ent->name_first, ent->name_last) &&
        (!best || ent->n_mentions > best->n_mentions ||
         (ent->n_mentions == best->n_mentions && e > found))) {
      found = e;
      best = ent;
    }
  }
  dx_mention *m = DX_PUSH(d, d->men, d->nmen, d->cap_men);
  if (!m)
    return -1;
  m->first = first;
  m->last = last;
  if (found < 0) {
    dx_ent *ent = DX_PUSH(d, d->ent, d->nent, d->cap_ent);
    if (!ent)
      return -1;
    memset(ent, 0, sizeof *ent);
    found = (int32_t)(d->nent - 1);
    ent->name_first = nf;
    ent->name_last = last;
    ent->kind = DX_ENTITY_UNKNOWN;
    if (probes < MAX_PROBES && index_insert(d, ix, h, found) < 0)
      return -1;
  }
  dx_ent *ent = &d->ent[found];
  if (last - nf > ent->name_last - ent->name_first) {
    ent->name_first = nf;
    ent->name_last = last;
  }
  int g = first != nf ? dx_tok_in(d, first, DX_SET_TITLES) : -1;
  if (g <= 0 && (last - nf >= 2 || !(d->tok[nf].flags & DX_TF_ALLCAPS)))
    g = dx_tok_name_bits(d, nf) & DX_NAME_FIRST_NAME ? dx_tok_in(d, nf, DX_SET_FIRST_NAMES)
                                                       : -1; /* Mohammed, Marie Dupont */
  if (g > 0) {
    ent->gender = (uint8_t)(g & 3);
    ent->kind = DX_ENTITY_PERSON;
  }
  /* La Russie, Washington, le Kremlin: a place, or an institution, that
   * stands for a nation */
  int place = ent->kind == DX_ENTITY_PERSON ? -1 : place_value(d, nf, last);
  if (place > 0) {
    ent->kind = (place & INSTITUTION) ? DX_ENTITY_ORGANISATION : DX_ENTITY_PLACE;
    ent->nation = (uint8_t)(place & NATION_MASK);
  } else if (ent->kind == DX_ENTITY_UNKNOWN &&
             (dx_tok_in(d, nf, DX_SET_ORG_NOUNS) >= 0 ||
              (last - nf == 1 && (d->tok[nf].flags & DX_TF_ALLCAPS) && dx_tok_len(d, nf) >= 2))) {
    /* le Parti socialiste, la Banque de France, the Justice Department,
     * EDF, the CIA: a body */
    ent->kind = DX_ENTITY_ORGANISATION;
  }
  ent->n_mentions++;
  m->entity = found;
  return found;
}

enum { MAX_ROLE_REACH = 6, MAX_ROLE_LOOKBACK = 64, MAX_COMPLEMENT_REACH = 4, MAX_BARE_ROLE = 2 };

static int is_role(const dx_doc *d, size_t i) {
  return (dx_tok_name_bits(d, i) & DX_NAME_ROLE) != 0;
}

/* The role whose noun is at tok and whose words end at end. */
static void add_role(dx_doc *d, size_t tok, size_t end, int32_t entity) {
  /* Russian President X: the nationality before the noun (English) */
  size_t from = tok > 0 && (dx_tok_name_bits(d, tok - 1) & DX_NAME_NATION) ? tok - 1 : tok + 1;
  /* des militants CGT: a plural role is the name's members, not the name */
  if (dx_tok_in(d, tok, DX_SET_ROLE_NOUNS) & DX_NUMBER_PLURAL)
    return;
  dx_ent *x = &d->ent[entity];
  /* a role noun names a person, unless the name is an acronym (AFP) */
  if (x->kind == DX_ENTITY_UNKNOWN && !(x->name_last - x->name_first == 1 &&
                                        (d->tok[x->name_first].flags & DX_TF_ALLCAPS)))
    x->kind = DX_ENTITY_PERSON;
  dx_role *r = DX_PUSH(d, d->role, d->nrole, d->cap_role);
  if (r)
    *r = (dx_role){tok, end, entity, (uint8_t)dx_nation_in(d, from, end)};
}

/* Where a role after a name ends: Bruno Le Roux, ministre de l'Intérieur |,
 * Youri Ouchakov, l'assistant en chef de la Russie |. */
static size_t role_end(const dx_doc *d, size_t tok) {
  size_t e = tok + 1;
  while (e < d->ntok && e - tok <= MAX_ROLE_REACH &&
         d->tok[e].kind == DX_TK_WORD)
    e++;
  return e;
}

enum { ROLE_WINDOW = MAX_ROLE_REACH + 1 }; /* the words before a name find_roles() reads */

/* May there be a role noun among the words before k, back to floor (at
 * most ROLE_WINDOW before)?  Asked of name_bits alone, a byte a record:
 * most names have no role noun before them, and the search in
 * find_roles(), which stops at a preposition and reads the records (a
 * few hundred KB) for it, can then be skipped, with no other effect lost;
 * a yes only lets it run.  The window is read whole, with no branch a
 * token (the kind masked, as in name_bits_at()), and the stops (a comma,
 * a quotation) left to the search: a loop that stopped at the first
 * comma or period mispredicted its exit about once a name. */
static int role_noun_before(const dx_doc *d, size_t k, size_t floor) {
  if (k <= floor)
    return 0;
  if (k < ROLE_WINDOW || !d->name_bits)
    return 1; /* the first words of the text: the search decides */
  unsigned role = 0; /* bit b: token k - 1 - b */
  for (size_t b = 0; b < ROLE_WINDOW; b++) {
    /* name_bits_at(), without its tests, which k >= ROLE_WINDOW and the
     * one of name_bits above answer once for the window */
    const dx_tok *t = &d->tok[k - 1 - b];
    unsigned bits = d->name_bits[t->u.word.info & -(uint32_t)(t->kind == DX_TK_WORD)];
    role |= ((bits & DX_NAME_ROLE) != 0) << b;
  }
  return (role & ((1u << (k - floor)) - 1)) != 0; /* not past floor */
}

/* Roles around the name [first, last): a role noun shortly before it with
 * nothing but its complement between (le président russe Vladimir Poutine,
 * le ministre de l'Agriculture, Paul Girardin), or right after its comma
 * (Bruno Le Roux, ministre de l'Intérieur / Jean Vannier, paléontologue). */
static void find_roles(dx_doc *d, size_t first, size_t last, int32_t entity) {
  if (is_role(d, first)) /* Mayor Diane Whitfield, Président Macron */
    add_role(d, first, first + 1, entity);
  size_t floor = first > ROLE_WINDOW ? first - ROLE_WINDOW : 0;
  /* not past the person named before this one: the role is theirs */
  if (d->nmen >= 2) {
    /* one branch for the three tests, each of which a guess */
    const dx_mention *prev = &d->men[d->nmen - 2];
    if ((prev->last > floor) & (prev->last <= first) &
        (d->ent[prev->entity].kind == DX_ENTITY_PERSON))
      floor = prev->last;
  }
  size_t k = first;
  if (k > 0 && dx_is_punct(d, k - 1, ','))
    k--;
  /* le ministre de l'Intérieur: a name right after "de" is what the role
   * is of, not who holds it */
  if (!role_noun_before(d, k, floor) ||
      (k == first && k > 0 && dx_tok_in(d, k - 1, DX_SET_NP_GLUE) >= 0))
    k = floor;
  for (size_t j = k; j-- > floor;) {
    if (d->tok[j].kind != DX_TK_WORD || (d->tok[j].flags & DX_TF_QUOTED) ||
        (dx_tok_in(d, j, DX_SET_PREPOSITIONS) >= 0 && dx_tok_in(d, j, DX_SET_NP_GLUE) < 0))
      break; /* une source judiciaire à | l'Agence France-Presse */
    if (is_role(d, j) && (j == 0 || dx_tok_in(d, j - 1, DX_SET_DETERMINERS) >= 0 ||
                          (d->tok[j].flags & DX_TF_CAP))) {
      add_role(d, j, k, entity);
      break;
    }
  }
  size_t a = last;
  /* a role after the comma, or after the determiner after it: the bits
   * of both words say whether a record need be read (asked of every
   * name, whatever follows it: is_comma(), name_bits_at()) */
  if (is_comma(d, a) & !!((name_bits_at(d, a + 1) | name_bits_at(d, a + 2)) & DX_NAME_ROLE)) {
    a++;
    if (dx_tok_in(d, a, DX_SET_DETERMINERS) >= 0)
      a++;
    if (is_role(d, a))
      add_role(d, a, role_end(d, a), entity);
  }
}

/* The capitalised word that names what a role noun is the role of:
 * ministre de l'Intérieur → Intérieur, directeur sortant de la CIA → CIA,
 * procureur de Charleville-Mézières; 0 when there is none before limit. */
static size_t role_complement(const dx_doc *d, size_t tok, size_t limit) {
  for (size_t j = tok + 1; j < limit && j <= tok + MAX_COMPLEMENT_REACH; j++) {
    if (d->tok[j].kind != DX_TK_WORD)
      return 0;
    if (d->tok[j].flags & DX_TF_CAP)
      return dx_tok_in(d, j - 1, DX_SET_NP_GLUE) >= 0 ? j : 0;
    if (dx_tok_in(d, j, DX_SET_STOPWORDS) >= 0 && dx_tok_in(d, j, DX_SET_NP_GLUE) < 0)
      return 0;
  }
  return 0;
}

static int same_word(const dx_doc *d, size_t a, size_t b) {
  size_t n, m;
  const char *x = dx_tok_folded(d, a, &n), *y = dx_tok_folded(d, b, &m);
  return n && n == m && memcmp(x, y, n) == 0;
}

enum { ROLE_COUNTERPART = 4 };

/* Do the role nouns at a and b name the same role: the same word, or two
 * words of one class (président, dirigeant, chef)? */
static int same_role(const dx_doc *d, size_t a, size_t b) {
  if (same_word(d, a, b))
    return 1;
  int ca = dx_tok_in(d, a, DX_SET_ROLE_CLASSES);
  return ca > 0 && ca == dx_tok_in(d, b, DX_SET_ROLE_CLASSES);
}

int32_t dx_role_holder(const dx_doc *d, size_t tok, size_t limit) {
  if (!is_role(d, tok))
    return -1;
  size_t floor = d->nrole > MAX_ROLE_LOOKBACK ? d->nrole - MAX_ROLE_LOOKBACK : 0;
  /* le dirigeant russe, le chef du Kremlin, son homologue américain: whoever
   * holds a role of that class for that nation (a counterpart: any role) */
  int nation = dx_nation_in(
      d, tok > 0 && dx_tok_in(d, tok - 1, DX_SET_NATIONALITIES) > 0 ? tok - 1 : tok + 1, limit);
  if (nation) {
    int counterpart = dx_tok_in(d, tok, DX_SET_ROLE_CLASSES) == ROLE_COUNTERPART;
    for (size_t r = d->nrole; r-- > floor;) {
      const dx_role *x = &d->role[r];
      if (x->tok < tok && x->nation == nation && (counterpart || same_role(d, x->tok, tok)))
        return x->entity;
    }
  }
  size_t comp = role_complement(d, tok, limit);
  if (!comp) {
    /* a bare role (le ministre, the mayor): whoever last held it; a role
     * with a longer complement (le directeur de recherche) may be anyone's */
    if (limit - tok > MAX_BARE_ROLE || nation)
      return -1;
    for (size_t r = d->nrole; r-- > floor;)
      if (d->role[r].tok < tok && same_word(d, d->role[r].tok, tok))
        return d->role[r].entity;
    return -1;
  }
  /* le ministre de l'Intérieur: whoever the text gives that very role,
   * before or, failing that, after (… a confirmé le procureur de
   * Charleville-Mézières. … Laurent de Caigny, procureur de
   * Charleville-Mézières) */
  int32_t after = -1;
  for (size_t r = d->nrole; r-- > 0;) {
    size_t rt = d->role[r].tok;
    if (rt == tok || !same_role(d, rt, tok))
      continue;
    size_t rc = role_complement(d, rt, d->ntok);
    if (!rc || !same_word(d, rc, comp))
      continue;
    if (rt < tok)
      return d->role[r].entity;
    after = d->role[r].entity;
  }
  return after;
}

/* Is the word at i the surname of an entity already named (a sentence
 * that opens with "Trump," after "Donald Trump")? */
static int known_surname(const dx_doc *d, const name_index *ix, size_t i) {
  const char *key;
  size_t kn;
  if (!(d->tok[i].flags & DX_TF_CAP) ||
      (dx_tok_name_bits(d, i) & (DX_NAME_NOT_NAME | DX_NAME_STOPWORD)) ||
      !(kn = key_of(d, i, &key)))
    return 0;
  uint32_t h = key_hash(key, kn);
  size_t probes = 0;
  for (size_t s = h & (ix->cap - 1); probes < MAX_PROBES; s = (s + 1) & (ix->cap - 1), probes++) {
    int32_t e = ix->slot[s].entity;
    if (e < 0)
      return 0;
    const dx_ent *ent = &d->ent[e];
    if (ix->slot[s].hash == h && ent->name_last - ent->name_first >= 2 &&
        same_key(d, ent->name_last - 1, key, kn))
      return 1;
  }
  return 0;
}

enum { CAP_BLOCK = 64 }; /* tokens a mask of capitals covers */
_Static_assert(DX_TF_CAP == 1, "capitals_from() shifts the flag in as bit 0");

/* Bit b set when token t[b] is capitalised, for b < 8: written out, so
 * that no build leaves it a loop with a shift by a variable. */
static unsigned capitals_of_eight(const dx_tok *t) {
  return (unsigned)(t[0].flags & DX_TF_CAP) | (unsigned)(t[1].flags & DX_TF_CAP) << 1 |
         (unsigned)(t[2].flags & DX_TF_CAP) << 2 | (unsigned)(t[3].flags & DX_TF_CAP) << 3 |
         (unsigned)(t[4].flags & DX_TF_CAP) << 4 | (unsigned)(t[5].flags & DX_TF_CAP) << 5 |
         (unsigned)(t[6].flags & DX_TF_CAP) << 6 | (unsigned)(t[7].flags & DX_TF_CAP) << 7;
}

/* The capitalised tokens among the CAP_BLOCK from base (fewer at the
 * end), bit j for token base + j: every name, title or article starts
 * with a capital, and most tokens have none.  The bits are gathered with
 * no branch on the flag, which a loop that stopped at each capital would
 * mispredict once a capital, and then walked one set bit at a time. */
static uint64_t capitals_from(const dx_doc *d, size_t base) {
  size_t n = d->ntok - base < CAP_BLOCK ? d->ntok - base : CAP_BLOCK;
  const dx_tok *t = d->tok + base;
  uint64_t mask = 0;
  size_t j = 0;
  for (; j + 8 <= n; j += 8)
    mask |= (uint64_t)capitals_of_eight(t + j) << j;
  for (; j < n; j++)
    mask |= (uint64_t)(t[j].flags & DX_TF_CAP) << j;
  return mask;
}

/* The bits of mask (bit j: token base + j) of the tokens at or after
 * next: the words of a name just found start no other. */
static uint64_t from_token(uint64_t mask, size_t base, size_t next) {
  if (next <= base)
    return mask;
  return next - base >= CAP_BLOCK ? 0 : mask & (~(uint64_t)0 << (next - base));
}

/* Room for the mentions and entities of a typical news text (a few dozen
 * of each), taken at once rather than grown from 16 by doubling. */
enum { EXPECTED_NAMES = 64 };

void dx_find_entities(dx_doc *d) {
  if (dx_doc_reserve(d, (void **)&d->men, &d->cap_men, EXPECTED_NAMES, sizeof *d->men) < 0 ||
      dx_doc_reserve(d, (void **)&d->ent, &d->cap_ent, EXPECTED_NAMES, sizeof *d->ent) < 0)
    return;
  name_index ix;
  index_init(&ix);
  size_t next = 0; /* the token after the last name */
  for (size_t base = 0; base < d->ntok && !d->failed; base += CAP_BLOCK) {
    uint64_t caps = from_token(capitals_from(d, base), base, next);
    while (caps && !d->failed) {
      size_t i = base + (size_t)__builtin_ctzll(caps);
      caps &= caps - 1;
      size_t n = name_at(d, i);
      if (n == 0 && known_surname(d, &ix, i))
        n = 1;
      if (n == 0)
        continue;
      int32_t e = add_name(d, &ix, i, i + n);
      if (e >= 0)
        find_roles(d, i, i + n, e);
      next = i + n;
      caps = from_token(caps, base, next);
    }
  }
  index_free(d, &ix);
}
