/*
 * stream.c — _core.Stream, the documents of extract_many() on threads.
 * (binding.h says how the binding is split.)
 */
#include "binding.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

/* ------------------------------------------------------------------ */
/* The allocator                                                       */

/* A document's memory (its UTF-8 text, its result) is allocated by the
 * thread that extracts it, in that thread's glibc heap, and freed by the
 * thread that holds the GIL once its Result is gone.  glibc gives the top
 * of a heap back to the system (madvise, then page faults to take it
 * again) whenever more than 128 KiB of it is free, which these frees do
 * again and again: with two threads, 8,000-10,000 page faults on 105 MB
 * and a tenth of extract_many's time (0.78-0.82 s, 0.71-0.72 s with the
 * threshold below).  So the first stream keeps up to 32 MiB free a heap,
 * for the whole process, as the dixit command does (cli/main.c); freed
 * memory is reused, so the peak is what the documents in flight need.  A
 * program that set the threshold itself, in the environment, keeps its
 * own. */
static void keep_freed_memory(void) {
#if defined(__GLIBC__)
  const char *tunables = getenv("GLIBC_TUNABLES");
  if (getenv("MALLOC_TRIM_THRESHOLD_") || (tunables && strstr(tunables, "malloc.trim_threshold")))
    return;
  mallopt(M_TRIM_THRESHOLD, 32 << 20);
#endif
}

static pthread_once_t allocator_once = PTHREAD_ONCE_INIT;

/* ------------------------------------------------------------------ */
/* A stream of documents on threads                                    */

/* _core.Stream(iterable, lang, threads, window): an iterator of Result /
 * Error in the order of the iterable.  Its threads live as long as it
 * does and take the documents in order from a ring of `window` slots;
 * this thread keeps the ring full from the iterable and turns the oldest
 * finished document into objects while they go on, so the extraction never
 * stops for the objects (nor for the next batch) and memory follows the
 * window, not the corpus.
 *
 * With threads >= 2, this thread is one of them: threads - 1 workers
 * start, and rather than sleep until the oldest document is done, this
 * thread extracts the next one nobody took (the GIL let go).  N cores then
 * run N busy threads, not N + 1 that preempt each other: on two cores that
 * made the two-thread stream about 10% faster (bench/py_many.py).  With
 * one thread, a worker extracts while this thread makes the objects. */
typedef struct {
  PyObject_HEAD
  PyObject *it;
  const dx_extractor *ex;
  job *ring;
  char *done;      /* done[slot]: that job finished */
  size_t cap;      /* slots */
  size_t head;     /* the next document to hand out (a count, not a slot) */
  size_t tail;     /* the next document to read in */
  size_t next;     /* the next document a thread takes */
  int stop, ended; /* threads must quit; the iterable is exhausted or failed */
  int busy;        /* a __next__ is running (it lets the GIL go while it waits) */
  int helps;       /* __next__ extracts while it waits (threads >= 2) */
  PyObject *exc_type, *exc_value, *exc_tb; /* raised after the documents before it */
  pthread_t *tids;
  int started;
  pthread_mutex_t mu;
  pthread_cond_t work_cv, done_cv;
  /* A wake-up costs more than a short document: threads are woken only
   * when one sleeps for the thing at hand. */
  int idle;          /* threads asleep on work_cv */
  size_t awaited;    /* 1 + the document (a count) __next__ sleeps on, or 0 */
} Stream;

/* Whether __next__, asleep on document awaited - 1, should wake (under
 * the lock): it is done and so are the WAKE_RUN after it, or every one
 * read in so far.  Each wake-up costs two context switches and, on two
 * cores, preempts a thread that extracts: woken per document, the
 * consumer cost one every few records, and 32 at a time took 4% less time
 * than 16 with two threads on 105 MB (the ring, of 64 slots a thread,
 * keeps the threads busy meanwhile).  (Waking it once every document the
 * threads had taken was done woke it once a document with one thread: that
 * held each time the thread finished one, before it took the next.) */
enum { WAKE_RUN = 32 };

static int ready_run(const Stream *s) {
  size_t i = s->awaited - 1, n = 0;
  while (i < s->next && n < WAKE_RUN && s->done[i % s->cap])
    i++, n++;
  return n > 0 && (n == WAKE_RUN || i == s->tail);
}

/* Takes the next document nobody took (there is one) and extracts it,
 * the lock let go meanwhile: a worker's step, and __next__'s while it
 * waits (under the lock on entry and on return). */
static void run_next(Stream *s) {
  size_t slot = s->next++ % s->cap;
  pthread_mutex_unlock(&s->mu);
  run_job(s->ex, &s->ring[slot]);
  pthread_mutex_lock(&s->mu);
  s->done[slot] = 1;
  if (s->awaited && ready_run(s))
    pthread_cond_signal(&s->done_cv);
}

static void *stream_worker(void *arg) {
  Stream *s = arg;
  pthread_mutex_lock(&s->mu);
  for (;;) {
    while (!s->stop && s->next == s->tail) {
      s->idle++;
      pthread_cond_wait(&s->work_cv, &s->mu);
      s->idle--;
    }
    if (s->stop)
      break;
    run_next(s);
  }
  pthread_mutex_unlock(&s->mu);
  return NULL;
}

