/* result.c — reading a dx_result, and the names of the API's enums. */
#include "result.h"

#include <stdarg.h>
#include <stdio.h>

const char *dx_version(void) { return DX_VERSION_STRING; }

const char *dx_strerror(dx_status code) {
  switch (code) {
  case DX_OK: return "success";
  case DX_ENOMEM: return "out of memory";
  case DX_EINVAL: return "invalid argument";
  case DX_EUTF8: return "invalid UTF-8";
  case DX_ENUL: return "NUL byte in text";
  case DX_ETOOBIG: return "document too large";
  case DX_EIO: return "output error";
  }
  return "unknown error";
}

void dx_set_error(dx_error *err, dx_status code, size_t offset,
                  const char *fmt, ...) {
  if (!err)
    return;
  err->code = code;
  err->offset = offset;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
}

const char *dx_quote_type_name(dx_quote_type type) {
  switch (type) {
  case DX_QUOTE_DIRECT: return "direct";
  case DX_QUOTE_INDIRECT: return "indirect";
  case DX_QUOTE_MIXED: return "mixed";
  }
  return "direct";
}

const char *dx_entity_kind_name(dx_entity_kind kind) {
  switch (kind) {
  case DX_ENTITY_UNKNOWN: return "unknown";
  case DX_ENTITY_PERSON: return "person";
  case DX_ENTITY_ORGANISATION: return "organisation";
  case DX_ENTITY_PLACE: return "place";
  case DX_ENTITY_GROUP: return "group";
  }
  return "unknown";
}

const char *dx_lang_code(dx_lang lang) {
  switch (lang) {
  case DX_LANG_FR: return "fr";
  case DX_LANG_EN: return "en";
  default: return "und";
  }
}

dx_lang dx_lang_from_code(const char *code) {
  if (!code)
    return DX_LANG_AUTO;
  char a = code[0] | 0x20, b = code[0] ? code[1] | 0x20 : 0;
  if (code[0] && code[1] && !code[2]) {
    if (a == 'f' && b == 'r')
      return DX_LANG_FR;
    if (a == 'e' && b == 'n')
      return DX_LANG_EN;
  }
  return DX_LANG_AUTO;
}

dx_lang dx_result_lang(const dx_result *res) { return res ? res->lang : DX_LANG_AUTO; }

size_t dx_result_quote_count(const dx_result *res) { return res ? res->n_quotes : 0; }

const dx_quote *dx_result_quote(const dx_result *res, size_t i) {
  return res && i < res->n_quotes ? &res->quotes[i] : NULL;
}

size_t dx_result_entity_count(const dx_result *res) { return res ? res->n_entities : 0; }

const dx_entity *dx_result_entity(const dx_result *res, size_t i) {
  return res && i < res->n_entities ? &res->entities[i] : NULL;
}

size_t dx_result_warning_count(const dx_result *res) { return res ? res->n_warnings : 0; }

const dx_error *dx_result_warning(const dx_result *res, size_t i) {
  return res && i < res->n_warnings ? &res->warnings[i] : NULL;
}

int dx_result_text_valid(const dx_result *res, const char *text, size_t len) {
  return res->valid_text && res->valid_text == text && res->valid_len == len;
}

void dx_result_free(dx_result *res) {
  if (!res)
    return;
  dx_arena arena = res->arena; /* the result lives in its own arena */
  dx_arena_free(&arena);
}
