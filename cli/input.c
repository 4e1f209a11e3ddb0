/*
 * input.c — documents from text files, stdin and JSON Lines.
 *
 * A text file is one document, read whole (the library needs the whole
 * text) but never more than --max-doc-bytes of it.  JSON Lines are streamed
 * one line at a time, so memory follows the longest line, not the file.
 */
#include "input.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "jsonl_fast.h"
#include "lines.h"
#include "pyfmt.h"
#include "zfile.h"

static const char *display_path(const char *path) {
  return strcmp(path, "-") == 0 ? "stdin" : path;
}

/* How far into the input file on disk: for the progress bar only, so
 * asked of the file (a system call) only when there is a bar to draw. */
static unsigned long long disk_pos(const cli_run *run, const cli_zin *in) {
  return run->progress.on ? cli_zin_disk_pos(in) : 0;
}

/* ------------------------------------------------------------------ */
/* Text files                                                          */

typedef struct text_buf {
  char *data;
  size_t len, cap;
} text_buf;

/* Reads f into b, up to limit + 1 bytes: one byte more than allowed is
 * enough to know the document is too big, without reading a huge file.
 * Returns 0, or -1 with errno set. */
static int read_all(FILE *f, size_t limit, text_buf *b) {
  struct stat st;
  size_t want = limit < SIZE_MAX ? limit + 1 : limit;
  size_t cap = 64 * 1024;
  if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
      (unsigned long long)st.st_size < want)
    cap = (size_t)st.st_size + 1; /* one read, one allocation, usually */
  b->len = 0;
  while (b->len < want) {
    if (b->len == b->cap) {
      size_t ncap = b->cap ? (b->cap > want / 2 ? want : b->cap * 2) : cap;
      char *p = realloc(b->data, ncap);
      if (!p) {
        errno = ENOMEM;
        return -1;
      }
      b->data = p;
      b->cap = ncap;
    }
    size_t room = b->cap - b->len < want - b->len ? b->cap - b->len : want - b->len;
    size_t n = fread(b->data + b->len, 1, room, f);
    b->len += n;
    if (n < room) {
      if (ferror(f))
        return -1;
      break;
    }
  }
  return 0;
}

void cli_input_text(cli_run *run, const char *path) {
  const char *name = display_path(path);
  cli_zin in;
  json_t *id = json_string(path);
  if (cli_zin_open(&in, path) != 0) {
    int err = errno; /* cli_run_begin() may write and extract meanwhile */
    cli_emit *e = cli_run_begin(run);
    cli_run_bad_input(run, e, id, "unreadable", name, 0, -1, strerror(err));
    cli_run_commit(run, e, 0, 0);
    json_decref(id);
    return;
  }
  text_buf b = {0};
  size_t limit = run->opt->max_doc_bytes;
  if (cli_zin_wait_fd(&in) >= 0)
    cli_run_flush(run); /* reading may wait (a pipe) */
  errno = 0; /* after the flush, which may write */
  if (read_all(in.f, limit, &b) != 0) {
    int err = errno;
    cli_emit *e = cli_run_begin(run);
    cli_run_bad_input(run, e, id, "unreadable", name, 0, -1, err ? strerror(err) : "read error");
    cli_run_commit(run, e, 0, disk_pos(run, &in));
  } else if (b.len > limit) {
    cli_doc doc = {NULL, 0, path, strlen(path), 0, name, name, DX_LANG_AUTO, 0};
    dx_error err = {DX_ETOOBIG, SIZE_MAX, ""};
    snprintf(err.message, sizeof err.message,
             "document larger than %zu bytes (see --max-doc-bytes)", limit);
    cli_emit *e = cli_run_begin(run);
    cli_run_fail(run, e, &doc, &err);
    cli_run_commit(run, e, 0, disk_pos(run, &in));
  } else {
    cli_run_submit_text(run, path, &b.data, b.len, disk_pos(run, &in));
  }
  free(b.data);
  json_decref(id);
  cli_zin_close(&in);
}

