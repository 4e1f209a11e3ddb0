/*
 * _core.c — the Python binding of libdixit, a C extension.
 *
 * Why a C extension compiling the library's sources, not ctypes over
 * libdixit.so: (1) extract_many() runs the extraction on C threads with the
 * GIL released, and builds each document's Python objects while the
 * threads go on with the next ones — ctypes would need one Python call per
 * field of every quote, which costs more than the extraction itself; (2)
 * the package is self-contained: pip builds it from the repository with
 * nothing installed but a C compiler and libutf8proc, and it never looks
 * for a shared library at run time.
 *
 * Offsets: the library speaks UTF-8 byte offsets; Python strings index code
 * points.  Every result carries both.  The code-point offsets are computed
 * without the GIL: the byte offsets a result uses are sorted and the text
 * is walked once (linear time, memory following the result, not the text).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "dixit.h"

/* ------------------------------------------------------------------ */
/* Result types: struct sequences, built in C, read like named tuples  */

static PyTypeObject SpanType, CueType, PartyType, QuoteType, EntityType, WarningType,
    ResultType;

static PyStructSequence_Field span_fields[] = {
    {"text", "the words of the span"},
    {"start", "code-point offset into the text (Python str index)"},
    {"end", "code-point end offset, half-open"},
    {"byte_start", "UTF-8 byte offset"},
    {"byte_end", "UTF-8 byte end offset, half-open"},
    {NULL, NULL}};
static PyStructSequence_Desc span_desc = {"dixit.Span", "A span of the document's text.",
                                          span_fields, 5};

static PyStructSequence_Field cue_fields[] = {
    {"text", NULL}, {"start", NULL}, {"end", NULL}, {"byte_start", NULL}, {"byte_end", NULL},
    {"lemma", "the cue's lemma ('déclarer', 'say') or None"}, {NULL, NULL}};
static PyStructSequence_Desc cue_desc = {"dixit.Cue", "The words that report the speech.",
                                         cue_fields, 6};

static PyStructSequence_Field party_fields[] = {
    {"id", "index into Result.entities"},
    {"name", "the entity's fullest name"},
    {"mention", "a Span: where this sentence names it, or None"},
    {NULL, NULL}};
static PyStructSequence_Desc party_desc = {
    "dixit.Party", "A quotation's speaker, addressee or go-between.", party_fields, 3};

static PyStructSequence_Field quote_fields[] = {
    {"type", "'direct', 'indirect' or 'mixed'"},
    {"text", "the reported words, without quote marks"},
    {"start", "code-point offset of the content"},
    {"end", "code-point end offset, half-open"},
    {"byte_start", "UTF-8 byte offset of the content"},
    {"byte_end", "UTF-8 byte end offset"},
    {"cue", "a Cue, or None"},
    {"speaker", "a Party, or None"},
    {"addressee", "a Party, or None"},
    {"via", "a Party, or None"},
    {"parent", "index of the quotation this one is nested in, or None"},
    {NULL, NULL}};
static PyStructSequence_Desc quote_desc = {"dixit.Quote", "One quotation.", quote_fields, 11};

static PyStructSequence_Field entity_fields[] = {
    {"id", "its index in Result.entities"},
    {"name", "the most complete name the document gives, or None"},
    {"kind", "'person', 'organisation', 'place', 'group' or 'unknown'"},
    {"mentions", "a tuple of Span: every place the document names it"},
    {"roles", "a tuple of str: the roles the text gives it ('président russe')"},
    {NULL, NULL}};
static PyStructSequence_Desc entity_desc = {"dixit.Entity", "An entity of the document.",
                                            entity_fields, 5};

static PyStructSequence_Field warning_fields[] = {
    {"code", "'invalid-utf8', 'nul-byte' or 'warning'"},
    {"message", "for people; its wording may change"},
    {"offset", "code-point offset, or None"},
    {"byte_offset", "byte offset, or None"},
    {NULL, NULL}};
static PyStructSequence_Desc warning_desc = {"dixit.Warning", "A non-fatal problem.",
                                             warning_fields, 4};

