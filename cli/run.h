/*
 * run.h — extracting documents and writing one output record each.
 *
 * The input readers (input.c) hand every document, or every input they
 * could not turn into one, to these functions, in input order; they write
 * the record on stdout, explain failures on stderr, and remember whether
 * anything failed for the exit status.
 */
#ifndef DIXIT_CLI_RUN_H
#define DIXIT_CLI_RUN_H

#include <jansson.h>
#include <stddef.h>

#include "dixit.h"
#include "options.h"

/* One document, as the input readers found it; nothing here is kept. */
typedef struct cli_doc {
  const char *text; /* may be NULL when len is 0 */
  size_t len;
  const char *id; /* raw JSON when id_is_json, else a plain string; or NULL */
  size_t id_len;
  int id_is_json;
  const char *name;  /* the id for humans ("a.txt", "doc-7", "12") */
  const char *where; /* where it came from, for messages ("a.jsonl:3") */
  dx_lang lang;      /* forced for this document, or DX_LANG_AUTO */
} cli_doc;

typedef struct cli_run {
  const cli_options *opt;
  dx_extractor *ex[DX_LANG_OTHER]; /* by forced language; created on demand */
  size_t n_docs;                   /* records written so far (HTML section ids) */
  int failed;                      /* a document or an input failed */
  int fatal;                       /* cannot go on (output error, no memory) */
} cli_run;

void cli_run_init(cli_run *run, const cli_options *opt);
void cli_run_free(cli_run *run);

/* The start and end of the output as a whole: the HTML page's frame;
 * nothing for JSON and text. */
void cli_run_begin(cli_run *run);
void cli_run_end(cli_run *run);

/* Extracts one document and writes its record. */
void cli_run_doc(cli_run *run, const cli_doc *doc);

/* Writes the record of a document the library refused or that the reader
 * could not finish reading (err->offset is into doc->text when known). */
void cli_run_fail(cli_run *run, const cli_doc *doc, const dx_error *err);

/* Writes the record of an input that is not a document at all (a line that
 * is not JSON, a record without "text", a file that cannot be read):
 * {"id": id or null, "error": {"code", "message": "WHERE: MESSAGE",
 * "offset": null, "line": LINE}} ("line" left out when 0), and says so on
 * stderr, with file_offset (the byte in the input file) when not -1. */
void cli_run_bad_input(cli_run *run, const json_t *id, const char *code, const char *where,
                       size_t line, long long file_offset, const char *message);

/* Says on stderr that an input could not be opened or read. */
void cli_run_unreadable(cli_run *run, const char *path, const char *why);

#endif
