/*
 * scratch.c — a thread's working vectors, kept from one document to the
 * next.
 *
 * A document's vectors (tokens, folded words, sentences, ...) take a few
 * hundred kilobytes, and a batch run makes them anew for every document.
 * Freed and allocated again, blocks that size go back to the system and
 * come back as fresh pages (glibc trims the heap, or maps them on their
 * own), and the page faults cost the extraction a tenth of its time on
 * two threads.  So the vectors of a thread's last document stay with the
 * thread, and its next document grows them where it needs more.
 *
 * Only vectors from malloc are kept: a caller's allocator sees every
 * block back at the end of the call, as the API says.  Vectors of more
 * than KEEP_MAX bytes in all (a document of several hundred kilobytes)
 * are freed, so that a thread holds no more than that after an outsize
 * document.  A thread's vectors are freed when it ends (a tss destructor;
 * without <threads.h>, nothing is kept).  Nothing is shared: each thread
 * reads and writes only its own.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"

#if !defined(__STDC_NO_THREADS__)
#include <threads.h>
#define DX_KEEP_VECTORS 1
#endif

enum { KEEP_MAX = 4 << 20 };

/* The vectors of dx_doc, each as where its pointer and capacity lie and
 * the size of its elements. */
static const struct vector {
  size_t vec, cap, elem;
} vectors[] = {
#define VECTOR(name) {offsetof(dx_doc, name), offsetof(dx_doc, cap_##name), sizeof *((dx_doc *)0)->name}
    VECTOR(tok),  VECTOR(pair),   VECTOR(sent), VECTOR(men),  VECTOR(ent),
    VECTOR(cand), VECTOR(folded), VECTOR(brk),  VECTOR(role), VECTOR(cue_at),
#undef VECTOR
};
enum { NVECTORS = sizeof vectors / sizeof *vectors };

static void **vec_of(dx_doc *d, const struct vector *v) { return (void **)((char *)d + v->vec); }
static size_t *cap_of(dx_doc *d, const struct vector *v) { return (size_t *)((char *)d + v->cap); }

#if DX_KEEP_VECTORS
typedef struct kept {
  void *vec[NVECTORS];
  size_t cap[NVECTORS];
  int held; /* vec holds a document's vectors */
} kept;

static _Thread_local kept mine;
static tss_t key;
static int key_made;
static once_flag key_once = ONCE_FLAG_INIT;

/* At a thread's end (the key's value is its `mine`, set once it keeps
 * anything). */
static void release(void *p) {
  kept *k = p;
  for (size_t i = 0; i < NVECTORS; i++)
    dx_mem_free(NULL, k->vec[i]);
  memset(k, 0, sizeof *k);
}

static void make_key(void) { key_made = tss_create(&key, release) == thrd_success; }
#endif

void dx_doc_init(dx_doc *d, const dx_allocator *alloc) {
  memset(d, 0, sizeof *d);
  d->alloc = alloc;
#if DX_KEEP_VECTORS
  if (alloc || !mine.held)
    return;
  for (size_t i = 0; i < NVECTORS; i++) {
    *vec_of(d, &vectors[i]) = mine.vec[i];
    *cap_of(d, &vectors[i]) = mine.cap[i];
  }
  mine.held = 0;
#endif
}

void dx_doc_free(dx_doc *d) {
#if DX_KEEP_VECTORS
  size_t bytes = 0;
  for (size_t i = 0; i < NVECTORS; i++)
    bytes += *cap_of(d, &vectors[i]) * vectors[i].elem;
  if (!d->alloc && !mine.held && bytes <= KEEP_MAX) {
    call_once(&key_once, make_key);
    /* without a key the thread could not free them at its end */
    if (key_made && (tss_get(key) == &mine || tss_set(key, &mine) == thrd_success)) {
      for (size_t i = 0; i < NVECTORS; i++) {
        mine.vec[i] = *vec_of(d, &vectors[i]);
        mine.cap[i] = *cap_of(d, &vectors[i]);
      }
      mine.held = 1;
      return;
    }
  }
#endif
  for (size_t i = 0; i < NVECTORS; i++)
    dx_mem_free(d->alloc, *vec_of(d, &vectors[i]));
}
