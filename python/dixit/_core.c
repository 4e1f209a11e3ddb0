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
 * Speed: only one thread at a time can make Python objects, so whatever
 * does not need the GIL is done by the workers (encoding a str to UTF-8,
 * counting code points), the threads live as long as the stream and never
 * wait for a batch to drain, and the objects are made in as few
 * allocations as the API allows (cached strings, no cyclic-GC tracking,
 * a Quote's fields and a Result's entities made only when read).
 *
 * Offsets: the library speaks UTF-8 byte offsets; Python strings index code
 * points.  Every result carries both.  The worker counts the code points
 * before every 64th byte (linear time, one pass); an offset's code point is
 * then that count plus those of at most 63 bytes.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dixit.h"

/* ------------------------------------------------------------------ */
/* Result types: struct sequences, built in C, read like named tuples  */
/* (Result itself is a type of its own, below, for its lazy entities)   */

static PyTypeObject SpanType, CueType, PartyType, EntityType, WarningType;

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

/* The UTF-8 size of n code points of type T; -1 at a lone surrogate
 * (*bad: its index).  One loop per width, so the compiler can make each
 * fast. */
#define UTF8_SIZE(T)                                                            \
  static Py_ssize_t utf8_size_##T(const T *p, Py_ssize_t n, Py_ssize_t *bad) { \
    Py_ssize_t size = n;                                                        \
    for (Py_ssize_t i = 0; i < n; i++) {                                        \
      Py_UCS4 c = p[i];                                                         \
      if (c < 0x80)                                                             \
        continue;                                                               \
      if (c >= 0xD800 && c <= 0xDFFF) {                                         \
        *bad = i;                                                               \
        return -1;                                                              \
      }                                                                         \
      size += c < 0x800 ? 1 : c < 0x10000 ? 2 : 3;                              \
    }                                                                           \
    return size;                                                                \
  }
#define UTF8_WRITE(T)                                                           \
  static void utf8_write_##T(const T *p, Py_ssize_t n, unsigned char *o) {      \
    for (Py_ssize_t i = 0; i < n; i++) {                                        \
      Py_UCS4 c = p[i];                                                         \
      if (c < 0x80) {                                                           \
        *o++ = (unsigned char)c;                                                \
      } else if (c < 0x800) {                                                   \
        *o++ = (unsigned char)(0xC0 | c >> 6);                                  \
        *o++ = (unsigned char)(0x80 | (c & 0x3F));                              \
      } else if (c < 0x10000) {                                                 \
        *o++ = (unsigned char)(0xE0 | c >> 12);                                 \
        *o++ = (unsigned char)(0x80 | (c >> 6 & 0x3F));                        \
        *o++ = (unsigned char)(0x80 | (c & 0x3F));                              \
      } else {                                                                  \
        *o++ = (unsigned char)(0xF0 | c >> 18);                                 \
        *o++ = (unsigned char)(0x80 | (c >> 12 & 0x3F));                        \
        *o++ = (unsigned char)(0x80 | (c >> 6 & 0x3F));                         \
        *o++ = (unsigned char)(0x80 | (c & 0x3F));                              \
      }                                                                         \
    }                                                                           \
  }
UTF8_SIZE(Py_UCS1)
UTF8_SIZE(Py_UCS2)
UTF8_SIZE(Py_UCS4)
UTF8_WRITE(Py_UCS1)
UTF8_WRITE(Py_UCS2)
UTF8_WRITE(Py_UCS4)

/* UTF-8 of the str's code points into j->own; -1 on a lone surrogate
 * (j->surrogate set) or no memory. */
static int encode(job *j) {
  const Py_ssize_t n = j->nchars;
  Py_ssize_t size = j->kind == PyUnicode_1BYTE_KIND   ? utf8_size_Py_UCS1(j->data, n, &j->surrogate)
                    : j->kind == PyUnicode_2BYTE_KIND ? utf8_size_Py_UCS2(j->data, n, &j->surrogate)
                                                      : utf8_size_Py_UCS4(j->data, n, &j->surrogate);
  if (size < 0)
    return -1;
  unsigned char *o = malloc((size_t)size + 1);
  if (!o)
    return -1;
  if (j->kind == PyUnicode_1BYTE_KIND)
    utf8_write_Py_UCS1(j->data, n, o);
  else if (j->kind == PyUnicode_2BYTE_KIND)
    utf8_write_Py_UCS2(j->data, n, o);
  else
    utf8_write_Py_UCS4(j->data, n, o);
  o[size] = '\0';
  j->own = (char *)o;
  j->text = j->own;
  j->len = size;
  return 0;
}

