/*
 * serve.c — `dixit serve`: options, the daemon, and a graceful stop.
 *
 * libmicrohttpd runs a pool of threads (one per core by default), each with
 * its own poll loop; they share the read-only extractors.  The main thread
 * only waits for SIGTERM or SIGINT (blocked in every thread, taken with
 * sigwait), then stops accepting, lets the requests in flight finish, and
 * stops the daemon.
 */
#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "serve.h"

static const char usage[] =
    "usage: dixit serve [--port N] [--host ADDR] [options]\n"
    "\n"
    "Serves the extractor over HTTP (docs/SERVICE.md):\n"
    "  POST /v1/extract   text/plain or {\"text\", \"lang\"?, \"id\"?} -> the JSON record\n"
    "  POST /v1/report    the same input -> the HTML report\n"
    "  GET  /             a page to paste a text or drop a file and see its report\n"
    "  GET  /healthz      {\"status\":\"ok\"}\n"
    "\n"
    "options:\n"
    "  --port N              TCP port (default 8080; 0 picks a free one)\n"
    "  --host ADDR           address to bind (default 127.0.0.1)\n"
    "  --threads N           worker threads (default: the number of cores)\n"
    "  --max-body N          largest request body (default 1M; K, M suffixes)\n"
    "  --max-connections N   open connections at once (default 512)\n"
    "  --max-inflight N      requests at once; more get 503 (default 256)\n"
    "  --timeout S           seconds a request may take to arrive, and idle\n"
    "                        seconds before a connection is closed (default 10)\n"
    "  --drain S             on SIGTERM/SIGINT, seconds to let requests in\n"
    "                        flight finish (default 10)\n"
    "  -h, --help            show this help\n"
    "\n"
    "It says 'dixit serve: listening on http://HOST:PORT/' on stderr once ready.\n";

typedef struct serve_options {
  const char *host;
  unsigned port, threads, max_connections, max_inflight, timeout, drain;
  size_t max_body;
} serve_options;

static int bad_usage(const char *what, const char *arg) {
  fprintf(stderr, "dixit serve: %s '%s'\n(dixit serve --help for help)\n", what, arg);
  return 2;
}

/* A whole number with an optional K/M suffix, at most max; 0 on error
 * (which is also refused where 0 makes no sense). */
static int parse_number(const char *s, unsigned long long max, unsigned long long *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s || *s == '-')
    return -1;
  if (*end == 'k' || *end == 'K')
    v <<= 10, end++;
  else if (*end == 'm' || *end == 'M')
    v <<= 20, end++;
  if (*end || v > max)
    return -1;
  *out = v;
  return 0;
}

static int parse_args(serve_options *o, int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(usage, stdout);
      return -1;
    }
    static const struct {
      const char *name;
      unsigned long long min, max;
    } numeric[] = {{"--port", 0, 65535},         {"--threads", 1, 256},
                   {"--max-body", 1, 64 << 20},  {"--max-connections", 1, 65536},
                   {"--max-inflight", 1, 65536}, {"--timeout", 1, 3600},
                   {"--drain", 0, 3600}};
    const char *v = NULL;
    const char *eq = strchr(a, '=');
    size_t name_len = eq ? (size_t)(eq - a) : strlen(a);
    if (eq)
      v = eq + 1;
    else if (i + 1 < argc && strncmp(a, "--", 2) == 0)
      v = argv[i + 1];
    if (strncmp(a, "--host", name_len) == 0 && name_len == 6) {
      if (!v)
        return bad_usage("--host needs a value:", a);
      o->host = v;
      i += !eq;
      continue;
    }
    size_t k = 0;
    for (; k < sizeof numeric / sizeof numeric[0]; k++)
      if (strlen(numeric[k].name) == name_len && strncmp(a, numeric[k].name, name_len) == 0)
        break;
    if (k == sizeof numeric / sizeof numeric[0])
      return bad_usage("unknown option", a);
    unsigned long long n;
    if (!v || parse_number(v, numeric[k].max, &n) != 0 || n < numeric[k].min)
      return bad_usage("bad value for", a);
    i += !eq;
    switch (k) {
    case 0:
      o->port = (unsigned)n;
      break;
    case 1:
      o->threads = (unsigned)n;
      break;
    case 2:
      o->max_body = (size_t)n;
      break;
    case 3:
      o->max_connections = (unsigned)n;
      break;
    case 4:
      o->max_inflight = (unsigned)n;
      break;
    case 5:
      o->timeout = (unsigned)n;
      break;
    default:
      o->drain = (unsigned)n;
      break;
    }
  }
  return 0;
}

