/* test_lines.c — the bounded line reader (cli/lines.c): lines handed to
 * other threads without a copy stay intact while their block is held, and
 * the reader says when a read may wait on a pipe.
 *
 * The reader lives in cli/ and the unit tests link only the library, so the
 * file is compiled in here; it needs nothing but POSIX, as the CLI does. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../cli/lines.c"

/* Line i of the test file: its length cycles through short records, ones
 * that straddle a block's end, and ones longer than a block (which make it
 * grow), so that blocks are both shared and replaced. */
static size_t line_len(size_t i) {
  static const size_t lens[] = {0, 1, 80, 3000, 20000, 70000, 15, 200000, 5};
  return lens[i % (sizeof lens / sizeof lens[0])] + i % 7;
}

static char line_byte(size_t i, size_t k) { return (char)('a' + (i * 31 + k) % 26); }

enum { NLINES = 300 };

/* The file: NLINES lines as above, the last without its newline. */
static FILE *test_file(void) {
  FILE *f = tmpfile();
  assert_non_null(f);
  for (size_t i = 0; i < NLINES; i++) {
    for (size_t k = 0; k < line_len(i); k++)
      fputc(line_byte(i, k), f);
    if (i + 1 < NLINES)
      fputc('\n', f);
  }
  rewind(f);
  return f;
}

static void is_line(size_t i, const char *line, size_t len) {
  assert_int_equal(len, line_len(i));
  for (size_t k = 0; k < len; k++)
    assert_int_equal(line[k], line_byte(i, k));
}

typedef struct held {
  cli_block *block;
  const char *line;
  size_t len, i;
} held;

/* Reads the file, holding the blocks of every `every`-th line (0: none)
 * until the end, as the -j N batches do; every held line must read the
 * same at the end as when it was handed out. */
static void read_holding(size_t every, size_t max_line) {
  FILE *f = test_file();
  cli_lines lr;
  cli_lines_init(&lr, f, max_line);
  held *h = calloc(NLINES, sizeof *h);
  assert_non_null(h);
  size_t nheld = 0, i = 0;
  unsigned long long offset = 0;
  for (;; i++) {
    const char *line;
    size_t len;
    cli_line_status st = cli_lines_next(&lr, &line, &len);
    if (st == CLI_LINE_END)
      break;
    assert_int_equal(lr.line_no, i + 1);
    assert_int_equal(lr.offset, offset);
    offset = lr.next_offset;
    if (line_len(i) > max_line) {
      assert_int_equal(st, CLI_LINE_TOO_LONG);
      continue;
    }
    assert_int_equal(st, CLI_LINE_OK);
    is_line(i, line, len);
    if (every && i % every == 0) {
      cli_block *b = cli_lines_block(&lr);
      assert_non_null(b);
      assert_true(line >= b->bytes && line + len <= b->bytes + b->cap);
      cli_block_hold(b);
      h[nheld++] = (held){b, line, len, i};
    }
  }
  assert_int_equal(i, NLINES);
  cli_lines_free(&lr);
  fclose(f);
  for (size_t k = 0; k < nheld; k++) { /* the reader is gone; the lines are not */
    is_line(h[k].i, h[k].line, h[k].len);
    cli_block_release(h[k].block);
  }
  free(h);
}

static void test_unheld(void **state) {
  (void)state;
  read_holding(0, SIZE_MAX);
}

static void test_every_line_held(void **state) {
  (void)state;
  read_holding(1, SIZE_MAX);
}

static void test_some_lines_held(void **state) {
  (void)state;
  read_holding(3, SIZE_MAX);
  read_holding(8, SIZE_MAX);
}

/* Lines over the limit are skipped through the same blocks. */
static void test_held_while_skipping(void **state) {
  (void)state;
  read_holding(1, 50000);
  read_holding(2, 2000);
}

static int waits, write_on; /* idle() calls so far; the one that writes */
static int write_end = -1;

/* While the pipe is empty: the write_on-th call writes the last line and
 * closes the pipe; the calls before it say they did some work (so the
 * reader asks again), and the one that writes says it is done when
 * write_on is 1 (so the reader goes on to wait in read()). */
static int idle(void *ctx) {
  (void)ctx;
  waits++;
  if (waits == write_on && write_end >= 0) {
    assert_int_equal(write(write_end, "last\n", 5), 5);
    close(write_end);
    write_end = -1;
    return write_on > 1;
  }
  return 1;
}

static void read_pipe(int calls) {
  int fds[2];
  assert_int_equal(pipe(fds), 0);
  assert_int_equal(write(fds[1], "one\ntwo\n", 8), 8);
  write_end = fds[1];
  write_on = calls;
  FILE *f = fdopen(fds[0], "rb");
  assert_non_null(f);
  cli_lines lr;
  cli_lines_init(&lr, f, SIZE_MAX);
  cli_lines_watch(&lr, fds[0], idle, NULL);
  const char *want[] = {"one", "two", "last"};
  waits = 0;
  for (size_t i = 0; i < 3; i++) {
    const char *line;
    size_t len;
    assert_int_equal(cli_lines_next(&lr, &line, &len), CLI_LINE_OK);
    assert_int_equal(len, strlen(want[i]));
    assert_memory_equal(line, want[i], len);
  }
  /* the first read found bytes; the second would have waited */
  assert_int_equal(waits, calls);
  const char *line;
  size_t len;
  assert_int_equal(cli_lines_next(&lr, &line, &len), CLI_LINE_END);
  assert_int_equal(waits, calls); /* the end of the pipe is not a wait */
  cli_lines_free(&lr);
  fclose(f);
}

static void test_wait_on_a_pipe(void **state) {
  (void)state;
  read_pipe(1);
}

static void test_work_while_a_pipe_is_empty(void **state) {
  (void)state;
  read_pipe(3);
}

/* A file never makes the reader wait: the hook is not called. */
static void test_no_wait_on_a_file(void **state) {
  (void)state;
  FILE *f = test_file();
  cli_lines lr;
  cli_lines_init(&lr, f, SIZE_MAX);
  cli_lines_watch(&lr, -1, idle, NULL);
  waits = 0;
  const char *line;
  size_t len;
  while (cli_lines_next(&lr, &line, &len) != CLI_LINE_END)
    ;
  assert_int_equal(waits, 0);
  cli_lines_free(&lr);
  fclose(f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_unheld),
      cmocka_unit_test(test_every_line_held),
      cmocka_unit_test(test_some_lines_held),
      cmocka_unit_test(test_held_while_skipping),
      cmocka_unit_test(test_wait_on_a_pipe),
      cmocka_unit_test(test_work_while_a_pipe_is_empty),
      cmocka_unit_test(test_no_wait_on_a_file),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
