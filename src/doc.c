/* doc.c — the working state's vectors and token helpers (see doc.h). */
#include <string.h>

#include "doc.h"

int dx_doc_reserve(dx_doc *doc, void **vec, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap)
    return 0;
  if (doc->failed)
    return -1;
  size_t n = *cap ? *cap : 16;
  while (n < need) {
    if (n > SIZE_MAX / 2 / elem) {
      doc->failed = 1;
      return -1;
    }
    n *= 2;
  }
  void *p = dx_mem_realloc(doc->alloc, *vec, n * elem);
  if (!p) {
    doc->failed = 1;
    return -1;
  }
  *vec = p;
  *cap = n;
  return 0;
}

size_t dx_after_passage(const dx_doc *d, const dx_pair *p) {
  if (!p->repaired)
    return p->close_tok + 1;
  /* the first token after the opener at or past the content's end: a
   * binary search, since a repaired passage may run over a whole paragraph
   * and be asked for many times (100,000 unmatched marks) */
  size_t k = dx_tok_at(d, p->end);
  return k > p->open_tok ? k : p->open_tok + 1;
}

size_t dx_tok_at_within(const dx_doc *d, size_t first, size_t last, size_t b) {
  if (last <= first)
    return first;
  /* the answer lies in [base, base + n]; n halves with a select, not a
   * branch, which a search mispredicts one time in two */
  const dx_tok *base = d->tok + first;
  size_t n = last - first;
  while (n > 1) {
    size_t half = n / 2;
    base = base[half].start < b ? base + half : base;
    n -= half;
  }
  return (size_t)(base - d->tok) + (base->start < b);
}

size_t dx_tok_at(const dx_doc *d, size_t b) { return dx_tok_at_within(d, 0, d->ntok, b); }

size_t dx_paren_close(const dx_doc *d, size_t open, size_t limit, size_t max) {
  if (open >= limit || !dx_is_punct(d, open, '('))
    return SIZE_MAX;
  for (size_t c = open + 1; c < limit && c - open <= max; c++)
    if (dx_is_punct(d, c, ')'))
      return c;
  return SIZE_MAX;
}

size_t dx_paren_open(const dx_doc *d, size_t close, size_t floor, size_t max) {
  if (close <= floor || close >= d->ntok || !dx_is_punct(d, close, ')'))
    return SIZE_MAX;
  for (size_t o = close; o-- > floor && close - o <= max;)
    if (dx_is_punct(d, o, '('))
      return o;
  return SIZE_MAX;
}

size_t dx_para_floor(const dx_doc *d, size_t pos, size_t floor) {
  size_t lo = 0, hi = d->nbrk; /* the breaks before pos: brk[0, lo) */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (d->brk[mid] < pos)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo >= 2 && d->brk[lo - 2] >= floor ? (size_t)d->brk[lo - 2] + 1 : floor;
}
