/*
 * serve_request.c — one HTTP request: route, check, read the body, extract,
 * answer (docs/SERVICE.md).
 *
 * MHD calls the handler once when the headers are in, once per piece of
 * body, and once more when the body is complete.  Everything that can be
 * refused from the headers alone (route, method, media type, a declared
 * length over the limit, overload) is answered on the first call, before a
 * byte of body is read.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "serve.h"
#include "sink.h"

typedef enum route { R_EXTRACT, R_REPORT } route;

typedef struct request {
  int counted; /* holds one of the in-flight slots */
  route route;
  int json;    /* application/json, else text/plain */
  int lenient; /* ?lenient=1 */
  dx_lang lang;
  int too_big;  /* the body grew over the limit: the rest is skipped */
  int deferred; /* not a POST: answered once the request is complete, so
                   that the connection stays open for the next one (MHD
                   closes it after an answer given before that) */
  struct timespec began;
  char *body;
  size_t len, cap;
} request;

static double seconds_since(const struct timespec *t) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static int append(request *r, const char *data, size_t n, size_t max) {
  if (n > max - r->len)
    return -1;
  if (r->len + n > r->cap) {
    size_t cap = r->cap ? r->cap : 16384;
    while (cap < r->len + n)
      cap *= 2;
    if (cap > max)
      cap = max;
    char *p = realloc(r->body, cap);
    if (!p)
      return -1;
    r->body = p;
    r->cap = cap;
  }
  memcpy(r->body + r->len, data, n);
  r->len += n;
  return 0;
}

/* "text/plain; charset=utf-8" → is it text/plain (1), application/json
 * (2), or something else (0)?  Only UTF-8 is accepted as a charset. */
static int media_type(const char *ct) {
  if (!ct)
    return 0;
  while (*ct == ' ')
    ct++;
  size_t n = strcspn(ct, "; ");
  int kind = 0;
  if (n == 10 && strncasecmp(ct, "text/plain", 10) == 0)
    kind = 1;
  else if (n == 16 && strncasecmp(ct, "application/json", 16) == 0)
    kind = 2;
  const char *cs = NULL;
  for (const char *p = ct + n; kind && *p && !cs; p++)
    if (strncasecmp(p, "charset=", 8) == 0)
      cs = p + 8;
  if (cs) {
    if (*cs == '"')
      cs++;
    if (strncasecmp(cs, "utf-8", 5) != 0 && strncasecmp(cs, "utf8", 4) != 0)
      return 0;
  }
  return kind;
}

/* "fr", "en", "auto" or absent; -1 for anything else. */
static int parse_lang(const char *v, dx_lang *out) {
  if (!v || !*v || strcmp(v, "auto") == 0) {
    *out = DX_LANG_AUTO;
    return 0;
  }
  *out = dx_lang_from_code(v);
  return *out == DX_LANG_AUTO ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* Answering a complete body                                           */

/* What to extract, from a JSON body: {"text": …, "lang"?: …, "id"?: …}. */
typedef struct job {
  const char *text;
  size_t len;
  dx_lang lang;
  char *id_json; /* the id, as raw JSON, or NULL */
  char *id_text; /* the id for the report's heading, or NULL */
} job;

static enum MHD_Result bad_json(const srv *s, struct MHD_Connection *c, const char *what) {
  return srv_reply_error(s, c, MHD_HTTP_BAD_REQUEST, "invalid-json", what, NULL, NULL);
}

/* Fills j from the JSON body; answers and returns 0 when it is not usable. */
static int read_json(const srv *s, struct MHD_Connection *c, request *r, json_t **root, job *j,
                     enum MHD_Result *answer) {
  json_error_t jerr;
  *root = json_loadb(r->body, r->len, JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &jerr);
  char msg[240];
  if (!*root) {
    snprintf(msg, sizeof msg, "the body is not JSON: %s (line %d, column %d)", jerr.text, jerr.line,
             jerr.column);
    *answer = bad_json(s, c, msg);
    return 0;
  }
  json_t *text = json_object_get(*root, "text");
  if (!json_is_object(*root) || !json_is_string(text)) {
    *answer = bad_json(s, c, "the body must be a JSON object with a string \"text\"");
    return 0;
  }
  j->text = json_string_value(text);
  j->len = json_string_length(text);
  json_t *lang = json_object_get(*root, "lang");
  if (lang && !json_is_null(lang)) {
    if (!json_is_string(lang) || parse_lang(json_string_value(lang), &j->lang) != 0) {
      *answer = srv_reply_error(s, c, MHD_HTTP_BAD_REQUEST, "bad-lang",
                                "\"lang\" must be \"fr\", \"en\", \"auto\" or null", NULL, NULL);
      return 0;
    }
  }
  json_t *id = json_object_get(*root, "id");
  if (id) {
    j->id_json = json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT);
    j->id_text =
        json_is_string(id) ? strdup(json_string_value(id)) : strdup(j->id_json ? j->id_json : "");
    if (!j->id_json || !j->id_text) {
      *answer = srv_reply_error(s, c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out-of-memory",
                                "out of memory", NULL, NULL);
      return 0;
    }
  }
  if (j->len > s->max_body) { /* a \u escape cannot grow a string, but be sure */
    *answer =
        srv_reply_error(s, c, MHD_HTTP_CONTENT_TOO_LARGE, "too-big", "text too large", NULL, NULL);
    return 0;
  }
  return 1;
}

