/*
 * scratch.c — a thread's working vectors, kept from one document to the
 * next.
 *
 * A document's vectors (tokens, folded words, sentences, ...) take a few
 * hundred kilobytes, and a batch run would make them anew for every
 * document: malloc's bookkeeping for each, the copies of the ones that
 * grow by doubling, and, where the allocator gives the top of its heap
 * back (glibc does beyond a threshold, which the dixit command raises but
 * a Python host does not), fresh pages to fault in.  So the vectors of a
 * thread's last document stay with the thread, and its next document grows
 * them where it needs more.
 *
 * Only vectors from malloc are kept: a caller's allocator sees every
 * block back at the end of the call, as the API says.  Vectors of more
 * than KEEP_MAX bytes in all (a document of several hundred kilobytes)
 * are freed, so that a thread holds no more than that after an outsize
 * document.  A thread's vectors are freed when it ends (a POSIX thread
 * key's destructor; where there are no POSIX threads, nothing is kept).
 * Nothing is shared: each thread reads and writes only its own.
 *
 * POSIX threads rather than C11's <threads.h>: glibc's call_once() does
 * not go through pthread_once(), so ThreadSanitizer, which watches the
 * latter, would not see the key made before it is read.
 */
#if defined(__unix__) || defined(__APPLE__)
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#define DX_KEEP_VECTORS 1
#endif

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"

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
static pthread_key_t key;
static int key_made;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

/* At a thread's end (the key's value is its `mine`, set once it keeps
 * anything). */
static void release(void *p) {
  kept *k = p;
  for (size_t i = 0; i < NVECTORS; i++)
    dx_mem_free(NULL, k->vec[i]);
  memset(k, 0, sizeof *k);
}

static void make_key(void) { key_made = pthread_key_create(&key, release) == 0; }
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
    /* without a key the thread could not free them at its end */
    if (pthread_once(&key_once, make_key) == 0 && key_made &&
        (pthread_getspecific(key) == &mine || pthread_setspecific(key, &mine) == 0)) {
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
