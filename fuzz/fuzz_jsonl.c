/*
 * fuzz_jsonl.c — the JSON Lines reader: the line splitter (cli/lines.c) and
 * the fast record reader (cli/jsonl_fast.c) against jansson.
 *
 * Input: one byte that sets the longest line allowed, then the file.  The
 * splitter must hand out every byte of the file once, in order, at the
 * offsets it says, and refuse exactly the lines over the limit.  Every line
 * is then read by both readers: when the fast one says it is sure, jansson
 * must read the same line to an object with the same "text", "id" and
 * "lang" (input.c trusts it to).  When it is not sure, nothing is checked:
 * jansson reads the line in the CLI.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "jsonl_fast.h"
#include "lines.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same_id(const jf_record *r, json_t *id) {
  if (r->id_kind == JF_NONE) {
    FUZZ_CHECK(id == NULL);
    return;
  }
  FUZZ_CHECK(id != NULL);
  if (r->id_kind == JF_REAL) {
    FUZZ_CHECK(json_is_real(id) && json_real_value(id) == r->id_real);
    return;
  }
  FUZZ_CHECK(r->id_kind != JF_STRING || json_is_string(id));
  FUZZ_CHECK(r->id_kind != JF_INTEGER || json_is_integer(id));
  FUZZ_CHECK(r->id_kind != JF_LITERAL || json_is_true(id) || json_is_false(id) || json_is_null(id));
  if (r->id_kind == JF_STRING)
    FUZZ_CHECK(r->id_str && strcmp(r->id_str, json_string_value(id)) == 0);
  /* the spelling the output record gets, as input.c's cli_id_json() */
  char *want = json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT);
  FUZZ_CHECK(want != NULL);
  FUZZ_CHECK(r->id_json != NULL && strlen(want) == r->id_json_len &&
             memcmp(want, r->id_json, r->id_json_len) == 0);
  free(want);
}

static void differential(jf_parser *fast, const char *line, size_t len) {
  jf_record r;
  int sure = jf_parse(fast, line, len, &r);
  json_error_t jerr;
  json_t *rec = json_loadb(line, len, JSON_ALLOW_NUL | JSON_DECODE_ANY, &jerr);
  if (sure) {
    if (!rec)
      fprintf(stderr, "fast reader sure, jansson: %s\n", jerr.text);
    FUZZ_CHECK(rec != NULL && json_is_object(rec));
    json_t *text = json_object_get(rec, "text"), *lang = json_object_get(rec, "lang");
    FUZZ_CHECK(json_is_string(text));
    FUZZ_CHECK(json_string_length(text) == r.text_len &&
               memcmp(json_string_value(text), r.text, r.text_len) == 0);
    FUZZ_CHECK(r.text[r.text_len] == '\0');
    same_id(&r, json_object_get(rec, "id"));
    if (!lang || json_is_null(lang))
      FUZZ_CHECK(r.lang == NULL);
    else
      FUZZ_CHECK(json_is_string(lang) && r.lang && strcmp(r.lang, json_string_value(lang)) == 0);
  }
  json_decref(rec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2)
    return 0;
  size_t max_line = data[0] < 0xF0 ? (size_t)data[0] * 4 : SIZE_MAX - 1;
  const char *file = (const char *)data + 1;
  size_t flen = size - 1;
  FILE *f = fmemopen((void *)file, flen, "rb");
  FUZZ_CHECK(f != NULL);
  cli_lines lr;
  cli_lines_init(&lr, f, max_line);
  jf_parser fast;
  jf_init(&fast);
  unsigned long long at = 0;
  size_t n_lines = 0;
  for (;;) {
    const char *line;
    size_t len;
    cli_line_status st = cli_lines_next(&lr, &line, &len);
    if (st == CLI_LINE_END)
      break;
    FUZZ_CHECK(st != CLI_LINE_ERROR);
    n_lines++;
    FUZZ_CHECK(lr.line_no == n_lines);
    FUZZ_CHECK(lr.offset == at); /* nothing skipped, nothing twice */
    at = lr.next_offset;
    FUZZ_CHECK(at <= flen);
    /* a line ends at a newline or at the end of the file */
    FUZZ_CHECK(at == flen || file[at - 1] == '\n');
    size_t span = (size_t)(lr.next_offset - lr.offset);
    if (st == CLI_LINE_TOO_LONG) {
      FUZZ_CHECK(span > max_line);
      continue;
    }
    FUZZ_CHECK(len <= max_line);
    FUZZ_CHECK(len == span || len + 1 == span);
    FUZZ_CHECK(memcmp(line, file + lr.offset, len) == 0);
    FUZZ_CHECK(memchr(line, '\n', len) == NULL);
    differential(&fast, line, len);
  }
  FUZZ_CHECK(at == flen);
  jf_free(&fast);
  cli_lines_free(&lr);
  fclose(f);
  /* and the whole input as one line, newlines and all */
  jf_init(&fast);
  differential(&fast, file, flen);
  jf_free(&fast);
  return 0;
}
