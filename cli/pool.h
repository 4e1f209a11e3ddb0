/*
 * pool.h — -j N: N threads extract, with the records still in input order.
 *
 * The reader (the main thread) puts each batch of input lines or text
 * document in a ring of slots; N - 1 worker threads and the reader itself
 * extract them, each into its slot's own output buffer; the reader writes
 * the slots out strictly in ring order.  The ring is bounded in slots and
 * in bytes, so a reader faster than the workers extracts or waits
 * (back-pressure): memory follows the documents in flight, never the
 * corpus.
 */
#ifndef DIXIT_CLI_POOL_H
#define DIXIT_CLI_POOL_H

#include "emit.h"
#include "run.h"

typedef enum cli_job_kind {
  CLI_JOB_RENDERED,   /* the reader wrote the record already */
  CLI_JOB_LINE,       /* JSON Lines lines of one file to read and extract */
  CLI_JOB_TEXT,       /* a text document to extract */
  CLI_JOB_FILE_BEGIN, /* input file `file` starts */
  CLI_JOB_FILE_END    /* input file `file` is over */
} cli_job_kind;

/* LINE: a line of the batch. */
typedef struct cli_line_ref {
  const char *text;           /* in the job's block */
  size_t len;
  size_t line_no;             /* 1-based, in its file */
  unsigned long long offset;  /* in its file */
} cli_line_ref;

typedef struct cli_job {
  cli_job_kind kind;
  int state;         /* pool.c's: free, queued, done */
  /* LINE: consecutive lines of one file, where the reader read them (the
   * job holds their block, see lines.h): one hand-over for many short
   * records, and no copy (see run.c) */
  struct cli_block *block;
  cli_line_ref *lines;
  size_t nlines, cap_lines;
  const char *name;  /* LINE: the input's name (owned by the inputs list) */
  char *text;        /* TEXT: the document (taken over) */
  size_t text_len;
  const char *path;  /* TEXT: the input's path (owned by the inputs list) */
  int file;                    /* FILE_*: the input's index */
  unsigned long long size;     /* FILE_END: its size on disk */
  unsigned long long in_bytes; /* input bytes, for the progress bar and
                                  the bound on the bytes in flight */
  unsigned long long disk_pos; /* how far into the file on disk */
  cli_emit emit;               /* the record and messages */
} cli_job;

typedef struct cli_pool cli_pool;

/* Starts threads - 1 worker threads (threads >= 2); NULL when out of
 * memory or no thread can be made. */
cli_pool *cli_pool_new(cli_run *run, int threads);
/* A free slot, once the ring has room (or, holding MAX_FLIGHT_BYTES, room
 * for `bytes` more) and the workers enough queued; meanwhile the reader
 * writes the records done and extracts jobs itself.  Its emit is reset. */
cli_job *cli_pool_acquire(cli_pool *p, size_t bytes);
/* Hands the slot back: to be extracted (LINE, TEXT), or to be written. */
void cli_pool_publish(cli_pool *p, cli_job *job);
/* Extracts and writes every job published: the reader calls it before it
 * may wait on its input, so that a program feeding dixit one record at a
 * time through a pipe gets each answer before it sends the next. */
void cli_pool_flush(cli_pool *p);
/* The reader has nothing to read yet: it extracts the oldest queued job
 * and returns 1, or, once none is queued, flushes and returns 0.  A reader
 * fed through a pipe then works while the pipe is empty for a moment, and
 * still answers each record before it waits for the next. */
int cli_pool_idle(cli_pool *p);
/* Flushes, then stops the threads and frees all. */
void cli_pool_finish(cli_pool *p);

#endif
