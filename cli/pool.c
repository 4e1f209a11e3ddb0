/*
 * pool.c — the ring of documents in flight and the threads that extract
 * them (see pool.h).
 *
 * Indices grow forever and are taken modulo the ring's size: head is the
 * next slot the reader fills, next the next one to extract, tail the next
 * one to write; tail <= next <= head <= tail + nslots.  One mutex guards
 * them and the slots' states.  A slot's contents belong to the reader
 * between acquire and publish, to the thread that claimed it while it is
 * extracted, and to the reader again once it is done.
 *
 * The reader (the main thread) is also the writer and one of the -j N
 * extracting threads.  It reads only a little ahead of the workers, writes
 * the records done at the tail whenever it comes back for a slot, and
 * extracts a job itself once the workers have enough queued.  N cores then
 * run N busy threads, not N + 2: a reader or writer thread woken on a busy
 * core preempts a worker there, and a reader far ahead of the workers
 * streams its read-ahead through their caches.  On two cores that cost
 * -j 2 about 7% more CPU than one thread; two processes on halves of the
 * corpus cost 2% (bench/scale.sh).
 */
#include "pool.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "lines.h"

enum { SLOT_FREE, SLOT_QUEUED, SLOT_DONE };

/* In-flight input bytes that make the reader wait, and buffers above this
 * size are given back after use, so one huge document does not pin memory. */
enum { MAX_FLIGHT_BYTES = 16 << 20, KEEP_BUFFER = 256 << 10, KEEP_LINES = 1024 };

/* Slots per extracting thread: records of a few words are batched 64 to a
 * slot (run.c), and the ring holds what is queued, extracted and waiting
 * for the reader to write it. */
enum { SLOTS_PER_THREAD = 24 };

/* Queued input the reader keeps ahead of each worker before it extracts a
 * job itself: enough that a worker does not run dry while the reader is
 * busy with one job (a batch is up to 64 KiB, see run.c), and little
 * enough that the bytes read are still in a cache when they are used. */
enum { AHEAD_BYTES = 256 << 10 };

/* A worker claims up to MAX_CLAIM jobs and CLAIM_BYTES of input at a time:
 * a record of a few words costs less than a trip through the lock, but the
 * more a worker holds, the more records wait behind it to be written. */
enum { MAX_CLAIM = 16 /* <= 32 */, CLAIM_BYTES = 128 << 10 };

/* Idle workers are woken once WAKE_BATCH jobs or WAKE_BYTES of input wait
 * for them, or when the reader is about to wait or block (cli_pool_flush()):
 * records of a few words would otherwise cost a wake-up each, several
 * times the work they carry. */
enum { WAKE_BATCH = 16, WAKE_BYTES = 64 << 10 };

struct cli_pool {
  cli_run *run;
  pthread_mutex_t mu;
  pthread_cond_t can_work; /* workers: a job is queued, or closing */
  pthread_cond_t can_read; /* the reader: a worker finished a job */
  cli_job *slots;
  size_t nslots, head, next, tail;
  size_t flight; /* input bytes held by the slots in [tail, head) */
  size_t queued; /* input bytes of the jobs in [next, head) not yet claimed */
  size_t ahead;  /* the queued bytes the reader keeps for the workers */
  int closing;
  int reader_waits; /* the reader sleeps on can_read */
  int idle;         /* workers asleep on can_work */
  size_t unannounced, unannounced_bytes; /* queued since they were last woken */
  pthread_t *workers;
  int nworkers;
  /* Output buffers of written records, lent to the next jobs extracted,
   * the last given back first: only records being made or waiting to be
   * written hold one, not every slot of the ring, and a buffer lent again
   * has its pages mapped already (a page fault costs more than a short
   * document's extraction on some virtual machines). */
  cli_membuf *spare;
  size_t nspare;
};

static cli_job *slot(const cli_pool *p, size_t i) { return &p->slots[i % p->nslots]; }

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

/* Claims the jobs from next on, up to max_jobs slots and max_bytes of
 * input (at least one slot); returns the first index, and in *mine a bit
 * for each slot that is a job to extract (under the lock).  The others
 * are records the reader published done; one of them may be written,
 * freed and filled again before the claimer finishes, and is not its. */
static size_t claim(cli_pool *p, size_t max_jobs, size_t max_bytes, size_t *n, uint32_t *mine) {
  size_t first = p->next, k = 0, bytes = 0;
  *mine = 0;
  while (k < max_jobs && bytes < max_bytes && p->next + k < p->head) {
    cli_job *j = slot(p, first + k);
    if (j->state == SLOT_QUEUED) {
      *mine |= 1u << k;
      bytes += j->in_bytes;
    }
    k++;
  }
  p->next += k;
  p->queued -= bytes;
  *n = k;
  return first;
}

