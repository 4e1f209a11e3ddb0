/* serve_reply.c — building and queueing the service's responses (serve.h). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

/* The report runs its own inline style and script and needs nothing else;
 * the page at / also fetches from its own origin and shows the report in a
 * srcdoc frame. */
static const char csp[] = "default-src 'none'; style-src 'unsafe-inline'; "
                          "script-src 'unsafe-inline'; connect-src 'self'; "
                          "frame-src 'self' about:; img-src data:; base-uri 'none'; "
                          "form-action 'none'";

enum MHD_Result srv_reply(const srv *s, struct MHD_Connection *c, unsigned status, const char *type,
                          char *body, size_t len, int owned, const char *extra_name,
                          const char *extra_value) {
  struct MHD_Response *r = srv_mhd.create_response_from_buffer(
      len, body, owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
  if (!r) {
    if (owned)
      free(body);
    return MHD_NO;
  }
  srv_mhd.add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
  srv_mhd.add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  srv_mhd.add_response_header(r, "X-Content-Type-Options", "nosniff");
  if (strncmp(type, "text/html", 9) == 0)
    srv_mhd.add_response_header(r, "Content-Security-Policy", csp);
  if (extra_name)
    srv_mhd.add_response_header(r, extra_name, extra_value);
  if (atomic_load(&s->stopping))
    srv_mhd.add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
  enum MHD_Result ok = srv_mhd.queue_response(c, status, r);
  srv_mhd.destroy_response(r);
  return ok;
}

enum MHD_Result srv_reply_error(const srv *s, struct MHD_Connection *c, unsigned status,
                                const char *code, const char *message, const char *extra_name,
                                const char *extra_value) {
  json_t *e = json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", message);
  char *body = e ? json_dumps(e, JSON_COMPACT) : NULL;
  json_decref(e);
  if (!body)
    return MHD_NO;
  size_t len = strlen(body);
  body[len] = '\0';
  /* one line, like the CLI's records */
  char *line = realloc(body, len + 2);
  if (!line) {
    free(body);
    return MHD_NO;
  }
  line[len] = '\n';
  line[len + 1] = '\0';
  return srv_reply(s, c, status, "application/json", line, len + 1, 1, extra_name, extra_value);
}
