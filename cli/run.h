/*
 * run.h — extracting documents and writing one output record each.
 *
 * The input readers (input.c) hand every document, or every input they
 * could not turn into one, to these functions, in input order.  With one
 * thread a document is extracted at once; with -j N it is queued for the
 * threads that extract (pool.c) and its record is written later, still in
 * input order.  Each record and its stderr messages are built in a cli_emit;
 * cli_run_deliver() copies them out and remembers whether anything failed,
 * for the exit status.
 */
#ifndef DIXIT_CLI_RUN_H
#define DIXIT_CLI_RUN_H

#include <jansson.h>
#include <stddef.h>

#include "dixit.h"
#include "emit.h"
#include "jsonl_fast.h"
#include "options.h"
#include "output.h"
#include "progress.h"

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
  int text_unchecked; /* a JSON Lines text whose UTF-8 no one checked yet
                         (jf_parse_unchecked_text) */
} cli_doc;

struct cli_pool;
struct cli_block;

typedef struct cli_run {
  const cli_options *opt;
  /* One extractor per forced language, all made before any thread starts:
   * dx_extract() only reads them, so every thread shares them. */
  dx_extractor *ex[DX_LANG_OTHER];
  cli_output out;
  cli_progress progress;
  struct cli_pool *pool; /* NULL with one thread */
  struct cli_job *batch; /* lines gathered for one hand-over, not yet queued */
  cli_emit direct;       /* the one thread's emit */
  jf_parser fast;        /* the reader thread's JSON reader */
  unsigned long long disk_done; /* bytes of the input files finished */
  int no_fast;                  /* DIXIT_NO_FAST_JSON: jansson for every line */
  int failed;                   /* a document or an input failed */
  _Atomic int fatal;            /* cannot go on (output error, no memory) */
  size_t n_docs; /* records written so far (the HTML report numbers its sections) */
} cli_run;

/* 0, or -1 after saying why on stderr (then run->fatal is set). */
int cli_run_init(cli_run *run, const cli_options *opt, unsigned long long total_bytes);
/* Waits for the queued documents, closes the output (renaming it into
 * place when everything went well). */
void cli_run_finish(cli_run *run);
void cli_run_free(cli_run *run);

/* The start and end of the output as a whole: the HTML page's frame (title:
 * the one input's name, or NULL for a batch); nothing for JSON and text. */
void cli_run_page_begin(cli_run *run, const char *title);
void cli_run_page_end(cli_run *run);

/* ---- for the readers: what to do, in input order ---- */

/* An emit for a record the reader writes itself (a bad line, an unreadable
 * file), to hand back with cli_run_commit(). */
cli_emit *cli_run_begin(cli_run *run);
void cli_run_commit(cli_run *run, cli_emit *e, unsigned long long in_bytes,
                    unsigned long long disk_pos);

/* A JSON Lines line of input `name` (which outlives the run) to read and
 * extract; line lies in block, which a queued line holds (not copied). */
void cli_run_submit_line(cli_run *run, const char *name, size_t line_no,
                         unsigned long long offset, const char *line, size_t len,
                         struct cli_block *block, unsigned long long disk_pos);
/* A whole text document; *text (malloc'd) is taken over. */
void cli_run_submit_text(cli_run *run, const char *path, char **text, size_t len,
                         unsigned long long disk_pos);

/* The reader may wait on its input now: every record it gave is extracted
 * and written first (see cli_pool_flush()). */
void cli_run_flush(cli_run *run);
/* The reader has nothing to read yet: 1 after extracting a job of its own,
 * 0 once everything it gave is extracted and written (see
 * cli_pool_idle()).  For cli_lines_watch(). */
int cli_run_idle(cli_run *run);

/* The records of input file `index` start / have all been given. */
void cli_run_file_begin(cli_run *run, int index);
void cli_run_file_end(cli_run *run, int index, unsigned long long size);

/* ---- for whoever renders a record (the reader or a worker) ---- */

/* Reads one JSON Lines line of input `name` and extracts its document, or
 * writes its error record (fast: the calling thread's own reader). */
void cli_run_line(cli_run *run, cli_emit *e, jf_parser *fast, const char *name, size_t line_no,
                  unsigned long long offset, const char *line, size_t len);

/* Extracts one document and writes its record: 0.  -1, with nothing
 * written, when doc->text_unchecked and its text is not valid UTF-8: then
 * the line is not the JSON it looked like, and jansson words the error. */
int cli_run_doc(cli_run *run, cli_emit *e, const cli_doc *doc);

/* Writes the record of a document the library refused or that the reader
 * could not finish reading (err->offset is into doc->text when known). */
void cli_run_fail(cli_run *run, cli_emit *e, const cli_doc *doc, const dx_error *err);

/* Writes the record of an input that is not a document at all (a line that
 * is not JSON, a record without "text", a file that cannot be read):
 * {"id": id or null, "error": {"code", "message": "WHERE: MESSAGE",
 * "offset": null, "line": LINE}} ("line" left out when 0), and says so on
 * stderr, with file_offset (the byte in the input file) when not -1. */
void cli_run_bad_input(cli_run *run, cli_emit *e, const json_t *id, const char *code,
                       const char *where, size_t line, long long file_offset,
                       const char *message);

/* Says on stderr that an input could not be opened or read. */
void cli_run_unreadable(cli_run *run, cli_emit *e, const char *path, const char *why);

/* ---- for the writer (the reader thread) ---- */

/* Copies a rendered record and its messages out, in input order. */
void cli_run_deliver(cli_run *run, cli_emit *e, unsigned long long in_bytes,
                     unsigned long long disk_pos);
void cli_run_deliver_file_begin(cli_run *run, int index);
void cli_run_deliver_file_end(cli_run *run, int index, unsigned long long size);

#endif
