/*
 * pool.h — -j N: worker threads, with the records still in input order.
 *
 * The reader (the main thread) puts each input line or text document in a
 * ring of slots; N workers extract them, each into its slot's own output
 * buffer; one writer thread copies the slots out strictly in ring order.
 * The ring is bounded in slots and in bytes, so a reader faster than the
 * workers waits (back-pressure): memory follows the documents in flight,
 * never the corpus.
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

/* LINE: where a line of the batch is. */
typedef struct cli_line_ref {
  size_t start, len;          /* in the job's data */
  size_t line_no;             /* 1-based, in its file */
  unsigned long long offset;  /* in its file */
} cli_line_ref;

typedef struct cli_job {
  cli_job_kind kind;
  int state;         /* pool.c's: free, queued, done */
  /* LINE: consecutive lines of one file, copied back to back into data:
   * one hand-over for many short records (see run.c) */
  cli_membuf data;
  cli_line_ref *lines;
  size_t nlines, cap_lines;
  const char *name;  /* LINE: the input's name (owned by the inputs list) */
  char *text;        /* TEXT: the document (taken over) */
  size_t text_len;
  const char *path;  /* TEXT: the input's path (owned by the inputs list) */
  int file;                    /* FILE_*: the input's index */
  unsigned long long size;     /* FILE_END: its size on disk */
  unsigned long long in_bytes; /* text bytes, for the progress bar */
  unsigned long long disk_pos; /* how far into the file on disk */
  cli_emit emit;               /* the record and messages */
} cli_job;

typedef struct cli_pool cli_pool;

/* Starts `workers` worker threads and the writer; NULL when out of memory
 * or threads cannot be made. */
cli_pool *cli_pool_new(cli_run *run, int workers);
/* A free slot, waiting while the ring is full (or holds max_bytes and this
 * job needs `bytes` more); its emit is reset. */
cli_job *cli_pool_acquire(cli_pool *p, size_t bytes);
/* Hands the slot back: to the workers (LINE, TEXT) or straight to the writer. */
void cli_pool_publish(cli_pool *p, cli_job *job);
/* Wakes the workers for every job published: the reader calls it before
 * it may block on its input (publish wakes them only in batches). */
void cli_pool_flush(cli_pool *p);
/* Waits until every slot is written, then stops the threads and frees all. */
void cli_pool_finish(cli_pool *p);

#endif
