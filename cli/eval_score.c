/*
 * eval_score.c — score.py's score(), step for step.
 *
 * Loops, comparisons and tie-breaks follow the Python line by line (a later
 * candidate with an equal score wins, required gold quotes are matched
 * first, coverage and Jaccard are the same double divisions), since any
 * difference shows up in the fourth decimal sooner or later.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "pyfmt.h"

typedef struct gold_q {
  json_t *q;
  ev_span span;
  int optional, direct;
} gold_q;

typedef struct pred_q {
  json_t *q;
  ev_span span;
} pred_q;

/* One document's quotes and spans, in the shapes score() builds. */
typedef struct doc_ctx {
  const char *id;
  size_t id_len;
  json_t *gold;
  const char *b; /* the text's bytes */
  size_t blen;
  gold_q *gq;
  size_t ngq;
  pred_q *pq;
  size_t npq;
  int verbose;
} doc_ctx;

static double coverage(ev_span g, ev_span p) {
  long long lo = g.s > p.s ? g.s : p.s, hi = g.e < p.e ? g.e : p.e;
  long long inter = hi - lo > 0 ? hi - lo : 0;
  return g.e > g.s ? (double)inter / (double)(g.e - g.s) : 0.0;
}

static double jaccard(ev_span a, ev_span b) {
  long long lo = a.s > b.s ? a.s : b.s, hi = a.e < b.e ? a.e : b.e;
  long long inter = hi - lo > 0 ? hi - lo : 0;
  long long uni = (a.e > b.e ? a.e : b.e) - (a.s < b.s ? a.s : b.s);
  return uni ? (double)inter / (double)uni : 0.0;
}

/* ------------------------------------------------------------------ */
/* Coverage matching (cov_match)                                       */

static long long cov_run(const doc_ctx *d, int optional, double thr, unsigned char *taken) {
  long long hits = 0;
  for (size_t g = 0; g < d->ngq; g++) {
    if (d->gq[g].optional != optional)
      continue;
    size_t best = SIZE_MAX;
    double bc = thr;
    for (size_t i = 0; i < d->npq; i++) {
      if (taken[i])
        continue;
      double cv = coverage(d->gq[g].span, d->pq[i].span);
      if (cv >= bc)
        best = i, bc = cv;
    }
    if (best != SIZE_MAX) {
      taken[best] = 1;
      hits++;
    }
  }
  return hits;
}

/* Required hits, and predictions left over after optional gold took theirs. */
static long long cov_match(const doc_ctx *d, double thr, long long *n_pred) {
  unsigned char *taken = calloc(d->npq + 1, 1);
  if (!taken)
    return -1;
  long long hits = cov_run(d, 0, thr, taken);
  cov_run(d, 1, thr, taken);
  long long n_taken = 0;
  for (size_t i = 0; i < d->npq; i++)
    n_taken += taken[i];
  free(taken);
  *n_pred = (long long)d->npq - n_taken + hits;
  return hits;
}

/* ------------------------------------------------------------------ */
/* Speakers                                                            */

/* speaker_name(): the speaker's "name" (or "text") when it is an object. */
static json_t *speaker_name(json_t *q) {
  json_t *sp = json_object_get(q, "speaker");
  if (json_is_object(sp)) {
    json_t *name = json_object_get(sp, "name");
    return ev_truthy(name) ? name : json_object_get(sp, "text");
  }
  return sp;
}

/* norm_name() of any value: "" for a falsy one, as score.py; the strings a
 * Python str would give otherwise (score.py would stop on a non-string). */
static char *norm_value(const json_t *v) {
  if (!ev_truthy(v) || !json_is_string(v))
    return strdup("");
  return ev_norm_name(json_string_value(v), json_string_length(v));
}

static int norm_equals(const json_t *v, const char *want) {
  char *n = norm_value(v);
  int eq = n && strcmp(n, want) == 0;
  free(n);
  return eq;
}

/* pred's speaker name, normalised, is one the gold accepts: the names of
 * the entity named like the gold speaker (the last one, as a dict keeps),
 * or the gold speaker's own name when no entity has it. */