static PyStructSequence_Field result_fields[] = {
    {"lang", "'fr', 'en' or 'und'"},
    {"quotes", "list of Quote, in text order"},
    {"entities", "list of Entity"},
    {"warnings", "list of Warning"},
    {NULL, NULL}};
static PyStructSequence_Desc result_desc = {"dixit.Result", "The quotations of one document.",
                                            result_fields, 4};

static PyObject *ErrorType; /* dixit.Error, set by dixit/__init__.py */

/* Strings every result repeats, made once: "direct", "person", "fr"... */
static PyObject *type_str[3], *kind_str[5], *lang_str[4];

static PyObject *cached(PyObject *s) {
  Py_INCREF(s);
  return s;
}

static const char *status_code(dx_status st) {
  switch (st) {
  case DX_OK: return "warning";
  case DX_ENOMEM: return "out-of-memory";
  case DX_EINVAL: return "invalid-argument";
  case DX_EUTF8: return "invalid-utf8";
  case DX_ENUL: return "nul-byte";
  case DX_ETOOBIG: return "too-big";
  case DX_EIO: return "io-error";
  }
  return "unknown";
}

/* ------------------------------------------------------------------ */
/* One document's work, done without the GIL                          */

typedef struct job {
  PyObject *obj;   /* the str or bytes given (a borrowed reference the caller keeps) */
  const char *text;
  Py_ssize_t len;
  int is_str, ascii;
  dx_result *res;
  dx_error err;
  dx_status st;
  size_t *offs; /* sorted byte offsets the result uses */
  size_t *cps;  /* their code-point offsets */
  size_t n_offs;
  PyObject **names; /* the entities' names, made once per document */
} job;

static int cmp_size(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return x < y ? -1 : x > y;
}

/* Every byte offset the result's objects will need, sorted, and their
 * code-point offsets in one walk over the text. */
static int map_offsets(job *j) {
  j->n_offs = 0;
  if (j->ascii)
    return 0;
  const dx_result *r = j->res;
  size_t n = 2 * dx_result_warning_count(r);
  for (size_t i = 0; i < dx_result_quote_count(r); i++)
    n += 10;
  for (size_t i = 0; i < dx_result_entity_count(r); i++)
    n += 2 * dx_result_entity(r, i)->n_mentions;
  size_t *o = malloc((n + 1) * sizeof *o);
  size_t *c = malloc((n + 1) * sizeof *c);
  if (!o || !c) {
    free(o);
    free(c);
    return -1;
  }
  size_t k = 0;
  for (size_t i = 0; i < dx_result_quote_count(r); i++) {
    const dx_quote *q = dx_result_quote(r, i);
    const dx_span sp[5] = {q->content, q->cue, q->speaker_mention, q->addressee_mention,
                           q->via_mention};
    for (int s = 0; s < 5; s++) {
      o[k++] = sp[s].start;
      o[k++] = sp[s].end;
    }
  }
  for (size_t i = 0; i < dx_result_entity_count(r); i++) {
    const dx_entity *e = dx_result_entity(r, i);
    for (size_t m = 0; m < e->n_mentions; m++) {
      o[k++] = e->mentions[m].start;
      o[k++] = e->mentions[m].end;
    }
  }
  for (size_t i = 0; i < dx_result_warning_count(r); i++)
    if (dx_result_warning(r, i)->offset != SIZE_MAX)
      o[k++] = dx_result_warning(r, i)->offset;
  qsort(o, k, sizeof *o, cmp_size);
  size_t u = 0;
  for (size_t i = 0; i < k; i++)
    if (u == 0 || o[u - 1] != o[i])
      o[u++] = o[i];
  /* Code points = bytes that do not continue a sequence (10xxxxxx). */
  const unsigned char *t = (const unsigned char *)j->text;
  size_t pos = 0, cp = 0;
  for (size_t i = 0; i < u; i++) {
    size_t end = o[i] < (size_t)j->len ? o[i] : (size_t)j->len;
    for (; pos < end; pos++)
      cp += (t[pos] & 0xC0) != 0x80;
    c[i] = cp;
  }
  j->offs = o;
  j->cps = c;
  j->n_offs = u;
  return 0;
}

