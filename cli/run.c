/*
 * run.c — one record per document on stdout, in input order; what went
 * wrong on stderr, naming the input and the place in it (see run.h).
 */
#include "run.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "input.h"
#include "sink.h"

void cli_run_init(cli_run *run, const cli_options *opt) {
  memset(run, 0, sizeof *run);
  run->opt = opt;
}

void cli_run_free(cli_run *run) {
  for (size_t i = 0; i < sizeof run->ex / sizeof run->ex[0]; i++)
    dx_extractor_free(run->ex[i]);
  memset(run->ex, 0, sizeof run->ex);
}

/* One extractor per forced language, since the language is an option of the
 * extractor; a document's own "lang" wins over --lang. */
static dx_extractor *extractor_for(cli_run *run, dx_lang lang) {
  if (lang == DX_LANG_AUTO)
    lang = run->opt->lang;
  if (lang != DX_LANG_FR && lang != DX_LANG_EN)
    lang = DX_LANG_AUTO;
  if (!run->ex[lang]) {
    dx_options o = {run->opt->flags, lang, run->opt->max_doc_bytes, NULL};
    dx_error err = {0};
    run->ex[lang] = dx_extractor_new(&o, &err);
    if (!run->ex[lang]) {
      fprintf(stderr, "dixit: %s\n", err.message);
      run->fatal = 1;
    }
  }
  return run->ex[lang];
}

static void output_failed(cli_run *run) {
  if (!run->fatal)
    fprintf(stderr, "dixit: cannot write the output: %s\n",
            errno ? strerror(errno) : "write error");
  run->fatal = 1;
}

/* "WHERE" or "WHERE (id NAME)" when the id says something the place does not. */
static void print_place(const cli_doc *doc) {
  if (doc->name && strcmp(doc->name, doc->where) != 0)
    fprintf(stderr, "dixit: %s (id %s): ", doc->where, doc->name);
  else
    fprintf(stderr, "dixit: %s: ", doc->where);
}

/* A message from the library, with line and column when it has an offset
 * into a text we have. */
static void print_problem(const cli_doc *doc, const char *prefix, const dx_error *e) {
  print_place(doc);
  fprintf(stderr, "%s%s", prefix, e->message);
  if (e->offset != SIZE_MAX && doc->text && e->offset <= doc->len) {
    size_t line, col;
    dx_line_col(doc->text, doc->len, e->offset, &line, &col);
    fprintf(stderr, " (line %zu, column %zu)", line, col);
  }
  fputc('\n', stderr);
}

static void text_header(cli_run *run, const char *name) {
  if (run->opt->headers)
    printf("# %s\n", name);
}

void cli_run_begin(cli_run *run) {
  if (run->opt->format != CLI_FORMAT_HTML)
    return;
  /* a single file names the page; a batch is "dixit report" */
  const char *title = run->opt->n_files == 1 && strcmp(run->opt->files[0], "-") != 0 &&
                              !cli_is_jsonl(run->opt, run->opt->files[0])
                          ? run->opt->files[0]
                          : NULL;
  if (dx_write_html_begin(title, cli_stdout_write, NULL) != DX_OK)
    output_failed(run);
}

void cli_run_end(cli_run *run) {
  if (run->opt->format == CLI_FORMAT_HTML && !run->fatal &&
      dx_write_html_end(cli_stdout_write, NULL) != DX_OK)
    output_failed(run);
}

/* The id as a reader knows it, for an HTML section's heading. */
static const char *doc_title(const cli_doc *doc) { return doc->name ? doc->name : doc->where; }