static int name_accepted(json_t *gold, json_t *gspeaker, const char *want) {
  json_t *ents = json_object_get(gold, "entities"), *ent = NULL, *e;
  size_t i;
  if (!gspeaker)
    gspeaker = json_null();
  json_array_foreach(ents, i, e) {
    json_t *name = json_object_get(e, "name");
    if (json_equal(name ? name : json_null(), gspeaker))
      ent = e;
  }
  if (!ent)
    return norm_equals(gspeaker, want);
  if (norm_equals(json_object_get(ent, "name"), want))
    return 1;
  json_t *alias;
  json_array_foreach(json_object_get(ent, "aliases"), i, alias) {
    if (norm_equals(alias, want))
      return 1;
  }
  return 0;
}

/* mention_hits(): the predicted mention overlaps the gold speaker_span. */
static int mention_hits(json_t *pred, json_t *gold) {
  json_t *sp = json_object_get(pred, "speaker");
  json_t *span = json_object_get(gold, "speaker_span");
  if (!json_is_object(sp) || !ev_truthy(span) || json_array_size(span) < 2)
    return 0;
  json_t *m = json_object_get(sp, "mention");
  if (!json_is_object(m))
    m = sp;
  long long s, e;
  if (ev_py_int(json_object_get(m, "start"), &s) || ev_py_int(json_object_get(m, "end"), &e))
    return 0;
  double g0 = json_number_value(json_array_get(span, 0));
  double g1 = json_number_value(json_array_get(span, 1));
  double lo = (double)s > g0 ? (double)s : g0, hi = (double)e < g1 ? (double)e : g1;
  return hi > lo;
}

static int speaker_ok(const doc_ctx *d, const gold_q *g, const pred_q *p) {
  /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): p is &pq[i], pq not NULL */
  char *want = norm_value(speaker_name(p->q));
  int ok = want && name_accepted(d->gold, json_object_get(g->q, "speaker"), want);
  free(want);
  return ok || mention_hits(p->q, g->q);
}

/* ------------------------------------------------------------------ */
/* Verbose lines (stderr)                                              */

static void print_repr_prefix(const char *s, size_t len, size_t chars) {
  cli_membuf m = {0};
  if (py_str_repr(&m, s, ev_prefix_chars(s, len, chars)) == 0)
    fwrite(m.data, 1, m.len, stderr);
  cli_membuf_free(&m);
}

static void print_value(const json_t *v, int repr) {
  cli_membuf m = {0};
  if ((repr ? py_repr(&m, v) : py_str(&m, v)) == 0)
    fwrite(m.data, 1, m.len, stderr);
  cli_membuf_free(&m);
}

static void print_text_field(const json_t *q, size_t chars) {
  json_t *t = json_object_get(q, "text");
  if (json_is_string(t))
    print_repr_prefix(json_string_value(t), json_string_length(t), chars);
  else
    print_value(t, 1);
}

static void verbose_fp(const doc_ctx *d, const char *txt, size_t len) {
  fprintf(stderr, "  FP %.*s: ", (int)d->id_len, d->id);
  print_repr_prefix(txt, len, 90);
  fputc('\n', stderr);
}

static void verbose_fn(const doc_ctx *d, const gold_q *g) {
  fprintf(stderr, "  FN %.*s [", (int)d->id_len, d->id);
  print_value(json_object_get(g->q, "type"), 0);
  fputs("] ", stderr);
  print_text_field(g->q, 90);
  fputc('\n', stderr);
}

static void verbose_speaker(const doc_ctx *d, const gold_q *g, const pred_q *p) {
  fprintf(stderr, "  SPEAKER %.*s: got ", (int)d->id_len, d->id);
  print_value(speaker_name(p->q), 1);
  fputs(", want ", stderr);
  print_value(json_object_get(g->q, "speaker"), 1);
  fputs(" for ", stderr);
  print_text_field(g->q, 60);
  fputc('\n', stderr);
}

/* ------------------------------------------------------------------ */
/* One document                                                        */

