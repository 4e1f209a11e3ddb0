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

size_t dx_tok_fold(const dx_doc *d, size_t i, char *buf, size_t cap) {
  return dx_fold_word(d->text + d->tok[i].start, d->tok[i].end - d->tok[i].start, buf, cap);
}

int dx_tok_is(const dx_doc *d, size_t i, const char *w) {
  if (i >= d->ntok || d->tok[i].kind != DX_TK_WORD)
    return 0;
  size_t n = strlen(w), len = d->tok[i].end - d->tok[i].start;
  if (len < n || len > n + 2) /* ’ is three bytes where ' is one */
    return 0;
  char buf[64];
  size_t m = dx_tok_fold(d, i, buf, sizeof buf);
  return m == n && memcmp(buf, w, n) == 0;
}

int dx_tok_among(const dx_doc *d, size_t i, const char *const *list) {
  if (i >= d->ntok || d->tok[i].kind != DX_TK_WORD)
    return 0;
  char buf[64];
  size_t n = dx_tok_fold(d, i, buf, sizeof buf);
  for (; n && *list; list++)
    if (strlen(*list) == n && memcmp(*list, buf, n) == 0)
      return 1;
  return 0;
}

int dx_tok_in(const dx_doc *d, size_t i, dx_wordset set) {
  if (i >= d->ntok || d->tok[i].kind != DX_TK_WORD)
    return -1;
  char buf[96];
  size_t n = dx_tok_fold(d, i, buf, sizeof buf);
  return n ? dx_wordset_lookup(d->lang, set, buf, n) : -1;
}

size_t dx_after_passage(const dx_doc *d, const dx_pair *p) {
  if (!p->repaired)
    return p->close_tok + 1;
  size_t k = p->open_tok + 1;
  while (k < d->ntok && d->tok[k].start < p->end)
    k++;
  return k;
}
