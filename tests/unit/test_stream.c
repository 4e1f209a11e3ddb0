/* test_stream.c — dx_stream: a document fed in pieces gives the result of
 * the whole, and its errors (bad UTF-8, NUL, too big, no memory) come as
 * the bytes arrive, at the right offset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "counting_alloc.h"
#include "dixit.h"

static const char article[] =
    "Bruno Le Roux a parlé lundi. « Il y avait bien un acte imminent », a déclaré le "
    "ministre. « Nous sommes prêts », a-t-il ajouté. Selon Marie Dupont, « tout est calme ».";

typedef struct out_buf {
  char data[8192];
  size_t len;
} out_buf;

static int to_buf(void *ctx, const char *bytes, size_t len) {
  out_buf *b = ctx;
  if (b->len + len >= sizeof b->data)
    return 1;
  memcpy(b->data + b->len, bytes, len);
  b->len += len;
  b->data[b->len] = '\0';
  return 0;
}

/* The JSON record of a result, to compare two results whole. */
static void json_of(const dx_result *res, const char *text, size_t len, out_buf *b) {
  b->len = 0;
  assert_int_equal(dx_write_json(res, text, len, "d", 1, 0, to_buf, b), DX_OK);
}

static void test_pieces_give_the_whole_result(void **state) {
  (void)state;
  dx_extractor *ex = dx_extractor_new(NULL, NULL);
  size_t n = sizeof article - 1;
  dx_result *whole;
  assert_int_equal(dx_extract(ex, article, n, &whole, NULL), DX_OK);
  assert_true(dx_result_quote_count(whole) >= 2);
  static out_buf want, got;
  json_of(whole, article, n, &want);

  dx_stream *s = dx_stream_new(ex, NULL);
  assert_non_null(s);
  /* every piece size, 1 byte (which cuts every « and é) to all at once */
  for (size_t piece = 1; piece <= n; piece += piece < 8 ? 1 : 7) {
    dx_stream_reset(s);
    for (size_t i = 0; i < n; i += piece) {
      size_t k = n - i < piece ? n - i : piece;
      assert_int_equal(dx_stream_feed(s, article + i, k, NULL), DX_OK);
    }
    assert_int_equal(dx_stream_feed(s, NULL, 0, NULL), DX_OK);
    dx_result *res;
    assert_int_equal(dx_stream_finish(s, &res, NULL), DX_OK);
    size_t len;
    const char *text = dx_stream_text(s, &len);
    assert_int_equal(len, n);
    assert_memory_equal(text, article, n);
    json_of(res, text, len, &got);
    assert_string_equal(got.data, want.data);
    dx_result_free(res);
  }
  dx_stream_free(s);
  dx_result_free(whole);
  dx_extractor_free(ex);
}

/* Feeds text one byte a call; returns the first failing status, and the
 * number of bytes fed when it failed in *at. */
static dx_status feed_bytes(dx_stream *s, const char *text, size_t n, size_t *at, dx_error *err) {
  for (size_t i = 0; i < n; i++) {
    dx_status st = dx_stream_feed(s, text + i, 1, err);
    if (st != DX_OK) {
      *at = i + 1;
      return st;
    }
  }
  *at = n;
  return DX_OK;
}

static void test_bad_utf8_across_pieces(void **state) {
  (void)state;
  dx_extractor *ex = dx_extractor_new(NULL, NULL);
  dx_stream *s = dx_stream_new(ex, NULL);
  dx_error err, whole_err;
  dx_result *res;
  /* é cut in two is fine; an overlong é, a surrogate, a lone lead are not */
  const char ok[] = "Il a dit « é ».";
  size_t at;
  assert_int_equal(feed_bytes(s, ok, sizeof ok - 1, &at, &err), DX_OK);
  assert_int_equal(dx_stream_finish(s, &res, &err), DX_OK);
  dx_result_free(res);

  const char *bad[] = {"abc \xC3\x28 def",     "abc \xC0\xA9 def", "abc \xED\xA0\x80 def",
                       "abc \xF4\x90\x80\x80", "abc \xE2\x80",     "abc \xFF"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    size_t n = strlen(bad[i]);
    assert_int_equal(dx_extract(ex, bad[i], n, &res, &whole_err), DX_EUTF8);
    dx_stream_reset(s);
    dx_status st = feed_bytes(s, bad[i], n, &at, &err);
    int by_feed = st != DX_OK;
    if (!by_feed) /* a cut sequence at the very end: finish finds it */
      st = dx_stream_finish(s, &res, &err);
    assert_int_equal(st, DX_EUTF8);
    assert_int_equal(err.offset, 4);
    assert_int_equal(err.offset, whole_err.offset);
    assert_string_equal(err.message, whole_err.message);
    assert_true(at <= 4 + 4); /* found at most one sequence late */
    /* the document is lost: later calls say so again */
    if (by_feed) {
      assert_int_equal(dx_stream_feed(s, "x", 1, &err), DX_EUTF8);
      assert_int_equal(dx_stream_finish(s, &res, &err), DX_EUTF8);
      assert_int_equal(err.offset, 4);
    }
  }
  dx_stream_free(s);
  dx_extractor_free(ex);
}

