/*
 * pipeline.c — runs the stages on one document and copies what they found
 * into the result's arena.
 */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "pipeline.h"
#include "text.h"


static dx_span span(size_t s, size_t e) { return (dx_span){s, e}; }

/* The bytes of an entity's name: its fullest mention, less a possessive. */
static dx_span name_span(const dx_doc *d, const dx_ent *e) {
  size_t s = d->tok[e->name_first].start, t = d->tok[e->name_last - 1].end;
  if (!e->is_np && t - s > 3 && d->text[t - 1] == 's') {
    if (d->text[t - 2] == '\'')
      t -= 2;
    else if (t - s > 4 && !memcmp(d->text + t - 4, "\xE2\x80\x99", 3))
      t -= 4;
  }
  return span(s, t);
}

/* A quotation whose speaker is a noun phrase (not a name) adds the place
 * it stands as one more mention of that entity, when it has a place. */
static int np_speaker_mention(const dx_doc *d, const dx_cand *q) {
  return q->keep && q->speaker >= 0 && !q->sp_earlier && d->ent[q->speaker].is_np &&
         q->sp_end > q->sp_start;
}

/* What the result will hold, found in one pass over the candidates.  map
 * and count have d->nent places (none without entities). */
typedef struct chosen {
  int32_t *map;    /* map[e]: the output index of entity e, or -1 */
  size_t *count;   /* count[e]: the mentions entity e will list */
  size_t entities; /* how many are kept */
  size_t quotes;   /* the candidates kept */
  size_t np_added; /* mentions added by noun-phrase speakers */
} chosen;

/* Which entities the result reports: those the quotations refer to, the
 * people, and the names the text repeats or spells in full.  A capitalised
 * word seen once (Vers, Internet) is no entity worth a line.  The same pass
 * over the candidates counts the quotations and the speakers' mentions, for
 * the fill. */
static void choose_entities(const dx_doc *d, chosen *ch) {
  int32_t *map = ch->map;
  if (!map || !ch->count) { /* no entity (d->nent is 0): no speaker either */
    for (size_t c = 0; c < d->ncand; c++)
      ch->quotes += d->cand[c].keep;
    return;
  }
  for (size_t e = 0; e < d->nent; e++) {
    const dx_ent *x = &d->ent[e];
    map[e] = x->kind == DX_ENTITY_PERSON ||
                     (!x->is_np && (x->n_mentions >= 2 || x->name_last - x->name_first >= 2))
                 ? 0
                 : -1;
    ch->count[e] = 0;
  }
  for (size_t m = 0; m < d->nmen; m++)
    ch->count[d->men[m].entity]++;
  for (size_t c = 0; c < d->ncand; c++) {
    const dx_cand *q = &d->cand[c];
    if (!q->keep)
      continue;
    ch->quotes++;
    if (q->speaker >= 0)
      map[q->speaker] = 0;
    if (q->addressee >= 0)
      map[q->addressee] = 0;
    if (q->via >= 0)
      map[q->via] = 0;
    if (np_speaker_mention(d, q)) {
      ch->count[q->speaker]++;
      ch->np_added++;
    }
  }
  size_t n = 0;
  for (size_t e = 0; e < d->nent; e++)
    if (map[e] == 0)
      map[e] = (int32_t)n++;
  ch->entities = n;
}

/* Is the role text s (n bytes) already among the entity's roles? */
static int has_role(const dx_entity *e, const char *s, size_t n) {
  for (size_t i = 0; i < e->n_roles; i++)
    if (strlen(e->roles[i]) == n && memcmp(e->roles[i], s, n) == 0)
      return 1;
  return 0;
}

enum { MAX_ROLES = 8 }; /* per entity: a biography is not the point */

/* Each entity's roles, from the appositions and titles the text gave it. */
static dx_status fill_roles(dx_doc *d, dx_result *res, const int32_t *map) {
  for (size_t r = 0; r < d->nrole; r++) {
    const dx_role *x = &d->role[r];
    if (x->entity < 0 || map[x->entity] < 0 || x->end <= x->tok || x->end > d->ntok)
      continue;
    dx_entity *e = &res->entities[map[x->entity]];
    size_t s = d->tok[x->tok].start, t = d->tok[x->end - 1].end;
    if (e->n_roles >= MAX_ROLES || has_role(e, d->text + s, t - s))
      continue;
    const char **roles = e->n_roles ? (const char **)e->roles : NULL;
    if (!roles) {
      roles = dx_arena_alloc(&res->arena, MAX_ROLES * sizeof *roles);
      if (!roles)
        return DX_ENOMEM;
      e->roles = roles;
    }
    if (!(roles[e->n_roles] = dx_arena_strndup(&res->arena, d->text + s, t - s)))
      return DX_ENOMEM;
    e->n_roles++;
  }
  return DX_OK;
}