static void run_job(const dx_extractor *ex, job *j) {
  j->st = dx_extract(ex, j->text, (size_t)j->len, &j->res, &j->err);
  if (j->st == DX_OK && map_offsets(j) != 0) {
    j->st = DX_ENOMEM;
    j->err.code = DX_ENOMEM;
    j->err.offset = SIZE_MAX;
    snprintf(j->err.message, sizeof j->err.message, "out of memory");
    dx_result_free(j->res);
    j->res = NULL;
  }
}

static void free_job(job *j) {
  if (j->names) {
    for (size_t i = 0; i < dx_result_entity_count(j->res); i++)
      Py_XDECREF(j->names[i]);
    PyMem_Free(j->names);
    j->names = NULL;
  }
  dx_result_free(j->res);
  free(j->offs);
  free(j->cps);
  j->res = NULL;
  j->offs = j->cps = NULL;
}

/* The code-point offset of byte offset b. */
static size_t cp_of(const job *j, size_t b) {
  if (j->ascii)
    return b;
  size_t lo = 0, hi = j->n_offs;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (j->offs[mid] < b)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < j->n_offs && j->offs[lo] == b)
    return j->cps[lo];
  /* Not an offset the result uses (cannot happen): count from the start. */
  return dx_codepoint_offset(j->text, (size_t)j->len, b);
}

/* ------------------------------------------------------------------ */
/* Building the Python objects (with the GIL)                          */

static PyObject *slice(const job *j, size_t bs, size_t be, size_t cs, size_t ce) {
  if (j->is_str)
    return PyUnicode_Substring(j->obj, (Py_ssize_t)cs, (Py_ssize_t)ce);
  return PyUnicode_DecodeUTF8(j->text + bs, (Py_ssize_t)(be - bs), "replace");
}

static int set(PyObject *seq, Py_ssize_t i, PyObject *v) {
  if (!v)
    return -1;
  PyStructSequence_SET_ITEM(seq, i, v);
  return 0;
}

static PyObject *none(void) { Py_RETURN_NONE; }

static PyObject *size_or_none(size_t v) {
  return v == DX_NONE || v == SIZE_MAX ? none() : PyLong_FromSize_t(v);
}

static PyObject *make_span(PyTypeObject *type, const job *j, dx_span sp, const char *lemma) {
  if (sp.start == 0 && sp.end == 0 && type != &SpanType)
    return none();
  PyObject *s = PyStructSequence_New(type);
  if (!s)
    return NULL;
  size_t cs = cp_of(j, sp.start), ce = cp_of(j, sp.end);
  if (set(s, 0, slice(j, sp.start, sp.end, cs, ce)) || set(s, 1, PyLong_FromSize_t(cs)) ||
      set(s, 2, PyLong_FromSize_t(ce)) || set(s, 3, PyLong_FromSize_t(sp.start)) ||
      set(s, 4, PyLong_FromSize_t(sp.end)) ||
      (type == &CueType && set(s, 5, lemma ? PyUnicode_FromString(lemma) : none()))) {
    Py_DECREF(s);
    return NULL;
  }
  return s;
}

static PyObject *make_mention(const job *j, dx_span sp) {
  if (sp.start == 0 && sp.end == 0)
    return none();
  return make_span(&SpanType, j, sp, NULL);
}

/* Entity i's name (a new reference), decoded once per document. */
static PyObject *entity_name(const job *j, size_t i) {
  const dx_entity *e = dx_result_entity(j->res, i);
  if (!e->name)
    return none();
  if (!j->names[i] &&
      !(j->names[i] = PyUnicode_DecodeUTF8(e->name, (Py_ssize_t)strlen(e->name), "replace")))
    return NULL;
  return cached(j->names[i]);
}

