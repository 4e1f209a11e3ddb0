/*
 * run.c — one record per document on stdout, in input order; what went
 * wrong on stderr, naming the input and the place in it (see run.h).
 */
#include "run.h"

#include <errno.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include "input.h"
#include "lines.h"
#include "pool.h"
#include "sink.h"

/* One extractor per forced language, since the language is an option of the
 * extractor; a document's own "lang" wins over --lang. */
static dx_extractor *extractor_for(cli_run *run, dx_lang lang) {
  if (lang == DX_LANG_AUTO)
    lang = run->opt->lang;
  if (lang != DX_LANG_FR && lang != DX_LANG_EN)
    lang = DX_LANG_AUTO;
  return run->ex[lang];
}

int cli_run_init(cli_run *run, const cli_options *opt, unsigned long long total_bytes) {
  memset(run, 0, sizeof *run);
  run->opt = opt;
  jf_init(&run->fast);
  const char *no_fast = getenv("DIXIT_NO_FAST_JSON");
  run->no_fast = no_fast && *no_fast;
  for (int lang = 0; lang < DX_LANG_OTHER; lang++) {
    dx_options o = {opt->flags, (dx_lang)lang, opt->max_doc_bytes, NULL};
    dx_error err = {0};
    if (!(run->ex[lang] = dx_extractor_new(&o, &err))) {
      fprintf(stderr, "dixit: %s\n", err.message);
      run->fatal = 1;
      return -1;
    }
  }
  cli_progress_init(&run->progress, !opt->quiet && isatty(fileno(stderr)), total_bytes);
  if (opt->threads > 1 && !(run->pool = cli_pool_new(run, opt->threads)))
    fprintf(stderr, "dixit: cannot start threads; running on one\n");
  return 0;
}

void cli_run_finish(cli_run *run) {
  cli_run_flush(run);
  if (run->pool)
    cli_pool_finish(run->pool);
  run->pool = NULL;
  cli_progress_end(&run->progress);
}

void cli_run_free(cli_run *run) {
  for (size_t i = 0; i < sizeof run->ex / sizeof run->ex[0]; i++)
    dx_extractor_free(run->ex[i]);
  memset(run->ex, 0, sizeof run->ex);
  cli_emit_free(&run->direct);
  jf_free(&run->fast);
}

void cli_run_page_begin(cli_run *run, const char *title) {
  if (run->opt->format == CLI_FORMAT_TSV) { /* the header line, once */
    cli_emit *e = cli_run_begin(run);
    if (cli_emit_outf(e, "%s", dx_tsv_header()) != 0)
      e->fatal = 1;
    cli_run_commit(run, e, 0, 0);
    return;
  }
  if (run->opt->format != CLI_FORMAT_HTML)
    return;
  cli_emit *e = cli_run_begin(run);
  if (dx_write_html_begin(title, cli_emit_write, e) != DX_OK)
    e->fatal = 1;
  cli_run_commit(run, e, 0, 0);
}

void cli_run_page_end(cli_run *run) {
  if (run->opt->format != CLI_FORMAT_HTML)
    return;
  cli_emit *e = cli_run_begin(run);
  if (dx_write_html_end(cli_emit_write, e) != DX_OK)
    e->fatal = 1;
  cli_run_commit(run, e, 0, 0);
}

/* ------------------------------------------------------------------ */
/* In input order: straight through, or through the pool              */

/* Queues the lines gathered so far: before any other job takes the next
 * slot, and whenever the reader may wait. */
static void queue_batch(cli_run *run) {
  if (run->batch)
    cli_pool_publish(run->pool, run->batch);
  run->batch = NULL;
}

cli_emit *cli_run_begin(cli_run *run) {
  if (run->pool) {
    queue_batch(run);
    return &cli_pool_acquire(run->pool, 0)->emit;
  }
  cli_emit_reset(&run->direct);
  run->direct.out_file = run->out.f;
  return &run->direct;
}