/* The gold quotes with their trimmed spans; -1 on a malformed gold. */
static int load_gold(doc_ctx *d) {
  json_t *quotes = json_object_get(d->gold, "quotes"), *q;
  size_t i;
  if (!json_is_array(quotes)) {
    fprintf(stderr, "dixit eval: gold %.*s: no \"quotes\" list\n", (int)d->id_len, d->id);
    return -1;
  }
  d->gq = calloc(json_array_size(quotes) + 1, sizeof *d->gq);
  if (!d->gq)
    return -1;
  json_array_foreach(quotes, i, q) {
    long long s, e;
    if (ev_py_int(json_object_get(q, "start"), &s) || ev_py_int(json_object_get(q, "end"), &e)) {
      fprintf(stderr, "dixit eval: gold %.*s: quote %zu has no start/end\n", (int)d->id_len, d->id,
              i);
      return -1;
    }
    json_t *type = json_object_get(q, "type");
    gold_q *g = &d->gq[d->ngq++];
    g->q = q;
    g->span = ev_trim(d->b, d->blen, s, e);
    g->optional = ev_truthy(json_object_get(q, "optional"));
    g->direct = json_is_string(type) && strcmp(json_string_value(type), "direct") == 0;
  }
  return 0;
}

/* How many items Python's `for q in value` sees in a "quotes" value that is
 * not a list: a string's characters, an object's keys; none for null. */
static size_t non_list_items(const json_t *v) {
  if (json_is_string(v))
    return ev_count_chars(json_string_value(v), json_string_length(v));
  return json_is_object(v) ? json_object_size(v) : 0;
}

/* The usable predicted quotes; the others count as invalid and as FPs. */
static int load_pred(doc_ctx *d, json_t *p, ev_counts *c) {
  json_t *quotes = p ? json_object_get(p, "quotes") : NULL, *q;
  size_t i;
  if (!json_is_array(quotes)) {
    size_t n = non_list_items(quotes); /* none is a dict: all invalid */
    c->invalid += (long long)n;
    c->fp += (long long)n;
    return 0;
  }
  d->pq = calloc(json_array_size(quotes) + 1, sizeof *d->pq);
  if (!d->pq)
    return -1;
  json_array_foreach(quotes, i, q) {
    long long s = -1, e = -1;
    if (!json_is_object(q) || ev_py_int(json_object_get(q, "start"), &s) ||
        ev_py_int(json_object_get(q, "end"), &e))
      s = e = -1;
    if (0 <= s && s <= e && (unsigned long long)e <= d->blen) {
      d->pq[d->npq].q = q;
      d->pq[d->npq++].span = ev_trim(d->b, d->blen, s, e);
    } else { /* unusable offsets: a false positive, and counted apart */
      c->invalid++;
      c->fp++;
    }
  }
  return 0;
}

static void count_coverage(const doc_ctx *d, ev_counts *c, long long invalid_before) {
  long long n_pred = 0;
  c->cov30 += cov_match(d, 0.3, &n_pred);
  c->n_pred_cov30 += n_pred + c->invalid - invalid_before;
  c->cov80 += cov_match(d, 0.8, &n_pred);
  c->n_pred_cov80 += n_pred + c->invalid - invalid_before;
}

/* Jaccard matching, required gold first, one to one: matched[g] is the
 * prediction index or SIZE_MAX; taken[p] marks matched predictions. */
static void match(const doc_ctx *d, size_t *matched, unsigned char *taken) {
  for (int pass = 0; pass < 2; pass++) { /* sorted(..., key=optional) is stable */
    for (size_t g = 0; g < d->ngq; g++) {
      if (d->gq[g].optional != pass)
        continue;
      size_t best = SIZE_MAX;
      double bj = 0.5;
      for (size_t p = 0; p < d->npq; p++) {
        if (taken[p])
          continue;
        double j = jaccard(d->gq[g].span, d->pq[p].span);
        if (j >= bj)
          best = p, bj = j;
      }
      matched[g] = best;
      if (best != SIZE_MAX)
        taken[best] = 1;
    }
  }
}

