/*
 * serve.h — `dixit serve`: the extractor behind a small HTTP service
 * (libmicrohttpd).  serve.c reads the options and runs the daemon until
 * SIGTERM or SIGINT; serve_request.c answers each request; serve_reply.c
 * builds the responses.  docs/SERVICE.md describes the endpoints.
 */
#ifndef DIXIT_CLI_SERVE_H
#define DIXIT_CLI_SERVE_H

#include <stdatomic.h>
#include <stddef.h>

#include "dixit.h"
#include "serve_mhd.h"

/* The entry point: argv[0] is "serve". */
int cli_serve_main(int argc, char **argv);

/* What every request thread shares; read-only once the daemon runs, but
 * for the two counters. */
typedef struct srv {
  /* one extractor per (lenient, forced language) pair, since those are
   * extractor options; each is read-only and shared by every thread */
  dx_extractor *ex[2][DX_LANG_OTHER];
  size_t max_body;       /* bytes; larger bodies get 413 */
  unsigned max_inflight; /* requests at once; more get 503 */
  unsigned timeout;      /* seconds a request may take to arrive */
  atomic_uint inflight;  /* requests begun and not yet completed */
  atomic_int stopping;   /* set on SIGTERM: new requests get 503 */
} srv;

/* The MHD access handler and request-completed callback (cls is the srv). */
enum MHD_Result srv_handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                           const char *version, const char *upload_data, size_t *upload_data_size,
                           void **req_cls);
void srv_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                   enum MHD_RequestTerminationCode why);

/* Queues one response on c and returns MHD's verdict.  An owned body is
 * freed by MHD once sent (and here if the response cannot be made); a
 * static one must outlive the daemon.  extra_name/extra_value is one more
 * header, or NULL.  Every response says no-store and nosniff; HTML ones
 * carry a Content-Security-Policy that allows no network access; while the
 * server stops, every one closes its connection. */
enum MHD_Result srv_reply(const srv *s, struct MHD_Connection *c, unsigned status, const char *type,
                          char *body, size_t len, int owned, const char *extra_name,
                          const char *extra_value);
/* {"error":{"code":CODE,"message":MESSAGE}} with the status. */
enum MHD_Result srv_reply_error(const srv *s, struct MHD_Connection *c, unsigned status,
                                const char *code, const char *message, const char *extra_name,
                                const char *extra_value);

/* The page at GET / (serve_page.html, compiled in). */
extern const char srv_page_html[];

#endif