/* The job whose emit this is (the emit is a member of a pool slot). */
static cli_job *job_of(cli_emit *e) {
  return (cli_job *)(void *)((char *)e - offsetof(cli_job, emit));
}

void cli_run_commit(cli_run *run, cli_emit *e, unsigned long long in_bytes,
                    unsigned long long disk_pos) {
  if (!run->pool) {
    cli_run_deliver(run, e, in_bytes, disk_pos);
    return;
  }
  cli_job *j = job_of(e);
  j->kind = CLI_JOB_RENDERED;
  j->in_bytes = in_bytes;
  j->disk_pos = disk_pos;
  cli_pool_publish(run->pool, j);
}

/* Lines are handed to the workers in batches of up to BATCH_LINES lines
 * or BATCH_BYTES bytes: a record of a few words costs less to extract
 * than a hand-over between threads (lock, wake-up, slot), and most
 * corpora are many short records. */
enum { BATCH_LINES = 64, BATCH_BYTES = 64 << 10 };

/* where = "NAME:LINE", what snprintf("%s:%zu") writes, without its cost
 * at every record of a stream of small ones. */
static void format_where(char *where, size_t cap, const char *name, size_t line_no) {
  char digits[24];
  size_t i = sizeof digits, n = strlen(name);
  do
    digits[--i] = (char)('0' + line_no % 10);
  while ((line_no /= 10) != 0);
  size_t nd = sizeof digits - i;
  if (n + 1 + nd >= cap) { /* truncated: as snprintf does it */
    snprintf(where, cap, "%s:%.*s", name, (int)nd, digits + i);
    return;
  }
  memcpy(where, name, n);
  where[n] = ':';
  memcpy(where + n + 1, digits + i, nd);
  where[n + 1 + nd] = '\0';
}

void cli_run_line(cli_run *run, cli_emit *e, jf_parser *fast, const char *name, size_t line_no,
                  unsigned long long offset, const char *line, size_t len) {
  char where[512];
  format_where(where, sizeof where, name, line_no);
  cli_input_line(run, e, fast, where, line_no, offset, line, len);
}

void cli_run_submit_line(cli_run *run, const char *name, size_t line_no,
                         unsigned long long offset, const char *line, size_t len,
                         cli_block *block, unsigned long long disk_pos) {
  if (!run->pool) {
    cli_emit *e = cli_run_begin(run);
    cli_run_line(run, e, &run->fast, name, line_no, offset, line, len);
    cli_run_deliver(run, e, len + 1, disk_pos);
    return;
  }
  /* a batch holds one block, so lines of one file: a new block (or file)
   * starts a new batch */
  cli_job *j = run->batch;
  if (j && (j->block != block || j->nlines == BATCH_LINES || j->in_bytes + len > BATCH_BYTES))
    queue_batch(run), j = NULL;
  if (!j) {
    j = run->batch = cli_pool_acquire(run->pool, len);
    j->kind = CLI_JOB_LINE;
    j->name = name;
    j->nlines = 0;
    j->block = block;
    cli_block_hold(block);
  }
  if (j->nlines == j->cap_lines) {
    size_t cap = j->cap_lines ? 2 * j->cap_lines : BATCH_LINES;
    cli_line_ref *v = realloc(j->lines, cap * sizeof *v);
    if (!v) {
      j->emit.fatal = 1; /* the run stops: nothing is dropped unsaid */
      cli_emit_errf(&j->emit, "dixit: out of memory\n");
      queue_batch(run);
      return;
    }
    j->lines = v, j->cap_lines = cap;
  }
  j->lines[j->nlines++] = (cli_line_ref){line, len, line_no, offset};
  j->in_bytes += len + 1;
  j->disk_pos = disk_pos;
  if (j->in_bytes >= BATCH_BYTES)
    queue_batch(run); /* a long record goes at once */
}

