/*
 * tupleview.c — the tuple protocol of Quote and Result.
 *
 * Both types keep their parts unmade until read, and both must still read
 * as the tuple they stand for, as the struct sequences do: slicing and
 * iteration, == with a tuple of the same type's, hashing, pickling.  Each
 * of these goes through the whole tuple, made by the type's own as_tuple
 * (a new reference, NULL with an exception set); the type's slots are
 * one-line calls to the functions here.
 */
#include "binding.h"

PyObject *view_args(PyObject *args, PyObject *kw, const char *name, Py_ssize_t n) {
  PyObject *seq;
  if (kw && PyDict_GET_SIZE(kw)) {
    PyErr_Format(PyExc_TypeError, "%s() takes no keyword arguments", name);
    return NULL;
  }
  if (!PyArg_UnpackTuple(args, name, 1, 1, &seq))
    return NULL;
  PyObject *t = PySequence_Tuple(seq);
  if (t && PyTuple_GET_SIZE(t) != n) {
    PyErr_Format(PyExc_TypeError, "dixit.%s() takes a %zd-sequence (%zd-sequence given)", name, n,
                 PyTuple_GET_SIZE(t));
    Py_CLEAR(t);
  }
  return t;
}

PyObject *view_subscript(PyObject *self, PyObject *key, as_tuple_fn as_tuple) {
  PyObject *t = as_tuple(self);
  PyObject *v = t ? PyObject_GetItem(t, key) : NULL;
  Py_XDECREF(t);
  return v;
}

PyObject *view_iter(PyObject *self, as_tuple_fn as_tuple) {
  PyObject *t = as_tuple(self);
  PyObject *it = t ? PyObject_GetIter(t) : NULL;
  Py_XDECREF(t);
  return it;
}

PyObject *view_richcompare(PyObject *a, PyObject *b, int op, PyTypeObject *type,
                           as_tuple_fn as_tuple) {
  if (!PyObject_TypeCheck(a, type) || !(PyObject_TypeCheck(b, type) || PyTuple_Check(b)))
    Py_RETURN_NOTIMPLEMENTED;
  PyObject *x = as_tuple(a), *out = NULL;
  PyObject *y = PyTuple_Check(b) ? cached(b) : as_tuple(b);
  if (x && y)
    out = PyObject_RichCompare(x, y, op);
  Py_XDECREF(x);
  Py_XDECREF(y);
  return out;
}

Py_hash_t view_hash(PyObject *self, as_tuple_fn as_tuple) {
  PyObject *t = as_tuple(self);
  Py_hash_t h = t ? PyObject_Hash(t) : -1;
  Py_XDECREF(t);
  return h;
}

/* (type, (tuple,)): pickle rebuilds the object with type(tuple). */
PyObject *view_reduce(PyObject *self, as_tuple_fn as_tuple) {
  PyObject *t = as_tuple(self);
  PyObject *out = t ? Py_BuildValue("(O(O))", (PyObject *)Py_TYPE(self), t) : NULL;
  Py_XDECREF(t);
  return out;
}