/* Code points before each block (linear in the text; none for ASCII). */
static int count_blocks(job *j) {
  if (j->ascii)
    return 0;
  size_t n = (size_t)j->len / BLOCK + 1;
  size_t *b = malloc(n * sizeof *b);
  if (!b)
    return -1;
  const unsigned char *t = (const unsigned char *)j->text;
  size_t cp = 0, len = (size_t)j->len;
  for (size_t k = 0; k * BLOCK <= len; k++) {
    b[k] = cp;
    size_t i = k * BLOCK, end = i + BLOCK < len ? i + BLOCK : len;
    /* eight bytes at a time: a code point starts at every byte but the
     * continuation bytes, 10xxxxxx */
    for (; i + 8 <= end; i += 8) {
      uint64_t w;
      memcpy(&w, t + i, 8);
      uint64_t cont = (w & ~(w << 1) & 0x8080808080808080ull) >> 7;
      /* one 0/1 per byte, summed into the top byte by the multiply (no
       * popcount instruction in the x86-64 baseline: gcc calls libgcc) */
      cp += 8 - (size_t)((cont * 0x0101010101010101ull) >> 56);
    }
    for (; i < end; i++)
      cp += (t[i] & 0xC0) != 0x80;
  }
  j->blocks = b;
  return 0;
}

static void fail(job *j, dx_status st, const char *message) {
  j->st = st;
  j->err.code = st;
  j->err.offset = SIZE_MAX;
  snprintf(j->err.message, sizeof j->err.message, "%s", message);
}

static void run_job(const dx_extractor *ex, job *j) {
  if (j->data && encode(j) != 0) {
    if (j->surrogate < 0)
      fail(j, DX_ENOMEM, "out of memory");
    return; /* a surrogate: the GIL holder raises, as prepare() did */
  }
  j->st = dx_extract(ex, j->text, (size_t)j->len, &j->res, &j->err);
  if (j->st == DX_OK && count_blocks(j) != 0) {
    dx_result_free(j->res);
    j->res = NULL;
    fail(j, DX_ENOMEM, "out of memory");
  }
}

static void free_job(job *j) {
  size_t ne = j->res ? dx_result_entity_count(j->res) : 0;
  for (size_t i = 0; j->names && i < ne; i++)
    Py_XDECREF(j->names[i]);
  PyMem_Free(j->names);
  dx_result_free(j->res);
  free(j->blocks);
  free(j->own);
  Py_CLEAR(j->obj);
  j->names = NULL;
  j->res = NULL;
  j->blocks = NULL;
  j->own = NULL;
}

/* The code-point offset of byte offset b. */
static size_t cp_of(const job *j, size_t b) {
  if (j->ascii)
    return b;
  if (b > (size_t)j->len)
    b = (size_t)j->len;
  const unsigned char *t = (const unsigned char *)j->text;
  size_t cp = j->blocks[b / BLOCK];
  for (size_t i = b / BLOCK * BLOCK; i < b; i++)
    cp += (t[i] & 0xC0) != 0x80;
  return cp;
}

/* ------------------------------------------------------------------ */
/* Building the Python objects (with the GIL)                          */

/* The result objects hold only strings, numbers and each other, cannot be
 * changed and so can make no cycle: the cyclic GC need not walk them, which
 * it would otherwise do for every few hundred objects made. */
static PyObject *untracked(PyObject *o) {
  if (o)
    PyObject_GC_UnTrack(o); /* a no-op when it is not tracked */
  return o;
}

/* A span in UTF-8 bytes and in code points. */
typedef struct {
  size_t bs, be, cs, ce;
} cspan;

static cspan cspan_of(const job *j, dx_span sp) {
  return (cspan){sp.start, sp.end, cp_of(j, sp.start), cp_of(j, sp.end)};
}

/* Span s of the document src, a str (cut by code points) or UTF-8 bytes. */
static PyObject *cut(PyObject *src, int is_str, cspan s) {
  if (is_str)
    return PyUnicode_Substring(src, (Py_ssize_t)s.cs, (Py_ssize_t)s.ce);
  return PyUnicode_DecodeUTF8(PyBytes_AS_STRING(src) + s.bs, (Py_ssize_t)(s.be - s.bs), "replace");
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

/* Lemmas come from a small closed list: their str objects are made once,
 * found again by the lemma's address (and checked by content). */
#define LEMMAS 256
static struct {
  const char *key;
  char *copy;
  PyObject *str;
} lemma_cache[LEMMAS];

static PyObject *lemma_str(const char *lemma) {
  if (!lemma)
    return none();
  size_t h = ((uintptr_t)lemma >> 3) % LEMMAS;
  if (lemma_cache[h].key == lemma && strcmp(lemma_cache[h].copy, lemma) == 0)
    return cached(lemma_cache[h].str);
  PyObject *s = PyUnicode_DecodeUTF8(lemma, (Py_ssize_t)strlen(lemma), "replace");
  char *copy = s ? malloc(strlen(lemma) + 1) : NULL;
  if (copy) {
    free(lemma_cache[h].copy);
    Py_XDECREF(lemma_cache[h].str);
    lemma_cache[h].key = lemma;
    lemma_cache[h].copy = strcpy(copy, lemma);
    lemma_cache[h].str = cached(s);
  }
  return s;
}

/* A Span, or a Cue when lemma is given (a str or None). */
static PyObject *make_span(PyTypeObject *type, PyObject *src, int is_str, cspan sp,
                           PyObject *lemma) {
  PyObject *s = PyStructSequence_New(type);
  if (!s)
    return NULL;
  if (set(s, 0, cut(src, is_str, sp)) || set(s, 1, PyLong_FromSize_t(sp.cs)) ||
      set(s, 2, PyLong_FromSize_t(sp.ce)) || set(s, 3, PyLong_FromSize_t(sp.bs)) ||
      set(s, 4, PyLong_FromSize_t(sp.be)) || (lemma && set(s, 5, cached(lemma)))) {
    Py_DECREF(s);
    return NULL;
  }
  return untracked(s);
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
    PyObject *s = make_span(&SpanType, j->obj, j->is_str, cspan_of(j, e->mentions[m]), NULL);
    if (!s) {
      Py_DECREF(ms);
      Py_DECREF(o);
      return NULL;
    }
    PyTuple_SET_ITEM(ms, (Py_ssize_t)m, s);
  }
  untracked(ms);
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
  untracked(roles);
  if (set(o, 0, PyLong_FromSize_t(i)) || set(o, 1, entity_name(j, i)) ||
      set(o, 2, cached(kind_str[e->kind <= DX_ENTITY_GROUP ? e->kind : 0])) || set(o, 3, ms) ||
      set(o, 4, roles)) {
    Py_DECREF(o);
    return NULL;
  }
  return untracked(o);
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
  return untracked(o);
}

