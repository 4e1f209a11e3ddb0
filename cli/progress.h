/*
 * progress.h — a one-line progress bar on stderr, only for a person
 * watching a terminal: documents/s, MB/s, and an ETA when the size of the
 * inputs is known.  Only the writer (the main thread) calls these.
 */
#ifndef DIXIT_CLI_PROGRESS_H
#define DIXIT_CLI_PROGRESS_H

typedef struct cli_progress {
  int on;
  double t0, last;
  unsigned long long docs, bytes; /* done: documents, text bytes */
  unsigned long long total;       /* bytes of the inputs on disk; 0: unknown */
  int drawn;                      /* a bar is on the screen */
} cli_progress;

void cli_progress_init(cli_progress *p, int on, unsigned long long total);
/* Counts one more record; disk_done is how far into the inputs on disk. */
void cli_progress_add(cli_progress *p, unsigned long long bytes, unsigned long long disk_done);
/* Erases the bar before something else is written on stderr. */
void cli_progress_clear(cli_progress *p);
void cli_progress_end(cli_progress *p);

#endif