void cli_run_submit_text(cli_run *run, const char *path, char **text, size_t len,
                         unsigned long long disk_pos) {
  if (!run->pool) {
    cli_emit *e = cli_run_begin(run);
    cli_input_text_doc(run, e, path, *text, len);
    cli_run_deliver(run, e, len, disk_pos);
    return;
  }
  queue_batch(run);
  cli_job *j = cli_pool_acquire(run->pool, len);
  j->kind = CLI_JOB_TEXT;
  j->text = *text;
  *text = NULL;
  j->text_len = len;
  j->path = path;
  j->in_bytes = len;
  j->disk_pos = disk_pos;
  cli_pool_publish(run->pool, j);
}

static void file_mark(cli_run *run, cli_job_kind kind, int index, unsigned long long size) {
  if (!run->pool) {
    if (kind == CLI_JOB_FILE_BEGIN)
      cli_run_deliver_file_begin(run, index);
    else
      cli_run_deliver_file_end(run, index, size);
    return;
  }
  queue_batch(run);
  cli_job *j = cli_pool_acquire(run->pool, 0);
  j->kind = kind;
  j->file = index;
  j->size = size;
  cli_pool_publish(run->pool, j);
}

void cli_run_flush(cli_run *run) {
  if (!run->pool)
    return;
  queue_batch(run);
  cli_pool_flush(run->pool);
}

int cli_run_idle(cli_run *run) {
  if (!run->pool)
    return 0;
  queue_batch(run);
  return cli_pool_idle(run->pool);
}

void cli_run_file_begin(cli_run *run, int index) { file_mark(run, CLI_JOB_FILE_BEGIN, index, 0); }

void cli_run_file_end(cli_run *run, int index, unsigned long long size) {
  file_mark(run, CLI_JOB_FILE_END, index, size);
}

/* ------------------------------------------------------------------ */
/* The writer                                                          */

void cli_run_deliver(cli_run *run, cli_emit *e, unsigned long long in_bytes,
                     unsigned long long disk_pos) {
  if (e->err.len) {
    cli_progress_clear(&run->progress);
    fwrite(e->err.data, 1, e->err.len, stderr);
  }
  if (e->out.len && !run->fatal && run->out.f &&
      fwrite(e->out.data, 1, e->out.len, run->out.f) != e->out.len)
    e->fatal = 1;
  /* the record may also have gone straight to the file (e->out_file) */
  if (run->opt->line_buffered && !run->fatal && run->out.f && fflush(run->out.f) != 0)
    e->fatal = 1;
  if (e->out_file && ferror(e->out_file))
    e->fatal = 1;
  if (e->fatal && !run->fatal) {
    fprintf(stderr, "dixit: cannot write the output: %s\n", errno ? strerror(errno) : "write error");
    run->fatal = 1;
  }
  run->failed |= e->failed;
  cli_progress_add(&run->progress, in_bytes, run->disk_done + disk_pos);
}

void cli_run_deliver_file_begin(cli_run *run, int index) {
  if (run->opt->out_dir && !run->fatal && cli_output_begin(&run->out, (size_t)index) != 0)
    run->fatal = 1;
}

void cli_run_deliver_file_end(cli_run *run, int index, unsigned long long size) {
  (void)index;
  run->disk_done += size;
  if (run->opt->out_dir && cli_output_end(&run->out, !run->fatal) != 0)
    run->fatal = 1;
}

/* ------------------------------------------------------------------ */
/* Records                                                             */

/* "WHERE" or "WHERE (id NAME)" when the id says something the place does not. */
static void print_place(cli_emit *e, const cli_doc *doc) {
  if (doc->name && strcmp(doc->name, doc->where) != 0)
    cli_emit_errf(e, "dixit: %s (id %s): ", doc->where, doc->name);
  else
    cli_emit_errf(e, "dixit: %s: ", doc->where);
}

/* A message from the library, with line and column when it has an offset
 * into a text we have. */
static void print_problem(cli_emit *out, const cli_doc *doc, const char *prefix,
                          const dx_error *e) {
  print_place(out, doc);
  cli_emit_errf(out, "%s%s", prefix, e->message);
  if (e->offset != SIZE_MAX && doc->text && e->offset <= doc->len) {
    size_t line, col;
    dx_line_col(doc->text, doc->len, e->offset, &line, &col);
    cli_emit_errf(out, " (line %zu, column %zu)", line, col);
  }
  cli_emit_errf(out, "\n");
}

