/* progress.c — the progress bar on stderr (see progress.h). */
#include "progress.h"

#include <stdio.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_init(cli_progress *p, int on, unsigned long long total) {
  p->on = on;
  p->t0 = p->last = now();
  p->docs = p->bytes = 0;
  p->total = total;
  p->drawn = 0;
}

static void draw(cli_progress *p, double t, unsigned long long disk_done) {
  double secs = t - p->t0 > 1e-3 ? t - p->t0 : 1e-3;
  char eta[48] = "";
  if (p->total && disk_done > 0 && disk_done <= p->total) {
    double left = secs * (double)(p->total - disk_done) / (double)disk_done;
    unsigned s = (unsigned)(left + 0.5);
    snprintf(eta, sizeof eta, "  %3.0f%%  ETA %u:%02u:%02u",
             100.0 * (double)disk_done / (double)p->total, s / 3600, s / 60 % 60, s % 60);
  }
  fprintf(stderr, "\r\033[Kdixit: %llu documents  %.0f docs/s  %.1f MB/s%s", p->docs,
          (double)p->docs / secs, (double)p->bytes / 1e6 / secs, eta);
  fflush(stderr);
  p->drawn = 1;
  p->last = t;
}

void cli_progress_add(cli_progress *p, unsigned long long bytes, unsigned long long disk_done) {
  p->docs++;
  p->bytes += bytes;
  if (!p->on)
    return;
  double t = now();
  if (t - p->last >= 0.25)
    draw(p, t, disk_done);
}

void cli_progress_clear(cli_progress *p) {
  if (p->on && p->drawn) {
    fputs("\r\033[K", stderr);
    p->drawn = 0;
  }
}

void cli_progress_end(cli_progress *p) {
  if (!p->on)
    return;
  draw(p, now(), p->total);
  fputc('\n', stderr);
  p->drawn = 0;
}
