/*
 * output_html.c — the HTML report: the page's frame, and each document as
 * its text with the quotations, cues and mentions marked up (docs/REPORT.md).
 *
 * The marks (quotations, cues, speaker/addressee/via mentions, the other
 * mentions of those who speak) may nest or cross: a cue holds its speaker
 * (a-t-il ajouté), a quotation holds another.  They are written as properly
 * nested elements with one stack: when a mark ends below others still open,
 * those are closed and reopened after it, so a mark may be cut in pieces;
 * the first piece of a quotation carries its id and its details.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "output_html.h"

/* ------------------------------------------------------------------ */
/* Text                                                                */

void dx_out_html(dx_out *o, const char *text, size_t len) {
  const unsigned char *s = (const unsigned char *)text;
  size_t i = 0, run = 0; /* s[run, i) is copied as is when the run ends */
  while (i < len) {
    unsigned char c = s[i];
    const char *rep = DX_REPLACEMENT_CHAR;
    size_t rep_len = 3, skip = 1;
    if (c >= 0x20 && c < 0x7F) {
      switch (c) {
      case '&':
        rep = "&amp;", rep_len = 5;
        break;
      case '<':
        rep = "&lt;", rep_len = 4;
        break;
      case '>':
        rep = "&gt;", rep_len = 4;
        break;
      case '"':
        rep = "&quot;", rep_len = 6;
        break;
      case '\'':
        rep = "&#39;", rep_len = 5;
        break;
      default:
        i++;
        continue;
      }
    } else if (c == '\t' || c == '\n' || c == '\r') {
      i++;
      continue;
    } else if (c >= 0x80) {
      size_t bad = 1, n = dx_utf8_seq(s + i, len - i, &bad);
      /* C2 80-9F are the C1 controls: valid UTF-8, but HTML calls them
       * parse errors and they print as nothing useful */
      if (n && !(c == 0xC2 && s[i + 1] < 0xA0)) {
        i += n;
        continue;
      }
      skip = n ? n : bad;
    }
    dx_out_put(o, text + run, i - run);
    dx_out_put(o, rep, rep_len);
    i += skip;
    run = i;
  }
  dx_out_put(o, text + run, i - run);
}

void dx_out_html_cstr(dx_out *o, const char *s) {
  if (s)
    dx_out_html(o, s, strlen(s));
}

size_t dx_html_count_words(const char *text, size_t len) {
  const unsigned char *s = (const unsigned char *)text;
  size_t words = 0, i = 0;
  int in_word = 0, counted = 0;
  while (i < len) {
    unsigned char c = s[i];
    size_t step = 1;
    int blank = c == ' ' || (c >= '\t' && c <= '\r');
    if (c == 0xC2 && i + 1 < len && s[i + 1] == 0xA0) { /* U+00A0 */
      blank = 1, step = 2;
    } else if (c == 0xE2 && i + 2 < len && s[i + 1] == 0x80 &&
               (s[i + 2] <= 0x8A || s[i + 2] == 0xAF)) { /* U+2000-200A, U+202F */
      blank = 1, step = 3;
    }
    if (blank) {
      in_word = 0;
    } else {
      if (!in_word)
        in_word = 1, counted = 0;
      /* a letter or digit: ASCII ones, or the lead byte of a letter
       * outside U+0080-00BF and U+2000-2FFF (symbols, punctuation, «) */
      int letter = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
                   (c >= 0xC3 && c != 0xE2 && c < 0xF5);
      if (letter && !counted)
        words++, counted = 1;
    }
    i += step;
  }
  return words;
}

unsigned dx_html_hue(size_t rank) {
  static const unsigned first[] = {210, 5, 130, 35, 280, 175, 330, 60};
  if (rank < sizeof first / sizeof first[0])
    return first[rank];
  return (unsigned)((60 + (rank - 7) * 137) % 360);
}

/* ------------------------------------------------------------------ */
/* Who speaks                                                          */

