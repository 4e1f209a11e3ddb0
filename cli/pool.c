/*
 * pool.c — the ring of documents in flight, its workers and its writer
 * (see pool.h).
 *
 * Indices grow forever and are taken modulo the ring's size: head is the
 * next slot the reader fills, next the next one a worker takes, tail the
 * next one the writer writes; tail <= next <= head <= tail + nslots.  One
 * mutex guards them and the slots' states; a slot's contents belong to the
 * reader between acquire and publish, to one worker while it is queued,
 * and to the writer once it is done and at the tail.
 */
#include "pool.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"

enum { SLOT_FREE, SLOT_QUEUED, SLOT_DONE };

/* In-flight input bytes that make the reader wait, and buffers above this
 * size are given back after use, so one huge document does not pin memory. */
enum { MAX_FLIGHT_BYTES = 16 << 20, KEEP_BUFFER = 256 << 10, KEEP_LINES = 1024,
       MAX_CLAIM = 16 /* <= 32 */ };

/* Slots per worker.  A wake-up costs more than a short document (an
 * inter-processor interrupt, and on two cores the woken thread preempts a
 * worker), so threads are woken in batches: the reader when half the ring
 * is free, the writer when WRITE_BATCH records wait in a row or the
 * workers have nothing left.  The ring must be deep enough for that. */
enum { SLOTS_PER_WORKER = 24, WRITE_BATCH = 16 };

/* Idle workers are woken once WAKE_BATCH jobs or WAKE_BYTES of input wait
 * for them, or when the reader is about to block (cli_pool_flush()):
 * records of a few words would otherwise cost a wake-up each, several
 * times the work they carry. */
enum { WAKE_BATCH = 16, WAKE_BYTES = 64 << 10 };

struct cli_pool {
  cli_run *run;
  pthread_mutex_t mu;
  pthread_cond_t can_fill, can_work, can_write;
  cli_job *slots;
  size_t nslots, head, next, tail;
  size_t flight; /* input bytes held by the slots in [tail, head) */
  int closing;
  int reader_waits; /* the reader sleeps in cli_pool_acquire() */
  int idle;         /* workers asleep on can_work */
  size_t unannounced, unannounced_bytes; /* queued since they were last woken */
  pthread_t *workers, writer;
  int nworkers;
};

static size_t job_bytes(const cli_job *j) { return j->data.len + j->text_len; }

/* Whether to wake the writer (under the lock): records wait at the tail,
 * and either enough of them for a batch, or nothing is left for the
 * workers (so a pipe that feeds one document at a time gets each answer
 * without waiting for the next), or the reader waits for room. */
static int writer_has_enough(const cli_pool *p) {
  if (p->tail == p->head || p->slots[p->tail % p->nslots].state != SLOT_DONE)
    return 0;
  if (p->next == p->head || p->closing || p->reader_waits)
    return 1;
  size_t n = 1;
  while (n < WRITE_BATCH && p->tail + n < p->head &&
         p->slots[(p->tail + n) % p->nslots].state == SLOT_DONE)
    n++;
  return n == WRITE_BATCH;
}

/* Whether to wake the reader (under the lock): it waits, and the ring is
 * empty or has half its slots and half its bytes free again. */
static int reader_has_room(const cli_pool *p) {
  size_t used = p->head - p->tail;
  return p->reader_waits &&
         (used == 0 || (used <= p->nslots / 2 && p->flight <= MAX_FLIGHT_BYTES / 2));
}

/* Wakes the idle workers for what was queued since they were last woken
 * (under the lock). */
static void announce(cli_pool *p) {
  if (p->idle > 0 && p->unannounced > 0) {
    if (p->unannounced > 1)
      pthread_cond_broadcast(&p->can_work);
    else
      pthread_cond_signal(&p->can_work);
  }
  p->unannounced = p->unannounced_bytes = 0;
}

