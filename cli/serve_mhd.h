/*
 * serve_mhd.h — the libmicrohttpd calls of `dixit serve`, opened with
 * dlopen() when the service starts.
 *
 * Linked into the program, libmicrohttpd brings GnuTLS, nettle, p11-kit and
 * half a dozen more libraries, loaded and initialised at every start of
 * dixit: about 10 ms, more than the rest of the start-up together, paid by
 * every batch run (and every `rdd.pipe`) that never serves a request.  So
 * the program does not link it: srv_mhd_open() loads it the first time the
 * service needs it, and the service calls it through srv_mhd.  The
 * header (its types and constants) is still libmicrohttpd's own.
 */
#ifndef DIXIT_CLI_SERVE_MHD_H
#define DIXIT_CLI_SERVE_MHD_H

#include <microhttpd.h>
#include <stddef.h>

/* The functions used, with the types the header gives them (serve_mhd.c
 * checks each against its declaration at compile time). */
typedef struct srv_mhd_api {
  struct MHD_Daemon *(*start_daemon)(unsigned int flags, uint16_t port,
                                     MHD_AcceptPolicyCallback apc, void *apc_cls,
                                     MHD_AccessHandlerCallback dh, void *dh_cls, ...);
  const union MHD_DaemonInfo *(*get_daemon_info)(struct MHD_Daemon *daemon,
                                                 enum MHD_DaemonInfoType info_type, ...);
  MHD_socket (*quiesce_daemon)(struct MHD_Daemon *daemon);
  void (*stop_daemon)(struct MHD_Daemon *daemon);
  const char *(*lookup_connection_value)(struct MHD_Connection *connection,
                                         enum MHD_ValueKind kind, const char *key);
  struct MHD_Response *(*create_response_from_buffer)(size_t size, void *buffer,
                                                      enum MHD_ResponseMemoryMode mode);
  enum MHD_Result (*add_response_header)(struct MHD_Response *response, const char *header,
                                         const char *content);
  enum MHD_Result (*queue_response)(struct MHD_Connection *connection, unsigned int status_code,
                                    struct MHD_Response *response);
  void (*destroy_response)(struct MHD_Response *response);
} srv_mhd_api;

/* Filled by srv_mhd_open(); read-only after it, by every thread. */
extern srv_mhd_api srv_mhd;

/* Loads libmicrohttpd and fills srv_mhd.  Returns 0, or -1 with the
 * reason (dlerror()'s words) in why. */
int srv_mhd_open(char *why, size_t size);

#endif