static enum MHD_Result extraction_failed(const srv *s, struct MHD_Connection *c, const job *j,
                                         const dx_error *err) {
  unsigned status = err->code == DX_ETOOBIG  ? MHD_HTTP_CONTENT_TOO_LARGE
                    : err->code == DX_ENOMEM ? MHD_HTTP_SERVICE_UNAVAILABLE
                                             : MHD_HTTP_BAD_REQUEST;
  /* the CLI's error record: {"id", "error": {"code", "message", "offset"}} */
  cli_membuf out = {0};
  if (dx_write_json_error(j->id_json, j->id_json ? strlen(j->id_json) : 0, 1, err, cli_membuf_write,
                          &out) != DX_OK) {
    cli_membuf_free(&out);
    return MHD_NO;
  }
  return srv_reply(s, c, status, "application/json", out.data, out.len, 1, NULL, NULL);
}

static enum MHD_Result answer(const srv *s, struct MHD_Connection *c, request *r) {
  if (r->too_big) {
    char msg[120];
    snprintf(msg, sizeof msg, "the body is larger than the limit of %zu bytes", s->max_body);
    return srv_reply_error(s, c, MHD_HTTP_CONTENT_TOO_LARGE, "too-big", msg, NULL, NULL);
  }
  json_t *root = NULL;
  job j = {r->body ? r->body : "", r->len, r->lang, NULL, NULL};
  enum MHD_Result ret = MHD_NO;
  if (r->json && !read_json(s, c, r, &root, &j, &ret))
    goto done;

  const dx_extractor *ex = s->ex[r->lenient][j.lang];
  dx_result *res = NULL;
  dx_error err = {0};
  if (dx_extract(ex, j.text, j.len, &res, &err) != DX_OK) {
    ret = extraction_failed(s, c, &j, &err);
    goto done;
  }
  cli_membuf out = {0};
  dx_status st;
  const char *type;
  if (r->route == R_EXTRACT) {
    type = "application/json";
    st = dx_write_json(res, j.text, j.len, j.id_json, j.id_json ? strlen(j.id_json) : 0, 1,
                       cli_membuf_write, &out);
  } else {
    type = "text/html; charset=utf-8";
    const char *title = j.id_text ? j.id_text : "document";
    st = dx_write_html_begin("dixit report", cli_membuf_write, &out);
    if (st == DX_OK)
      st = dx_write_html(res, j.text, j.len, title, strlen(title), 0, cli_membuf_write, &out);
    if (st == DX_OK)
      st = dx_write_html_end(cli_membuf_write, &out);
  }
  dx_result_free(res);
  if (st != DX_OK) {
    cli_membuf_free(&out);
    ret = srv_reply_error(s, c, MHD_HTTP_SERVICE_UNAVAILABLE, "out-of-memory",
                          "out of memory while writing the answer", "Retry-After", "1");
  } else {
    ret = srv_reply(s, c, MHD_HTTP_OK, type, out.data, out.len, 1, NULL, NULL);
  }
done:
  free(j.id_json);
  free(j.id_text);
  json_decref(root);
  return ret;
}

/* ------------------------------------------------------------------ */
/* The first call: headers only                                        */

static const char health[] = "{\"status\":\"ok\"}\n";

static int is(const char *a, const char *b) { return strcmp(a, b) == 0; }

