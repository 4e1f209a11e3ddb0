/*
 * eval.c — dixit eval GOLD [PRED]: score predictions as score.py does and
 * print its summary, in its format (see eval.h).  Without PRED, the
 * extractor runs on the gold texts first, detecting each document's
 * language as it would for a user (the gold's "lang" is not used) unless
 * --lang says otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dixit.h"
#include "eval.h"
#include "pyfmt.h"
#include "sink.h"

static const char eval_usage[] =
    "usage: dixit eval [--json] [--verbose] [--lang fr|en] [--lenient-utf8] "
    "GOLD.jsonl [PRED.jsonl]\n"
    "Scores PRED (or, without it, dixit's own output on the gold texts) against\n"
    "GOLD, printing what ../shared/tools/score.py prints.\n";

typedef struct eval_args {
  const char *gold, *pred;
  int json, verbose;
  dx_options opts;
} eval_args;

static int parse_eval_args(eval_args *a, int argc, char **argv) {
  int n_pos = 0;
  for (int i = 1; i < argc; i++) {
    const char *s = argv[i];
    if (strcmp(s, "--json") == 0) {
      a->json = 1;
    } else if (strcmp(s, "--verbose") == 0) {
      a->verbose = 1;
    } else if (strcmp(s, "--lenient-utf8") == 0) {
      a->opts.flags |= DX_OPT_LENIENT_UTF8;
    } else if (strncmp(s, "--lang", 6) == 0 && (s[6] == '=' || (!s[6] && i + 1 < argc))) {
      const char *v = s[6] == '=' ? s + 7 : argv[++i];
      a->opts.lang = dx_lang_from_code(v);
      if (a->opts.lang == DX_LANG_AUTO && strcmp(v, "auto") != 0) {
        fprintf(stderr, "dixit eval: unsupported language '%s' (fr, en or auto)\n", v);
        return -1;
      }
    } else if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
      fputs(eval_usage, stdout);
      return 1;
    } else if (s[0] == '-' && s[1] == '-') {
      fprintf(stderr, "dixit eval: unknown option '%s'\n%s", s, eval_usage);
      return -1;
    } else if (n_pos < 2) {
      *(n_pos++ ? &a->pred : &a->gold) = s;
    } else {
      n_pos++;
    }
  }
  if (n_pos < 1 || n_pos > 2) {
    fputs(eval_usage, stderr);
    return -1;
  }
  return 0;
}

/* ------------------------------------------------------------------ */
/* Predictions from the extractor                                      */

/* The extractor's record for one gold text, as `dixit` would write it; an
 * empty record (no quotes) when the document fails. */
static json_t *predict_one(const dx_extractor *ex, const char *id, json_t *g) {
  json_t *text = json_object_get(g, "text");
  if (!json_is_string(text))
    return json_object();
  const char *t = json_string_value(text);
  size_t len = json_string_length(text);
  dx_result *res = NULL;
  dx_error err = {0};
  if (dx_extract(ex, t, len, &res, &err) != DX_OK) {
    fprintf(stderr, "dixit eval: %s: %s\n", id, err.message);
    return json_object();
  }
  cli_membuf m = {0};
  json_t *rec = NULL;
  if (dx_write_json(res, t, len, NULL, 0, 0, cli_membuf_write, &m) == DX_OK)
    rec = json_loadb(m.data, m.len, JSON_ALLOW_NUL, NULL);
  cli_membuf_free(&m);
  dx_result_free(res);
  return rec;
}

static json_t *predict(json_t *gold, const dx_options *opts) {
  dx_error err = {0};
  dx_extractor *ex = dx_extractor_new(opts, &err);
  if (!ex) {
    fprintf(stderr, "dixit eval: %s\n", err.message);
    return NULL;
  }
  json_t *pred = json_object(), *g;
  const char *key;
  size_t klen;
  json_object_keylen_foreach(gold, key, klen, g) {
    json_t *rec = pred ? predict_one(ex, key, g) : NULL;
    if (!rec || json_object_setn_new(pred, key, klen, rec) != 0) {
      fprintf(stderr, "dixit eval: out of memory\n");
      json_decref(pred);
      pred = NULL;
      break;
    }
  }
  dx_extractor_free(ex);
  return pred;
}

/* ------------------------------------------------------------------ */
/* summary() and its printing                                          */

typedef enum { V_FLOAT, V_INT, V_NONE } value_kind;

typedef struct summary_item {
  const char *key;
  value_kind kind;
  double f; /* rounded when printed */
  long long i;
} summary_item;