static int span_order(const void *a, const void *b) {
  const dx_span *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->end < y->end ? -1 : x->end > y->end;
}

static int spans_sorted(const dx_span *s, size_t n) {
  for (size_t i = 1; i < n; i++)
    if (span_order(&s[i - 1], &s[i]) > 0)
      return 0;
  return 1;
}

/* The entities, with room for their mentions, and the mentions of their
 * names; fill_quotes() adds the noun-phrase speakers' mentions. */
static dx_status fill_entities(dx_doc *d, dx_result *res, const chosen *ch) {
  size_t n = ch->entities;
  const int32_t *map = ch->map;
  res->n_entities = n;
  if (!n)
    return DX_OK;
  res->entities = dx_arena_alloc(&res->arena, n * sizeof *res->entities);
  if (!res->entities)
    return DX_ENOMEM;
  for (size_t e = 0; e < d->nent; e++) {
    if (map[e] < 0)
      continue;
    size_t k = ch->count[e];
    dx_entity *out = &res->entities[map[e]];
    dx_span nm = name_span(d, &d->ent[e]);
    out->name = dx_arena_strndup(&res->arena, d->text + nm.start, nm.end - nm.start);
    out->kind = (dx_entity_kind)d->ent[e].kind;
    out->n_mentions = 0;
    out->mentions = k ? dx_arena_alloc(&res->arena, k * sizeof(dx_span)) : NULL;
    out->n_roles = 0;
    out->roles = NULL;
    if (!out->name || (k && !out->mentions))
      return DX_ENOMEM;
  }
  dx_status st = fill_roles(d, res, map);
  if (st != DX_OK)
    return st;
  for (size_t m = 0; m < d->nmen; m++) {
    if (map[d->men[m].entity] < 0)
      continue;
    dx_entity *out = &res->entities[map[d->men[m].entity]];
    ((dx_span *)out->mentions)[out->n_mentions++] =
        span(d->tok[d->men[m].first].start, d->tok[d->men[m].last - 1].end);
  }
  return DX_OK;
}

/* The speakers' mentions came after the names': back in text order,
 * which most entities still are. */
static void sort_mentions(dx_result *res) {
  for (size_t k = 0; k < res->n_entities; k++)
    if (!spans_sorted(res->entities[k].mentions, res->entities[k].n_mentions))
      qsort((dx_span *)res->entities[k].mentions, res->entities[k].n_mentions, sizeof(dx_span),
            span_order);
}

/* The quotations kept, in order, and the noun-phrase speakers' mentions
 * of their entities. */
static dx_status fill_quotes(dx_doc *d, dx_result *res, const chosen *ch) {
  size_t n = ch->quotes;
  const int32_t *map = ch->map;
  res->n_quotes = n;
  if (!n)
    return DX_OK;
  res->quotes = dx_arena_alloc(&res->arena, n * sizeof *res->quotes);
  if (!res->quotes)
    return DX_ENOMEM;
  /* out_of[c]: the output index of candidate c, for the parent links */
  size_t *out_of = dx_mem_alloc(d->alloc, d->ncand * sizeof *out_of);
  if (!out_of)
    return DX_ENOMEM;
  size_t k = 0;
  for (size_t c = 0; c < d->ncand; c++) {
    const dx_cand *q = &d->cand[c];
    out_of[c] = q->keep ? k : DX_NONE;
    if (!q->keep)
      continue;
    dx_quote *out = &res->quotes[k++];
    memset(out, 0, sizeof *out);
    out->type = (dx_quote_type)q->type;
    out->content = span(q->start, q->end);
    out->cue = span(q->cue_start, q->cue_end);
    out->cue_lemma = q->cue_lemma;
    /* map is NULL only when there is no entity, hence no speaker */
    out->speaker = q->speaker >= 0 && map ? (size_t)map[q->speaker] : DX_NONE;
    out->speaker_mention = q->speaker >= 0 || q->sp_end > q->sp_start ? span(q->sp_start, q->sp_end) : span(0, 0);
    out->addressee = q->addressee >= 0 && map ? (size_t)map[q->addressee] : DX_NONE;
    out->addressee_mention = q->addressee >= 0 ? span(q->ad_start, q->ad_end) : span(0, 0);
    out->via = q->via >= 0 && map ? (size_t)map[q->via] : DX_NONE;
    out->via_mention = q->via >= 0 ? span(q->via_start, q->via_end) : span(0, 0);
    out->parent = q->parent >= 0 ? out_of[q->parent] : DX_NONE;
    if (map && np_speaker_mention(d, q)) {
      dx_entity *e = &res->entities[map[q->speaker]];
      ((dx_span *)e->mentions)[e->n_mentions++] = span(q->sp_start, q->sp_end);
    }
  }
  dx_mem_free(d->alloc, out_of);
  return DX_OK;
}

