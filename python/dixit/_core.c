/*
 * _core.c — the Python binding of libdixit, a C extension: the module, and
 * one document's work.  binding.h says how the binding is split in files.
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
#include "binding.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static PyObject *ErrorType; /* dixit.Error, set by dixit/__init__.py */

/* ------------------------------------------------------------------ */
/* One document's work, done without the GIL                          */

/* (The job and BLOCK are in binding.h: a Result and a Stream hold jobs.) */

/* UTF-8 of the str's code points into j->own (utf8.c); -1 on a lone
 * surrogate (j->surrogate set) or no memory. */
static int encode(job *j) {
  char *own;
  Py_ssize_t size;
  if (utf8_encode(j->data, j->kind, j->nchars, &own, &size, &j->surrogate) != 0)
    return -1;
  j->own = own;
  j->text = own;
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

void run_job(const dx_extractor *ex, job *j) {
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

void free_job(job *j) {
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

/* The Result of a finished job, or the dixit.Error instance (not raised);
 * NULL with an exception set for a lone surrogate. */
PyObject *job_output(job *j) {
  if (j->surrogate >= 0)
    return raise_surrogate(j);
  if (j->st != DX_OK)
    return make_error(j);
  return make_result(j);
}

/* ------------------------------------------------------------------ */
/* Extractors: one per language, made once, shared by every thread     */

static dx_extractor *extractors[DX_LANG_OTHER];

const dx_extractor *extractor_for(PyObject *lang) {
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
int prepare(job *j, PyObject *obj) {
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

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, .m_name = "dixit._core", .m_size = -1,
                                    .m_methods = methods};

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
  PyObject *m = PyModule_Create(&module);
  if (!m)
    return NULL;
  if (objects_ready(m) != 0)
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