static PyObject *make_party(const job *j, size_t index, dx_span mention) {
  const dx_entity *e = index == DX_NONE ? NULL : dx_result_entity(j->res, index);
  if (!e)
    return none();
  PyObject *p = PyStructSequence_New(&PartyType);
  if (!p)
    return NULL;
  if (set(p, 0, PyLong_FromSize_t(index)) || set(p, 1, entity_name(j, index)) ||
      set(p, 2, make_mention(j, mention))) {
    Py_DECREF(p);
    return NULL;
  }
  return p;
}

static PyObject *make_quote(const job *j, const dx_quote *q) {
  PyObject *o = PyStructSequence_New(&QuoteType);
  if (!o)
    return NULL;
  size_t cs = cp_of(j, q->content.start), ce = cp_of(j, q->content.end);
  if (set(o, 0, cached(type_str[q->type <= DX_QUOTE_MIXED ? q->type : 0])) ||
      set(o, 1, slice(j, q->content.start, q->content.end, cs, ce)) ||
      set(o, 2, PyLong_FromSize_t(cs)) || set(o, 3, PyLong_FromSize_t(ce)) ||
      set(o, 4, PyLong_FromSize_t(q->content.start)) ||
      set(o, 5, PyLong_FromSize_t(q->content.end)) ||
      set(o, 6, make_span(&CueType, j, q->cue, q->cue_lemma)) ||
      set(o, 7, make_party(j, q->speaker, q->speaker_mention)) ||
      set(o, 8, make_party(j, q->addressee, q->addressee_mention)) ||
      set(o, 9, make_party(j, q->via, q->via_mention)) || set(o, 10, size_or_none(q->parent))) {
    Py_DECREF(o);
    return NULL;
  }
  return o;
}

static PyObject *make_entity(const job *j, size_t i) {
  const dx_entity *e = dx_result_entity(j->res, i);
  PyObject *o = PyStructSequence_New(&EntityType);
  if (!o)
    return NULL;
  PyObject *ms = PyTuple_New((Py_ssize_t)e->n_mentions);
  if (!ms) {
    Py_DECREF(o);
    return NULL;
  }
  for (size_t m = 0; m < e->n_mentions; m++) {
    PyObject *s = make_span(&SpanType, j, e->mentions[m], NULL);
    if (!s) {
      Py_DECREF(ms);
      Py_DECREF(o);
      return NULL;
    }
    PyTuple_SET_ITEM(ms, (Py_ssize_t)m, s);
  }
  PyObject *roles = PyTuple_New((Py_ssize_t)e->n_roles);
  for (size_t r = 0; roles && r < e->n_roles; r++) {
    PyObject *s = PyUnicode_DecodeUTF8(e->roles[r], (Py_ssize_t)strlen(e->roles[r]), "replace");
    if (!s) {
      Py_CLEAR(roles);
      break;
    }
    PyTuple_SET_ITEM(roles, (Py_ssize_t)r, s);
  }
  if (!roles) {
    Py_DECREF(ms);
    Py_DECREF(o);
    return NULL;
  }
  if (set(o, 0, PyLong_FromSize_t(i)) || set(o, 1, entity_name(j, i)) ||
      set(o, 2, cached(kind_str[e->kind <= DX_ENTITY_GROUP ? e->kind : 0])) || set(o, 3, ms) ||
      set(o, 4, roles)) {
    Py_DECREF(o);
    return NULL;
  }
  return o;
}

static PyObject *make_warning(const job *j, const dx_error *w) {
  PyObject *o = PyStructSequence_New(&WarningType);
  if (!o)
    return NULL;
  int has = w->offset != SIZE_MAX;
  if (set(o, 0, PyUnicode_FromString(status_code(w->code))) ||
      set(o, 1, PyUnicode_DecodeUTF8(w->message, (Py_ssize_t)strlen(w->message), "replace")) ||
      set(o, 2, has ? PyLong_FromSize_t(cp_of(j, w->offset)) : none()) ||
      set(o, 3, has ? PyLong_FromSize_t(w->offset) : none())) {
    Py_DECREF(o);
    return NULL;
  }
  return o;
}

