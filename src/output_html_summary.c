/*
 * output_html_summary.c — beside each document's text: the table by
 * speaker (quotations, words quoted, share) and a small SVG graph of who
 * reports whom (via edges) and who speaks to whom (addressee edges).
 *
 * The graph puts its nodes on a circle: with a dozen speakers at most in a
 * news article, a reader follows the edges better there than in a layout
 * that moves with the data, and it costs no iteration.  Coordinates are
 * whole numbers, written without printf, so no locale can change them.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "output_html.h"

/* ------------------------------------------------------------------ */
/* The table                                                           */

/* "12.3%" of part in whole, rounded to a tenth. */
static void put_share(dx_out *o, size_t part, size_t whole) {
  if (!whole) {
    dx_out_puts(o, "–");
    return;
  }
  size_t tenths = (size_t)(((double)part * 1000.0) / (double)whole + 0.5);
  dx_out_size(o, tenths / 10);
  dx_out_putc(o, '.');
  dx_out_size(o, tenths % 10);
  dx_out_putc(o, '%');
}

static void put_bar(dx_out *o, size_t part, size_t whole, size_t rank) {
  size_t pct = whole ? (size_t)(((double)part * 100.0) / (double)whole + 0.5) : 0;
  dx_out_puts(o, "<i class=\"bar\" style=\"width:");
  dx_out_size(o, pct);
  dx_out_puts(o, "%");
  if (rank != DX_NONE) {
    dx_out_puts(o, ";--h:");
    dx_out_size(o, dx_html_hue(rank));
  }
  dx_out_puts(o, "\"></i>");
}

static void put_row(dx_out *o, const char *klass, size_t rank, const char *name, const char *kind,
                    const char *role, size_t quotes, size_t words, size_t total) {
  dx_out_puts(o, "<tr");
  if (klass) {
    dx_out_puts(o, " class=\"");
    dx_out_puts(o, klass);
    dx_out_putc(o, '"');
  }
  dx_out_puts(o, "><th scope=\"row\"><i class=\"sw\"");
  if (rank != DX_NONE) {
    dx_out_puts(o, " style=\"--h:");
    dx_out_size(o, dx_html_hue(rank));
    dx_out_putc(o, '"');
  }
  dx_out_puts(o, "></i>");
  dx_out_html_cstr(o, name && name[0] ? name : "?");
  if (kind) {
    dx_out_puts(o, " <small>");
    dx_out_puts(o, kind);
    if (role) { /* the first role the text gives it: président russe */
      dx_out_puts(o, ", ");
      dx_out_html_cstr(o, role);
    }
    dx_out_puts(o, "</small>");
  }
  dx_out_puts(o, "</th><td>");
  dx_out_size(o, quotes);
  dx_out_puts(o, "</td><td>");
  dx_out_size(o, words);
  dx_out_puts(o, "</td><td class=\"share\">");
  put_bar(o, words, total, rank);
  put_share(o, words, total);
  dx_out_puts(o, "</td></tr>\n");
}

static void put_table(dx_out *o, const dx_result *res, const dx_html_stats *st) {
  dx_out_puts(o, "<table class=\"by-speaker\">\n<caption>Quotations by speaker</caption>\n"
                 "<thead><tr><th scope=\"col\">speaker</th><th scope=\"col\">quotations</th>"
                 "<th scope=\"col\">words</th><th scope=\"col\">share of words</th></tr>"
                 "</thead>\n<tbody>\n");
  for (size_t r = 0; r < st->n_speakers; r++) {
    size_t e = st->order[r];
    const dx_entity *ent = dx_result_entity(res, e);
    put_row(o, NULL, st->rank[e], ent->name, dx_entity_kind_name(ent->kind),
            ent->n_roles ? ent->roles[0] : NULL, st->quotes[e], st->words[e], st->total_words);
  }
  if (st->orphan_quotes)
    put_row(o, "nos", DX_NONE, "(no speaker found)", NULL, NULL, st->orphan_quotes,
            st->orphan_words, st->total_words);
  dx_out_puts(o, "</tbody>\n<tfoot><tr><th scope=\"row\">all</th><td>");
  dx_out_size(o, dx_result_quote_count(res));
  dx_out_puts(o, "</td><td>");
  dx_out_size(o, st->total_words);
  dx_out_puts(o, "</td><td></td></tr></tfoot>\n</table>\n");
}

/* ------------------------------------------------------------------ */
/* The graph                                                           */

enum { MAX_NODES = 16, LABEL_CHARS = 16 };
enum { EDGE_VIA = 0, EDGE_TO = 1 };

typedef struct edge {
  size_t from, to; /* entities */
  unsigned kind;
  size_t count;
} edge;

