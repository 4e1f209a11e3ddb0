/*
 * output_tsv.c — one quotation a line, tab-separated, for spreadsheets:
 *
 *   id  type  start  end  speaker  speaker_kind  speaker_mention  cue
 *   cue_lemma  addressee  via  parent  text
 *
 * A field never holds a tab or a newline (they become a space, like
 * invalid bytes become U+FFFD): the byte offsets are the truth, the text is
 * for reading.  Absent values are empty fields.  Uses only the public
 * accessors, like the other writers.
 */
#include <string.h>

#include "output.h"

const char *dx_tsv_header(void) {
  return "id\ttype\tstart\tend\tspeaker\tspeaker_kind\tspeaker_mention\tcue\tcue_lemma\t"
         "addressee\tvia\tparent\ttext\n";
}

static void put_span(dx_out *o, const char *text, size_t len, dx_span sp) {
  size_t s = sp.start < len ? sp.start : len;
  size_t e = sp.end < len ? sp.end : len;
  if (e > s)
    dx_out_flat(o, text + s, e - s);
}

/* An entity's name, else the words that stand for it, else nothing. */
static void put_party(dx_out *o, const dx_result *res, const char *text, size_t len, size_t index,
                      dx_span mention) {
  const dx_entity *ent = index == DX_NONE ? NULL : dx_result_entity(res, index);
  if (ent && ent->name && ent->name[0])
    dx_out_flat(o, ent->name, strlen(ent->name));
  else if (ent)
    put_span(o, text, len, mention);
}

dx_status dx_write_tsv(const dx_result *res, const char *text, size_t len, const char *id,
                       size_t id_len, dx_write_fn write, void *ctx) {
  if (!res || (!text && len) || !write)
    return DX_EINVAL;
  dx_out o;
  dx_out_init(&o, write, ctx);
  for (size_t i = 0; i < dx_result_quote_count(res); i++) {
    const dx_quote *q = dx_result_quote(res, i);
    if (id)
      dx_out_flat(&o, id, id_len);
    dx_out_putc(&o, '\t');
    dx_out_puts(&o, dx_quote_type_name(q->type));
    dx_out_putc(&o, '\t');
    dx_out_size(&o, q->content.start);
    dx_out_putc(&o, '\t');
    dx_out_size(&o, q->content.end);
    dx_out_putc(&o, '\t');
    put_party(&o, res, text, len, q->speaker, q->speaker_mention);
    dx_out_putc(&o, '\t');
    const dx_entity *sp = q->speaker == DX_NONE ? NULL : dx_result_entity(res, q->speaker);
    if (sp)
      dx_out_puts(&o, dx_entity_kind_name(sp->kind));
    dx_out_putc(&o, '\t');
    put_span(&o, text, len, q->speaker_mention);
    dx_out_putc(&o, '\t');
    put_span(&o, text, len, q->cue);
    dx_out_putc(&o, '\t');
    if (q->cue_lemma)
      dx_out_puts(&o, q->cue_lemma);
    dx_out_putc(&o, '\t');
    put_party(&o, res, text, len, q->addressee, q->addressee_mention);
    dx_out_putc(&o, '\t');
    put_party(&o, res, text, len, q->via, q->via_mention);
    dx_out_putc(&o, '\t');
    if (q->parent != DX_NONE)
      dx_out_size(&o, q->parent);
    dx_out_putc(&o, '\t');
    put_span(&o, text, len, q->content);
    dx_out_putc(&o, '\n');
  }
  return dx_out_finish(&o);
}