static int span_absent(dx_span sp) { return sp.start == 0 && sp.end == 0; }

/* sp clamped to the text; empty when it is absent or out of it. */
static dx_span clamp(dx_span sp, size_t len) {
  dx_span c = {sp.start < len ? sp.start : len, sp.end < len ? sp.end : len};
  if (c.end < c.start)
    c.end = c.start;
  return c;
}

typedef struct stats_row {
  size_t entity, quotes, words, rank;
} stats_row;

/* Most quotations first, then most words, then first to speak. */
static int row_cmp(const void *pa, const void *pb) {
  const stats_row *a = pa, *b = pb;
  if (a->quotes != b->quotes)
    return a->quotes > b->quotes ? -1 : 1;
  if (a->words != b->words)
    return a->words > b->words ? -1 : 1;
  return a->rank < b->rank ? -1 : a->rank > b->rank;
}

static void stats_free(dx_html_stats *st) {
  free(st->rank);
  free(st->order);
  memset(st, 0, sizeof *st);
}

static dx_status stats_init(dx_html_stats *st, const dx_result *res, const char *text, size_t len) {
  memset(st, 0, sizeof *st);
  size_t ne = dx_result_entity_count(res), nq = dx_result_quote_count(res);
  st->n_entities = ne;
  if (ne) {
    if (ne > SIZE_MAX / (4 * sizeof(size_t)))
      return DX_ENOMEM;
    st->rank = malloc(3 * ne * sizeof(size_t));
    st->order = malloc(ne * sizeof(size_t));
    if (!st->rank || !st->order) {
      stats_free(st);
      return DX_ENOMEM;
    }
    st->quotes = st->rank + ne;
    st->words = st->quotes + ne;
    for (size_t e = 0; e < ne; e++)
      st->rank[e] = DX_NONE, st->quotes[e] = 0, st->words[e] = 0;
  }
  for (size_t i = 0; i < nq; i++) {
    const dx_quote *q = dx_result_quote(res, i);
    dx_span c = clamp(q->content, len);
    size_t w = dx_html_count_words(text + c.start, c.end - c.start);
    st->total_words += w;
    if (q->speaker < ne) {
      if (st->rank[q->speaker] == DX_NONE)
        st->rank[q->speaker] = st->n_speakers++;
      st->quotes[q->speaker]++;
      st->words[q->speaker] += w;
    } else {
      st->orphan_quotes++;
      st->orphan_words += w;
    }
  }
  if (st->n_speakers) {
    stats_row *rows = malloc(st->n_speakers * sizeof *rows);
    if (!rows) {
      stats_free(st);
      return DX_ENOMEM;
    }
    for (size_t e = 0; e < ne; e++)
      if (st->rank[e] != DX_NONE)
        rows[st->rank[e]] = (stats_row){e, st->quotes[e], st->words[e], st->rank[e]};
    qsort(rows, st->n_speakers, sizeof *rows, row_cmp);
    for (size_t r = 0; r < st->n_speakers; r++)
      st->order[r] = rows[r].entity;
    free(rows);
  }
  return DX_OK;
}

/* ------------------------------------------------------------------ */
/* Marks                                                               */

/* Kinds in the order they nest when two marks cover the same bytes. */
enum { K_QUOTE, K_CUE, K_SPEAKER, K_VIA, K_ADDRESSEE, K_MENTION };

typedef struct mark {
  size_t start, end;
  size_t ref; /* the quote (K_QUOTE to K_ADDRESSEE) or entity (K_MENTION) */
  unsigned kind;
  unsigned opened; /* its first piece is written */
} mark;

/* Marks deeper than this are left out: a reader cannot tell more apart,
 * and the reopening after each close stays bounded. */
enum { MAX_DEPTH = 32 };

