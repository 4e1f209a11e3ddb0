/*
 * inputs.h — the command line's FILE arguments as a list of input files.
 *
 * A FILE may be a file, a directory (every .txt, .jsonl, .jsonl.gz and
 * .jsonl.zst file under it, recursively, in name order) or a glob pattern
 * that the shell left unexpanded because it was quoted.  Each input also
 * gets the name of its output shard for --out-dir.
 */
#ifndef DIXIT_CLI_INPUTS_H
#define DIXIT_CLI_INPUTS_H

#include "options.h"

typedef struct cli_input {
  char *path;  /* as opened; "-" is stdin */
  char *shard; /* its output under --out-dir, relative: "sub/a.jsonl" */
  unsigned long long size; /* on disk; 0 when unknown (stdin) */
} cli_input;

typedef struct cli_inputs {
  cli_input *v;
  size_t n, cap;
  unsigned long long total; /* sum of the sizes; 0 when one is unknown */
  int has_stdin;
} cli_inputs;

/* Expands opt->files.  Returns 0, or 1 when an argument matched nothing
 * (said on stderr; the others are still listed), or 2 on a usage error
 * (two inputs that would write the same shard) or out of memory. */
int cli_inputs_expand(cli_inputs *in, const cli_options *opt);
void cli_inputs_free(cli_inputs *in);

#endif
