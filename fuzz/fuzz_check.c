/* fuzz_check.c — the invariants of fuzz_check.h. */
#include "fuzz_check.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fuzz_fail(const char *what, const char *file, int line) {
  fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
  abort();
}

int fuzz_buf_write(void *ctx, const char *bytes, size_t len) {
  fuzz_buf *b = ctx;
  if (b->cap - b->len <= len) {
    size_t cap = b->cap ? b->cap : 1024;
    while (cap - b->len <= len)
      cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
      return 1;
    b->data = p;
    b->cap = cap;
  }
  memcpy(b->data + b->len, bytes, len);
  b->len += len;
  b->data[b->len] = '\0';
  return 0;
}

void fuzz_buf_free(fuzz_buf *b) {
  free(b->data);
  memset(b, 0, sizeof *b);
}

int fuzz_utf8_ok(const char *text, size_t len) {
  const unsigned char *s = (const unsigned char *)text;
  size_t i = 0;
  while (i < len) {
    unsigned c = s[i];
    size_t n;
    unsigned cp, min;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 2, cp = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 3, cp = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 4, cp = c & 0x07, min = 0x10000;
    } else {
      return 0;
    }
    if (len - i < n)
      return 0;
    for (size_t k = 1; k < n; k++) {
      if ((s[i + k] & 0xC0) != 0x80)
        return 0;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return 0;
    i += n;
  }
  return 1;
}

static int absent(dx_span sp) { return sp.start == 0 && sp.end == 0; }

static void check_span(dx_span sp, size_t len) {
  FUZZ_CHECK(sp.start <= sp.end);
  FUZZ_CHECK(sp.end <= len);
}

static void check_entity_ref(const dx_result *res, size_t index, dx_span mention, size_t len) {
  FUZZ_CHECK(index == DX_NONE || index < dx_result_entity_count(res));
  check_span(mention, len);
}

void fuzz_check_result(const dx_result *res, size_t len) {
  size_t nq = dx_result_quote_count(res), ne = dx_result_entity_count(res);
  dx_lang lang = dx_result_lang(res);
  FUZZ_CHECK(lang >= DX_LANG_AUTO && lang <= DX_LANG_OTHER);
  for (size_t i = 0; i < nq; i++) {
    const dx_quote *q = dx_result_quote(res, i);
    FUZZ_CHECK(q != NULL);
    FUZZ_CHECK(q->type == DX_QUOTE_DIRECT || q->type == DX_QUOTE_INDIRECT ||
               q->type == DX_QUOTE_MIXED);
    check_span(q->content, len);
    check_span(q->cue, len);
    FUZZ_CHECK(q->cue_lemma == NULL || !absent(q->cue));
    check_entity_ref(res, q->speaker, q->speaker_mention, len);
    check_entity_ref(res, q->addressee, q->addressee_mention, len);
    check_entity_ref(res, q->via, q->via_mention, len);
    FUZZ_CHECK(q->parent == DX_NONE || (q->parent < nq && q->parent != i));
    if (i > 0) /* in text order */
      FUZZ_CHECK(dx_result_quote(res, i - 1)->content.start <= q->content.start);
  }
  FUZZ_CHECK(dx_result_quote(res, nq) == NULL);
  for (size_t i = 0; i < ne; i++) {
    const dx_entity *e = dx_result_entity(res, i);
    FUZZ_CHECK(e != NULL && e->name != NULL);
    FUZZ_CHECK(e->n_mentions == 0 || e->mentions != NULL);
    for (size_t k = 0; k < e->n_mentions; k++) {
      check_span(e->mentions[k], len);
      if (k > 0) /* in order */
        FUZZ_CHECK(e->mentions[k - 1].start <= e->mentions[k].start);
    }
  }
  FUZZ_CHECK(dx_result_entity(res, ne) == NULL);
  for (size_t i = 0; i < dx_result_warning_count(res); i++) {
    const dx_error *w = dx_result_warning(res, i);
    FUZZ_CHECK(w->offset == SIZE_MAX || w->offset <= len);
    FUZZ_CHECK(memchr(w->message, '\0', sizeof w->message) != NULL);
  }
}

void fuzz_check_outputs(const dx_result *res, const char *text, size_t len) {
  fuzz_buf out = {0};
  FUZZ_CHECK(dx_write_json(res, text, len, "doc", 3, 0, fuzz_buf_write, &out) == DX_OK);
  FUZZ_CHECK(out.len > 0 && out.data[out.len - 1] == '\n');
  FUZZ_CHECK(memchr(out.data, '\n', out.len) == out.data + out.len - 1); /* one line */
  FUZZ_CHECK(fuzz_utf8_ok(out.data, out.len));
  json_error_t jerr;
  json_t *doc =
      json_loadb(out.data, out.len, JSON_ALLOW_NUL, &jerr); /* lenient: a NUL is \\u0000 */
  if (!doc)
    fprintf(stderr, "not JSON (%s): %.300s\n", jerr.text, out.data);
  FUZZ_CHECK(doc != NULL);
  FUZZ_CHECK(json_is_object(doc));
  json_t *quotes = json_object_get(doc, "quotes");
  FUZZ_CHECK(json_is_array(quotes) && json_array_size(quotes) == dx_result_quote_count(res));
  json_decref(doc);

  out.len = 0;
  FUZZ_CHECK(dx_write_text(res, text, len, fuzz_buf_write, &out) == DX_OK);
  FUZZ_CHECK(fuzz_utf8_ok(out.data, out.len));
  FUZZ_CHECK(out.len == 0 || out.data[out.len - 1] == '\n');
  fuzz_buf_free(&out);

  /* offsets to code points and lines stay within the text */
  for (size_t i = 0; i < dx_result_quote_count(res); i++) {
    const dx_quote *q = dx_result_quote(res, i);
    FUZZ_CHECK(dx_codepoint_offset(text, len, q->content.end) <= q->content.end);
    size_t line, col;
    dx_line_col(text, len, q->content.start, &line, &col);
    FUZZ_CHECK(line >= 1 && col >= 1 && col <= q->content.start + 1);
  }
}

dx_options fuzz_options(unsigned char byte) {
  static const dx_lang langs[4] = {DX_LANG_AUTO, DX_LANG_FR, DX_LANG_EN, DX_LANG_AUTO};
  dx_options o = {0};
  o.lang = langs[byte & 3];
  if (byte & 4)
    o.flags |= DX_OPT_LENIENT_UTF8;
  if (byte & 8)
    o.flags |= DX_OPT_NO_NESTED;
  if (byte & 16) /* a small limit, so that too-big is met too */
    o.max_doc_bytes = 1 + (byte >> 5) * 97;
  return o;
}