static int edge_cmp(const void *pa, const void *pb) {
  const edge *a = pa, *b = pb;
  if (a->from != b->from)
    return a->from < b->from ? -1 : 1;
  if (a->to != b->to)
    return a->to < b->to ? -1 : 1;
  return (a->kind > b->kind) - (a->kind < b->kind);
}

/* Every via and addressee link once, with how many quotations give it. */
static edge *collect_edges(const dx_result *res, const dx_html_stats *st, size_t *count) {
  size_t nq = dx_result_quote_count(res), n = 0;
  edge *e = malloc((nq ? 2 * nq : 1) * sizeof *e);
  if (!e)
    return NULL;
  for (size_t i = 0; i < nq; i++) {
    const dx_quote *q = dx_result_quote(res, i);
    size_t s = q->speaker;
    if (s >= st->n_entities)
      continue;
    if (q->via < st->n_entities && q->via != s)
      e[n++] = (edge){q->via, s, EDGE_VIA, 1};
    if (q->addressee < st->n_entities && q->addressee != s)
      e[n++] = (edge){s, q->addressee, EDGE_TO, 1};
  }
  qsort(e, n, sizeof *e, edge_cmp);
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    if (kept && edge_cmp(&e[kept - 1], &e[i]) == 0)
      e[kept - 1].count++;
    else
      e[kept++] = e[i];
  }
  *count = kept;
  return e;
}

/* The first LABEL_CHARS characters of a name, and "…" if it is longer. */
static void put_label(dx_out *o, const char *name) {
  if (!name || !name[0])
    name = "?";
  size_t chars = 0, i = 0, n = strlen(name);
  for (; i < n; i++) {
    if (((unsigned char)name[i] & 0xC0) != 0x80 && ++chars > LABEL_CHARS)
      break;
  }
  dx_out_html(o, name, i);
  if (i < n)
    dx_out_puts(o, "…");
}

/* A signed whole number. */
static void put_int(dx_out *o, long v) {
  if (v < 0) {
    dx_out_putc(o, '-');
    v = -v;
  }
  dx_out_size(o, (size_t)v);
}

static void put_count_words(dx_out *o, size_t quotes) {
  dx_out_size(o, quotes);
  dx_out_puts(o, quotes == 1 ? " quotation" : " quotations");
}

typedef struct node {
  size_t entity;
  long x, y, r;
} node;

static void put_edge(dx_out *o, const dx_result *res, const node *a, const node *b, const edge *e,
                     size_t doc_index) {
  double dx = (double)(b->x - a->x), dy = (double)(b->y - a->y);
  double d = sqrt(dx * dx + dy * dy);
  if (d < 1.0)
    return;
  double ux = dx / d, uy = dy / d, tail = (double)a->r + 2.0, head = (double)b->r + 5.0;
  dx_out_puts(o, "<line class=\"");
  dx_out_puts(o, e->kind == EDGE_VIA ? "e-via" : "e-to");
  dx_out_puts(o, "\" x1=\"");
  put_int(o, lround((double)a->x + ux * tail));
  dx_out_puts(o, "\" y1=\"");
  put_int(o, lround((double)a->y + uy * tail));
  dx_out_puts(o, "\" x2=\"");
  put_int(o, lround((double)b->x - ux * head));
  dx_out_puts(o, "\" y2=\"");
  put_int(o, lround((double)b->y - uy * head));
  dx_out_puts(o, "\" stroke-width=\"");
  dx_out_size(o, 1 + (e->count < 4 ? e->count : 4));
  dx_out_puts(o, "\" marker-end=\"url(#d");
  dx_out_size(o, doc_index);
  dx_out_puts(o, "-arrow)\"><title>");
  dx_out_html_cstr(o, dx_result_entity(res, e->from)->name);
  dx_out_puts(o, e->kind == EDGE_VIA ? " reports " : " speaks to ");
  dx_out_html_cstr(o, dx_result_entity(res, e->to)->name);
  dx_out_puts(o, " (");
  dx_out_size(o, e->count);
  dx_out_puts(o, e->count == 1 ? " quotation)" : " quotations)");
  dx_out_puts(o, "</title></line>\n");
}