static dx_status add_warning(dx_result *res, const dx_error *w) {
  dx_error *ws = dx_arena_alloc(&res->arena, (res->n_warnings + 1) * sizeof *ws);
  if (!ws)
    return DX_ENOMEM;
  if (res->n_warnings)
    memcpy(ws, res->warnings, res->n_warnings * sizeof *ws);
  ws[res->n_warnings++] = *w;
  res->warnings = ws;
  return DX_OK;
}

/* The bytes the tokenizer found bad (see dx_tokenize): DX_OK, a warning
 * in the result (DX_OPT_LENIENT_UTF8), or the error that refuses the text. */
static dx_status check_bytes(const dx_extractor *ex, dx_doc *d, dx_result *res,
                             dx_error *err) {
  if (d->failed) /* the tokenizer stopped early: check the text on its own */
    d->bad_status = dx_validate_utf8(d->text, d->len, &d->bad);
  if (d->bad_status == DX_OK) {
    res->valid_text = d->text; /* for the JSON writer's escaper */
    res->valid_len = d->len;
    return DX_OK;
  }
  const char *what = d->bad_status == DX_ENUL ? "NUL byte" : "invalid UTF-8 byte";
  unsigned byte = (unsigned)(unsigned char)d->text[d->bad];
  if (!(ex->opts.flags & DX_OPT_LENIENT_UTF8)) {
    dx_set_error(err, d->bad_status, d->bad, "%s 0x%02X at byte %zu", what, byte, d->bad);
    return d->bad_status;
  }
  dx_error w;
  dx_set_error(&w, d->bad_status, d->bad, "%s 0x%02X at byte %zu (tolerated)", what, byte,
               d->bad);
  return add_warning(res, &w);
}

dx_status dx_run_pipeline(const dx_extractor *ex, const char *text, size_t len,
                          dx_result *res, dx_error *err) {
  dx_doc d;
  dx_doc_init(&d, ex->opts.allocator);
  d.ex = ex;
  d.text = text;
  d.len = len;
  d.begin = dx_bom_size(text, len);
  d.lang = DX_LANG_FR; /* tokenising does not depend on it */

  dx_tokenize(&d);
  dx_status st = check_bytes(ex, &d, res, err);
  if (st == DX_EUTF8 || st == DX_ENUL) {
    dx_doc_free(&d);
    return st;
  }
  if (!d.failed) {
    d.lang = ex->opts.lang != DX_LANG_AUTO ? ex->opts.lang : dx_detect_lang(&d);
    res->lang = d.lang;
    if (d.lang == DX_LANG_FR || d.lang == DX_LANG_EN)
      dx_lookup_words(&d);
    if (d.lang == DX_LANG_OTHER) {
      dx_error w;
      dx_set_error(&w, DX_OK, SIZE_MAX,
                   "language not supported (neither French nor English): no quotations extracted");
      if (st == DX_OK)
        st = add_warning(res, &w);
    } else if (d.lang != DX_LANG_AUTO) {
      dx_find_marks(&d);
      if (!d.failed)
        dx_split_sentences(&d);
      if (!d.failed)
        dx_find_entities(&d);
      if (!d.failed)
        dx_find_quotes(&d);
      if (!d.failed)
        dx_find_via(&d);
    }
  }
  if (d.failed)
    st = DX_ENOMEM;
  chosen ch = {NULL, NULL, 0, 0, 0};
  if (st == DX_OK && d.nent) {
    ch.map = dx_mem_alloc(d.alloc, d.nent * sizeof *ch.map);
    ch.count = dx_mem_alloc(d.alloc, d.nent * sizeof *ch.count);
    if (!ch.map || !ch.count)
      st = DX_ENOMEM;
  }
  if (st == DX_OK)
    choose_entities(&d, &ch);
  /* the entities first: the quotations add mentions to them */
  if (st == DX_OK)
    st = fill_entities(&d, res, &ch);
  if (st == DX_OK)
    st = fill_quotes(&d, res, &ch);
  if (st == DX_OK && ch.np_added)
    sort_mentions(res);
  dx_mem_free(d.alloc, ch.map);
  dx_mem_free(d.alloc, ch.count);
  dx_doc_free(&d);
  if (st != DX_OK)
    dx_set_error(err, st, SIZE_MAX, "out of memory while extracting");
  return st;
}