static int mark_cmp(const void *pa, const void *pb) {
  const mark *a = pa, *b = pb;
  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  if (a->end != b->end)
    return a->end > b->end ? -1 : 1; /* the longer one outside */
  if (a->kind != b->kind)
    return a->kind < b->kind ? -1 : 1;
  return a->ref < b->ref ? -1 : a->ref > b->ref;
}

static void add_mark(mark *m, size_t *n, dx_span sp, size_t len, unsigned kind, size_t ref) {
  if (span_absent(sp))
    return;
  dx_span c = clamp(sp, len);
  if (c.end > c.start)
    m[(*n)++] = (mark){c.start, c.end, ref, kind, 0};
}

/* All the marks of a document, sorted, with the same cue or mention given
 * twice (two quotations of one sentence) kept once. */
static mark *collect_marks(const dx_result *res, const dx_html_stats *st, size_t len,
                           size_t *count) {
  size_t nq = dx_result_quote_count(res), cap = 0;
  if (nq > SIZE_MAX / 5)
    return NULL;
  cap = 5 * nq;
  for (size_t e = 0; e < st->n_entities; e++) {
    const dx_entity *ent = dx_result_entity(res, e);
    if (st->rank[e] != DX_NONE && ent->mentions)
      cap += ent->n_mentions;
  }
  mark *m = malloc((cap ? cap : 1) * sizeof *m);
  if (!m)
    return NULL;
  size_t n = 0;
  for (size_t i = 0; i < nq; i++) {
    const dx_quote *q = dx_result_quote(res, i);
    add_mark(m, &n, q->content, len, K_QUOTE, i);
    add_mark(m, &n, q->cue, len, K_CUE, i);
    add_mark(m, &n, q->speaker_mention, len, K_SPEAKER, i);
    add_mark(m, &n, q->via_mention, len, K_VIA, i);
    add_mark(m, &n, q->addressee_mention, len, K_ADDRESSEE, i);
  }
  for (size_t e = 0; e < st->n_entities; e++) {
    const dx_entity *ent = dx_result_entity(res, e);
    if (st->rank[e] == DX_NONE || !ent->mentions)
      continue;
    for (size_t k = 0; k < ent->n_mentions; k++)
      add_mark(m, &n, ent->mentions[k], len, K_MENTION, e);
  }
  qsort(m, n, sizeof *m, mark_cmp);
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    if (m[i].kind != K_QUOTE && kept) {
      /* same bytes as a cue or mention kept just before: one is enough */
      size_t j = kept;
      int dup = 0;
      while (j-- > 0 && m[j].start == m[i].start && m[j].end == m[i].end)
        if (m[j].kind != K_QUOTE && (m[j].kind == K_CUE) == (m[i].kind == K_CUE)) {
          dup = 1;
          break;
        }
      if (dup)
        continue;
    }
    m[kept++] = m[i];
  }
  *count = kept;
  return m;
}

static size_t speaker_rank(const dx_html_stats *st, size_t entity) {
  return entity < st->n_entities ? st->rank[entity] : DX_NONE;
}

static void put_hue(dx_out *o, size_t rank) {
  if (rank == DX_NONE)
    return;
  dx_out_puts(o, " style=\"--h:");
  dx_out_size(o, dx_html_hue(rank));
  dx_out_putc(o, '"');
}

/* An entity as a reader knows it: its name, else the words of the
 * mention, else "?". */
static void put_entity_name(dx_out *o, const dx_result *res, const char *text, size_t len,
                            size_t index, dx_span mention) {
  const dx_entity *ent = index == DX_NONE ? NULL : dx_result_entity(res, index);
  dx_span m = clamp(mention, len);
  if (ent && ent->name && ent->name[0])
    dx_out_html_cstr(o, ent->name);
  else if (!span_absent(mention) && m.end > m.start)
    dx_out_html(o, text + m.start, m.end - m.start);
  else
    dx_out_putc(o, '?');
}

