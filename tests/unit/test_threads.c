/*
 * test_threads.c — one extractor, many threads: every thread must get, for
 * every document, the very bytes a single thread gets.
 *
 * include/dixit.h promises that dx_extract() may run on one extractor from
 * any number of threads at once.  This test is what holds it to that: it is
 * built and run under ThreadSanitizer by scripts/test.sh (build-tsan/),
 * where any data race in the library fails it, and in the ordinary builds,
 * where it checks the results.  The texts are the two sample articles and
 * a few sentences written for this test.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dixit.h"

enum { THREADS = 8, ROUNDS = 20, MAX_DOCS = 16 };

static const char *const sentences[] = {
    "« Nous ne lâcherons rien », a lancé jeudi la syndicaliste Marie Lenoir devant l'usine.",
    "Le maire, Paul Girard, a affirmé que la piscine rouvrirait en juin, selon son adjoint.",
    "\"The bridge will be ready by spring,\" the mayor, Ann Cole, told the council on Monday.",
    "According to a spokesman, the company denied that it had misled its investors.",
    "Elle a déclaré à la presse : « Je ne me représenterai pas. » Puis elle est partie.",
    "",
};

typedef struct doc {
  char *text;
  size_t len;
  char *want; /* the single-thread JSON line */
  size_t want_len;
} doc;

static doc docs[MAX_DOCS];
static size_t n_docs;
static const dx_extractor *shared[2];

typedef struct buf {
  char *data;
  size_t len, cap;
} buf;

static int buf_write(void *ctx, const char *bytes, size_t len) {
  buf *b = ctx;
  if (b->len + len > b->cap) {
    size_t cap = (b->len + len) * 2;
    char *p = realloc(b->data, cap);
    if (!p)
      return -1;
    b->data = p;
    b->cap = cap;
  }
  memcpy(b->data + b->len, bytes, len);
  b->len += len;
  return 0;
}

/* The JSON line of one document through ex (malloc'd, in *out). */
static int render(const dx_extractor *ex, const doc *d, buf *out) {
  dx_result *res = NULL;
  dx_error err;
  out->len = 0;
  if (dx_extract(ex, d->text, d->len, &res, &err) != DX_OK)
    return dx_write_json_error(NULL, 0, 0, &err, buf_write, out) == DX_OK ? 0 : -1;
  dx_status st = dx_write_json(res, d->text, d->len, NULL, 0, 0, buf_write, out);
  dx_result_free(res);
  return st == DX_OK ? 0 : -1;
}

static void add_doc(const char *text, size_t len) {
  if (n_docs == MAX_DOCS)
    return;
  doc *d = &docs[n_docs++];
  d->text = malloc(len + 1);
  memcpy(d->text, text, len);
  d->text[len] = '\0';
  d->len = len;
}

static void add_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return; /* the samples are part of the tree; without them, fewer texts */
  char *text = malloc(1 << 20);
  size_t n = fread(text, 1, 1 << 20, f);
  fclose(f);
  add_doc(text, n);
  free(text);
}

typedef struct worker {
  int id;
  int mismatches;
} worker;

static void *run_worker(void *arg) {
  worker *w = arg;
  buf b = {0};
  for (int r = 0; r < ROUNDS; r++)
    for (size_t k = 0; k < n_docs; k++) {
      /* Threads walk the documents from different places, so that
       * different documents are in flight at the same time. */
      const doc *d = &docs[(k + (size_t)w->id * 3) % n_docs];
      const dx_extractor *ex = shared[(k + (size_t)r) % 2];
      if (render(ex, d, &b) != 0 || b.len != d->want_len || memcmp(b.data, d->want, b.len) != 0)
        w->mismatches++;
    }
  free(b.data);
  return NULL;
}

static void test_many_threads_one_extractor(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof sentences / sizeof *sentences; i++)
    add_doc(sentences[i], strlen(sentences[i]));
  add_file(DX_SOURCE_DIR "/samples/article-fr.txt");
  add_file(DX_SOURCE_DIR "/samples/article-en.txt");
  add_doc("caf\xc3\xa9 \xff", 7); /* an error record, also the same everywhere */
  assert_int_equal(n_docs, sizeof sentences / sizeof *sentences + 3);

  dx_extractor *auto_ex = dx_extractor_new(NULL, NULL);
  dx_options lenient = {0};
  lenient.flags = DX_OPT_LENIENT_UTF8;
  dx_extractor *lenient_ex = dx_extractor_new(&lenient, NULL);
  assert_non_null(auto_ex);
  assert_non_null(lenient_ex);

  /* The reference: one thread, and the same for both extractors except
   * the bad bytes, which each extractor treats its own way. */
  shared[0] = auto_ex;
  shared[1] = auto_ex;
  for (size_t k = 0; k < n_docs; k++) {
    buf b = {0};
    assert_int_equal(render(auto_ex, &docs[k], &b), 0);
    docs[k].want = b.data;
    docs[k].want_len = b.len;
  }
  n_docs--; /* the invalid document differs under the lenient extractor */
  shared[1] = lenient_ex;

  pthread_t t[THREADS];
  worker w[THREADS];
  for (int i = 0; i < THREADS; i++) {
    w[i].id = i;
    w[i].mismatches = 0;
    assert_int_equal(pthread_create(&t[i], NULL, run_worker, &w[i]), 0);
  }
  int mismatches = 0;
  for (int i = 0; i < THREADS; i++) {
    pthread_join(t[i], NULL);
    mismatches += w[i].mismatches;
  }
  assert_int_equal(mismatches, 0);

  n_docs++;
  for (size_t k = 0; k < n_docs; k++) {
    free(docs[k].text);
    free(docs[k].want);
  }
  dx_extractor_free(auto_ex);
  dx_extractor_free(lenient_ex);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_many_threads_one_extractor),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