/* A spare output buffer for a job about to be extracted, if there is one:
 * taken only then, so that queued jobs hold none. */
static void borrow_buffer(cli_pool *p, cli_membuf *out) {
  pthread_mutex_lock(&p->mu);
  if (p->nspare > 0)
    *out = p->spare[--p->nspare];
  pthread_mutex_unlock(&p->mu);
}

/* Puts a written record's output buffer with the spares (under the lock).
 * The reader's own records make buffers too, so the spares may be full. */
static void give_back_buffer(cli_pool *p, cli_membuf *out) {
  if (out->cap == 0)
    return;
  out->len = 0;
  if (p->nspare < p->nslots)
    p->spare[p->nspare++] = *out;
  else
    cli_membuf_free(out);
  *out = (cli_membuf){0};
}

/* Extracts the claimed jobs (without the lock) and marks them done (with
 * it, which the caller holds on entry and on return). */
static void extract(cli_pool *p, jf_parser *fast, size_t first, size_t n, uint32_t mine) {
  pthread_mutex_unlock(&p->mu);
  for (size_t i = 0; i < n; i++) {
    cli_job *j = slot(p, first + i);
    if (!(mine & (1u << i)))
      continue;
    if (j->emit.out.cap == 0)
      borrow_buffer(p, &j->emit.out);
    if (j->kind == CLI_JOB_LINE)
      for (size_t l = 0; l < j->nlines && !j->emit.fatal; l++) {
        const cli_line_ref *r = &j->lines[l];
        cli_run_line(p->run, &j->emit, fast, j->name, r->line_no, r->offset, r->text, r->len);
      }
    else
      cli_input_text_doc(p->run, &j->emit, j->path, j->text, j->text_len);
  }
  pthread_mutex_lock(&p->mu);
  for (size_t i = 0; i < n; i++)
    if (mine & (1u << i))
      slot(p, first + i)->state = SLOT_DONE;
}

static void *work(void *arg) {
  cli_pool *p = arg;
  jf_parser fast; /* each worker reuses its own decoding buffers */
  jf_init(&fast);
  pthread_mutex_lock(&p->mu);
  for (;;) {
    while (p->next == p->head && !p->closing) {
      p->idle++;
      pthread_cond_wait(&p->can_work, &p->mu);
      p->idle--;
    }
    if (p->next == p->head)
      break;
    /* a fair share of what is queued, so that the other threads get
     * theirs; tiny documents cost less than a trip through the lock each */
    size_t share = (p->head - p->next + (size_t)p->nworkers) / ((size_t)p->nworkers + 1);
    size_t n;
    uint32_t mine;
    size_t first = claim(p, share < MAX_CLAIM ? share : MAX_CLAIM, CLAIM_BYTES, &n, &mine);
    extract(p, &fast, first, n, mine);
    if (p->reader_waits)
      pthread_cond_signal(&p->can_read);
  }
  pthread_mutex_unlock(&p->mu);
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
  cli_block_release(j->block);
  j->block = NULL;
  j->nlines = 0;
  if (j->cap_lines > KEEP_LINES) {
    free(j->lines);
    j->lines = NULL;
    j->cap_lines = 0;
  }
  if (j->emit.out.cap > KEEP_BUFFER)
    cli_membuf_free(&j->emit.out);
}

/* The reader writes every record done in a row from the tail (under the
 * lock, which it lets go while writing). */
static void write_done(cli_pool *p) {
  while (p->tail < p->head && slot(p, p->tail)->state == SLOT_DONE) {
    size_t n = 1;
    while (p->tail + n < p->head && slot(p, p->tail + n)->state == SLOT_DONE)
      n++;
    pthread_mutex_unlock(&p->mu);
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++) {
      cli_job *d = slot(p, p->tail + i); /* tail moves only here */
      deliver(p->run, d);
      bytes += d->in_bytes;
      recycle(d);
    }
    pthread_mutex_lock(&p->mu);
    for (size_t i = 0; i < n; i++) {
      cli_job *d = slot(p, p->tail + i);
      d->state = SLOT_FREE;
      give_back_buffer(p, &d->emit.out);
    }
    p->flight -= bytes;
    p->tail += n;
    /* A record the reader published done may be written before any
     * thread looked at its slot; none may look at it afterwards either:
     * the slot may already hold a later job, which would then run twice.
     * Hence next never falls behind tail. */
    if (p->next < p->tail)
      p->next = p->tail;
  }
}

/* The oldest job queued, or NULL (under the lock). */
static cli_job *first_queued(cli_pool *p) {
  while (p->next < p->head && slot(p, p->next)->state != SLOT_QUEUED)
    p->next++; /* records the reader wrote itself */
  return p->next < p->head ? slot(p, p->next) : NULL;
}

