/*
 * binding.h — what the files of the Python binding (dixit._core) share.
 *
 * The binding is split by the objects it makes, one kind a file, because
 * each kind has its own reason to be the way it is and is read on its own:
 *
 *   _core.c    the module: the extractors, one document's work done
 *              without the GIL (the job: UTF-8, code-point counts,
 *              dx_extract), a finished job turned into its output,
 *              extract(), PyInit__core;
 *   utf8.c     a str's code points to UTF-8, for the job;
 *   objects.c  the struct sequence types (Span, Cue, Party, Entity,
 *              Warning) and the making of spans, entities and warnings
 *              from a job: offsets in bytes and code points, text cut
 *              from the document; the strings every result repeats;
 *   quote.c    Quote, whose fields (a Cue, Party objects) are made when
 *              first read;
 *   result.c   Result, made from a finished job, whose entities are made
 *              when first read;
 *   stream.c   Stream, the threads of extract_many();
 *   tupleview.c  what makes Quote and Result read as tuples.
 *
 * A function lives in the file of the objects it makes and is static
 * unless another file calls it; the ones declared here are called across
 * files.  Their names need no prefix: libdixit's external names all start
 * with dx_, and -fvisibility=hidden keeps these out of the extension's
 * exported symbols (PyInit__core alone is exported).  The small helpers
 * called for every object made (cached, none, set, untracked) are static
 * inline here, so that the compiler can still inline them in every file,
 * as it did when the binding was one file.
 *
 * Every file includes this first: PY_SSIZE_T_CLEAN must come before
 * Python.h, and Python.h before any system header (it sets the feature
 * macros; the build removes -D_POSIX* for these files).
 */
#ifndef DIXIT_PY_BINDING_H
#define DIXIT_PY_BINDING_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stddef.h>

#include "dixit.h"

/* ------------------------------------------------------------------ */
/* One document's work (_core.c)                                       */

/* Code-point offsets: the number of code points before every 64th byte,
 * counted by the worker; the main thread adds those of at most 63 bytes. */
#define BLOCK 64

typedef struct job {
  PyObject *obj; /* the str or bytes given (a reference the job holds) */
  const char *text;
  Py_ssize_t len;
  int is_str, ascii;
  /* A non-ASCII str: its code points, turned into UTF-8 (own) by the
   * worker, so that the GIL holder does not encode it. */
  int kind;
  const void *data;
  Py_ssize_t nchars;
  char *own;
  Py_ssize_t surrogate; /* index of a lone surrogate, or -1 */
  dx_result *res;
  dx_error err;
  dx_status st;
  size_t *blocks;   /* blocks[k]: code points before byte k * BLOCK */
  PyObject **names; /* the entities' names, made once per document */
} job;

/* The extractor of lang (a str or None); NULL with an exception set. */
const dx_extractor *extractor_for(PyObject *lang);
/* Fills j from a str or bytes (taking a reference); -1 with an exception
 * set. */
int prepare(job *j, PyObject *obj);
/* The extraction, without the GIL. */
void run_job(const dx_extractor *ex, job *j);
/* The n code points at data (a str's units of PyUnicode kind) as UTF-8,
 * NUL-terminated, in a block from malloc: *out, of *len bytes; -1 on a
 * lone surrogate (*bad: its index) or no memory (utf8.c).  Needs no GIL. */
int utf8_encode(const void *data, int kind, Py_ssize_t n, char **out, Py_ssize_t *len,
                Py_ssize_t *bad);
void free_job(job *j);
/* The Result of a finished job, or the dixit.Error instance (not raised);
 * NULL with an exception set. */
PyObject *job_output(job *j);

/* ------------------------------------------------------------------ */
/* Helpers for making the objects (with the GIL)                       */

static inline PyObject *cached(PyObject *s) {
  Py_INCREF(s);
  return s;
}

static inline PyObject *none(void) { Py_RETURN_NONE; }

/* The result objects hold only strings, numbers and each other, cannot be
 * changed and so can make no cycle: the cyclic GC need not walk them, which
 * it would otherwise do for every few hundred objects made. */
static inline PyObject *untracked(PyObject *o) {
  if (o)
    PyObject_GC_UnTrack(o); /* a no-op when it is not tracked */
  return o;
}

static inline int set(PyObject *seq, Py_ssize_t i, PyObject *v) {
  if (!v)
    return -1;
  PyStructSequence_SET_ITEM(seq, i, v);
  return 0;
}

/* ------------------------------------------------------------------ */
/* The struct sequences and the strings results repeat (objects.c)     */

extern PyTypeObject SpanType, CueType, PartyType, EntityType, WarningType;

/* Strings every result repeats, made once: "direct", "person", "fr"... */
extern PyObject *type_str[3], *kind_str[5], *lang_str[4];

/* Readies the struct sequence types, adds them to module m and makes the
 * strings above; -1 with an exception set. */
int objects_ready(PyObject *m);

/* A dx_status as Warning.code and Error.code name it. */
const char *status_code(dx_status st);

/* A span in UTF-8 bytes and in code points. */
typedef struct {
  size_t bs, be, cs, ce;
} cspan;

cspan cspan_of(const job *j, dx_span sp);
/* Span s of the document src, a str (cut by code points) or UTF-8 bytes. */
PyObject *cut(PyObject *src, int is_str, cspan s);
/* The str of a cue's lemma, or None (a new reference). */
PyObject *lemma_str(const char *lemma);
/* A Span, or a Cue when lemma is given (a str or None). */
PyObject *make_span(PyTypeObject *type, PyObject *src, int is_str, cspan sp, PyObject *lemma);
/* Entity i's name (a new reference), decoded once per document. */
PyObject *entity_name(const job *j, size_t i);
PyObject *make_entity(const job *j, size_t i);
PyObject *make_warning(const job *j, const dx_error *w);

/* ------------------------------------------------------------------ */
/* Quote (quote.c), Result (result.c), Stream (stream.c)               */

extern PyTypeObject QuoteType, ResultType, StreamType;

/* The Quote of quotation dq of job j (fields unmade). */
PyObject *make_quote(const job *j, const dx_quote *dq);
/* PyType_Ready(&QuoteType), and what struct sequences have besides. */
int quote_type_ready(void);

/* The Result of a job that succeeded: its lang, quotes and warnings; a job
 * with entities moves into it (the slot is left empty). */
PyObject *make_result(job *j);

/* ------------------------------------------------------------------ */
/* The tuple protocol of Quote and Result (tupleview.c)                */

/* The object as the tuple it stands for (a new reference, or NULL with an
 * exception set). */
typedef PyObject *(*as_tuple_fn)(PyObject *self);
/* The n-tuple that Type(sequence) was given (as pickle rebuilds it), or
 * NULL with a TypeError. */
PyObject *view_args(PyObject *args, PyObject *kw, const char *name, Py_ssize_t n);
PyObject *view_subscript(PyObject *self, PyObject *key, as_tuple_fn as_tuple);
PyObject *view_iter(PyObject *self, as_tuple_fn as_tuple);
PyObject *view_richcompare(PyObject *a, PyObject *b, int op, PyTypeObject *type,
                           as_tuple_fn as_tuple);
Py_hash_t view_hash(PyObject *self, as_tuple_fn as_tuple);
PyObject *view_reduce(PyObject *self, as_tuple_fn as_tuple);

#endif
