/*
 * result.c — dixit.Result, a document's output, whose entities are made
 * when first read.  (binding.h says how the binding is split.)
 */
#include "binding.h"

#include <string.h>
#include <structmember.h>

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

static PyObject *result_as_tuple(PyObject *r) { return result_tuple((Result *)r); }

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
  PyObject *t = view_args(args, kw, "Result", 4);
  Result *r = t ? result_alloc(type) : NULL;
  if (r) {
    r->lang = cached(PyTuple_GET_ITEM(t, 0));
    r->quotes = cached(PyTuple_GET_ITEM(t, 1));
    r->entities = cached(PyTuple_GET_ITEM(t, 2));
    r->warnings = cached(PyTuple_GET_ITEM(t, 3));
  }
  Py_XDECREF(t);
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
  return view_subscript((PyObject *)r, key, result_as_tuple);
}

static PyObject *result_iter(Result *r) { return view_iter((PyObject *)r, result_as_tuple); }

static PyObject *result_richcompare(PyObject *a, PyObject *b, int op) {
  return view_richcompare(a, b, op, &ResultType, result_as_tuple);
}

static PyObject *result_repr(Result *r) {
  if (!result_entities(r))
    return NULL;
  return PyUnicode_FromFormat("dixit.Result(lang=%R, quotes=%R, entities=%R, warnings=%R)",
                              r->lang, r->quotes, r->entities, r->warnings);
}

static PyObject *result_reduce(Result *r, PyObject *unused) {
  return view_reduce((PyObject *)r, result_as_tuple);
}

static PyMethodDef result_methods[] = {
    {"__reduce__", (PyCFunction)result_reduce, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};

static PySequenceMethods result_as_sequence = {.sq_length = (lenfunc)result_length};
static PyMappingMethods result_as_mapping = {.mp_length = (lenfunc)result_length,
                                             .mp_subscript = (binaryfunc)result_subscript};

PyTypeObject ResultType = {
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

/* The Result of a job that succeeded.  A job with entities moves into the
 * Result (the slot is left empty), for .entities to read. */
PyObject *make_result(job *j) {
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
