/*
 * zfile.c — gzip and zstd streams behind fopencookie() (see zfile.h).
 *
 * fopencookie is a GNU extension; it lets the line reader, the text reader
 * and the writers keep using fread/fwrite on any of the three formats.
 */
#define _GNU_SOURCE
#include "zfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>
#include <zstd.h>

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n > m && strcmp(s + n - m, suffix) == 0;
}

cli_zkind cli_zkind_of(const char *path) {
  if (ends_with(path, ".gz"))
    return CLI_Z_GZIP;
  if (ends_with(path, ".zst"))
    return CLI_Z_ZSTD;
  return CLI_Z_NONE;
}

enum { ZBUF = 1 << 17 };

typedef struct zcookie {
  cli_zkind kind;
  FILE *raw; /* the file on disk */
  unsigned long long disk_pos;
  z_stream gz;
  ZSTD_DStream *zd;
  ZSTD_CStream *zc;
  ZSTD_inBuffer zin;
  int eof, failed, writing;
  unsigned char buf[ZBUF];
} zcookie;

/* Refills the compressed buffer; returns the bytes read (0 at the end). */
static size_t refill(zcookie *c) {
  size_t n = fread(c->buf, 1, ZBUF, c->raw);
  c->disk_pos += n;
  if (n == 0 && ferror(c->raw))
    c->failed = 1;
  return n;
}

static ssize_t gz_read(zcookie *c, char *out, size_t size) {
  c->gz.next_out = (unsigned char *)out;
  c->gz.avail_out = (uInt)(size > UINT32_MAX ? UINT32_MAX : size);
  while (c->gz.avail_out > 0 && !c->eof) {
    if (c->gz.avail_in == 0) {
      size_t n = refill(c);
      if (c->failed)
        return -1;
      if (n == 0) { /* the file ended inside a member */
        errno = EIO;
        return -1;
      }
      c->gz.next_in = c->buf;
      c->gz.avail_in = (uInt)n;
    }
    int rc = inflate(&c->gz, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      /* Concatenated members (cat a.gz b.gz) are one stream, as for gzip -d. */
      if (c->gz.avail_in == 0) {
        size_t n = refill(c);
        if (n == 0) {
          c->eof = 1;
          break;
        }
        c->gz.next_in = c->buf;
        c->gz.avail_in = (uInt)n;
      }
      inflateReset(&c->gz);
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      errno = EILSEQ; /* corrupt data */
      return -1;
    }
  }
  return (ssize_t)(size - c->gz.avail_out);
}

static ssize_t zstd_read(zcookie *c, char *out, size_t size) {
  ZSTD_outBuffer o = {out, size, 0};
  while (o.pos < o.size && !c->eof) {
    if (c->zin.pos == c->zin.size) {
      size_t n = refill(c);
      if (c->failed)
        return -1;
      if (n == 0) {
        c->eof = 1;
        break;
      }
      c->zin.src = c->buf;
      c->zin.size = n;
      c->zin.pos = 0;
    }
    size_t rc = ZSTD_decompressStream(c->zd, &o, &c->zin);
    if (ZSTD_isError(rc)) {
      errno = EILSEQ;
      return -1;
    }
  }
  return (ssize_t)o.pos;
}

static ssize_t z_read(void *cookie, char *out, size_t size) {
  zcookie *c = cookie;
  return c->kind == CLI_Z_GZIP ? gz_read(c, out, size) : zstd_read(c, out, size);
}

static int flush_raw(zcookie *c, size_t n) {
  if (fwrite(c->buf, 1, n, c->raw) != n) {
    c->failed = 1;
    return -1;
  }
  return 0;
}

static ssize_t z_write(void *cookie, const char *data, size_t size) {
  zcookie *c = cookie;
  if (c->failed)
    return -1;
  if (c->kind == CLI_Z_GZIP) {
    c->gz.next_in = (unsigned char *)data;
    c->gz.avail_in = (uInt)size;
    while (c->gz.avail_in > 0) {
      c->gz.next_out = c->buf;
      c->gz.avail_out = ZBUF;
      deflate(&c->gz, Z_NO_FLUSH);
      if (flush_raw(c, ZBUF - c->gz.avail_out))
        return -1;
    }
  } else {
    ZSTD_inBuffer in = {data, size, 0};
    while (in.pos < in.size) {
      ZSTD_outBuffer o = {c->buf, ZBUF, 0};
      if (ZSTD_isError(ZSTD_compressStream2(c->zc, &o, &in, ZSTD_e_continue)) ||
          flush_raw(c, o.pos)) {
        c->failed = 1;
        return -1;
      }
    }
  }
  return (ssize_t)size;
}