/* A list of n objects made by make(j, i). */
static PyObject *make_list(const job *j, size_t n, PyObject *(*make)(const job *, size_t)) {
  PyObject *l = PyList_New((Py_ssize_t)n);
  if (!l)
    return NULL;
  for (size_t i = 0; i < n; i++) {
    PyObject *x = make(j, i);
    if (!x) {
      Py_DECREF(l);
      return NULL;
    }
    PyList_SET_ITEM(l, (Py_ssize_t)i, x);
  }
  return l;
}

static PyObject *quote_at(const job *j, size_t i) {
  return make_quote(j, dx_result_quote(j->res, i));
}
static PyObject *warning_at(const job *j, size_t i) {
  return make_warning(j, dx_result_warning(j->res, i));
}

/* dixit.Error(message, code, offset, byte_offset), not raised. */
static PyObject *make_error(const job *j) {
  PyObject *off = none(), *boff = none();
  if (j->err.offset != SIZE_MAX && j->err.offset <= (size_t)j->len) {
    Py_DECREF(off);
    Py_DECREF(boff);
    /* No result to map offsets: count the code points before it. */
    off = PyLong_FromSize_t(dx_codepoint_offset(j->text, (size_t)j->len, j->err.offset));
    boff = PyLong_FromSize_t(j->err.offset);
  }
  PyObject *e = NULL;
  if (off && boff)
    e = PyObject_CallFunction(ErrorType, "ssOO", j->err.message, status_code(j->st), off, boff);
  Py_XDECREF(off);
  Py_XDECREF(boff);
  return e;
}

/* The Result of a finished job, or the dixit.Error instance (not raised). */
static PyObject *job_output(job *j) {
  if (j->st != DX_OK)
    return make_error(j);
  size_t ne = dx_result_entity_count(j->res);
  if (!(j->names = PyMem_Calloc(ne ? ne : 1, sizeof *j->names)))
    return PyErr_NoMemory();
  PyObject *r = PyStructSequence_New(&ResultType);
  if (!r)
    return NULL;
  dx_lang lang = dx_result_lang(j->res);
  if (set(r, 0, cached(lang_str[lang <= DX_LANG_OTHER ? lang : 0])) ||
      set(r, 1, make_list(j, dx_result_quote_count(j->res), quote_at)) ||
      set(r, 2, make_list(j, dx_result_entity_count(j->res), make_entity)) ||
      set(r, 3, make_list(j, dx_result_warning_count(j->res), warning_at))) {
    Py_DECREF(r);
    return NULL;
  }
  return r;
}

/* ------------------------------------------------------------------ */
/* Extractors: one per language, made once, shared by every thread     */

static dx_extractor *extractors[DX_LANG_OTHER];

static const dx_extractor *extractor_for(PyObject *lang) {
  dx_lang l = DX_LANG_AUTO;
  if (lang && lang != Py_None) {
    const char *code = PyUnicode_Check(lang) ? PyUnicode_AsUTF8(lang) : NULL;
    if (!code) {
      if (!PyErr_Occurred())
        PyErr_SetString(PyExc_TypeError, "lang must be a str or None");
      return NULL;
    }
    l = dx_lang_from_code(code);
    if (l == DX_LANG_AUTO && strcmp(code, "auto") != 0) {
      PyErr_Format(PyExc_ValueError, "unsupported language %R (fr, en, auto or None)", lang);
      return NULL;
    }
  }
  return extractors[l];
}

/* Fills j from a str or bytes; -1 with an exception set. */
static int prepare(job *j, PyObject *obj) {
  memset(j, 0, sizeof *j);
  j->obj = obj;
  if (PyUnicode_Check(obj)) {
    j->text = PyUnicode_AsUTF8AndSize(obj, &j->len);
    if (!j->text) {
      /* A lone surrogate has no UTF-8: the library's own error, in words. */
      if (PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) {
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        Py_ssize_t start = 0;
        PyUnicodeEncodeError_GetStart(value, &start);
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(tb);
        PyObject *e = PyObject_CallFunction(ErrorType, "ssnO",
                                            "a lone surrogate has no UTF-8 form",
                                            "invalid-utf8", start, Py_None);
        if (e) {
          PyErr_SetObject(ErrorType, e);
          Py_DECREF(e);
        }
      }
      return -1;
    }
    j->is_str = 1;
    j->ascii = PyUnicode_IS_ASCII(obj);
    return 0;
  }
  if (PyBytes_Check(obj)) {
    j->text = PyBytes_AS_STRING(obj);
    j->len = PyBytes_GET_SIZE(obj);
    return 0;
  }
  PyErr_Format(PyExc_TypeError, "a document must be a str or bytes, not %.80s",
               Py_TYPE(obj)->tp_name);
  return -1;
}