/* The reader's turn to extract: the oldest queued job, if any (under the
 * lock).  Returns 0 when nothing was queued. */
static int extract_one(cli_pool *p) {
  if (!first_queued(p))
    return 0;
  announce(p); /* the workers must not sleep on what is queued meanwhile */
  size_t n;
  uint32_t mine;
  size_t first = claim(p, 1, SIZE_MAX, &n, &mine);
  extract(p, &p->run->fast, first, n, mine);
  return 1;
}

/* The reader waits for a worker to finish a job (under the lock). */
static void wait_for_workers(cli_pool *p) {
  announce(p);
  p->reader_waits = 1;
  pthread_cond_wait(&p->can_read, &p->mu);
  p->reader_waits = 0;
}

/* Frees what cli_pool_new() made, once no thread runs. */
static void destroy(cli_pool *p) {
  pthread_mutex_destroy(&p->mu);
  pthread_cond_destroy(&p->can_work);
  pthread_cond_destroy(&p->can_read);
  for (size_t i = 0; i < p->nspare; i++)
    cli_membuf_free(&p->spare[i]);
  free(p->spare);
  free(p->slots);
  free(p->workers);
  free(p);
}

cli_pool *cli_pool_new(cli_run *run, int threads) {
  if (threads < 2)
    return NULL;
  cli_pool *p = calloc(1, sizeof *p);
  if (!p)
    return NULL;
  p->run = run;
  p->nslots = (size_t)threads * SLOTS_PER_THREAD;
  p->ahead = (size_t)(threads - 1) * AHEAD_BYTES;
  p->slots = calloc(p->nslots, sizeof *p->slots);
  p->workers = calloc((size_t)threads - 1, sizeof *p->workers);
  p->spare = calloc(p->nslots, sizeof *p->spare);
  if (!p->slots || !p->workers || !p->spare) {
    free(p->slots);
    free(p->workers);
    free(p->spare);
    free(p);
    return NULL;
  }
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->can_work, NULL);
  pthread_cond_init(&p->can_read, NULL);
  /* Fewer workers than asked for still get the job done. */
  while (p->nworkers < threads - 1 &&
         pthread_create(&p->workers[p->nworkers], NULL, work, p) == 0)
    p->nworkers++;
  if (p->nworkers == 0) {
    destroy(p);
    return NULL;
  }
  return p;
}

cli_job *cli_pool_acquire(cli_pool *p, size_t bytes) {
  pthread_mutex_lock(&p->mu);
  for (;;) {
    write_done(p);
    int room = p->head - p->tail < p->nslots &&
               (p->head == p->tail || p->flight + bytes <= MAX_FLIGHT_BYTES);
    if (room && p->queued < p->ahead)
      break; /* read on */
    /* Extract the oldest queued job, unless it is so large that the
     * workers would run dry meanwhile and there is room to read on. */
    cli_job *q = first_queued(p);
    if (q && room && p->queued - q->in_bytes < p->ahead)
      break;
    if (extract_one(p))
      continue;
    if (room)
      break;
    wait_for_workers(p); /* the ring is full of jobs being extracted */
  }
  cli_job *j = slot(p, p->head);
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
  p->flight += j->in_bytes;
  p->head++;
  if (queued) {
    p->queued += j->in_bytes;
    p->unannounced++;
    p->unannounced_bytes += j->in_bytes;
    /* busy workers find the job when they finish theirs: no wake-up */
    if (p->idle == 0 || p->unannounced >= WAKE_BATCH || p->unannounced_bytes >= WAKE_BYTES)
      announce(p);
  }
  pthread_mutex_unlock(&p->mu);
}

void cli_pool_flush(cli_pool *p) {
  pthread_mutex_lock(&p->mu);
  for (;;) {
    write_done(p);
    if (p->tail == p->head)
      break;
    if (!extract_one(p))
      wait_for_workers(p);
  }
  pthread_mutex_unlock(&p->mu);
}

int cli_pool_idle(cli_pool *p) {
  pthread_mutex_lock(&p->mu);
  write_done(p);
  int worked = extract_one(p);
  pthread_mutex_unlock(&p->mu);
  if (!worked)
    cli_pool_flush(p);
  return worked;
}

void cli_pool_finish(cli_pool *p) {
  cli_pool_flush(p);
  pthread_mutex_lock(&p->mu);
  p->closing = 1;
  pthread_cond_broadcast(&p->can_work);
  pthread_mutex_unlock(&p->mu);
  for (int i = 0; i < p->nworkers; i++)
    pthread_join(p->workers[i], NULL);
  for (size_t i = 0; i < p->nslots; i++) {
    recycle(&p->slots[i]);
    free(p->slots[i].lines);
    cli_emit_free(&p->slots[i].emit);
  }
  destroy(p);
}