static void write_result(cli_run *run, const cli_doc *doc, const dx_result *res) {
  dx_status st;
  if (run->opt->format == CLI_FORMAT_HTML) {
    const char *t = doc_title(doc);
    st = dx_write_html(res, doc->text, doc->len, t, strlen(t), run->n_docs++, cli_stdout_write,
                       NULL);
  } else if (run->opt->format == CLI_FORMAT_TEXT) {
    text_header(run, doc->name ? doc->name : doc->where);
    st = dx_write_text(res, doc->text, doc->len, cli_stdout_write, NULL);
  } else {
    st = dx_write_json(res, doc->text, doc->len, doc->id, doc->id_len, doc->id_is_json,
                       cli_stdout_write, NULL);
  }
  if (st != DX_OK)
    output_failed(run);
}

void cli_run_doc(cli_run *run, const cli_doc *doc) {
  dx_extractor *ex = extractor_for(run, doc->lang);
  if (!ex)
    return;
  dx_result *res = NULL;
  dx_error err = {0};
  if (dx_extract(ex, doc->text, doc->len, &res, &err) != DX_OK) {
    cli_run_fail(run, doc, &err);
    return;
  }
  /* Warnings (language not supported, bytes tolerated) do not fail the
   * document, but a user running on a directory should see them. */
  for (size_t i = 0; i < dx_result_warning_count(res); i++)
    print_problem(doc, "warning: ", dx_result_warning(res, i));
  write_result(run, doc, res);
  dx_result_free(res);
}

void cli_run_fail(cli_run *run, const cli_doc *doc, const dx_error *err) {
  run->failed = 1;
  print_problem(doc, "", err);
  dx_status st;
  if (run->opt->format == CLI_FORMAT_HTML) {
    const char *t = doc_title(doc);
    st = dx_write_html_error(t, strlen(t), run->n_docs++, err, cli_stdout_write, NULL);
  } else if (run->opt->format == CLI_FORMAT_TEXT) {
    text_header(run, doc->name ? doc->name : doc->where);
    st = printf("(error: %s)\n", err->message) < 0 ? DX_EIO : DX_OK;
  } else {
    st = dx_write_json_error(doc->id, doc->id_len, doc->id_is_json, err, cli_stdout_write, NULL);
  }
  if (st != DX_OK)
    output_failed(run);
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
static int write_bad_input_json(const json_t *id, const char *code, size_t line, const char *text) {
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
    rc = printf("{\"id\":%s,\"error\":%s}\n", id_json ? id_json : "null", err_json) < 0 ? -1 : 0;
  free(err_json);
  json_decref(e);
  free(id_json);
  free(clean);
  return rc;
}

void cli_run_bad_input(cli_run *run, const json_t *id, const char *code, const char *where,
                       size_t line, long long file_offset, const char *message) {
  run->failed = 1;
  if (file_offset >= 0)
    fprintf(stderr, "dixit: %s: %s (byte %lld of the file)\n", where, message, file_offset);
  else
    fprintf(stderr, "dixit: %s: %s\n", where, message);

  size_t n = strlen(where) + strlen(message) + 3;
  char *text = malloc(n);
  if (!text) {
    fprintf(stderr, "dixit: out of memory\n");
    run->fatal = 1;
    return;
  }
  snprintf(text, n, "%s: %s", where, message);
  int rc;
  if (run->opt->format == CLI_FORMAT_HTML) {
    dx_error e = {DX_EINVAL, SIZE_MAX, {0}};
    snprintf(e.message, sizeof e.message, "%s", message);
    rc = dx_write_html_error(where, strlen(where), run->n_docs++, &e, cli_stdout_write, NULL) ==
                 DX_OK
             ? 0
             : -1;
  } else if (run->opt->format == CLI_FORMAT_TEXT) {
    text_header(run, where);
    rc = printf("(error: %s)\n", text) < 0 ? -1 : 0;
  } else {
    rc = write_bad_input_json(id, code, line, text);
  }
  free(text);
  if (rc != 0)
    output_failed(run);
}

void cli_run_unreadable(cli_run *run, const char *path, const char *why) {
  run->failed = 1;
  fprintf(stderr, "dixit: %s: %s\n", path, why);
}
