/*
 * eval.h — dixit eval: the reference scorer (../shared/tools/score.py)
 * redone in C, so that scoring needs no Python and runs as fast as the
 * extractor.  Its output is meant to be byte for byte score.py's: the same
 * matching, the same Python quirks (str(id) as the document key, int() on
 * offsets, str.lower() and the determiner regex in name normalisation), the
 * same rounding and printing.
 *
 *   eval.c        arguments, predictions (a file, or the extractor), output
 *   eval_load.c   reading a JSON Lines file as score.py's load() does
 *   eval_score.c  score.py's score(): matching and counting
 *   eval_text.c   trimming spans and normalising names, as Python would
 */
#ifndef DIXIT_CLI_EVAL_H
#define DIXIT_CLI_EVAL_H

#include <jansson.h>
#include <stddef.h>

/* dixit eval [--json] [--verbose] [--lang fr|en] [--lenient-utf8] GOLD [PRED] */
int cli_eval_main(int argc, char **argv);

/* Reads a JSON Lines file into a JSON object keyed by str(record["id"]),
 * later records replacing earlier ones, as score.py's load() does.
 * Returns NULL (after saying why on stderr) on a bad file. */
json_t *ev_load(const char *path);

typedef struct ev_counts {
  long long tp, fp, fn, exact, spk_ok, e2e_tp, scare_fp, n_gold, cov30, cov80, spk_ok_direct,
      invalid, gold_direct, hit_direct, gold_indirect, hit_indirect, missing_docs, n_pred_cov30,
      n_pred_cov80;
} ev_counts;

/* score.py's score(); returns 0, or -1 (said on stderr) when the gold is
 * not usable.  verbose: FP, FN and SPEAKER lines on stderr. */
int ev_score(json_t *gold, json_t *pred, int verbose, ev_counts *c);

/* --- eval_text.c ---------------------------------------------------- */

typedef struct ev_span {
  long long s, e;
} ev_span;

/* trim(): shrinks b[s, e) past blanks, quote marks and end punctuation. */
ev_span ev_trim(const char *b, size_t blen, long long s, long long e);

/* norm_name() of a UTF-8 string: a malloc'd NUL-terminated string, or NULL
 * when out of memory. */
char *ev_norm_name(const char *s, size_t len);

/* bytes.decode("utf-8", "replace"): a malloc'd copy with each maximal
 * invalid subpart as U+FFFD; *out_len its length. */
char *ev_decode_replace(const char *b, size_t len, size_t *out_len);

/* The byte length of the first n code points of valid UTF-8 s (s[:n]). */
size_t ev_prefix_chars(const char *s, size_t len, size_t n);

/* The number of code points of valid UTF-8 s (len(s)). */
size_t ev_count_chars(const char *s, size_t len);

/* int(v) for a JSON value: 0 with *out set, or -1 where Python raises
 * (None, lists, dicts, "1.5", NaN).  Values beyond long long saturate,
 * which keeps every comparison score.py makes with them. */
int ev_py_int(const json_t *v, long long *out);

/* bool(v), Python's truth value of a JSON value (NULL: a missing key). */
int ev_truthy(const json_t *v);

#endif