static double f1(double p, double r) { return p + r != 0.0 ? 2 * p * r / (p + r) : 0.0; }

static double ratio(long long a, long long b) { return b ? (double)a / (double)b : 0.0; }

static summary_item fl(const char *key, double v) { return (summary_item){key, V_FLOAT, v, 0}; }

/* round(a / b, 4), or None when b is 0 (direct_recall, indirect_recall). */
static summary_item fl_or_none(const char *key, long long a, long long b) {
  return b ? fl(key, (double)a / (double)b) : (summary_item){key, V_NONE, 0, 0};
}

static double cov_f1(const ev_counts *c, long long hits, long long n_pred) {
  return f1(ratio(hits, n_pred), ratio(hits, c->n_gold));
}

enum { N_ITEMS = 12 };

static void summarise(const ev_counts *c, summary_item *it) {
  long long tp = c->tp, fp = c->fp, fn = c->fn;
  double P = ratio(tp, tp + fp), R = ratio(tp, tp + fn);
  double eP = ratio(c->e2e_tp, tp + fp), eR = ratio(c->e2e_tp, tp + fn);
  it[0] = fl("quote_precision", P);
  it[1] = fl("quote_recall", R);
  it[2] = fl("quote_f1", f1(P, R));
  it[3] = fl("exact_span_rate", ratio(c->exact, tp));
  it[4] = fl_or_none("direct_recall", c->hit_direct, c->gold_direct);
  it[5] = fl_or_none("indirect_recall", c->hit_indirect, c->gold_indirect);
  it[6] = fl("speaker_accuracy", ratio(c->spk_ok, tp));
  it[7] = fl("direct_speaker_accuracy", ratio(c->spk_ok_direct, c->hit_direct));
  it[8] = fl("end_to_end_f1", f1(eP, eR));
  it[9] = (summary_item){"scare_quote_false_positives", V_INT, 0, c->scare_fp};
  it[10] = fl("quote_f1_cov30", cov_f1(c, c->cov30, c->n_pred_cov30));
  it[11] = fl("quote_f1_cov80", cov_f1(c, c->cov80, c->n_pred_cov80));
}

static void format_value(const summary_item *it, int json, char *buf) {
  if (it->kind == V_FLOAT)
    py_round4_repr(it->f, buf);
  else if (it->kind == V_INT)
    sprintf(buf, "%lld", it->i);
  else
    strcpy(buf, json ? "null" : "None");
}

/* The counts dict: str() gives {'tp': 1, ...}, json.dumps {"tp": 1, ...}. */
static void print_counts(const ev_counts *c, int json) {
  const struct {
    const char *k;
    long long v;
  } kv[] = {{"tp", c->tp},
            {"fp", c->fp},
            {"fn", c->fn},
            {"gold_direct", c->gold_direct},
            {"gold_indirect", c->gold_indirect},
            {"missing_docs", c->missing_docs},
            {"invalid", c->invalid}};
  char q = json ? '"' : '\'';
  putchar('{');
  for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++)
    printf("%s%c%s%c: %lld", i ? ", " : "", q, kv[i].k, q, kv[i].v);
  putchar('}');
}

/* print(f"{k:28} {v}") for each item, or print(json.dumps(summary)). */
static void print_summary(const ev_counts *c, int json) {
  summary_item it[N_ITEMS];
  char buf[64];
  summarise(c, it);
  if (json)
    putchar('{');
  for (int i = 0; i < N_ITEMS; i++) {
    format_value(&it[i], json, buf);
    if (json)
      printf("%s\"%s\": %s", i ? ", " : "", it[i].key, buf);
    else
      printf("%-28s %s\n", it[i].key, buf);
  }
  if (json) {
    printf(", \"counts\": ");
    print_counts(c, 1);
    printf("}\n");
  } else {
    printf("%-28s ", "counts");
    print_counts(c, 0);
    putchar('\n');
  }
}

int cli_eval_main(int argc, char **argv) {
  eval_args a = {0};
  int rc = parse_eval_args(&a, argc, argv);
  if (rc)
    return rc > 0 ? 0 : 2;
  json_t *gold = ev_load(a.gold);
  json_t *pred = !gold ? NULL : a.pred ? ev_load(a.pred) : predict(gold, &a.opts);
  ev_counts c;
  rc = 1;
  if (gold && pred && ev_score(gold, pred, a.verbose, &c) == 0) {
    print_summary(&c, a.json);
    rc = fflush(stdout) == 0 ? 0 : 2;
  }
  json_decref(pred);
  json_decref(gold);
  return rc;
}