void cli_input_text_doc(cli_run *run, cli_emit *e, const char *path, const char *text,
                        size_t len) {
  const char *name = display_path(path);
  cli_doc doc = {text, len, path, strlen(path), 0, name, name, DX_LANG_AUTO, 0};
  cli_run_doc(run, e, &doc);
}

/* ------------------------------------------------------------------ */
/* JSON Lines                                                          */

char *cli_id_json(const json_t *id) {
  if (json_is_real(id)) { /* jansson would write 0.1 as 0.10000000000000001 */
    char tmp[40];
    py_float_repr(json_real_value(id), tmp);
    return strdup(tmp);
  }
  return json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT);
}

/* The longest line worth reading: the largest document the options allow,
 * escaped at worst ("\u0001" is 6 bytes for 1), plus room for the rest of
 * the record. */
static size_t max_line(const cli_options *opt) {
  size_t m = opt->max_doc_bytes;
  if (m > (SIZE_MAX - (1u << 20)) / 6)
    return SIZE_MAX - 1;
  return m * 6 + (1u << 20);
}

static int is_blank(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
      return 0;
  return 1;
}

static const char *type_name(const json_t *v) {
  switch (json_typeof(v)) {
  case JSON_OBJECT:
    return "an object";
  case JSON_ARRAY:
    return "an array";
  case JSON_STRING:
    return "a string";
  case JSON_INTEGER:
  case JSON_REAL:
    return "a number";
  case JSON_TRUE:
  case JSON_FALSE:
    return "a boolean";
  case JSON_NULL:
    return "null";
  }
  return "something else";
}

/* Where one line is: "file:line", and its line number and file offset. */
typedef struct line_ctx {
  const char *where;
  size_t line;
  long long offset;
} line_ctx;

/* Checks a record's fields; returns NULL or the message saying what is wrong. */
static const char *check_record(json_t *rec, char *msg, size_t cap) {
  if (!json_is_object(rec)) {
    snprintf(msg, cap, "a record must be a JSON object, not %s", type_name(rec));
    return msg;
  }
  json_t *text = json_object_get(rec, "text");
  json_t *lang = json_object_get(rec, "lang");
  if (!text)
    snprintf(msg, cap, "the record has no \"text\"");
  else if (!json_is_string(text))
    snprintf(msg, cap, "\"text\" is %s, not a string", type_name(text));
  else if (lang && !json_is_null(lang) && !json_is_string(lang))
    snprintf(msg, cap, "\"lang\" is %s, not a string", type_name(lang));
  else
    return NULL;
  return msg;
}

static void run_record(cli_run *run, cli_emit *e, const line_ctx *lc, json_t *rec) {
  json_t *id = json_object_get(rec, "id");
  json_t *text = json_object_get(rec, "text");
  json_t *lang = json_object_get(rec, "lang");
  char *id_json = id ? cli_id_json(id) : NULL;
  if (id && !id_json) {
    cli_emit_errf(e, "dixit: out of memory\n");
    e->fatal = 1;
    return;
  }
  cli_doc doc = {0};
  doc.text = json_string_value(text);
  doc.len = json_string_length(text);
  doc.id = id_json;
  doc.id_len = id_json ? strlen(id_json) : 0;
  doc.id_is_json = 1;
  doc.name = json_is_string(id) ? json_string_value(id) : id_json;
  doc.where = lc->where;
  doc.lang = json_is_string(lang) ? dx_lang_from_code(json_string_value(lang)) : DX_LANG_AUTO;
  cli_run_doc(run, e, &doc);
  free(id_json);
}

/* run_record() for a record the fast reader read: the same document.
 * -1 when its text turned out not to be valid UTF-8 (see cli_run_doc). */
static int run_fast_record(cli_run *run, cli_emit *e, const line_ctx *lc, const jf_record *r) {
  char real[40];
  cli_doc doc = {0};
  doc.text = r->text;
  doc.len = r->text_len;
  if (r->id_kind == JF_REAL) {
    py_float_repr(r->id_real, real); /* as cli_id_json() spells a real */
    doc.id = real;
    doc.id_len = strlen(real);
  } else {
    doc.id = r->id_json;
    doc.id_len = r->id_json_len;
  }
  doc.id_is_json = 1;
  doc.name = r->id_kind == JF_STRING ? r->id_str : doc.id;
  doc.where = lc->where;
  doc.lang = r->lang ? dx_lang_from_code(r->lang) : DX_LANG_AUTO;
  doc.text_unchecked = r->text_unchecked;
  return cli_run_doc(run, e, &doc);
}