static void put_attr_span(dx_out *o, const char *name, const char *text, size_t len, dx_span sp) {
  if (span_absent(sp))
    return;
  dx_span c = clamp(sp, len);
  dx_out_puts(o, name);
  dx_out_put(o, "=\"", 2);
  dx_out_html(o, text + c.start, c.end - c.start);
  dx_out_putc(o, '"');
}

static void put_attr_entity(dx_out *o, const char *name, const dx_result *res, const char *text,
                            size_t len, size_t index, dx_span mention) {
  if (index == DX_NONE || !dx_result_entity(res, index))
    return;
  dx_out_puts(o, name);
  dx_out_put(o, "=\"", 2);
  put_entity_name(o, res, text, len, index, mention);
  dx_out_putc(o, '"');
}

/* The first piece of a quotation: its anchor, and what the tooltip shows. */
static void put_quote_details(dx_out *o, const dx_result *res, const char *text, size_t len,
                              size_t doc_index, size_t qi, const dx_quote *q) {
  dx_out_puts(o, " id=\"d");
  dx_out_size(o, doc_index);
  dx_out_puts(o, "-q");
  dx_out_size(o, qi);
  dx_out_puts(o, "\" tabindex=\"0\" aria-describedby=\"dx-tip\" data-t=\"");
  dx_out_puts(o, dx_quote_type_name(q->type));
  dx_out_putc(o, '"');
  if (q->speaker != DX_NONE && dx_result_entity(res, q->speaker)) {
    put_attr_entity(o, " data-s", res, text, len, q->speaker, q->speaker_mention);
  } else {
    dx_out_puts(o, " data-s=\"?\"");
  }
  put_attr_span(o, " data-sm", text, len, q->speaker_mention);
  put_attr_span(o, " data-c", text, len, q->cue);
  if (q->cue_lemma) {
    dx_out_puts(o, " data-l=\"");
    dx_out_html_cstr(o, q->cue_lemma);
    dx_out_putc(o, '"');
  }
  put_attr_entity(o, " data-a", res, text, len, q->addressee, q->addressee_mention);
  put_attr_entity(o, " data-v", res, text, len, q->via, q->via_mention);
  if (q->parent != DX_NONE) {
    dx_out_puts(o, " data-p=\"");
    dx_out_size(o, q->parent + 1);
    dx_out_putc(o, '"');
  }
}

static void open_mark(dx_out *o, const dx_result *res, const dx_html_stats *st, const char *text,
                      size_t len, size_t doc_index, mark *m) {
  const dx_quote *q = m->kind == K_MENTION ? NULL : dx_result_quote(res, m->ref);
  switch (m->kind) {
  case K_QUOTE: {
    size_t rank = speaker_rank(st, q->speaker);
    dx_out_puts(o, "<span class=\"q ");
    dx_out_puts(o, dx_quote_type_name(q->type));
    if (rank == DX_NONE)
      dx_out_puts(o, " nos");
    if (q->parent != DX_NONE)
      dx_out_puts(o, " nest");
    dx_out_puts(o, "\" data-q=\"");
    dx_out_size(o, m->ref);
    dx_out_putc(o, '"');
    put_hue(o, rank);
    if (!m->opened)
      put_quote_details(o, res, text, len, doc_index, m->ref, q);
    break;
  }
  case K_CUE:
    dx_out_puts(o, "<span class=\"cue\" data-q=\"");
    dx_out_size(o, m->ref);
    dx_out_putc(o, '"');
    break;
  case K_SPEAKER:
    dx_out_puts(o, "<span class=\"spk\"");
    put_hue(o, speaker_rank(st, q->speaker));
    break;
  case K_VIA:
    dx_out_puts(o, "<span class=\"via\"");
    break;
  case K_ADDRESSEE:
    dx_out_puts(o, "<span class=\"adr\"");
    break;
  default:
    dx_out_puts(o, "<span class=\"ment\"");
    put_hue(o, speaker_rank(st, m->ref));
    break;
  }
  dx_out_putc(o, '>');
  m->opened = 1;
}