/* Unmatched predictions: false positives, some of them scare quotes. */
static int count_fps(const doc_ctx *d, const unsigned char *taken, ev_counts *c) {
  json_t *nq = json_object_get(d->gold, "not_quotes"), *x;
  size_t n_scare = json_array_size(nq), i;
  char **scare = calloc(n_scare + 1, sizeof *scare);
  int rc = scare ? 0 : -1;
  json_array_foreach(nq, i, x) {
    if (rc == 0 && !(scare[i] = norm_value(x)))
      rc = -1;
  }
  for (size_t p = 0; rc == 0 && p < d->npq; p++) {
    if (taken[p])
      continue;
    c->fp++;
    ev_span sp = d->pq[p].span;
    size_t tlen;
    char *txt = ev_decode_replace(d->b + sp.s, (size_t)(sp.e - sp.s), &tlen);
    char *norm = txt ? ev_norm_name(txt, tlen) : NULL;
    if (!norm)
      rc = -1;
    for (size_t k = 0; norm && k < n_scare; k++) {
      if (strcmp(norm, scare[k]) == 0) {
        c->scare_fp++;
        break;
      }
    }
    if (txt && d->verbose)
      verbose_fp(d, txt, tlen);
    free(norm);
    free(txt);
  }
  for (i = 0; scare && i < n_scare; i++)
    free(scare[i]);
  free(scare);
  return rc;
}

static void count_gold(const doc_ctx *d, const size_t *matched, ev_counts *c) {
  for (size_t g = 0; g < d->ngq; g++) {
    const gold_q *gq = &d->gq[g];
    if (!gq->optional)
      *(gq->direct ? &c->gold_direct : &c->gold_indirect) += 1;
    if (matched[g] == SIZE_MAX) {
      if (!gq->optional) {
        c->fn++;
        if (d->verbose)
          verbose_fn(d, gq);
      }
      continue;
    }
    if (gq->optional)
      continue; /* credited: not a false positive, not required */
    const pred_q *pq = &d->pq[matched[g]];
    int ok = speaker_ok(d, gq, pq);
    c->tp++;
    *(gq->direct ? &c->hit_direct : &c->hit_indirect) += 1;
    c->exact += pq->span.s == gq->span.s && pq->span.e == gq->span.e;
    c->spk_ok += ok;
    c->spk_ok_direct += ok && gq->direct;
    c->e2e_tp += ok;
    if (d->verbose && !ok)
      verbose_speaker(d, gq, pq);
  }
}

static int score_doc(doc_ctx *d, json_t *p, ev_counts *c) {
  json_t *text = json_object_get(d->gold, "text");
  if (!json_is_string(text)) {
    fprintf(stderr, "dixit eval: gold %.*s: no \"text\" string\n", (int)d->id_len, d->id);
    return -1;
  }
  d->b = json_string_value(text);
  d->blen = json_string_length(text);
  if (!p)
    c->missing_docs++;
  long long invalid_before = c->invalid;
  if (load_gold(d) != 0 || load_pred(d, p, c) != 0)
    return -1;
  for (size_t g = 0; g < d->ngq; g++)
    c->n_gold += !d->gq[g].optional;
  count_coverage(d, c, invalid_before);
  size_t *matched = calloc(d->ngq + 1, sizeof *matched);
  unsigned char *taken = calloc(d->npq + 1, 1);
  int rc = -1;
  if (matched && taken) {
    match(d, matched, taken);
    rc = count_fps(d, taken, c);
    if (rc == 0)
      count_gold(d, matched, c);
  }
  free(matched);
  free(taken);
  return rc;
}

int ev_score(json_t *gold, json_t *pred, int verbose, ev_counts *c) {
  const char *key;
  size_t klen;
  json_t *g;
  memset(c, 0, sizeof *c);
  json_object_keylen_foreach(gold, key, klen, g) {
    doc_ctx d = {0};
    d.id = key;
    d.id_len = klen;
    d.gold = g;
    d.verbose = verbose;
    int rc = score_doc(&d, json_object_getn(pred, key, klen), c);
    free(d.gq);
    free(d.pq);
    if (rc != 0)
      return -1;
  }
  return 0;
}
