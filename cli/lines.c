/* lines.c — a bounded line reader (see lines.h). */
#include "lines.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { CHUNK = 64 * 1024 };

void cli_lines_init(cli_lines *lr, FILE *f, size_t max_line) {
  memset(lr, 0, sizeof *lr);
  lr->f = f;
  lr->max_line = max_line;
  lr->fd = fileno(f); /* -1 for a cookie stream */
}

void cli_lines_free(cli_lines *lr) {
  free(lr->buf);
  lr->buf = NULL;
}

/* Makes room for one more chunk after the unread bytes; 0 or -1 (ENOMEM). */
static int make_room(cli_lines *lr) {
  if (lr->start > 0) { /* slide the unread bytes to the front first */
    memmove(lr->buf, lr->buf + lr->start, lr->end - lr->start);
    lr->end -= lr->start;
    lr->scanned -= lr->start;
    lr->start = 0;
  }
  if (lr->cap - lr->end >= CHUNK)
    return 0;
  size_t cap = lr->cap ? lr->cap : CHUNK;
  while (cap - lr->end < CHUNK)
    cap *= 2;
  char *p = realloc(lr->buf, cap);
  if (!p) {
    errno = ENOMEM;
    return -1;
  }
  lr->buf = p;
  lr->cap = cap;
  return 0;
}

/* Reads one chunk; 1 if bytes came, 0 at end of file, -1 on error. */
static int fill(cli_lines *lr) {
  if (lr->eof)
    return 0;
  if (make_room(lr) != 0)
    return -1;
  if (lr->before_read)
    lr->before_read(lr->ctx);
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
    lr->start = lr->scanned = lr->end = 0;
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
