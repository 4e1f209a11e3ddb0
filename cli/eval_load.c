/*
 * eval_load.c — score.py's load(): records keyed by str(record["id"]).
 *
 * The file is read whole (score.py does too), and split into lines the way
 * Python's text mode does: at "\n", "\r\n" and a lone "\r".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "pyfmt.h"

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  cli_membuf m = {0};
  char chunk[1 << 16];
  size_t n;
  int ok = 1;
  while (ok && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
    ok = cli_membuf_write(&m, chunk, n) == 0;
  if (ferror(f) || !ok) {
    if (!ok)
      errno = ENOMEM;
    cli_membuf_free(&m);
    fclose(f);
    return NULL;
  }
  fclose(f);
  if (cli_membuf_write(&m, "", 1) != 0) { /* never NULL for an empty file */
    cli_membuf_free(&m);
    errno = ENOMEM;
    return NULL;
  }
  *len = m.len - 1;
  return m.data;
}

/* Python's line.strip() == "": only str.isspace() characters. */
static int py_blank(const char *s, size_t len) {
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = u[i];
    if ((c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20))
      continue;
    if (c < 0x80)
      return 0;
    /* the non-ASCII blanks: U+0085, U+00A0, U+1680, U+2000-200A,
     * U+2028/9, U+202F, U+205F, U+3000 */
    if (c == 0xC2 && i + 1 < len && (u[i + 1] == 0x85 || u[i + 1] == 0xA0)) {
      i += 1;
    } else if (c == 0xE1 && i + 2 < len && u[i + 1] == 0x9A && u[i + 2] == 0x80) {
      i += 2;
    } else if (c == 0xE2 && i + 2 < len && u[i + 1] == 0x80 &&
               (u[i + 2] <= 0x8A || u[i + 2] == 0xA8 || u[i + 2] == 0xA9 || u[i + 2] == 0xAF)) {
      i += 2;
    } else if (c == 0xE2 && i + 2 < len && u[i + 1] == 0x81 && u[i + 2] == 0x9F) {
      i += 2;
    } else if (c == 0xE3 && i + 2 < len && u[i + 1] == 0x80 && u[i + 2] == 0x80) {
      i += 2;
    } else {
      return 0;
    }
  }
  return 1;
}

/* str(id), the key of a record; as_real: the line's integers were read as
 * doubles, so an integral real id is an integer in the file. */
static int record_key(cli_membuf *key, const json_t *id, int as_real) {
  double v = json_real_value(id);
  if (as_real && json_is_real(id) && v == (double)(long long)v && v < 9e15 && v > -9e15) {
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%lld", (long long)v);
    return cli_membuf_write(key, tmp, strlen(tmp));
  }
  return py_str(key, id);
}

/* Adds one line's record to docs; 0, or -1 after saying why. */
static int load_line(json_t *docs, const char *path, size_t line_no, const char *line, size_t len) {
  json_error_t jerr;
  int as_real = 0;
  const size_t flags = JSON_ALLOW_NUL | JSON_DECODE_ANY;
  json_t *rec = json_loadb(line, len, flags, &jerr);
  if (!rec && strncmp(jerr.text, "too big ", 8) == 0) {
    /* Python reads any integer; jansson stops beyond 64 bits.  Read the
     * line's integers as doubles instead: an offset that large is invalid
     * either way, and an integral id is keyed as the integer it was. */
    rec = json_loadb(line, len, flags | JSON_DECODE_INT_AS_REAL, &jerr);
    as_real = 1;
  }
  if (!rec) {
    fprintf(stderr, "%s:%zu: not JSON: %s (column %d)\n", path, line_no, jerr.text, jerr.column);
    return -1;
  }
  if (!json_is_object(rec)) {
    fprintf(stderr, "%s:%zu: a record must be a JSON object\n", path, line_no);
    json_decref(rec);
    return -1;
  }
  cli_membuf key = {0};
  if (record_key(&key, json_object_get(rec, "id"), as_real) != 0 ||
      json_object_setn_new(docs, key.data ? key.data : "", key.len, rec) != 0) {
    fprintf(stderr, "%s:%zu: cannot store the record (out of memory?)\n", path, line_no);
    cli_membuf_free(&key);
    return -1;
  }
  cli_membuf_free(&key);
  return 0;
}

json_t *ev_load(const char *path) {
  size_t len;
  char *data = read_file(path, &len);
  if (!data) {
    fprintf(stderr, "dixit eval: %s: %s\n", path, strerror(errno));
    return NULL;
  }
  json_t *docs = json_object();
  size_t line_no = 0, i = 0;
  while (docs && i < len) {
    size_t start = i;
    while (i < len && data[i] != '\n' && data[i] != '\r')
      i++;
    size_t end = i;
    if (i < len && data[i] == '\r' && i + 1 < len && data[i + 1] == '\n')
      i++;
    if (i < len)
      i++;
    line_no++;
    if (py_blank(data + start, end - start))
      continue;
    if (load_line(docs, path, line_no, data + start, end - start) != 0) {
      json_decref(docs);
      docs = NULL;
    }
  }
  free(data);
  return docs;
}
