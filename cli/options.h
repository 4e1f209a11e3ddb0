/*
 * options.h — what the command line asked for (parsed in main.c).
 */
#ifndef DIXIT_CLI_OPTIONS_H
#define DIXIT_CLI_OPTIONS_H

#include "dixit.h"
#include <stddef.h>

typedef enum cli_format { CLI_FORMAT_JSON, CLI_FORMAT_TEXT, CLI_FORMAT_HTML, CLI_FORMAT_TSV } cli_format;

typedef struct cli_options {
  cli_format format;
  dx_lang lang;         /* --lang, or DX_LANG_AUTO to detect */
  unsigned flags;       /* DX_OPT_* */
  size_t max_doc_bytes; /* never 0: DX_DEFAULT_MAX_DOC_BYTES by default */
  int jsonl;            /* --jsonl: every input is JSON Lines */
  int headers;          /* text format: a "# id" line before each document */
  char **files;         /* inputs as given; "-" is stdin */
  int n_files;
  int threads;          /* -j: threads that extract; 1 = everything on the main thread */
  int quiet;            /* --quiet: no progress bar */
  int line_buffered;    /* --line-buffered: each record flushed once written */
  const char *out_file; /* -o FILE, or NULL for stdout */
  const char *out_dir;  /* --out-dir DIR: one shard per input, or NULL */
} cli_options;

/* True when path is read as JSON Lines: --jsonl, or a name ending .jsonl
 * (.jsonl.gz, .jsonl.zst). */
int cli_is_jsonl(const cli_options *opt, const char *path);

#endif
