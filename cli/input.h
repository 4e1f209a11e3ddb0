/*
 * input.h — turning the inputs into documents for run.c, in order.
 */
#ifndef DIXIT_CLI_INPUT_H
#define DIXIT_CLI_INPUT_H

#include "run.h"

/* Reads path ("-" for stdin) as one text document whose id is the path
 * ("-" for stdin). */
void cli_input_text(cli_run *run, const char *path);

/* Reads path ("-" for stdin) as JSON Lines: one {"id", "text", "lang"?}
 * record a line; blank lines are skipped; a bad line gives an error record
 * and reading goes on. */
void cli_input_jsonl(cli_run *run, const char *path);

/* The JSON text of an id as it is written back: numbers keep their value
 * (a real keeps Python's spelling, 1.0 not 1), strings are re-escaped.
 * Returns a malloc'd string, or NULL when out of memory. */
char *cli_id_json(const json_t *id);

#endif