/* _core.extract(text, lang) -> Result or dixit.Error instance */
static PyObject *py_extract(PyObject *self, PyObject *args) {
  PyObject *obj, *lang = Py_None;
  if (!PyArg_ParseTuple(args, "O|O", &obj, &lang))
    return NULL;
  const dx_extractor *ex = extractor_for(lang);
  if (!ex)
    return NULL;
  job j;
  if (prepare(&j, obj) != 0)
    return NULL;
  Py_BEGIN_ALLOW_THREADS
  run_job(ex, &j);
  Py_END_ALLOW_THREADS
  PyObject *out = job_output(&j);
  free_job(&j);
  return out;
}

/* ------------------------------------------------------------------ */
/* A batch on threads                                                  */

typedef struct batch {
  const dx_extractor *ex;
  job *jobs;
  size_t n;
  pthread_mutex_t mu;
  pthread_cond_t done_cv;
  size_t next;     /* next job a thread takes */
  char *done;      /* done[i]: job i finished */
} batch;

static void *batch_worker(void *arg) {
  batch *b = arg;
  for (;;) {
    pthread_mutex_lock(&b->mu);
    size_t i = b->next < b->n ? b->next++ : b->n;
    pthread_mutex_unlock(&b->mu);
    if (i == b->n)
      return NULL;
    run_job(b->ex, &b->jobs[i]);
    pthread_mutex_lock(&b->mu);
    b->done[i] = 1;
    pthread_cond_broadcast(&b->done_cv);
    pthread_mutex_unlock(&b->mu);
  }
}

/* _core.extract_batch(list, lang, threads) -> list of Result / Error.
 * Threads extract in order of the list; this thread turns each finished
 * document into objects while they go on (without the GIL while waiting). */
static PyObject *py_extract_batch(PyObject *self, PyObject *args) {
  PyObject *seq, *lang = Py_None;
  int threads = 1;
  if (!PyArg_ParseTuple(args, "O!|Oi", &PyList_Type, &seq, &lang, &threads))
    return NULL;
  const dx_extractor *ex = extractor_for(lang);
  if (!ex)
    return NULL;
  size_t n = (size_t)PyList_GET_SIZE(seq);
  if (threads < 1)
    threads = 1;
  if ((size_t)threads > n)
    threads = n ? (int)n : 1;
  batch b = {ex, NULL, n, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, NULL};
  b.jobs = PyMem_Calloc(n ? n : 1, sizeof *b.jobs);
  b.done = PyMem_Calloc(n ? n : 1, 1);
  PyObject *out = PyList_New((Py_ssize_t)n);
  if (!b.jobs || !b.done || !out) {
    PyMem_Free(b.jobs);
    PyMem_Free(b.done);
    Py_XDECREF(out);
    return PyErr_NoMemory();
  }
  /* The list may change under us once the GIL is released: hold the items. */
  PyObject *items = PyList_GetSlice(seq, 0, (Py_ssize_t)n);
  size_t prepared = 0;
  for (; items && prepared < n; prepared++)
    if (prepare(&b.jobs[prepared], PyList_GET_ITEM(items, (Py_ssize_t)prepared)) != 0)
      break;
  if (!items || prepared < n) {
    Py_XDECREF(items);
    Py_DECREF(out);
    PyMem_Free(b.jobs);
    PyMem_Free(b.done);
    return NULL;
  }
  pthread_t *tids = PyMem_Calloc((size_t)threads, sizeof *tids);
  int started = 0;
  if (tids)
    for (; started < threads; started++)
      if (pthread_create(&tids[started], NULL, batch_worker, &b) != 0)
        break;
  int failed = 0;
  for (size_t i = 0; i < n; i++) {
    if (started == 0) { /* no thread could start: do it here */
      Py_BEGIN_ALLOW_THREADS
      run_job(ex, &b.jobs[i]);
      Py_END_ALLOW_THREADS
    } else {
      pthread_mutex_lock(&b.mu);
      int ready = b.done[i];
      pthread_mutex_unlock(&b.mu);
      if (!ready) {
        Py_BEGIN_ALLOW_THREADS
        pthread_mutex_lock(&b.mu);
        while (!b.done[i])
          pthread_cond_wait(&b.done_cv, &b.mu);
        pthread_mutex_unlock(&b.mu);
        Py_END_ALLOW_THREADS
      }
    }
    PyObject *r = failed ? NULL : job_output(&b.jobs[i]);
    if (!r)
      failed = 1;
    else
      PyList_SET_ITEM(out, (Py_ssize_t)i, r);
    free_job(&b.jobs[i]);
  }
  Py_BEGIN_ALLOW_THREADS
  for (int t = 0; t < started; t++)
    pthread_join(tids[t], NULL);
  Py_END_ALLOW_THREADS
  PyMem_Free(tids);
  pthread_mutex_destroy(&b.mu);
  pthread_cond_destroy(&b.done_cv);
  PyMem_Free(b.jobs);
  PyMem_Free(b.done);
  Py_DECREF(items);
  if (failed) {
    Py_DECREF(out);
    return NULL;
  }
  return out;
}