/* ------------------------------------------------------------------ */
/* Quote: its fields made when first read                              */

/* A quotation's eleven fields, with its Cue and up to three Party objects
 * and their Spans, are some twenty objects, and making them is what a
 * program that reads a field or two of each quotation would mostly pay for
 * (on two cores, the thread that makes them competes with the threads that
 * extract).  So a Quote keeps the numbers they are made from, its parties'
 * names and the document's str (or bytes) to cut its spans from — not the
 * C result: keeping quotations keeps no document's tokens — and makes each
 * field the first time it is read.  It reads like the struct sequences:
 * named fields, len() 11, indexing, unpacking, == and hash with a tuple,
 * pickling. */
enum { Q_TYPE, Q_TEXT, Q_START, Q_END, Q_BYTE_START, Q_BYTE_END, Q_CUE, Q_SPEAKER,
       Q_ADDRESSEE, Q_VIA, Q_PARENT, Q_FIELDS };

static const char *const quote_names[Q_FIELDS] = {
    "type", "text", "start", "end", "byte_start", "byte_end", "cue", "speaker", "addressee",
    "via", "parent"};

typedef struct {
  size_t id;       /* the entity, or DX_NONE */
  PyObject *name;  /* its name (a reference), or NULL */
  int has_mention; /* the sentence names it at mention */
  cspan mention;
} qparty;

typedef struct {
  PyObject_HEAD
  PyObject *field[Q_FIELDS]; /* each NULL until read */
  PyObject *src;             /* what spans are cut from; NULL when built from a sequence */
  int is_str, type, has_cue;
  cspan content, cue;
  PyObject *lemma; /* the cue's lemma, a str or None */
  qparty party[3]; /* speaker, addressee, via */
  size_t parent;
} Quote;

static PyTypeObject QuoteType;

static PyObject *make_party(const Quote *q, const qparty *p) {
  if (p->id == DX_NONE)
    return none();
  PyObject *o = PyStructSequence_New(&PartyType);
  if (!o)
    return NULL;
  if (set(o, 0, PyLong_FromSize_t(p->id)) || set(o, 1, p->name ? cached(p->name) : none()) ||
      set(o, 2, p->has_mention ? make_span(&SpanType, q->src, q->is_str, p->mention, NULL)
                               : none())) {
    Py_DECREF(o);
    return NULL;
  }
  return untracked(o);
}

/* Field i, made now if it was not (a new reference). */
static PyObject *quote_item(Quote *q, Py_ssize_t i) {
  if (i < 0 || i >= Q_FIELDS) {
    PyErr_SetString(PyExc_IndexError, "dixit.Quote index out of range");
    return NULL;
  }
  if (!q->field[i]) {
    const cspan *c = &q->content;
    switch (i) {
    case Q_TYPE: q->field[i] = cached(type_str[q->type]); break;
    case Q_TEXT: q->field[i] = cut(q->src, q->is_str, *c); break;
    case Q_START: q->field[i] = PyLong_FromSize_t(c->cs); break;
    case Q_END: q->field[i] = PyLong_FromSize_t(c->ce); break;
    case Q_BYTE_START: q->field[i] = PyLong_FromSize_t(c->bs); break;
    case Q_BYTE_END: q->field[i] = PyLong_FromSize_t(c->be); break;
    case Q_CUE:
      q->field[i] = q->has_cue ? make_span(&CueType, q->src, q->is_str, q->cue, q->lemma) : none();
      break;
    case Q_PARENT: q->field[i] = size_or_none(q->parent); break;
    default: q->field[i] = make_party(q, &q->party[i - Q_SPEAKER]); break;
    }
    if (!q->field[i])
      return NULL;
  }
  return cached(q->field[i]);
}

