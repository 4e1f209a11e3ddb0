/*
 * quote.c — dixit.Quote, a quotation whose fields are made when first
 * read.  (binding.h says how the binding is split.)
 */
#include "binding.h"

#include <stdint.h>

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

static PyObject *size_or_none(size_t v) {
  return v == DX_NONE || v == SIZE_MAX ? none() : PyLong_FromSize_t(v);
}

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

static PyObject *quote_as_tuple(PyObject *q) { return quote_tuple((Quote *)q); }

/* The Quote of quotation q of job j (fields unmade). */
PyObject *make_quote(const job *j, const dx_quote *dq) {
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
  PyObject *t = view_args(args, kw, "Quote", Q_FIELDS);
  Quote *q = t ? (Quote *)type->tp_alloc(type, 0) : NULL; /* tracked: its fields may be anything */
  for (Py_ssize_t i = 0; q && i < Q_FIELDS; i++)
    q->field[i] = cached(PyTuple_GET_ITEM(t, i));
  Py_XDECREF(t);
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
  return view_subscript((PyObject *)q, key, quote_as_tuple);
}

static PyObject *quote_iter(Quote *q) { return view_iter((PyObject *)q, quote_as_tuple); }

static PyObject *quote_richcompare(PyObject *a, PyObject *b, int op) {
  return view_richcompare(a, b, op, &QuoteType, quote_as_tuple);
}

static Py_hash_t quote_hash(Quote *q) { return view_hash((PyObject *)q, quote_as_tuple); }

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
  return view_reduce((PyObject *)q, quote_as_tuple);
}

static PyMethodDef quote_methods[] = {
    {"__reduce__", (PyCFunction)quote_reduce, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};

static PySequenceMethods quote_as_sequence = {.sq_length = (lenfunc)quote_length,
                                              .sq_item = (ssizeargfunc)quote_item};
static PyMappingMethods quote_as_mapping = {.mp_length = (lenfunc)quote_length,
                                            .mp_subscript = (binaryfunc)quote_subscript};

PyTypeObject QuoteType = {
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
int quote_type_ready(void) {
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
