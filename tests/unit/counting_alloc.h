/*
 * counting_alloc.h — a dx_allocator for the unit tests that fails once a
 * budget of calls is spent and counts the blocks still allocated, to show
 * that every allocation failure is reported and leaks nothing.
 */
#ifndef DIXIT_TEST_COUNTING_ALLOC_H
#define DIXIT_TEST_COUNTING_ALLOC_H

#include <stdlib.h>

typedef struct counting {
  long budget; /* calls left before every call fails */
  long live;   /* blocks allocated and not freed */
} counting;

static void *c_malloc(void *ctx, size_t n) {
  counting *c = ctx;
  if (c->budget-- <= 0)
    return NULL;
  c->live++;
  return malloc(n);
}

static void *c_realloc(void *ctx, void *p, size_t n) {
  counting *c = ctx;
  if (c->budget-- <= 0)
    return NULL;
  if (!p)
    c->live++;
  return realloc(p, n);
}

static void c_free(void *ctx, void *p) {
  counting *c = ctx;
  if (p)
    c->live--;
  free(p);
}

#endif
