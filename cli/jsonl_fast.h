/*
 * jsonl_fast.h — a fast reader for the usual JSON Lines record.
 *
 * jansson builds a tree of values and reads its input a byte at a time
 * through a callback; for a line like {"id": "x", "text": "…", "lang": "fr"}
 * that costs as much as a third of a whole run.  This reader scans the line
 * once and decodes "text" into a reused buffer, copying escape-free runs
 * whole.  It only says yes when it is sure that jansson would read the line
 * to the same values without error; for anything else (nested values,
 * duplicate fields, a lone surrogate, invalid UTF-8, a number out of range,
 * a missing "text"…) it says no, and input.c parses the line with jansson as
 * before, so that results and error messages do not depend on which path
 * read the line.
 *
 * It does not use jansson, so a unit test can compile it on its own.
 */
#ifndef DIXIT_CLI_JSONL_FAST_H
#define DIXIT_CLI_JSONL_FAST_H

#include <stddef.h>

typedef struct jf_buf {
  char *data;
  size_t len, cap; /* len < cap once data is allocated: room for a '\0' */
} jf_buf;

/* Reused from line to line, so that a steady stream of records allocates
 * nothing. */
typedef struct jf_parser {
  jf_buf text, id, id_json, lang, scratch;
} jf_parser;

typedef enum jf_kind {
  JF_NONE,    /* no "id" member */
  JF_STRING,  /* id_str holds the decoded string */
  JF_INTEGER, /* id_json spells it */
  JF_REAL,    /* id_real: the caller spells it (py_float_repr) */
  JF_LITERAL  /* true, false or null; id_json spells it */
} jf_kind;

/* One record; every pointer is into the parser, valid until its next use.
 * Strings are '\0'-terminated as well (a decoded "\u0000" ends them early
 * for C string functions, as it does for jansson's json_string_value). */
typedef struct jf_record {
  const char *text; /* decoded, never NULL */
  size_t text_len;
  jf_kind id_kind;
  const char *id_json; /* the id as cli_id_json() writes it; NULL for
                          JF_NONE and JF_REAL */
  size_t id_json_len;
  const char *id_str; /* JF_STRING: the decoded id */
  double id_real;     /* JF_REAL */
  const char *lang;   /* the decoded "lang" string; NULL when absent or null */
  int text_unchecked; /* jf_parse_unchecked_text(): the UTF-8 of text is the
                         caller's to check */
} jf_record;

void jf_init(jf_parser *jp);
void jf_free(jf_parser *jp);

/* Reads one line (without its '\n').  1: *rec is the record jansson would
 * give; 0: not sure (or out of memory), parse the line with jansson. */
int jf_parse(jf_parser *jp, const char *line, size_t len, jf_record *rec);

/* jf_parse() without the UTF-8 check of the bytes of "text", for a caller
 * that checks them anyway (dixit's tokenizer looks at every byte): 1 then
 * says that jansson would give *rec if the text is valid UTF-8, and the
 * caller must ask jf_valid_utf8() before it reports a problem with those
 * bytes; escapes are still checked, and always decode to valid UTF-8. */
int jf_parse_unchecked_text(jf_parser *jp, const char *line, size_t len, jf_record *rec);

/* Whether s[0, len) is UTF-8 as jansson reads it: no overlong forms, no
 * surrogates, nothing beyond U+10FFFF. */
int jf_valid_utf8(const char *s, size_t len);

#endif