/* Answers what the headers settle; returns 1 (and sets *ret) if it did. */
static int first_call(srv *s, struct MHD_Connection *c, const char *url, const char *method,
                      request *r, enum MHD_Result *ret) {
  int get = is(method, "GET") || is(method, "HEAD"), post = is(method, "POST");
  if (is(url, "/") || is(url, "/index.html")) {
    *ret = get ? srv_reply(s, c, MHD_HTTP_OK, "text/html; charset=utf-8", (char *)srv_page_html,
                           strlen(srv_page_html), 0, NULL, NULL)
               : srv_reply_error(s, c, MHD_HTTP_METHOD_NOT_ALLOWED, "method-not-allowed", "use GET",
                                 "Allow", "GET, HEAD");
    return 1;
  }
  if (is(url, "/healthz")) {
    if (atomic_load(&s->stopping))
      *ret = srv_reply_error(s, c, MHD_HTTP_SERVICE_UNAVAILABLE, "stopping",
                             "the server is shutting down", NULL, NULL);
    else if (get)
      *ret = srv_reply(s, c, MHD_HTTP_OK, "application/json", (char *)health, sizeof health - 1, 0,
                       NULL, NULL);
    else
      *ret = srv_reply_error(s, c, MHD_HTTP_METHOD_NOT_ALLOWED, "method-not-allowed", "use GET",
                             "Allow", "GET, HEAD");
    return 1;
  }
  if (is(url, "/v1/extract") || is(url, "/v1/report")) {
    r->route = is(url, "/v1/extract") ? R_EXTRACT : R_REPORT;
  } else {
    *ret = srv_reply_error(s, c, MHD_HTTP_NOT_FOUND, "not-found",
                           "no such endpoint: try POST /v1/extract, POST /v1/report, GET / "
                           "or GET /healthz",
                           NULL, NULL);
    return 1;
  }
  if (!post) {
    *ret = srv_reply_error(s, c, MHD_HTTP_METHOD_NOT_ALLOWED, "method-not-allowed", "use POST",
                           "Allow", "POST");
    return 1;
  }
  if (atomic_load(&s->stopping)) {
    *ret = srv_reply_error(s, c, MHD_HTTP_SERVICE_UNAVAILABLE, "stopping",
                           "the server is shutting down", NULL, NULL);
    return 1;
  }
  /* a slot for the body and the work; given back in srv_completed */
  r->counted = 1;
  if (atomic_fetch_add(&s->inflight, 1) >= s->max_inflight) {
    char msg[120];
    snprintf(msg, sizeof msg, "server busy: %u requests in progress; retry later", s->max_inflight);
    *ret = srv_reply_error(s, c, MHD_HTTP_SERVICE_UNAVAILABLE, "busy", msg, "Retry-After", "1");
    return 1;
  }
  int kind = media_type(srv_mhd.lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type"));
  if (!kind) {
    *ret = srv_reply_error(s, c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                           "send text/plain or application/json (UTF-8)", "Accept-Post",
                           "text/plain, application/json");
    return 1;
  }
  r->json = kind == 2;
  const char *cl = srv_mhd.lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
  if (cl && strtoull(cl, NULL, 10) > s->max_body) {
    char msg[120];
    snprintf(msg, sizeof msg, "the body is larger than the limit of %zu bytes", s->max_body);
    *ret = srv_reply_error(s, c, MHD_HTTP_CONTENT_TOO_LARGE, "too-big", msg, NULL, NULL);
    return 1;
  }
  if (parse_lang(srv_mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang"), &r->lang) != 0) {
    *ret = srv_reply_error(s, c, MHD_HTTP_BAD_REQUEST, "bad-lang", "?lang= must be fr, en or auto",
                           NULL, NULL);
    return 1;
  }
  const char *lenient = srv_mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lenient");
  r->lenient = lenient && (is(lenient, "1") || is(lenient, "true"));
  return 0;
}

enum MHD_Result srv_handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                           const char *version, const char *upload_data, size_t *upload_data_size,
                           void **req_cls) {
  srv *s = cls;
  request *r = *req_cls;
  if (!r) {
    r = calloc(1, sizeof *r);
    if (!r)
      return MHD_NO;
    *req_cls = r;
    clock_gettime(CLOCK_MONOTONIC, &r->began);
    if (!is(method, "POST")) {
      r->deferred = 1;
      return MHD_YES;
    }
    enum MHD_Result ret;
    if (first_call(s, c, url, method, r, &ret))
      return ret;
    return MHD_YES;
  }
  if (*upload_data_size) {
    /* a body that trickles in for longer than the limit is cut off: the
     * response cannot be queued while the body arrives */
    if (seconds_since(&r->began) > (double)s->timeout)
      return MHD_NO;
    if (!r->too_big && !r->deferred &&
        append(r, upload_data, *upload_data_size, s->max_body) != 0) {
      r->too_big = 1; /* the rest is read and dropped, then 413 */
      free(r->body);
      r->body = NULL;
      r->len = r->cap = 0;
    }
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (r->deferred) {
    enum MHD_Result ret = MHD_NO;
    first_call(s, c, url, method, r, &ret); /* answers every method but POST */
    return ret;
  }
  return answer(s, c, r);
}

void srv_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                   enum MHD_RequestTerminationCode why) {
  srv *s = cls;
  request *r = *req_cls;
  if (!r)
    return;
  if (r->counted)
    atomic_fetch_sub(&s->inflight, 1);
  free(r->body);
  free(r);
  *req_cls = NULL;
}