/* The eleven fields as a tuple (a new reference). */
static PyObject *quote_tuple(Quote *q) {
  PyObject *t = PyTuple_New(Q_FIELDS);
  for (Py_ssize_t i = 0; t && i < Q_FIELDS; i++) {
    PyObject *v = quote_item(q, i);
    if (!v)
      Py_CLEAR(t);
    else
      PyTuple_SET_ITEM(t, i, v);
  }
  return t;
}

/* The Quote of quotation q of job j (fields unmade). */
static PyObject *make_quote(const job *j, const dx_quote *dq) {
  Quote *q = (Quote *)QuoteType.tp_alloc(&QuoteType, 0);
  if (!q)
    return NULL;
  PyObject_GC_UnTrack(q); /* it holds strings only, until a field is made: no cycle */
  q->src = cached(j->obj);
  q->is_str = j->is_str;
  q->type = dq->type <= DX_QUOTE_MIXED ? (int)dq->type : 0;
  q->content = cspan_of(j, dq->content);
  q->has_cue = !(dq->cue.start == 0 && dq->cue.end == 0);
  q->cue = cspan_of(j, dq->cue);
  q->parent = dq->parent;
  if (!(q->lemma = lemma_str(dq->cue_lemma))) {
    Py_DECREF(q);
    return NULL;
  }
  const size_t ids[3] = {dq->speaker, dq->addressee, dq->via};
  const dx_span mentions[3] = {dq->speaker_mention, dq->addressee_mention, dq->via_mention};
  for (int k = 0; k < 3; k++) {
    qparty *p = &q->party[k];
    p->id = ids[k] < dx_result_entity_count(j->res) ? ids[k] : DX_NONE;
    if (p->id == DX_NONE)
      continue;
    if (!(p->name = entity_name(j, p->id))) {
      Py_DECREF(q);
      return NULL;
    }
    p->has_mention = !(mentions[k].start == 0 && mentions[k].end == 0);
    p->mention = cspan_of(j, mentions[k]);
  }
  return (PyObject *)q;
}

/* Quote(sequence): from the eleven fields, as pickle rebuilds it. */
static PyObject *quote_new(PyTypeObject *type, PyObject *args, PyObject *kw) {
  PyObject *seq;
  if (kw && PyDict_GET_SIZE(kw)) {
    PyErr_SetString(PyExc_TypeError, "Quote() takes no keyword arguments");
    return NULL;
  }
  if (!PyArg_ParseTuple(args, "O:Quote", &seq))
    return NULL;
  PyObject *t = PySequence_Tuple(seq);
  if (!t)
    return NULL;
  if (PyTuple_GET_SIZE(t) != Q_FIELDS) {
    PyErr_Format(PyExc_TypeError, "dixit.Quote() takes a %d-sequence (%zd-sequence given)",
                 Q_FIELDS, PyTuple_GET_SIZE(t));
    Py_DECREF(t);
    return NULL;
  }
  Quote *q = (Quote *)type->tp_alloc(type, 0); /* tracked: its fields may be anything */
  for (Py_ssize_t i = 0; q && i < Q_FIELDS; i++)
    q->field[i] = cached(PyTuple_GET_ITEM(t, i));
  Py_DECREF(t);
  return (PyObject *)q;
}

static int quote_traverse(Quote *q, visitproc visit, void *arg) {
  for (int i = 0; i < Q_FIELDS; i++)
    Py_VISIT(q->field[i]);
  Py_VISIT(q->src);
  Py_VISIT(q->lemma);
  for (int k = 0; k < 3; k++)
    Py_VISIT(q->party[k].name);
  return 0;
}

static int quote_clear(Quote *q) {
  for (int i = 0; i < Q_FIELDS; i++)
    Py_CLEAR(q->field[i]);
  Py_CLEAR(q->src);
  Py_CLEAR(q->lemma);
  for (int k = 0; k < 3; k++)
    Py_CLEAR(q->party[k].name);
  return 0;
}

static void quote_dealloc(Quote *q) {
  PyObject_GC_UnTrack(q);
  quote_clear(q);
  Py_TYPE(q)->tp_free((PyObject *)q);
}

static PyObject *quote_get(Quote *q, void *closure) {
  return quote_item(q, (Py_ssize_t)(intptr_t)closure);
}