static void *work(void *arg) {
  cli_pool *p = arg;
  jf_parser fast; /* each worker reuses its own decoding buffers */
  jf_init(&fast);
  for (;;) {
    pthread_mutex_lock(&p->mu);
    while (p->next == p->head && !p->closing) {
      p->idle++;
      pthread_cond_wait(&p->can_work, &p->mu);
      p->idle--;
    }
    if (p->next == p->head) {
      pthread_mutex_unlock(&p->mu);
      break;
    }
    /* every job queued now, up to MAX_CLAIM: tiny documents (a record of
     * a few words) cost less than a wake-up each, so a worker that wakes
     * takes what piled up meanwhile, and the writer is woken once */
    /* a fair share of the queue, so that the other workers get theirs */
    size_t first = p->next, queued = p->head - p->next;
    size_t n = (queued + (size_t)p->nworkers - 1) / (size_t)p->nworkers;
    if (n > MAX_CLAIM)
      n = MAX_CLAIM;
    p->next += n;
    /* ours are the slots queued now; one the reader published done may be
     * written, freed and filled again before we finish, and is not ours */
    uint32_t mine = 0;
    for (size_t i = 0; i < n; i++)
      if (p->slots[(first + i) % p->nslots].state == SLOT_QUEUED)
        mine |= 1u << i;
    pthread_mutex_unlock(&p->mu);
    for (size_t i = 0; i < n; i++) {
      cli_job *j = &p->slots[(first + i) % p->nslots];
      if (!(mine & (1u << i)))
        continue;
      if (j->kind == CLI_JOB_LINE)
        for (size_t l = 0; l < j->nlines && !j->emit.fatal; l++) {
          const cli_line_ref *r = &j->lines[l];
          char where[512];
          snprintf(where, sizeof where, "%s:%zu", j->name, r->line_no);
          cli_input_line(p->run, &j->emit, &fast, where, r->line_no, r->offset,
                         j->data.data + r->start, r->len);
        }
      else
        cli_input_text_doc(p->run, &j->emit, j->path, j->text, j->text_len);
    }
    pthread_mutex_lock(&p->mu);
    for (size_t i = 0; i < n; i++)
      if (mine & (1u << i))
        p->slots[(first + i) % p->nslots].state = SLOT_DONE;
    if (writer_has_enough(p))
      pthread_cond_signal(&p->can_write);
    pthread_mutex_unlock(&p->mu);
  }
  jf_free(&fast);
  return NULL;
}

static void deliver(cli_run *run, cli_job *j) {
  switch (j->kind) {
  case CLI_JOB_FILE_BEGIN:
    cli_run_deliver_file_begin(run, j->file);
    break;
  case CLI_JOB_FILE_END:
    cli_run_deliver_file_end(run, j->file, j->size);
    break;
  default:
    cli_run_deliver(run, &j->emit, j->in_bytes, j->disk_pos);
  }
}

/* Gives back what a written slot holds beyond its usual needs. */
static void recycle(cli_job *j) {
  free(j->text);
  j->text = NULL;
  j->text_len = 0;
  j->data.len = 0;
  j->nlines = 0;
  if (j->cap_lines > KEEP_LINES) {
    free(j->lines);
    j->lines = NULL;
    j->cap_lines = 0;
  }
  if (j->data.cap > KEEP_BUFFER)
    cli_membuf_free(&j->data);
  if (j->emit.out.cap > KEEP_BUFFER)
    cli_membuf_free(&j->emit.out);
}

static void *write_out(void *arg) {
  cli_pool *p = arg;
  for (;;) {
    pthread_mutex_lock(&p->mu);
    cli_job *j = &p->slots[p->tail % p->nslots];
    while (!(p->tail < p->head && j->state == SLOT_DONE) && !(p->closing && p->tail == p->head))
      pthread_cond_wait(&p->can_write, &p->mu);
    if (p->tail == p->head) {
      pthread_mutex_unlock(&p->mu);
      break;
    }
    /* every record done in a row from tail, up to MAX_CLAIM, in one go */
    size_t n = 1;
    while (n < MAX_CLAIM && p->tail + n < p->head &&
           p->slots[(p->tail + n) % p->nslots].state == SLOT_DONE)
      n++;
    pthread_mutex_unlock(&p->mu);
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++) {
      cli_job *d = &p->slots[(p->tail + i) % p->nslots]; /* tail moves only here */
      deliver(p->run, d);
      bytes += job_bytes(d);
      recycle(d);
    }
    pthread_mutex_lock(&p->mu);
    for (size_t i = 0; i < n; i++)
      p->slots[(p->tail + i) % p->nslots].state = SLOT_FREE;
    p->flight -= bytes;
    p->tail += n;
    /* A slot the reader published done (a record it wrote, a file mark)
     * may be written before any worker looked at it; the workers must not
     * look at it afterwards either: its slot may already hold a later job,
     * which a worker would then run here and again at its own index (one
     * record twice, or two workers writing one buffer).  Hence next never
     * falls behind tail. */
    if (p->next < p->tail)
      p->next = p->tail;
    if (reader_has_room(p))
      pthread_cond_signal(&p->can_fill);
    pthread_mutex_unlock(&p->mu);
  }
  return NULL;
}

