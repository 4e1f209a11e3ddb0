/*
 * output_text.c — the human reading of a result, one line per quotation:
 *
 *   Youri Ouchakov [direct, a déclaré]: « C'était le préambule »
 *   Vladimir Poutine [indirect, a déclaré, to Joe Biden, via Youri Ouchakov]: « … »
 *
 * Meant for a terminal, so every line is one line (newlines and other
 * control characters inside a quotation become a space) and invalid bytes
 * show as U+FFFD.  Uses only the public accessors, like output_json.c.
 */
#include <string.h>

#include "output.h"

void dx_out_flat(dx_out *o, const char *text, size_t len) {
  const unsigned char *s = (const unsigned char *)text;
  size_t i = 0, run = 0;
  while (i < len) {
    unsigned char c = s[i];
    if (c >= 0x20 && c < 0x80) {
      i++;
      continue;
    }
    size_t n = 0, bad = 1;
    if (c >= 0x80 && (n = dx_utf8_seq(s + i, len - i, &bad)) != 0) {
      i += n;
      continue;
    }
    dx_out_put(o, text + run, i - run);
    if (c >= 0x80) {
      dx_out_put(o, DX_REPLACEMENT_CHAR, 3);
      i += bad;
    } else {
      dx_out_putc(o, ' ');
      while (i < len && s[i] < 0x20)
        i++;
    }
    run = i;
  }
  dx_out_put(o, text + run, i - run);
}

static void put_span(dx_out *o, const char *text, size_t len, dx_span sp) {
  size_t s = sp.start < len ? sp.start : len;
  size_t e = sp.end < len ? sp.end : len;
  if (e > s)
    dx_out_flat(o, text + s, e - s);
}

static int span_absent(dx_span sp) { return sp.start == 0 && sp.end == 0; }

/* An entity as a reader knows it: its name, else the words of the mention,
 * else "?" (also for no entity at all). */
static void put_entity(dx_out *o, const dx_result *res, const char *text, size_t len, size_t index,
                       dx_span mention) {
  const dx_entity *ent = index == DX_NONE ? NULL : dx_result_entity(res, index);
  if (ent && ent->name && ent->name[0])
    dx_out_flat(o, ent->name, strlen(ent->name));
  else if (ent && !span_absent(mention) && mention.end > mention.start)
    put_span(o, text, len, mention);
  else
    dx_out_putc(o, '?');
}

static int has_entity(const dx_result *res, size_t index) {
  return index != DX_NONE && dx_result_entity(res, index) != NULL;
}

static void put_quote(dx_out *o, const dx_result *res, const char *text, size_t len,
                      const dx_quote *q, int english) {
  put_entity(o, res, text, len, q->speaker, q->speaker_mention);
  dx_out_put(o, " [", 2);
  dx_out_puts(o, dx_quote_type_name(q->type));
  if (!span_absent(q->cue)) {
    dx_out_put(o, ", ", 2);
    put_span(o, text, len, q->cue);
  }
  if (has_entity(res, q->addressee)) {
    dx_out_put(o, ", to ", 5);
    put_entity(o, res, text, len, q->addressee, q->addressee_mention);
  }
  if (has_entity(res, q->via)) {
    dx_out_put(o, ", via ", 6);
    put_entity(o, res, text, len, q->via, q->via_mention);
  }
  /* Each language's own marks, so the line reads as the article would. */
  dx_out_puts(o, english ? "]: \xE2\x80\x9C" : "]: \xC2\xAB ");
  put_span(o, text, len, q->content);
  dx_out_puts(o, english ? "\xE2\x80\x9D\n" : " \xC2\xBB\n");
}

dx_status dx_write_text(const dx_result *res, const char *text, size_t len, dx_write_fn write,
                        void *ctx) {
  if (!res || !write || (!text && len))
    return DX_EINVAL;
  if (!text)
    text = "";
  dx_out o;
  dx_out_init(&o, write, ctx);
  dx_lang lang = dx_result_lang(res);
  if (lang == DX_LANG_OTHER) { /* AUTO: nothing to judge (no words), no line */
    dx_out_puts(&o, "(language not supported: ");
    dx_out_puts(&o, dx_lang_code(lang));
    dx_out_puts(&o, "; no quotations extracted)\n");
    return dx_out_finish(&o);
  }
  size_t n = dx_result_quote_count(res);
  for (size_t i = 0; i < n; i++)
    put_quote(&o, res, text, len, dx_result_quote(res, i), lang == DX_LANG_EN);
  return dx_out_finish(&o);
}