static void text_header(cli_run *run, cli_emit *e, const char *name) {
  if (run->opt->headers && cli_emit_outf(e, "# %s\n", name) != 0)
    e->fatal = 1;
}

/* The id as a reader knows it, for an HTML section's heading. */
static const char *doc_title(const cli_doc *doc) { return doc->name ? doc->name : doc->where; }

static void write_result(cli_run *run, cli_emit *e, const cli_doc *doc, const dx_result *res) {
  dx_status st;
  if (run->opt->format == CLI_FORMAT_HTML) {
    const char *t = doc_title(doc);
    st = dx_write_html(res, doc->text, doc->len, t, strlen(t), run->n_docs++, cli_emit_write, e);
  } else if (run->opt->format == CLI_FORMAT_TSV) {
    const char *t = doc_title(doc);
    st = dx_write_tsv(res, doc->text, doc->len, t, strlen(t), cli_emit_write, e);
  } else if (run->opt->format == CLI_FORMAT_TEXT) {
    text_header(run, e, doc->name ? doc->name : doc->where);
    st = dx_write_text(res, doc->text, doc->len, cli_emit_write, e);
  } else {
    st = dx_write_json(res, doc->text, doc->len, doc->id, doc->id_len, doc->id_is_json,
                       cli_emit_write, e);
  }
  if (st != DX_OK)
    e->fatal = 1;
}

/* Did the library find (or might it have missed, having stopped early) a
 * byte that is not UTF-8?  It checks every byte of a text it extracts
 * from, and says so by a failure or, with DX_OPT_LENIENT_UTF8, a warning;
 * only its first bad byte is named, which may be a NUL before an invalid
 * sequence. */
static int bytes_in_doubt(dx_status st, const dx_result *res) {
  if (st != DX_OK)
    return 1;
  for (size_t i = 0; i < dx_result_warning_count(res); i++) {
    dx_status code = dx_result_warning(res, i)->code;
    if (code == DX_EUTF8 || code == DX_ENUL)
      return 1;
  }
  return 0;
}

int cli_run_doc(cli_run *run, cli_emit *e, const cli_doc *doc) {
  const dx_extractor *ex = extractor_for(run, doc->lang);
  dx_result *res = NULL;
  dx_error err = {0};
  dx_status st = dx_extract(ex, doc->text, doc->len, &res, &err);
  /* The JSON reader left the check of the text's UTF-8 to the library's
   * pass over every byte; a text the library finds clean is valid, and
   * any other is checked here, rarely. */
  if (doc->text_unchecked && bytes_in_doubt(st, res) && !jf_valid_utf8(doc->text, doc->len)) {
    dx_result_free(res);
    return -1;
  }
  if (st != DX_OK) {
    cli_run_fail(run, e, doc, &err);
    return 0;
  }
  /* Warnings (language not supported, bytes tolerated) do not fail the
   * document, but a user running on a directory should see them. */
  for (size_t i = 0; i < dx_result_warning_count(res); i++)
    print_problem(e, doc, "warning: ", dx_result_warning(res, i));
  write_result(run, e, doc, res);
  dx_result_free(res);
  return 0;
}

void cli_run_fail(cli_run *run, cli_emit *e, const cli_doc *doc, const dx_error *err) {
  e->failed = 1;
  print_problem(e, doc, "", err);
  dx_status st;
  if (run->opt->format == CLI_FORMAT_HTML) {
    const char *t = doc_title(doc);
    st = dx_write_html_error(t, strlen(t), run->n_docs++, err, cli_emit_write, e);
  } else if (run->opt->format == CLI_FORMAT_TSV) {
    /* a line of its own, so that a spreadsheet shows the failure */
    st = cli_emit_outf(e, "%s\terror\t\t\t\t\t\t\t\t\t\t\t%s\n", doc_title(doc), err->message) < 0
             ? DX_EIO
             : DX_OK;
  } else if (run->opt->format == CLI_FORMAT_TEXT) {
    text_header(run, e, doc->name ? doc->name : doc->where);
    st = cli_emit_outf(e, "(error: %s)\n", err->message) < 0 ? DX_EIO : DX_OK;
  } else {
    st = dx_write_json_error(doc->id, doc->id_len, doc->id_is_json, err, cli_emit_write, e);
  }
  if (st != DX_OK)
    e->fatal = 1;
}