/* Frees what cli_pool_new() made, once no thread runs. */
static void destroy(cli_pool *p) {
  pthread_mutex_destroy(&p->mu);
  pthread_cond_destroy(&p->can_fill);
  pthread_cond_destroy(&p->can_work);
  pthread_cond_destroy(&p->can_write);
  free(p->slots);
  free(p->workers);
  free(p);
}

cli_pool *cli_pool_new(cli_run *run, int workers) {
  cli_pool *p = calloc(1, sizeof *p);
  if (!p)
    return NULL;
  p->run = run;
  p->nslots = (size_t)(workers + 1) * SLOTS_PER_WORKER;
  p->slots = calloc(p->nslots, sizeof *p->slots);
  p->workers = calloc((size_t)workers, sizeof *p->workers);
  if (!p->slots || !p->workers) {
    free(p->slots);
    free(p->workers);
    free(p);
    return NULL;
  }
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->can_fill, NULL);
  pthread_cond_init(&p->can_work, NULL);
  pthread_cond_init(&p->can_write, NULL);
  if (pthread_create(&p->writer, NULL, write_out, p) != 0) {
    destroy(p);
    return NULL;
  }
  /* Fewer workers than asked for still get the job done. */
  while (p->nworkers < workers &&
         pthread_create(&p->workers[p->nworkers], NULL, work, p) == 0)
    p->nworkers++;
  if (p->nworkers == 0) {
    cli_pool_finish(p);
    return NULL;
  }
  return p;
}

cli_job *cli_pool_acquire(cli_pool *p, size_t bytes) {
  pthread_mutex_lock(&p->mu);
  while (p->head - p->tail == p->nslots ||
         (p->head > p->tail && p->flight + bytes > MAX_FLIGHT_BYTES)) {
    p->reader_waits = 1;
    announce(p);
    /* records done but held back for a batch must go out to make room */
    if (writer_has_enough(p))
      pthread_cond_signal(&p->can_write);
    pthread_cond_wait(&p->can_fill, &p->mu);
  }
  p->reader_waits = 0;
  cli_job *j = &p->slots[p->head % p->nslots];
  pthread_mutex_unlock(&p->mu);
  cli_emit_reset(&j->emit);
  j->emit.out_file = NULL;
  j->kind = CLI_JOB_RENDERED;
  j->in_bytes = j->disk_pos = 0;
  return j;
}

void cli_pool_publish(cli_pool *p, cli_job *j) {
  int queued = j->kind == CLI_JOB_LINE || j->kind == CLI_JOB_TEXT;
  pthread_mutex_lock(&p->mu);
  j->state = queued ? SLOT_QUEUED : SLOT_DONE;
  p->flight += job_bytes(j);
  p->head++;
  if (!queued) {
    pthread_cond_signal(&p->can_write);
  } else {
    p->unannounced++;
    p->unannounced_bytes += job_bytes(j);
    /* busy workers find the job when they finish theirs: no wake-up */
    if (p->idle == 0 || p->unannounced >= WAKE_BATCH || p->unannounced_bytes >= WAKE_BYTES)
      announce(p);
  }
  pthread_mutex_unlock(&p->mu);
}

void cli_pool_flush(cli_pool *p) {
  pthread_mutex_lock(&p->mu);
  announce(p);
  pthread_mutex_unlock(&p->mu);
}

void cli_pool_finish(cli_pool *p) {
  pthread_mutex_lock(&p->mu);
  p->closing = 1;
  pthread_cond_broadcast(&p->can_work);
  pthread_cond_broadcast(&p->can_write);
  pthread_mutex_unlock(&p->mu);
  for (int i = 0; i < p->nworkers; i++)
    pthread_join(p->workers[i], NULL);
  pthread_join(p->writer, NULL);
  for (size_t i = 0; i < p->nslots; i++) {
    recycle(&p->slots[i]);
    cli_membuf_free(&p->slots[i].data);
    free(p->slots[i].lines);
    cli_emit_free(&p->slots[i].emit);
  }
  destroy(p);
}