static PyObject *stream_new(PyTypeObject *type, PyObject *args, PyObject *kw) {
  PyObject *iterable, *lang = Py_None;
  int threads = 1;
  Py_ssize_t window = 64;
  if (!PyArg_ParseTuple(args, "O|Oin", &iterable, &lang, &threads, &window))
    return NULL;
  const dx_extractor *ex = extractor_for(lang);
  if (!ex)
    return NULL;
  PyObject *it = PyObject_GetIter(iterable);
  if (!it)
    return NULL;
  Stream *s = (Stream *)type->tp_alloc(type, 0);
  if (!s) {
    Py_DECREF(it);
    return NULL;
  }
  s->it = it;
  s->ex = ex;
  s->cap = window < 1 ? 1 : (size_t)window;
  if (threads < 1)
    threads = 1;
  if ((size_t)threads > s->cap)
    threads = (int)s->cap;
  pthread_mutex_init(&s->mu, NULL);
  pthread_cond_init(&s->work_cv, NULL);
  pthread_cond_init(&s->done_cv, NULL);
  s->ring = PyMem_Calloc(s->cap, sizeof *s->ring);
  s->done = PyMem_Calloc(s->cap, 1);
  s->tids = PyMem_Calloc((size_t)threads, sizeof *s->tids);
  if (!s->ring || !s->done || !s->tids) {
    Py_DECREF(s);
    return PyErr_NoMemory();
  }
  pthread_once(&allocator_once, keep_freed_memory);
  s->helps = threads >= 2;
  int workers = s->helps ? threads - 1 : threads;
  /* No thread at all (pthread_create failing): __next__ works alone. */
  while (s->started < workers && pthread_create(&s->tids[s->started], NULL, stream_worker, s) == 0)
    s->started++;
  return (PyObject *)s;
}

static void stream_dealloc(Stream *s) {
  if (s->tids) {
    pthread_mutex_lock(&s->mu);
    s->stop = 1;
    pthread_cond_broadcast(&s->work_cv);
    pthread_mutex_unlock(&s->mu);
    Py_BEGIN_ALLOW_THREADS
    for (int t = 0; t < s->started; t++)
      pthread_join(s->tids[t], NULL);
    Py_END_ALLOW_THREADS
  }
  for (size_t i = s->head; s->ring && i < s->tail; i++)
    free_job(&s->ring[i % s->cap]);
  PyMem_Free(s->ring);
  PyMem_Free(s->done);
  PyMem_Free(s->tids);
  pthread_mutex_destroy(&s->mu);
  pthread_cond_destroy(&s->work_cv);
  pthread_cond_destroy(&s->done_cv);
  Py_XDECREF(s->it);
  Py_XDECREF(s->exc_type);
  Py_XDECREF(s->exc_value);
  Py_XDECREF(s->exc_tb);
  Py_TYPE(s)->tp_free((PyObject *)s);
}

/* Reads documents from the iterable until the ring is full.  An error
 * (from the iterable, or a document that is no text) ends the reading; it
 * is raised once the documents before it are handed out. */
static void stream_fill(Stream *s) {
  /* in bursts, once half the ring is free: the threads have work queued
   * meanwhile, and the lock is taken once a document, not a wake-up */
  if (s->tail - s->head > s->cap / 2)
    return;
  while (!s->ended && s->tail - s->head < s->cap) {
    size_t slot = s->tail % s->cap;
    PyObject *item = PyIter_Next(s->it);
    if (item && prepare(&s->ring[slot], item) != 0)
      Py_CLEAR(item);
    if (!item) {
      s->ended = 1;
      if (PyErr_Occurred())
        PyErr_Fetch(&s->exc_type, &s->exc_value, &s->exc_tb);
      return;
    }
    Py_DECREF(item); /* the job holds it */
    pthread_mutex_lock(&s->mu);
    s->done[slot] = 0;
    s->tail++;
    if (s->idle)
      pthread_cond_signal(&s->work_cv);
    pthread_mutex_unlock(&s->mu);
  }
}

static PyObject *stream_next_locked(Stream *s);

/* Until the oldest document (in slot) is done: extracts the next one
 * nobody took, when this thread helps, or sleeps (the GIL let go). */
static void await_done(Stream *s, size_t slot) {
  pthread_mutex_lock(&s->mu);
  while (!s->done[slot]) {
    if (s->helps && s->next < s->tail) {
      run_next(s);
      continue;
    }
    s->awaited = s->head + 1;
    pthread_cond_wait(&s->done_cv, &s->mu);
    s->awaited = 0;
  }
  pthread_mutex_unlock(&s->mu);
}

/* Two Python threads calling next() at once would both take the ring's
 * head: the second is refused, as a generator refuses it. */
static PyObject *stream_next(Stream *s) {
  if (s->busy) {
    PyErr_SetString(PyExc_ValueError, "Stream already executing");
    return NULL;
  }
  s->busy = 1;
  PyObject *out = stream_next_locked(s);
  s->busy = 0;
  return out;
}

static PyObject *stream_next_locked(Stream *s) {
  stream_fill(s);
  if (s->head == s->tail) {
    if (s->exc_type) {
      PyErr_Restore(s->exc_type, s->exc_value, s->exc_tb);
      s->exc_type = s->exc_value = s->exc_tb = NULL;
    }
    return NULL;
  }
  size_t slot = s->head % s->cap;
  job *j = &s->ring[slot];
  if (s->started == 0) {
    Py_BEGIN_ALLOW_THREADS
    run_job(s->ex, j);
    Py_END_ALLOW_THREADS
  } else {
    pthread_mutex_lock(&s->mu);
    int ready = s->done[slot];
    pthread_mutex_unlock(&s->mu);
    if (!ready) {
      Py_BEGIN_ALLOW_THREADS
      await_done(s, slot);
      Py_END_ALLOW_THREADS
    }
  }
  PyObject *out = job_output(j);
  free_job(j);
  s->head++;
  return out;
}

PyTypeObject StreamType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "dixit._core.Stream",
    .tp_basicsize = sizeof(Stream),
    .tp_dealloc = (destructor)stream_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Stream(iterable, lang=None, threads=1, window=64): Results in order",
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = (iternextfunc)stream_next,
    .tp_new = stream_new,
};
