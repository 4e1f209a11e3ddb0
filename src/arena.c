/* arena.c — the region allocator behind dx_result (see arena.h). */
#include "arena.h"

#include <stdlib.h>
#include <string.h>

struct dx_arena_block {
  dx_arena_block *next;
  max_align_t data[]; /* keeps every block's payload maximally aligned */
};

enum { DX_ARENA_BLOCK = 16 * 1024 };

void *dx_mem_alloc(const dx_allocator *alloc, size_t size) {
  return alloc ? alloc->malloc(alloc->ctx, size) : malloc(size);
}

void *dx_mem_realloc(const dx_allocator *alloc, void *p, size_t size) {
  return alloc ? alloc->realloc(alloc->ctx, p, size) : realloc(p, size);
}

void dx_mem_free(const dx_allocator *alloc, void *p) {
  if (!p)
    return;
  if (alloc)
    alloc->free(alloc->ctx, p);
  else
    free(p);
}

void dx_arena_init(dx_arena *a, const dx_allocator *alloc) {
  a->alloc = alloc;
  a->head = NULL;
  a->cur = a->end = NULL;
}

void *dx_arena_alloc(dx_arena *a, size_t size) {
  const size_t align = sizeof(max_align_t);
  size = (size + align - 1) & ~(align - 1);
  if (size == 0)
    size = align;
  if ((size_t)(a->end - a->cur) < size) {
    size_t payload = size > DX_ARENA_BLOCK ? size : DX_ARENA_BLOCK;
    if (payload > SIZE_MAX - sizeof(dx_arena_block))
      return NULL;
    dx_arena_block *b = dx_mem_alloc(a->alloc, sizeof *b + payload);
    if (!b)
      return NULL;
    b->next = a->head;
    a->head = b;
    a->cur = (char *)b->data;
    a->end = a->cur + payload;
  }
  void *p = a->cur;
  a->cur += size;
  return p;
}

char *dx_arena_strndup(dx_arena *a, const char *s, size_t len) {
  if (len == SIZE_MAX)
    return NULL;
  char *p = dx_arena_alloc(a, len + 1);
  if (!p)
    return NULL;
  memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

void dx_arena_free(dx_arena *a) {
  dx_arena_block *b = a->head;
  while (b) {
    dx_arena_block *next = b->next;
    dx_mem_free(a->alloc, b);
    b = next;
  }
  dx_arena_init(a, a->alloc);
}