/* The text with its marks, in one pass over the sorted marks. */
static void put_marked_text(dx_out *o, const dx_result *res, const dx_html_stats *st,
                            const char *text, size_t len, size_t doc_index, mark *m, size_t n) {
  size_t stack[MAX_DEPTH] = {0}, depth = 0, next = 0, pos = 0; /* {0}: for cppcheck */
  for (;;) {
    size_t b = len; /* the next place where a mark opens or closes */
    if (next < n && m[next].start < b)
      b = m[next].start;
    for (size_t k = 0; k < depth; k++)
      if (m[stack[k]].end < b)
        b = m[stack[k]].end;
    if (b > pos) {
      dx_out_html(o, text + pos, b - pos);
      pos = b;
    }
    size_t low = depth; /* the lowest mark that ends here */
    for (size_t k = 0; k < depth; k++)
      if (m[stack[k]].end <= pos) {
        low = k;
        break;
      }
    if (low < depth) {
      for (size_t k = depth; k-- > low;)
        dx_out_put(o, "</span>", 7);
      size_t keep = low;
      for (size_t k = low; k < depth; k++)
        if (m[stack[k]].end > pos) {
          open_mark(o, res, st, text, len, doc_index, &m[stack[k]]);
          stack[keep++] = stack[k];
        }
      depth = keep;
    }
    if (pos >= len)
      break;
    for (; next < n && m[next].start <= pos; next++)
      if (depth < MAX_DEPTH) {
        open_mark(o, res, st, text, len, doc_index, &m[next]);
        stack[depth++] = next;
      }
  }
}

/* ------------------------------------------------------------------ */
/* Public writers                                                      */

dx_status dx_write_html_begin(const char *title, dx_write_fn write, void *ctx) {
  if (!write)
    return DX_EINVAL;
  if (!title)
    title = "dixit report";
  dx_out o;
  dx_out_init(&o, write, ctx);
  dx_out_puts(&o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<meta name=\"generator\" content=\"dixit " DX_VERSION_STRING "\">\n<title>");
  dx_out_html_cstr(&o, title);
  dx_out_puts(&o, "</title>\n<style>\n");
  dx_out_puts(&o, dx_html_css);
  dx_out_puts(&o, "</style>\n</head>\n<body>\n<header class=\"top\">\n<h1>");
  dx_out_html_cstr(&o, title);
  dx_out_puts(&o, "</h1>\n");
  dx_out_puts(&o, dx_html_legend);
  dx_out_puts(&o, "</header>\n<main>\n");
  return dx_out_finish(&o);
}

static void put_section_head(dx_out *o, const char *id, size_t id_len, size_t doc_index,
                             const char *klass) {
  dx_out_puts(o, "<section class=\"");
  dx_out_puts(o, klass);
  dx_out_puts(o, "\" id=\"d");
  dx_out_size(o, doc_index);
  dx_out_puts(o, "\">\n<h2>");
  if (id) {
    dx_out_html(o, id, id_len);
  } else {
    dx_out_puts(o, "document ");
    dx_out_size(o, doc_index + 1);
  }
  dx_out_puts(o, "</h2>\n");
}

static void put_count(dx_out *o, size_t n, const char *one, const char *many) {
  dx_out_size(o, n);
  dx_out_putc(o, ' ');
  dx_out_puts(o, n == 1 ? one : many);
}

static void put_warnings(dx_out *o, const dx_result *res) {
  size_t n = dx_result_warning_count(res);
  if (!n)
    return;
  dx_out_puts(o, "<ul class=\"warn\">");
  for (size_t i = 0; i < n; i++) {
    const dx_error *w = dx_result_warning(res, i);
    const char *end = memchr(w->message, '\0', sizeof w->message);
    dx_out_puts(o, "<li>warning: ");
    dx_out_html(o, w->message, end ? (size_t)(end - w->message) : sizeof w->message);
    if (w->offset != SIZE_MAX) {
      dx_out_puts(o, " (byte ");
      dx_out_size(o, w->offset);
      dx_out_putc(o, ')');
    }
    dx_out_puts(o, "</li>");
  }
  dx_out_puts(o, "</ul>\n");
}