static PyObject *py_set_error_type(PyObject *self, PyObject *type) {
  Py_XDECREF(ErrorType);
  Py_INCREF(type);
  ErrorType = type;
  Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"extract", py_extract, METH_VARARGS, "extract(text, lang=None) -> Result or Error"},
    {"extract_batch", py_extract_batch, METH_VARARGS,
     "extract_batch(list, lang=None, threads=1) -> list of Result or Error"},
    {"_set_error_type", py_set_error_type, METH_O, NULL},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "dixit._core", NULL, -1, methods};

PyMODINIT_FUNC PyInit__core(void) {
  for (int l = 0; l < DX_LANG_OTHER; l++) {
    dx_options o = {0};
    o.lang = (dx_lang)l;
    dx_error err;
    if (!extractors[l] && !(extractors[l] = dx_extractor_new(&o, &err))) {
      PyErr_SetString(PyExc_MemoryError, err.message);
      return NULL;
    }
  }
  struct {
    PyTypeObject *type;
    PyStructSequence_Desc *desc;
  } types[] = {{&SpanType, &span_desc},       {&CueType, &cue_desc},
               {&PartyType, &party_desc},     {&QuoteType, &quote_desc},
               {&EntityType, &entity_desc},   {&WarningType, &warning_desc},
               {&ResultType, &result_desc}};
  PyObject *m = PyModule_Create(&module);
  if (!m)
    return NULL;
  for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
    if (!types[i].type->tp_name && PyStructSequence_InitType2(types[i].type, types[i].desc) != 0)
      return NULL;
    const char *dot = strrchr(types[i].desc->name, '.');
    Py_INCREF(types[i].type);
    if (PyModule_AddObject(m, dot + 1, (PyObject *)types[i].type) != 0)
      return NULL;
  }
  for (int i = 0; i < 3; i++)
    if (!(type_str[i] = PyUnicode_InternFromString(dx_quote_type_name((dx_quote_type)i))))
      return NULL;
  for (int i = 0; i < 5; i++)
    if (!(kind_str[i] = PyUnicode_InternFromString(dx_entity_kind_name((dx_entity_kind)i))))
      return NULL;
  for (int i = 0; i < 4; i++)
    if (!(lang_str[i] = PyUnicode_InternFromString(dx_lang_code((dx_lang)i))))
      return NULL;
  PyModule_AddStringConstant(m, "LIB_VERSION", dx_version());
  return m;
}