static int make_extractors(srv *s, size_t max_doc) {
  for (int lenient = 0; lenient < 2; lenient++)
    for (int lang = 0; lang < DX_LANG_OTHER; lang++) {
      dx_options opt = {lenient ? DX_OPT_LENIENT_UTF8 : 0, (dx_lang)lang, max_doc, NULL};
      dx_error err = {0};
      if (!(s->ex[lenient][lang] = dx_extractor_new(&opt, &err))) {
        fprintf(stderr, "dixit serve: %s\n", err.message);
        return -1;
      }
    }
  return 0;
}

static void free_extractors(srv *s) {
  for (int lenient = 0; lenient < 2; lenient++)
    for (int lang = 0; lang < DX_LANG_OTHER; lang++)
      dx_extractor_free(s->ex[lenient][lang]);
}

/* The socket address of host:port, for MHD; NULL with a message when the
 * host cannot be read. */
static struct addrinfo *resolve(const char *host, unsigned port) {
  char service[8];
  snprintf(service, sizeof service, "%u", port);
  struct addrinfo hints = {0}, *ai = NULL;
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  int rc = getaddrinfo(host, service, &hints, &ai);
  if (rc != 0) {
    fprintf(stderr, "dixit serve: cannot use host '%s': %s\n", host, gai_strerror(rc));
    return NULL;
  }
  return ai;
}

/* Waits until the requests in flight are done, or the deadline. */
static void drain(srv *s, unsigned seconds) {
  struct timespec tick = {0, 10 * 1000 * 1000};
  for (unsigned long waited = 0; atomic_load(&s->inflight) > 0 && waited < seconds * 100UL;
       waited++)
    nanosleep(&tick, NULL);
  unsigned left = atomic_load(&s->inflight);
  if (left)
    fprintf(stderr, "dixit serve: %u requests still in flight after %u s; stopping anyway\n", left,
            seconds);
}

int cli_serve_main(int argc, char **argv) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  serve_options o = {"127.0.0.1", 8080, cores > 0 ? (unsigned)cores : 1, 512, 256, 10, 10, 1 << 20};
  int rc = parse_args(&o, argc, argv);
  if (rc)
    return rc < 0 ? 0 : rc;

  char why[256];
  if (srv_mhd_open(why, sizeof why) != 0) {
    fprintf(stderr, "dixit serve: cannot load libmicrohttpd (Debian: apt install libmicrohttpd12): %s\n",
            why);
    return 1;
  }
  static srv s; /* outlives the daemon's threads */
  s.max_body = o.max_body;
  s.max_inflight = o.max_inflight;
  s.timeout = o.timeout;
  atomic_init(&s.inflight, 0);
  atomic_init(&s.stopping, 0);
  if (make_extractors(&s, o.max_body) != 0)
    return 1;
  struct addrinfo *ai = resolve(o.host, o.port);
  if (!ai) {
    free_extractors(&s);
    return 2;
  }

  /* Block the stop signals before the pool starts, so that its threads
   * inherit the mask and only sigwait below takes them. */
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);
  signal(SIGPIPE, SIG_IGN);

  unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
  if (ai->ai_family == AF_INET6)
    flags |= MHD_USE_IPv6;
  struct MHD_Daemon *d = srv_mhd.start_daemon(
      flags, (uint16_t)o.port, NULL, NULL, srv_handle, &s, MHD_OPTION_SOCK_ADDR, ai->ai_addr,
      MHD_OPTION_THREAD_POOL_SIZE, o.threads, MHD_OPTION_CONNECTION_LIMIT, o.max_connections,
      MHD_OPTION_CONNECTION_TIMEOUT, o.timeout, MHD_OPTION_NOTIFY_COMPLETED, srv_completed, &s,
      MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_END);
  char shown[64];
  snprintf(shown, sizeof shown, ai->ai_family == AF_INET6 ? "[%s]" : "%s", o.host);
  freeaddrinfo(ai);
  if (!d) {
    fprintf(stderr, "dixit serve: cannot listen on %s port %u (in use? not an address here?)\n",
            shown, o.port);
    free_extractors(&s);
    return 1;
  }
  const union MHD_DaemonInfo *info = srv_mhd.get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
  unsigned port = info && info->port ? info->port : o.port;
  fprintf(stderr, "dixit serve: listening on http://%s:%u/ (%u threads)\n", shown, port, o.threads);
  fflush(stderr);

  int sig = 0;
  while (sigwait(&stop, &sig) != 0)
    ;
  fprintf(stderr, "dixit serve: %s: finishing the requests in flight\n",
          sig == SIGINT ? "SIGINT" : "SIGTERM");
  atomic_store(&s.stopping, 1);
  MHD_socket listener = srv_mhd.quiesce_daemon(d); /* no new connection from here */
  if (listener != MHD_INVALID_SOCKET)
    close(listener);
  drain(&s, o.drain);
  srv_mhd.stop_daemon(d);
  free_extractors(&s);
  fprintf(stderr, "dixit serve: stopped\n");
  return 0;
}
