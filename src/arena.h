/*
 * arena.h — one region that owns everything a result hands out.
 *
 * A result's quotes, entities, spans and strings are allocated here and
 * freed together; nothing in it is freed alone.  Blocks come from the
 * extractor's allocator, so an allocation failure is reported, not fatal.
 */
#ifndef DX_ARENA_H
#define DX_ARENA_H

#include <stddef.h>
#include "dixit.h"

typedef struct dx_arena_block dx_arena_block;

typedef struct dx_arena {
  const dx_allocator *alloc;
  dx_arena_block *head;
  char *cur, *end;
} dx_arena;

void dx_arena_init(dx_arena *a, const dx_allocator *alloc);
/* size bytes aligned for any object, or NULL on allocation failure. */
void *dx_arena_alloc(dx_arena *a, size_t size);
/* A NUL-terminated copy of s[0, len), or NULL. */
char *dx_arena_strndup(dx_arena *a, const char *s, size_t len);
void dx_arena_free(dx_arena *a);

/* The allocator's functions, with the default (malloc) when it is NULL. */
void *dx_mem_alloc(const dx_allocator *alloc, size_t size);
void *dx_mem_realloc(const dx_allocator *alloc, void *p, size_t size);
void dx_mem_free(const dx_allocator *alloc, void *p);

#endif
