/*
 * input.h — turning the inputs into documents for run.c, in order.
 */
#ifndef DIXIT_CLI_INPUT_H
#define DIXIT_CLI_INPUT_H

#include "run.h"

/* Reads path ("-" for stdin; .gz and .zst decompressed) as one text
 * document whose id is the path ("-" for stdin), and hands it to run. */
void cli_input_text(cli_run *run, const char *path);

/* Extracts a text document read by cli_input_text (on any thread). */
void cli_input_text_doc(cli_run *run, cli_emit *e, const char *path, const char *text,
                        size_t len);

/* Reads path ("-" for stdin; .gz and .zst decompressed) as JSON Lines: one
 * {"id", "text", "lang"?} record a line; blank lines are skipped; each
 * other line is handed to run; a bad line gives an error record and reading
 * goes on. */
void cli_input_jsonl(cli_run *run, const char *path);

/* Reads one JSON Lines line (where: "file:line") and extracts its document,
 * or writes its error record (on any thread; fast is the thread's own). */
void cli_input_line(cli_run *run, cli_emit *e, jf_parser *fast, const char *where,
                    size_t line_no, unsigned long long offset, const char *line, size_t len);

/* The JSON text of an id as it is written back: numbers keep their value
 * (a real keeps Python's spelling, 1.0 not 1), strings are re-escaped.
 * Returns a malloc'd string, or NULL when out of memory. */
char *cli_id_json(const json_t *id);

#endif