dx_status dx_write_html(const dx_result *res, const char *text, size_t len, const char *id,
                        size_t id_len, size_t doc_index, dx_write_fn write, void *ctx) {
  if (!res || !write || (!text && len) || (!id && id_len))
    return DX_EINVAL;
  if (!text)
    text = "";
  dx_html_stats st;
  dx_status status = stats_init(&st, res, text, len);
  if (status != DX_OK)
    return status;
  size_t n_marks = 0;
  mark *marks = collect_marks(res, &st, len, &n_marks);
  if (!marks) {
    stats_free(&st);
    return DX_ENOMEM;
  }
  const char *lang = dx_lang_code(dx_result_lang(res));
  size_t nq = dx_result_quote_count(res);
  dx_out o;
  dx_out_init(&o, write, ctx);
  put_section_head(&o, id, id_len, doc_index, "doc");
  dx_out_puts(&o, "<p class=\"meta\">");
  dx_out_puts(&o, lang);
  dx_out_puts(&o, " · ");
  put_count(&o, nq, "quotation", "quotations");
  dx_out_puts(&o, " · ");
  put_count(&o, st.n_speakers, "speaker", "speakers");
  dx_out_puts(&o, " · ");
  put_count(&o, st.total_words, "word quoted", "words quoted");
  dx_out_puts(&o, " of ");
  dx_out_size(&o, dx_html_count_words(text, len));
  dx_out_puts(&o, "</p>\n");
  put_warnings(&o, res);
  dx_out_puts(&o, "<div class=\"cols\">\n<div class=\"text\" lang=\"");
  dx_out_puts(&o, lang);
  dx_out_puts(&o, "\">");
  put_marked_text(&o, res, &st, text, len, doc_index, marks, n_marks);
  dx_out_puts(&o, "</div>\n<aside class=\"side\">\n");
  status = dx_html_summary(&o, res, &st, doc_index);
  dx_out_puts(&o, "</aside>\n</div>\n</section>\n");
  free(marks);
  stats_free(&st);
  dx_status written = dx_out_finish(&o);
  return status != DX_OK ? status : written;
}

dx_status dx_write_html_error(const char *id, size_t id_len, size_t doc_index, const dx_error *err,
                              dx_write_fn write, void *ctx) {
  if (!err || !write || (!id && id_len))
    return DX_EINVAL;
  dx_out o;
  dx_out_init(&o, write, ctx);
  put_section_head(&o, id, id_len, doc_index, "doc failed");
  const char *end = memchr(err->message, '\0', sizeof err->message);
  dx_out_puts(&o, "<p class=\"error\">error: ");
  dx_out_html(&o, err->message, end ? (size_t)(end - err->message) : sizeof err->message);
  if (err->offset != SIZE_MAX) { /* machine-readable, as in the JSON record */
    dx_out_puts(&o, " <span class=\"offset\" data-offset=\"");
    dx_out_size(&o, err->offset);
    dx_out_puts(&o, "\"></span>");
  }
  dx_out_puts(&o, "</p>\n</section>\n");
  return dx_out_finish(&o);
}

dx_status dx_write_html_end(dx_write_fn write, void *ctx) {
  if (!write)
    return DX_EINVAL;
  dx_out o;
  dx_out_init(&o, write, ctx);
  dx_out_puts(&o, "</main>\n<div id=\"dx-tip\" role=\"tooltip\" hidden></div>\n<script>\n");
  dx_out_puts(&o, dx_html_script);
  dx_out_puts(&o, "</script>\n</body>\n</html>\n");
  return dx_out_finish(&o);
}
