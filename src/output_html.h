/*
 * output_html.h — what the pieces of the HTML report share: the escaper,
 * the per-speaker counts, the colours, and the page's fixed assets.
 *
 * output_html.c writes the page and the marked-up text, output_html_summary.c
 * the table by speaker and the graph, output_html_page.c holds the CSS and
 * the script.  Like the other writers they only use the public accessors.
 */
#ifndef DX_OUTPUT_HTML_H
#define DX_OUTPUT_HTML_H

#include "output.h"

/* Who speaks in a document, and how much. */
typedef struct dx_html_stats {
  size_t n_entities;
  size_t *rank;   /* per entity: order of its first quotation (its colour), or DX_NONE */
  size_t *quotes; /* per entity: quotations it speaks */
  size_t *words;  /* per entity: words in them */
  size_t *order;  /* the speaking entities, most quoted first (n_speakers) */
  size_t n_speakers;
  size_t orphan_quotes, orphan_words; /* quotations with no speaker */
  size_t total_words;
} dx_html_stats;

/* Writes s[0, len) as HTML text that is also safe inside a quoted
 * attribute: & < > " ' as references, valid UTF-8 copied, each maximal
 * invalid subpart, NUL, and every control character but tab, LF and CR
 * (C0, DEL, C1) as U+FFFD. */
void dx_out_html(dx_out *o, const char *s, size_t len);
/* The same for a NUL-terminated string; NULL writes nothing. */
void dx_out_html_cstr(dx_out *o, const char *s);

/* The words of s[0, len): runs between blanks that hold a letter or digit. */
size_t dx_html_count_words(const char *s, size_t len);

/* The hue (0-359) of the speaker ranked rank: eight well-separated hues,
 * then steps of the golden angle. */
unsigned dx_html_hue(size_t rank);

/* The table by speaker and the graph of who reports whom. */
dx_status dx_html_summary(dx_out *o, const dx_result *res, const dx_html_stats *st,
                          size_t doc_index);

extern const char dx_html_css[];
extern const char dx_html_script[];
extern const char dx_html_legend[];

#endif
