/*
 * objects.c — the struct sequence types of a result (Span, Cue, Party,
 * Entity, Warning), and spans, entities and warnings made from a finished
 * job: offsets in UTF-8 bytes and in code points, text cut from the
 * document; the strings every result repeats.  (binding.h says how the
 * binding is split.)
 */
#include "binding.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Result types: struct sequences, built in C, read like named tuples  */
/* (Quote and Result are types of their own, quote.c and result.c, for */
/* their lazy fields)                                                  */

PyTypeObject SpanType, CueType, PartyType, EntityType, WarningType;

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

/* Strings every result repeats, made once: "direct", "person", "fr"... */
PyObject *type_str[3], *kind_str[5], *lang_str[4];

const char *status_code(dx_status st) {
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
/* Building the Python objects (with the GIL)                          */

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

cspan cspan_of(const job *j, dx_span sp) {
  return (cspan){sp.start, sp.end, cp_of(j, sp.start), cp_of(j, sp.end)};
}

/* Span s of the document src, a str (cut by code points) or UTF-8 bytes. */
PyObject *cut(PyObject *src, int is_str, cspan s) {
  if (is_str)
    return PyUnicode_Substring(src, (Py_ssize_t)s.cs, (Py_ssize_t)s.ce);
  return PyUnicode_DecodeUTF8(PyBytes_AS_STRING(src) + s.bs, (Py_ssize_t)(s.be - s.bs), "replace");
}

/* Lemmas come from a small closed list: their str objects are made once,
 * found again by the lemma's address (and checked by content). */
#define LEMMAS 256
static struct {
  const char *key;
  char *copy;
  PyObject *str;
} lemma_cache[LEMMAS];

PyObject *lemma_str(const char *lemma) {
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
PyObject *make_span(PyTypeObject *type, PyObject *src, int is_str, cspan sp, PyObject *lemma) {
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
PyObject *entity_name(const job *j, size_t i) {
  const dx_entity *e = dx_result_entity(j->res, i);
  if (!e->name)
    return none();
  if (!j->names[i] &&
      !(j->names[i] = PyUnicode_DecodeUTF8(e->name, (Py_ssize_t)strlen(e->name), "replace")))
    return NULL;
  return cached(j->names[i]);
}

PyObject *make_entity(const job *j, size_t i) {
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

PyObject *make_warning(const job *j, const dx_error *w) {
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

/* The struct sequence types, readied and added to module m, and the
 * strings every result repeats. */
int objects_ready(PyObject *m) {
  struct {
    PyTypeObject *type;
    PyStructSequence_Desc *desc;
  } types[] = {{&SpanType, &span_desc},       {&CueType, &cue_desc},
               {&PartyType, &party_desc},     {&EntityType, &entity_desc},
               {&WarningType, &warning_desc}};
  for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
    if (!types[i].type->tp_name && PyStructSequence_InitType2(types[i].type, types[i].desc) != 0)
      return -1;
    const char *dot = strrchr(types[i].desc->name, '.');
    Py_INCREF(types[i].type);
    if (PyModule_AddObject(m, dot + 1, (PyObject *)types[i].type) != 0)
      return -1;
  }
  for (int i = 0; i < 3; i++)
    if (!(type_str[i] = PyUnicode_InternFromString(dx_quote_type_name((dx_quote_type)i))))
      return -1;
  for (int i = 0; i < 5; i++)
    if (!(kind_str[i] = PyUnicode_InternFromString(dx_entity_kind_name((dx_entity_kind)i))))
      return -1;
  for (int i = 0; i < 4; i++)
    if (!(lang_str[i] = PyUnicode_InternFromString(dx_lang_code((dx_lang)i))))
      return -1;
  return 0;
}