static void test_nul_and_lenient(void **state) {
  (void)state;
  const char text[] = "« Oui \0 non », a dit Paul.";
  dx_extractor *ex = dx_extractor_new(NULL, NULL);
  dx_stream *s = dx_stream_new(ex, NULL);
  dx_error err;
  size_t at;
  assert_int_equal(feed_bytes(s, text, sizeof text - 1, &at, &err), DX_ENUL);
  assert_int_equal(err.offset, 7);
  assert_int_equal(at, 8);
  dx_stream_free(s);
  dx_extractor_free(ex);

  dx_options o = {0};
  o.flags = DX_OPT_LENIENT_UTF8;
  ex = dx_extractor_new(&o, NULL);
  s = dx_stream_new(ex, NULL);
  dx_result *res;
  assert_int_equal(feed_bytes(s, text, sizeof text - 1, &at, &err), DX_OK);
  assert_int_equal(dx_stream_finish(s, &res, &err), DX_OK);
  assert_int_equal(dx_result_warning_count(res), 1);
  assert_int_equal(dx_result_warning(res, 0)->offset, 7);
  dx_result_free(res);
  dx_stream_free(s);
  dx_extractor_free(ex);
}

static void test_too_big_as_bytes_arrive(void **state) {
  (void)state;
  dx_options o = {0};
  o.max_doc_bytes = 10;
  dx_extractor *ex = dx_extractor_new(&o, NULL);
  dx_stream *s = dx_stream_new(ex, NULL);
  dx_error err;
  dx_result *res;
  assert_int_equal(dx_stream_feed(s, "0123456", 7, &err), DX_OK);
  assert_int_equal(dx_stream_feed(s, "789A", 4, &err), DX_ETOOBIG);
  assert_int_equal(err.offset, 10);
  assert_int_equal(dx_stream_finish(s, &res, &err), DX_ETOOBIG);
  assert_null(res);
  assert_int_equal(dx_stream_finish(s, &res, &err), DX_EINVAL); /* twice */
  /* exactly the limit is fine */
  dx_stream_reset(s);
  assert_int_equal(dx_stream_feed(s, "0123456789", 10, &err), DX_OK);
  assert_int_equal(dx_stream_finish(s, &res, &err), DX_OK);
  dx_result_free(res);
  /* a bad byte before the limit wins over the size */
  dx_stream_reset(s);
  assert_int_equal(dx_stream_feed(s,
                                  "01\xFF"
                                  "3456789ABC",
                                  13, &err),
                   DX_EUTF8);
  assert_int_equal(err.offset, 2);
  dx_stream_free(s);
  dx_extractor_free(ex);
}

static void test_arguments(void **state) {
  (void)state;
  dx_error err;
  assert_null(dx_stream_new(NULL, &err));
  assert_int_equal(err.code, DX_EINVAL);
  assert_int_equal(dx_stream_feed(NULL, "x", 1, &err), DX_EINVAL);
  dx_extractor *ex = dx_extractor_new(NULL, NULL);
  dx_stream *s = dx_stream_new(ex, NULL);
  assert_int_equal(dx_stream_feed(s, NULL, 1, &err), DX_EINVAL);
  assert_int_equal(dx_stream_finish(s, NULL, &err), DX_EINVAL);
  size_t len = 99;
  assert_null(dx_stream_text(s, &len));
  assert_int_equal(len, 0);
  dx_result *res;
  assert_int_equal(dx_stream_finish(s, &res, &err), DX_OK); /* an empty document */
  assert_int_equal(dx_result_quote_count(res), 0);
  assert_int_equal(dx_stream_feed(s, "x", 1, &err), DX_EINVAL); /* after finish */
  dx_result_free(res);
  dx_stream_free(s);
  dx_stream_free(NULL);
  dx_extractor_free(ex);
}

static void test_allocation_failure_leaks_nothing(void **state) {
  (void)state;
  /* big enough that the buffer grows several times */
  static char text[40000];
  size_t n = 0;
  while (n + sizeof article < sizeof text) {
    memcpy(text + n, article, sizeof article - 1);
    n += sizeof article - 1;
    text[n++] = '\n';
  }
  int succeeded = 0;
  for (long budget = 0; budget < 2000 && !succeeded; budget++) {
    counting c = {budget, 0};
    dx_allocator a = {c_malloc, c_realloc, c_free, &c};
    dx_options o = {0};
    o.allocator = &a;
    dx_error err;
    dx_extractor *ex = dx_extractor_new(&o, &err);
    dx_stream *s = ex ? dx_stream_new(ex, &err) : NULL;
    if (!s) {
      assert_int_equal(err.code, DX_ENOMEM);
      dx_extractor_free(ex);
      assert_int_equal(c.live, 0);
      continue;
    }
    dx_status st = DX_OK;
    for (size_t i = 0; i < n && st == DX_OK; i += 1000)
      st = dx_stream_feed(s, text + i, n - i < 1000 ? n - i : 1000, &err);
    dx_result *res = NULL;
    if (st == DX_OK) {
      st = dx_stream_finish(s, &res, &err);
    } else {
      assert_int_equal(dx_stream_finish(s, &res, &err), DX_ENOMEM);
    }
    if (st == DX_OK) {
      succeeded = 1;
      assert_true(dx_result_quote_count(res) >= 2);
      dx_result_free(res);
    } else {
      assert_int_equal(st, DX_ENOMEM);
      assert_int_equal(err.code, DX_ENOMEM);
      assert_null(res);
    }
    dx_stream_free(s);
    dx_extractor_free(ex);
    assert_int_equal(c.live, 0);
  }
  assert_true(succeeded);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_pieces_give_the_whole_result),
      cmocka_unit_test(test_bad_utf8_across_pieces),
      cmocka_unit_test(test_nul_and_lenient),
      cmocka_unit_test(test_too_big_as_bytes_arrive),
      cmocka_unit_test(test_arguments),
      cmocka_unit_test(test_allocation_failure_leaks_nothing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