static void put_node(dx_out *o, const dx_result *res, const dx_html_stats *st, const node *nd,
                     double angle) {
  const dx_entity *ent = dx_result_entity(res, nd->entity);
  size_t rank = st->rank[nd->entity];
  dx_out_puts(o, "<g class=\"n");
  dx_out_puts(o, rank == DX_NONE ? " other\"" : "\"");
  if (rank != DX_NONE) {
    dx_out_puts(o, " style=\"--h:");
    dx_out_size(o, dx_html_hue(rank));
    dx_out_putc(o, '"');
  }
  dx_out_puts(o, "><title>");
  dx_out_html_cstr(o, ent->name);
  dx_out_puts(o, ": ");
  put_count_words(o, st->quotes[nd->entity]);
  dx_out_puts(o, "</title><circle cx=\"");
  put_int(o, nd->x);
  dx_out_puts(o, "\" cy=\"");
  put_int(o, nd->y);
  dx_out_puts(o, "\" r=\"");
  put_int(o, nd->r);
  dx_out_puts(o, "\"/><text x=\"");
  double c = cos(angle), s = sin(angle);
  double off = (double)nd->r + 6.0;
  put_int(o, lround((double)nd->x + c * off));
  dx_out_puts(o, "\" y=\"");
  put_int(o, lround((double)nd->y + s * off + (s > 0.3 ? 9.0 : s < -0.3 ? -3.0 : 4.0)));
  dx_out_puts(o, "\" text-anchor=\"");
  dx_out_puts(o, c > 0.3 ? "start" : c < -0.3 ? "end" : "middle");
  dx_out_puts(o, "\">");
  put_label(o, ent->name);
  dx_out_puts(o, "</text></g>\n");
}

static dx_status put_graph(dx_out *o, const dx_result *res, const dx_html_stats *st,
                           size_t doc_index) {
  size_t n_edges = 0, ne = st->n_entities;
  edge *edges = collect_edges(res, st, &n_edges);
  size_t *slot = malloc((ne ? ne : 1) * sizeof *slot);
  node *nodes = calloc(MAX_NODES, sizeof *nodes);
  if (!edges || !slot || !nodes) {
    free(edges), free(slot), free(nodes);
    return DX_ENOMEM;
  }
  for (size_t e = 0; e < ne; e++)
    slot[e] = DX_NONE;
  /* the most quoted speakers first, then those only reported or spoken to */
  size_t n = 0, left_out = 0;
  for (size_t r = 0; r < st->n_speakers; r++) {
    if (n < MAX_NODES)
      slot[st->order[r]] = n, nodes[n++].entity = st->order[r];
    else
      left_out++;
  }
  for (size_t i = 0; i < n_edges; i++) {
    size_t ends[2] = {edges[i].from, edges[i].to};
    for (int k = 0; k < 2; k++) {
      if (slot[ends[k]] != DX_NONE || st->rank[ends[k]] != DX_NONE)
        continue;
      if (n < MAX_NODES)
        slot[ends[k]] = n, nodes[n++].entity = ends[k];
      else
        slot[ends[k]] = DX_NONE - 1, left_out++; /* counted once */
    }
  }
  dx_out_puts(o, "<figure class=\"graph\">\n<figcaption>Who reports whom</figcaption>\n");
  if (!n) {
    dx_out_puts(o, "<p class=\"none\">No speaker found.</p>\n</figure>\n");
    free(edges), free(slot), free(nodes);
    return DX_OK;
  }
  const long cx = 220, cy = 150, radius = n == 1 ? 0 : 100;
  const double pi = 3.14159265358979323846;
  dx_out_puts(o, "<svg viewBox=\"0 0 440 300\" role=\"img\" aria-label=\"who reports whom\">\n"
                 "<defs><marker id=\"d");
  dx_out_size(o, doc_index);
  dx_out_puts(o, "-arrow\" viewBox=\"0 0 10 10\" refX=\"8\" refY=\"5\" markerWidth=\"5\" "
                 "markerHeight=\"5\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\"/>"
                 "</marker></defs>\n");
  for (size_t i = 0; i < n; i++) {
    double a = -pi / 2 + 2 * pi * (double)i / (double)n;
    size_t q = st->quotes[nodes[i].entity];
    nodes[i].x = cx + lround(cos(a) * (double)radius);
    nodes[i].y = cy + lround(sin(a) * (double)radius);
    nodes[i].r = 5 + lround(fmin(10.0, 2.5 * sqrt((double)q)));
  }
  for (size_t i = 0; i < n_edges; i++) {
    size_t a = slot[edges[i].from], b = slot[edges[i].to];
    if (a < n && b < n)
      put_edge(o, res, &nodes[a], &nodes[b], &edges[i], doc_index);
  }
  for (size_t i = 0; i < n; i++)
    put_node(o, res, st, &nodes[i], -pi / 2 + 2 * pi * (double)i / (double)n);
  dx_out_puts(o, "</svg>\n<p class=\"keys\"><span class=\"k-via\">reports (via)</span> "
                 "<span class=\"k-to\">speaks to (addressee)</span>");
  if (!n_edges)
    dx_out_puts(o, " · none in this document");
  if (left_out) {
    dx_out_puts(o, " · ");
    dx_out_size(o, left_out);
    dx_out_puts(o, " more not drawn");
  }
  dx_out_puts(o, "</p>\n</figure>\n");
  free(edges), free(slot), free(nodes);
  return DX_OK;
}

dx_status dx_html_summary(dx_out *o, const dx_result *res, const dx_html_stats *st,
                          size_t doc_index) {
  put_table(o, res, st);
  return put_graph(o, res, st, doc_index);
}