/* A copy of s with every byte that is not part of valid UTF-8 replaced by
 * '?': file names are bytes, and jansson only takes UTF-8. */
static char *utf8_clean(const char *s) {
  size_t n = strlen(s);
  char *out = malloc(n + 1);
  if (!out)
    return NULL;
  memcpy(out, s, n + 1);
  for (size_t i = 0; i < n;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k =
        utf8proc_iterate((const utf8proc_uint8_t *)out + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) {
      out[i++] = '?';
    } else {
      i += (size_t)k;
    }
  }
  return out;
}

/* {"id":ID,"error":{"code","message","offset":null,"line"}} — the id
 * spelled as in result records (cli_id_json), the rest by jansson. */
static int write_bad_input_json(cli_emit *out, const json_t *id, const char *code, size_t line, const char *text) {
  char *clean = utf8_clean(text);
  char *id_json = id ? cli_id_json(id) : NULL;
  json_t *e = json_object();
  char *err_json = NULL;
  int rc = -1;
  if (clean && e && (id_json || !id)) {
    json_object_set_new(e, "code", json_string(code));
    json_object_set_new(e, "message", json_string(clean));
    json_object_set_new(e, "offset", json_null());
    if (line)
      json_object_set_new(e, "line", json_integer((json_int_t)line));
    err_json = json_dumps(e, JSON_COMPACT);
  }
  if (err_json)
    rc = cli_emit_outf(out, "{\"id\":%s,\"error\":%s}\n", id_json ? id_json : "null", err_json);
  free(err_json);
  json_decref(e);
  free(id_json);
  free(clean);
  return rc;
}

void cli_run_bad_input(cli_run *run, cli_emit *e, const json_t *id, const char *code,
                       const char *where, size_t line, long long file_offset,
                       const char *message) {
  e->failed = 1;
  if (file_offset >= 0)
    cli_emit_errf(e, "dixit: %s: %s (byte %lld of the file)\n", where, message, file_offset);
  else
    cli_emit_errf(e, "dixit: %s: %s\n", where, message);

  size_t n = strlen(where) + strlen(message) + 3;
  char *text = malloc(n);
  if (!text) {
    cli_emit_errf(e, "dixit: out of memory\n");
    e->fatal = 1;
    return;
  }
  snprintf(text, n, "%s: %s", where, message);
  int rc;
  if (run->opt->format == CLI_FORMAT_HTML) {
    dx_error err = {DX_EINVAL, SIZE_MAX, {0}};
    snprintf(err.message, sizeof err.message, "%s", message);
    rc = dx_write_html_error(where, strlen(where), run->n_docs++, &err, cli_emit_write, e) == DX_OK
             ? 0
             : -1;
  } else if (run->opt->format == CLI_FORMAT_TSV) {
    rc = cli_emit_outf(e, "%s\terror\t\t\t\t\t\t\t\t\t\t\t%s\n", where, message) < 0 ? -1 : 0;
  } else if (run->opt->format == CLI_FORMAT_TEXT) {
    text_header(run, e, where);
    rc = cli_emit_outf(e, "(error: %s)\n", text);
  } else {
    rc = write_bad_input_json(e, id, code, line, text);
  }
  free(text);
  if (rc != 0)
    e->fatal = 1;
}

void cli_run_unreadable(cli_run *run, cli_emit *e, const char *path, const char *why) {
  (void)run;
  e->failed = 1;
  cli_emit_errf(e, "dixit: %s: %s\n", path, why);
}