#define QUOTE_FIELD(i, doc) {(char *)quote_names[i], (getter)quote_get, NULL, doc, (void *)(intptr_t)(i)}
static PyGetSetDef quote_getset[] = {
    QUOTE_FIELD(Q_TYPE, "'direct', 'indirect' or 'mixed'"),
    QUOTE_FIELD(Q_TEXT, "the reported words, without quote marks"),
    QUOTE_FIELD(Q_START, "code-point offset of the content"),
    QUOTE_FIELD(Q_END, "code-point end offset, half-open"),
    QUOTE_FIELD(Q_BYTE_START, "UTF-8 byte offset of the content"),
    QUOTE_FIELD(Q_BYTE_END, "UTF-8 byte end offset"),
    QUOTE_FIELD(Q_CUE, "a Cue, or None"),
    QUOTE_FIELD(Q_SPEAKER, "a Party, or None"),
    QUOTE_FIELD(Q_ADDRESSEE, "a Party, or None"),
    QUOTE_FIELD(Q_VIA, "a Party, or None"),
    QUOTE_FIELD(Q_PARENT, "index of the quotation this one is nested in, or None"),
    {NULL, NULL, NULL, NULL, NULL}};

static Py_ssize_t quote_length(Quote *q) { return Q_FIELDS; }

static PyObject *quote_subscript(Quote *q, PyObject *key) {
  if (PyIndex_Check(key)) {
    Py_ssize_t i = PyNumber_AsSsize_t(key, PyExc_IndexError);
    if (i == -1 && PyErr_Occurred())
      return NULL;
    return quote_item(q, i < 0 ? i + Q_FIELDS : i);
  }
  PyObject *t = quote_tuple(q);
  PyObject *v = t ? PyObject_GetItem(t, key) : NULL;
  Py_XDECREF(t);
  return v;
}

static PyObject *quote_iter(Quote *q) {
  PyObject *t = quote_tuple(q);
  PyObject *it = t ? PyObject_GetIter(t) : NULL;
  Py_XDECREF(t);
  return it;
}

static PyObject *quote_richcompare(PyObject *a, PyObject *b, int op) {
  if (!PyObject_TypeCheck(a, &QuoteType) ||
      !(PyObject_TypeCheck(b, &QuoteType) || PyTuple_Check(b)))
    Py_RETURN_NOTIMPLEMENTED;
  PyObject *x = quote_tuple((Quote *)a), *out = NULL;
  PyObject *y = PyTuple_Check(b) ? cached(b) : quote_tuple((Quote *)b);
  if (x && y)
    out = PyObject_RichCompare(x, y, op);
  Py_XDECREF(x);
  Py_XDECREF(y);
  return out;
}

static Py_hash_t quote_hash(Quote *q) {
  PyObject *t = quote_tuple(q);
  Py_hash_t h = t ? PyObject_Hash(t) : -1;
  Py_XDECREF(t);
  return h;
}

static PyObject *quote_repr(Quote *q) {
  PyObject *t = quote_tuple(q), *out = NULL;
  if (t)
    out = PyUnicode_FromFormat(
        "dixit.Quote(type=%R, text=%R, start=%R, end=%R, byte_start=%R, byte_end=%R, cue=%R, "
        "speaker=%R, addressee=%R, via=%R, parent=%R)",
        PyTuple_GET_ITEM(t, 0), PyTuple_GET_ITEM(t, 1), PyTuple_GET_ITEM(t, 2),
        PyTuple_GET_ITEM(t, 3), PyTuple_GET_ITEM(t, 4), PyTuple_GET_ITEM(t, 5),
        PyTuple_GET_ITEM(t, 6), PyTuple_GET_ITEM(t, 7), PyTuple_GET_ITEM(t, 8),
        PyTuple_GET_ITEM(t, 9), PyTuple_GET_ITEM(t, 10));
  Py_XDECREF(t);
  return out;
}

static PyObject *quote_reduce(Quote *q, PyObject *unused) {
  PyObject *t = quote_tuple(q);
  PyObject *out = t ? Py_BuildValue("(O(O))", (PyObject *)Py_TYPE(q), t) : NULL;
  Py_XDECREF(t);
  return out;
}

static PyMethodDef quote_methods[] = {
    {"__reduce__", (PyCFunction)quote_reduce, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};

static PySequenceMethods quote_as_sequence = {.sq_length = (lenfunc)quote_length,
                                              .sq_item = (ssizeargfunc)quote_item};
static PyMappingMethods quote_as_mapping = {.mp_length = (lenfunc)quote_length,
                                            .mp_subscript = (binaryfunc)quote_subscript};

static PyTypeObject QuoteType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "dixit.Quote",
    .tp_basicsize = sizeof(Quote),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "One quotation: (type, text, start, end, byte_start, byte_end, cue, speaker, "
              "addressee, via, parent).",
    .tp_dealloc = (destructor)quote_dealloc,
    .tp_traverse = (traverseproc)quote_traverse,
    .tp_clear = (inquiry)quote_clear,
    .tp_repr = (reprfunc)quote_repr,
    .tp_as_sequence = &quote_as_sequence,
    .tp_as_mapping = &quote_as_mapping,
    .tp_hash = (hashfunc)quote_hash,
    .tp_richcompare = quote_richcompare,
    .tp_iter = (getiterfunc)quote_iter,
    .tp_methods = quote_methods,
    .tp_getset = quote_getset,
    .tp_new = quote_new,
};

/* What struct sequences have and a Quote should too: match statements'
 * positional fields, and their field counts. */
