/*
 * output.h — where the records go: stdout, one file (-o), or one shard per
 * input file (--out-dir).
 *
 * A file is never written in place: records go to a temporary file beside
 * it (.NAME.dixit-tmp.HOST.PID), which is renamed to NAME only once it is
 * complete, so a killed run leaves no half-written output under the final
 * name.  With --out-dir, a shard that already exists is complete: a run
 * restarted with the same command skips those inputs, and ends with the
 * same files as a run that was never interrupted.  Temporary files of dead
 * runs on this host are removed.
 */
#ifndef DIXIT_CLI_OUTPUT_H
#define DIXIT_CLI_OUTPUT_H

#include <stdio.h>

#include "inputs.h"
#include "options.h"

typedef struct cli_output {
  const cli_options *opt;
  const cli_inputs *inputs;
  FILE *f;          /* where records go now; NULL between shards */
  char *tmp, *path; /* the temporary file being written and its final name */
} cli_output;

/* Opens stdout or the -o file, or prepares the --out-dir directory; 0, or -1
 * after saying why on stderr. */
int cli_output_open(cli_output *o, const cli_options *opt, const cli_inputs *inputs);
/* True when input i's shard is already complete (--out-dir only). */
int cli_output_done(const cli_output *o, size_t i);
/* --out-dir: starts input i's shard; 0 or -1 (said on stderr). */
int cli_output_begin(cli_output *o, size_t i);
/* --out-dir: ends the shard; ok: rename it into place, else remove it.
 * 0 or -1 (said on stderr). */
int cli_output_end(cli_output *o, int ok);
/* Flushes stdout, or finishes the -o file (renamed when ok, else removed).
 * 0 or -1. */
int cli_output_close(cli_output *o, int ok);

#endif