/* Ends the compressed stream (when writing) and frees everything. */
static int z_close(void *cookie) {
  zcookie *c = cookie;
  int rc = 0;
  if (c->writing && !c->failed) {
    if (c->kind == CLI_Z_GZIP) {
      int z;
      do {
        c->gz.next_out = c->buf;
        c->gz.avail_out = ZBUF;
        z = deflate(&c->gz, Z_FINISH);
        if (flush_raw(c, ZBUF - c->gz.avail_out))
          break;
      } while (z == Z_OK);
    } else {
      size_t left;
      do {
        ZSTD_inBuffer in = {NULL, 0, 0};
        ZSTD_outBuffer o = {c->buf, ZBUF, 0};
        left = ZSTD_compressStream2(c->zc, &o, &in, ZSTD_e_end);
        if (ZSTD_isError(left) || flush_raw(c, o.pos)) {
          c->failed = 1;
          break;
        }
      } while (left > 0);
    }
  }
  if (c->kind == CLI_Z_GZIP)
    c->writing ? deflateEnd(&c->gz) : inflateEnd(&c->gz);
  ZSTD_freeDStream(c->zd);
  ZSTD_freeCStream(c->zc);
  if (fclose(c->raw) != 0 || c->failed)
    rc = -1;
  free(c);
  return rc;
}

static zcookie *cookie_new(cli_zkind kind, FILE *raw, int writing) {
  zcookie *c = calloc(1, sizeof *c);
  if (!c)
    return NULL;
  c->kind = kind;
  c->raw = raw;
  c->writing = writing;
  int ok;
  if (kind == CLI_Z_GZIP)
    ok = writing ? deflateInit2(&c->gz, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK
                 : inflateInit2(&c->gz, 15 + 32) == Z_OK; /* +32: gzip or zlib header */
  else if (writing)
    ok = (c->zc = ZSTD_createCStream()) != NULL;
  else
    ok = (c->zd = ZSTD_createDStream()) != NULL;
  if (!ok) {
    free(c);
    errno = ENOMEM;
    return NULL;
  }
  return c;
}

/* A pipe holds 64 KiB by default: the program writing into it (zcat, a
 * shard reader) must then run between any two reads of that much, and
 * with every core extracting it waits for a core; dixit found the pipe
 * empty again and again, and -j 2 fed by cat ran at 0.7-0.9 s on 105 MB
 * instead of 0.6.  1 MiB (the default limit for a user, in
 * /proc/sys/fs/pipe-max-size) lets it run ahead; a failure leaves the
 * pipe as it was. */
static void widen_pipe(FILE *f) {
#ifdef F_SETPIPE_SZ
  struct stat st;
  int fd = fileno(f);
  if (fd >= 0 && fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode))
    (void)fcntl(fd, F_SETPIPE_SZ, 1 << 20);
#else
  (void)f;
#endif
}

int cli_zin_open(cli_zin *in, const char *path) {
  in->f = NULL;
  in->cookie = NULL;
  if (strcmp(path, "-") == 0) {
    in->f = stdin;
    widen_pipe(stdin);
    return 0;
  }
  FILE *raw = fopen(path, "rb");
  if (!raw)
    return -1;
  widen_pipe(raw);
  cli_zkind kind = cli_zkind_of(path);
  if (kind == CLI_Z_NONE) {
    in->f = raw;
    return 0;
  }
  zcookie *c = cookie_new(kind, raw, 0);
  cookie_io_functions_t io = {z_read, NULL, NULL, z_close};
  if (!c || !(in->f = fopencookie(c, "r", io))) {
    int e = errno;
    if (c)
      z_close(c);
    else
      fclose(raw);
    errno = e;
    return -1;
  }
  in->cookie = c;
  return 0;
}

unsigned long long cli_zin_disk_pos(const cli_zin *in) {
  if (in->cookie)
    return ((const zcookie *)in->cookie)->disk_pos;
  if (!in->f || in->f == stdin)
    return 0;
  long long p = ftello(in->f);
  return p < 0 ? 0 : (unsigned long long)p;
}

int cli_zin_wait_fd(const cli_zin *in) {
  FILE *f = in->cookie ? ((const zcookie *)in->cookie)->raw : in->f;
  int fd = f ? fileno(f) : -1;
  struct stat st;
  if (fd < 0 || (fstat(fd, &st) == 0 && (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))))
    return -1;
  return fd;
}

void cli_zin_close(cli_zin *in) {
  if (in->f && in->f != stdin)
    fclose(in->f);
  in->f = NULL;
  in->cookie = NULL;
}

FILE *cli_zout_open(const char *path, cli_zkind kind) {
  FILE *raw = fopen(path, "wb");
  if (!raw || kind == CLI_Z_NONE)
    return raw;
  zcookie *c = cookie_new(kind, raw, 1);
  cookie_io_functions_t io = {NULL, z_write, NULL, z_close};
  FILE *f = c ? fopencookie(c, "w", io) : NULL;
  if (!f) {
    int e = errno;
    if (c)
      z_close(c);
    else
      fclose(raw);
    errno = e;
    return NULL;
  }
  return f;
}