static int quote_type_ready(void) {
  if (PyType_Ready(&QuoteType) != 0)
    return -1;
  PyObject *names = PyTuple_New(Q_FIELDS);
  for (int i = 0; names && i < Q_FIELDS; i++) {
    PyObject *s = PyUnicode_InternFromString(quote_names[i]);
    if (!s)
      Py_CLEAR(names);
    else
      PyTuple_SET_ITEM(names, i, s);
  }
  PyObject *n = PyLong_FromLong(Q_FIELDS);
  int bad = !names || !n || PyDict_SetItemString(QuoteType.tp_dict, "__match_args__", names) ||
            PyDict_SetItemString(QuoteType.tp_dict, "n_fields", n) ||
            PyDict_SetItemString(QuoteType.tp_dict, "n_sequence_fields", n);
  Py_XDECREF(names);
  Py_XDECREF(n);
  PyType_Modified(&QuoteType);
  return bad ? -1 : 0;
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

/* A lone surrogate has no UTF-8: the library's own error, raised. */
static PyObject *raise_surrogate(const job *j) {
  PyObject *e = PyObject_CallFunction(ErrorType, "ssnO", "a lone surrogate has no UTF-8 form",
                                      "invalid-utf8", j->surrogate, Py_None);
  if (e) {
    PyErr_SetObject(ErrorType, e);
    Py_DECREF(e);
  }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Result: lang, quotes and warnings made at once, entities when read  */

/* A document's entities (every mention of every name, a Span each) are
 * most of its objects, while many programs read only the quotations, whose
 * parties carry the names.  So a Result keeps its job (the C result, the
 * UTF-8 text and its code-point counts) and makes .entities the first time
 * it is read, then lets the job go.  Otherwise it reads like the struct
 * sequences: named fields, len() 4, indexing, unpacking, == with another
 * Result or a tuple, pickling. */
typedef struct {
  PyObject_HEAD
  PyObject *lang, *quotes, *entities, *warnings; /* entities: NULL until read */
  job *pending;                                  /* what they are made from */
} Result;

static PyTypeObject ResultType;

/* The entities, made now if they were not (a borrowed reference). */
static PyObject *result_entities(Result *r) {
  if (!r->entities && r->pending) {
    job *j = r->pending;
    r->entities = make_list(j, dx_result_entity_count(j->res), make_entity);
    if (!r->entities)
      return NULL;
    free_job(j);
    PyMem_Free(j);
    r->pending = NULL;
  }
  if (!r->entities)
    PyErr_SetString(PyExc_RuntimeError, "dixit.Result without entities");
  return r->entities;
}

/* (lang, quotes, entities, warnings), a new reference. */
static PyObject *result_tuple(Result *r) {
  return result_entities(r) ? PyTuple_Pack(4, r->lang, r->quotes, r->entities, r->warnings)
                            : NULL;
}

static int result_traverse(Result *r, visitproc visit, void *arg) {
  Py_VISIT(r->lang);
  Py_VISIT(r->quotes);
  Py_VISIT(r->entities);
  Py_VISIT(r->warnings);
  return 0; /* the pending job holds only the text and strings: no cycle */
}

static int result_clear(Result *r) {
  Py_CLEAR(r->lang);
  Py_CLEAR(r->quotes);
  Py_CLEAR(r->entities);
  Py_CLEAR(r->warnings);
  if (r->pending) {
    free_job(r->pending);
    PyMem_Free(r->pending);
    r->pending = NULL;
  }
  return 0;
}

static void result_dealloc(Result *r) {
  PyObject_GC_UnTrack(r);
  result_clear(r);
  Py_TYPE(r)->tp_free((PyObject *)r);
}

static Result *result_alloc(PyTypeObject *type) {
  /* zeroed, and tracked by the cyclic GC already (NULL fields are fine) */
  return (Result *)type->tp_alloc(type, 0);
}

/* Result(sequence): from (lang, quotes, entities, warnings), as pickle
 * rebuilds it. */
static PyObject *result_new(PyTypeObject *type, PyObject *args, PyObject *kw) {
  PyObject *seq;
  if (kw && PyDict_GET_SIZE(kw)) {
    PyErr_SetString(PyExc_TypeError, "Result() takes no keyword arguments");
    return NULL;
  }
  if (!PyArg_ParseTuple(args, "O:Result", &seq))
    return NULL;
  PyObject *t = PySequence_Tuple(seq);
  if (!t)
    return NULL;
  if (PyTuple_GET_SIZE(t) != 4) {
    PyErr_Format(PyExc_TypeError, "dixit.Result() takes a 4-sequence (%zd-sequence given)",
                 PyTuple_GET_SIZE(t));
    Py_DECREF(t);
    return NULL;
  }
  Result *r = result_alloc(type);
  if (r) {
    r->lang = cached(PyTuple_GET_ITEM(t, 0));
    r->quotes = cached(PyTuple_GET_ITEM(t, 1));
    r->entities = cached(PyTuple_GET_ITEM(t, 2));
    r->warnings = cached(PyTuple_GET_ITEM(t, 3));
  }
  Py_DECREF(t);
  return (PyObject *)r;
}

static PyObject *result_get_entities(Result *r, void *closure) {
  PyObject *e = result_entities(r);
  return e ? cached(e) : NULL;
}

static PyGetSetDef result_getset[] = {
    {"entities", (getter)result_get_entities, NULL, "list of Entity (made when first read)",
     NULL},
    {NULL, NULL, NULL, NULL, NULL}};

static PyMemberDef result_members[] = {
    {"lang", T_OBJECT, offsetof(Result, lang), READONLY, "'fr', 'en' or 'und'"},
    {"quotes", T_OBJECT, offsetof(Result, quotes), READONLY, "list of Quote, in text order"},
    {"warnings", T_OBJECT, offsetof(Result, warnings), READONLY, "list of Warning"},
    {NULL, 0, 0, 0, NULL}};

static Py_ssize_t result_length(Result *r) { return 4; }

static PyObject *result_subscript(Result *r, PyObject *key) {
  PyObject *t = result_tuple(r);
  PyObject *v = t ? PyObject_GetItem(t, key) : NULL;
  Py_XDECREF(t);
  return v;
}

static PyObject *result_iter(Result *r) {
  PyObject *t = result_tuple(r);
  PyObject *it = t ? PyObject_GetIter(t) : NULL;
  Py_XDECREF(t);
  return it;
}

static PyObject *result_richcompare(PyObject *a, PyObject *b, int op) {
  if (!PyObject_TypeCheck(a, &ResultType) ||
      !(PyObject_TypeCheck(b, &ResultType) || PyTuple_Check(b)))
    Py_RETURN_NOTIMPLEMENTED;
  PyObject *x = result_tuple((Result *)a), *out = NULL;
  PyObject *y = PyTuple_Check(b) ? cached(b) : result_tuple((Result *)b);
  if (x && y)
    out = PyObject_RichCompare(x, y, op);
  Py_XDECREF(x);
  Py_XDECREF(y);
  return out;
}

static PyObject *result_repr(Result *r) {
  if (!result_entities(r))
    return NULL;
  return PyUnicode_FromFormat("dixit.Result(lang=%R, quotes=%R, entities=%R, warnings=%R)",
                              r->lang, r->quotes, r->entities, r->warnings);
}

static PyObject *result_reduce(Result *r, PyObject *unused) {
  PyObject *t = result_tuple(r);
  PyObject *out = t ? Py_BuildValue("(O(O))", (PyObject *)Py_TYPE(r), t) : NULL;
  Py_XDECREF(t);
  return out;
}

static PyMethodDef result_methods[] = {
    {"__reduce__", (PyCFunction)result_reduce, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};

static PySequenceMethods result_as_sequence = {.sq_length = (lenfunc)result_length};
static PyMappingMethods result_as_mapping = {.mp_length = (lenfunc)result_length,
                                             .mp_subscript = (binaryfunc)result_subscript};

static PyTypeObject ResultType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "dixit.Result",
    .tp_basicsize = sizeof(Result),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "The quotations of one document: (lang, quotes, entities, warnings).",
    .tp_dealloc = (destructor)result_dealloc,
    .tp_traverse = (traverseproc)result_traverse,
    .tp_clear = (inquiry)result_clear,
    .tp_repr = (reprfunc)result_repr,
    .tp_as_sequence = &result_as_sequence,
    .tp_as_mapping = &result_as_mapping,
    .tp_hash = PyObject_HashNotImplemented,
    .tp_richcompare = result_richcompare,
    .tp_iter = (getiterfunc)result_iter,
    .tp_methods = result_methods,
    .tp_members = result_members,
    .tp_getset = result_getset,
    .tp_new = result_new,
};

/* The Result of a finished job, or the dixit.Error instance (not raised);
 * NULL with an exception set for a lone surrogate.  A job with entities
 * moves into the Result (the slot is left empty), for .entities to read. */
static PyObject *job_output(job *j) {
  if (j->surrogate >= 0)
    return raise_surrogate(j);
  if (j->st != DX_OK)
    return make_error(j);
  size_t ne = dx_result_entity_count(j->res);
  j->names = PyMem_Calloc(ne ? ne : 1, sizeof *j->names);
  if (!j->names)
    return PyErr_NoMemory();
  Result *r = result_alloc(&ResultType);
  if (!r)
    return NULL;
  dx_lang lang = dx_result_lang(j->res);
  r->lang = cached(lang_str[lang <= DX_LANG_OTHER ? lang : 0]);
  r->quotes = make_list(j, dx_result_quote_count(j->res), quote_at);
  r->warnings = r->quotes ? make_list(j, dx_result_warning_count(j->res), warning_at) : NULL;
  if (r->warnings && !ne)
    r->entities = PyList_New(0);
  else if (r->warnings && (r->pending = PyMem_Malloc(sizeof *r->pending)) != NULL) {
    *r->pending = *j;
    memset(j, 0, sizeof *j);
    j->surrogate = -1;
  }
  if (!r->warnings || (!r->entities && !r->pending)) {
    if (!PyErr_Occurred())
      PyErr_NoMemory();
    Py_DECREF(r);
    return NULL;
  }
  return (PyObject *)r;
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

/* Fills j from a str or bytes (taking a reference); -1 with an exception
 * set.  A non-ASCII str is encoded by the worker, not here. */
static int prepare(job *j, PyObject *obj) {
  memset(j, 0, sizeof *j);
  j->surrogate = -1;
  if (PyUnicode_Check(obj)) {
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(obj) != 0)
      return -1;
#endif
    j->is_str = 1;
    j->ascii = PyUnicode_IS_ASCII(obj);
    if (j->ascii) {
      j->text = PyUnicode_DATA(obj);
      j->len = PyUnicode_GET_LENGTH(obj);
    } else {
      j->kind = PyUnicode_KIND(obj);
      j->data = PyUnicode_DATA(obj);
      j->nchars = PyUnicode_GET_LENGTH(obj);
    }
  } else if (PyBytes_Check(obj)) {
    j->text = PyBytes_AS_STRING(obj);
    j->len = PyBytes_GET_SIZE(obj);
  } else {
    PyErr_Format(PyExc_TypeError, "a document must be a str or bytes, not %.80s",
                 Py_TYPE(obj)->tp_name);
    return -1;
  }
  Py_INCREF(obj);
  j->obj = obj;
  return 0;
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
/* A stream of documents on threads                                    */

/* _core.Stream(iterable, lang, threads, window): an iterator of Result /
 * Error in the order of the iterable.  Its threads live as long as it
 * does and take the documents in order from a ring of `window` slots;
 * this thread keeps the ring full from the iterable and turns the oldest
 * finished document into objects while they go on, so the extraction never
 * stops for the objects (nor for the next batch) and memory follows the
 * window, not the corpus. */
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

static PyTypeObject StreamType;

/* Whether __next__, asleep on document awaited - 1, should wake (under
 * the lock): it is done and so are the WAKE_RUN after it, or every one
 * the threads took so far.  Woken per document, the consumer cost a
 * context switch every few records. */
enum { WAKE_RUN = 16 };

static int ready_run(const Stream *s) {
  size_t i = s->awaited - 1, n = 0;
  while (i < s->next && n < WAKE_RUN && s->done[i % s->cap])
    i++, n++;
  return n > 0 && (n == WAKE_RUN || i == s->next);
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
    job *j = &s->ring[s->next % s->cap];
    size_t slot = s->next++ % s->cap;
    pthread_mutex_unlock(&s->mu);
    run_job(s->ex, j);
    pthread_mutex_lock(&s->mu);
    s->done[slot] = 1;
    if (s->awaited && ready_run(s))
      pthread_cond_signal(&s->done_cv);
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
  /* No thread at all (pthread_create failing): __next__ works alone. */
  while (s->started < threads && pthread_create(&s->tids[s->started], NULL, stream_worker, s) == 0)
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
      pthread_mutex_lock(&s->mu);
      s->awaited = s->head + 1;
      while (!s->done[slot])
        pthread_cond_wait(&s->done_cv, &s->mu);
      s->awaited = 0;
      pthread_mutex_unlock(&s->mu);
      Py_END_ALLOW_THREADS
    }
  }
  PyObject *out = job_output(j);
  free_job(j);
  s->head++;
  return out;
}

static PyTypeObject StreamType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "dixit._core.Stream",
    .tp_basicsize = sizeof(Stream),
    .tp_dealloc = (destructor)stream_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Stream(iterable, lang=None, threads=1, window=64): Results in order",
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = (iternextfunc)stream_next,
    .tp_new = stream_new,
};

static PyObject *py_set_error_type(PyObject *self, PyObject *type) {
  Py_XDECREF(ErrorType);
  Py_INCREF(type);
  ErrorType = type;
  Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"extract", py_extract, METH_VARARGS, "extract(text, lang=None) -> Result or Error"},
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
               {&PartyType, &party_desc},     {&EntityType, &entity_desc},
               {&WarningType, &warning_desc}};
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
  if (quote_type_ready() != 0)
    return NULL;
  Py_INCREF(&QuoteType);
  if (PyModule_AddObject(m, "Quote", (PyObject *)&QuoteType) != 0)
    return NULL;
  if (PyType_Ready(&ResultType) != 0)
    return NULL;
  Py_INCREF(&ResultType);
  if (PyModule_AddObject(m, "Result", (PyObject *)&ResultType) != 0)
    return NULL;
  if (PyType_Ready(&StreamType) != 0)
    return NULL;
  Py_INCREF(&StreamType);
  if (PyModule_AddObject(m, "Stream", (PyObject *)&StreamType) != 0)
    return NULL;
  PyModule_AddStringConstant(m, "LIB_VERSION", dx_version());
  return m;
}