/* Whatever the fast reader is not sure about goes to jansson, which also
 * words every error.  The fast reader leaves the UTF-8 of the text to the
 * library, which looks at every byte of it anyway: a text that is not
 * valid UTF-8 is found there, before anything is written, and goes to
 * jansson too.  DIXIT_NO_FAST_JSON=1 (undocumented, for
 * tests/test_jsonl_fast.py) reads every line with jansson: the reference
 * the fast reader must match. */
void cli_input_line(cli_run *run, cli_emit *e, jf_parser *fast, const char *where,
                    size_t line_no, unsigned long long offset, const char *line, size_t len) {
  line_ctx lc;
  lc.where = where;
  lc.line = line_no;
  lc.offset = (long long)offset;
  jf_record fr;
  if (!run->no_fast && jf_parse_unchecked_text(fast, line, len, &fr) &&
      run_fast_record(run, e, &lc, &fr) == 0)
    return;
  json_error_t jerr;
  char msg[300];
  /* JSON_ALLOW_NUL: a "\u0000" in a text is the library's to report, with
   * its offset in the document, like a NUL byte in a text file. */
  json_t *rec = json_loadb(line, len, JSON_ALLOW_NUL | JSON_DECODE_ANY, &jerr);
  if (!rec) {
    snprintf(msg, sizeof msg, "%s at column %d", jerr.text, jerr.column);
    cli_run_bad_input(run, e, NULL, "invalid-json", lc.where, lc.line, lc.offset + jerr.position,
                      msg);
    return;
  }
  if (check_record(rec, msg, sizeof msg)) {
    json_t *id = json_is_object(rec) ? json_object_get(rec, "id") : NULL;
    cli_run_bad_input(run, e, id, "invalid-input", lc.where, lc.line, lc.offset, msg);
  } else {
    run_record(run, e, &lc, rec);
  }
  json_decref(rec);
}

static int run_idle(void *run) { return cli_run_idle(run); }

void cli_input_jsonl(cli_run *run, const char *path) {
  const char *name = display_path(path);
  cli_zin in;
  if (cli_zin_open(&in, path) != 0) {
    int err = errno; /* cli_run_begin() may write and extract meanwhile */
    cli_emit *e = cli_run_begin(run);
    cli_run_unreadable(run, e, name, strerror(err));
    cli_run_commit(run, e, 0, 0);
    return;
  }
  cli_lines lr;
  cli_lines_init(&lr, in.f, max_line(run->opt));
  cli_lines_watch(&lr, cli_zin_wait_fd(&in), run_idle, run);
  while (!run->fatal) {
    const char *line;
    size_t len;
    cli_line_status st = cli_lines_next(&lr, &line, &len);
    if (st == CLI_LINE_END)
      break;
    if (st == CLI_LINE_ERROR) {
      int err = errno;
      cli_emit *e = cli_run_begin(run);
      cli_run_unreadable(run, e, name, strerror(err));
      cli_run_commit(run, e, 0, disk_pos(run, &in));
      break;
    }
    if (st == CLI_LINE_TOO_LONG) {
      char where[512], msg[120];
      snprintf(where, sizeof where, "%s:%zu", name, lr.line_no);
      snprintf(msg, sizeof msg, "line longer than %zu bytes (see --max-doc-bytes)", lr.max_line);
      cli_emit *e = cli_run_begin(run);
      cli_run_bad_input(run, e, NULL, "too-big", where, lr.line_no, (long long)lr.offset, msg);
      cli_run_commit(run, e, 0, disk_pos(run, &in));
    } else if (!is_blank(line, len)) {
      cli_run_submit_line(run, name, lr.line_no, lr.offset, line, len, cli_lines_block(&lr),
                          disk_pos(run, &in));
    }
  }
  cli_lines_free(&lr);
  cli_zin_close(&in);
}
