/* lines.c — a bounded line reader (see lines.h). */
#include "lines.h"

#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A block is BLOCK bytes unless a line needs more; a read brings at least
 * MIN_READ bytes, so a file is read in a few large reads, not many small
 * ones after a partial line.  BLOCK stays under glibc's mmap threshold
 * (128 KiB), so that blocks freed after use by -j N are reused from the
 * heap, not mapped and faulted in again for each one. */
enum { BLOCK = 64 * 1024, MIN_READ = 16 * 1024 };

void cli_block_hold(cli_block *b) { atomic_fetch_add_explicit(&b->refs, 1, memory_order_relaxed); }

/* acq_rel: what a holder read from the block happens before the reader,
 * or free(), writes over it. */
void cli_block_release(cli_block *b) {
  if (b && atomic_fetch_sub_explicit(&b->refs, 1, memory_order_acq_rel) == 1)
    free(b);
}

static int shared(const cli_block *b) {
  return atomic_load_explicit(&b->refs, memory_order_acquire) != 1;
}

static void use_block(cli_lines *lr, cli_block *b) {
  lr->block = b;
  lr->buf = b->bytes;
  lr->cap = b->cap;
}

void cli_lines_init(cli_lines *lr, FILE *f, size_t max_line) {
  memset(lr, 0, sizeof *lr);
  lr->f = f;
  lr->max_line = max_line;
  lr->fd = fileno(f); /* -1 for a cookie stream */
  lr->wait_fd = -1;
}

void cli_lines_watch(cli_lines *lr, int wait_fd, int (*idle)(void *), void *ctx) {
  lr->wait_fd = idle ? wait_fd : -1;
  lr->idle = idle;
  lr->ctx = ctx;
}

/* Whether the next read may wait: nothing to read on wait_fd yet. */
static int may_wait(const cli_lines *lr) {
  if (lr->wait_fd < 0)
    return 0;
  struct pollfd pfd = {.fd = lr->wait_fd, .events = POLLIN};
  return poll(&pfd, 1, 0) == 0;
}

void cli_lines_free(cli_lines *lr) {
  cli_block_release(lr->block);
  lr->block = NULL;
  lr->buf = NULL;
}

/* Moves the unread bytes to the front of the buffer. */
static void forget_read(cli_lines *lr) {
  lr->end -= lr->start;
  lr->scanned -= lr->start;
  lr->start = 0;
}

/* Makes room for a read of at least MIN_READ bytes after the unread ones:
 * 0, or -1 (ENOMEM).  Bytes before the room are never moved while the
 * block is held: then the unread bytes go to a fresh block. */
static int make_room(cli_lines *lr) {
  if (lr->block && lr->cap - lr->end >= MIN_READ)
    return 0;
  size_t unread = lr->end - lr->start;
  size_t cap = BLOCK;
  while (cap < unread + MIN_READ)
    cap *= 2;
  size_t head = offsetof(cli_block, bytes);
  if (lr->block && !shared(lr->block)) { /* ours alone: slide, grow in place */
    memmove(lr->buf, lr->buf + lr->start, unread);
    forget_read(lr);
    if (lr->cap - lr->end >= MIN_READ)
      return 0;
    cli_block *b = realloc(lr->block, head + cap);
    if (!b) {
      errno = ENOMEM;
      return -1;
    }
    b->cap = cap;
    use_block(lr, b);
    return 0;
  }
  cli_block *b = malloc(head + cap);
  if (!b) {
    errno = ENOMEM;
    return -1;
  }
  atomic_init(&b->refs, 1);
  b->cap = cap;
  if (unread)
    memcpy(b->bytes, lr->buf + lr->start, unread);
  forget_read(lr);
  cli_block_release(lr->block);
  use_block(lr, b);
  return 0;
}

/* Reads one chunk; 1 if bytes came, 0 at end of file, -1 on error. */
static int fill(cli_lines *lr) {
  if (lr->eof)
    return 0;
  if (make_room(lr) != 0)
    return -1;
  while (may_wait(lr) && lr->idle(lr->ctx))
    ;
  size_t n;
  if (lr->fd >= 0) {
    ssize_t got;
    do
      got = read(lr->fd, lr->buf + lr->end, lr->cap - lr->end);
    while (got < 0 && errno == EINTR);
    if (got < 0)
      return -1;
    n = (size_t)got;
  } else {
    n = fread(lr->buf + lr->end, 1, lr->cap - lr->end, lr->f);
    if (n == 0 && ferror(lr->f))
      return -1;
  }
  lr->end += n;
  if (n == 0) {
    lr->eof = 1;
    return 0;
  }
  return 1;
}

/* Hands out buf[start, stop) as a line and moves past `skip` more bytes.
 * One read may bring a whole line longer than max_line: it is refused all
 * the same, so the limit does not depend on how the bytes arrived. */
static cli_line_status take(cli_lines *lr, size_t stop, size_t skip, const char **line,
                            size_t *len) {
  *line = lr->buf + lr->start;
  *len = stop - lr->start;
  lr->line_no++;
  lr->offset = lr->next_offset;
  lr->next_offset += *len + skip;
  lr->start = lr->scanned = stop + skip;
  return *len > lr->max_line ? CLI_LINE_TOO_LONG : CLI_LINE_OK;
}

/* Throws away the rest of an over-long line, up to and past its newline. */
static cli_line_status skip_long_line(cli_lines *lr) {
  unsigned long long skipped = 0;
  for (;;) {
    char *nl = lr->end > lr->start ? memchr(lr->buf + lr->start, '\n', lr->end - lr->start) : NULL;
    if (nl) {
      size_t n = (size_t)(nl - (lr->buf + lr->start)) + 1;
      skipped += n;
      lr->start = lr->scanned = lr->start + n;
      break;
    }
    skipped += lr->end - lr->start;
    lr->start = lr->scanned = lr->end; /* read on; a held block keeps its bytes */
    int r = fill(lr);
    if (r < 0)
      return CLI_LINE_ERROR;
    if (r == 0)
      break;
  }
  lr->line_no++;
  lr->offset = lr->next_offset;
  lr->next_offset += skipped;
  return CLI_LINE_TOO_LONG;
}

cli_line_status cli_lines_next(cli_lines *lr, const char **line, size_t *len) {
  for (;;) {
    /* Only the bytes not yet searched are searched: a 50 MB line is read in
     * linear time, not rescanned at each chunk. */
    char *nl =
        lr->end > lr->scanned ? memchr(lr->buf + lr->scanned, '\n', lr->end - lr->scanned) : NULL;
    if (nl)
      return take(lr, (size_t)(nl - lr->buf), 1, line, len);
    lr->scanned = lr->end;
    if (lr->end - lr->start > lr->max_line)
      return skip_long_line(lr);
    int r = fill(lr);
    if (r < 0)
      return CLI_LINE_ERROR;
    if (r == 0) {
      if (lr->start == lr->end)
        return CLI_LINE_END;
      return take(lr, lr->end, 0, line, len); /* the last line, no '\n' */
    }
  }
}
