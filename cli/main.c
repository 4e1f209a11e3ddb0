/*
 * main.c — the dixit command: options, then one of two jobs.
 *
 *   dixit [options] [FILE...]      extract quotations (input.c, run.c)
 *   dixit eval GOLD [PRED]         score them (eval.c)
 *
 * The command is a thin client of libdixit: everything it knows about
 * quotations comes through include/dixit.h.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "eval.h"
#include "input.h"
#include "inputs.h"
#include "options.h"
#include "output.h"
#include "run.h"
#include "serve.h"

enum { EXIT_DOC_FAILED = 1, EXIT_USAGE = 2 };

static const char usage[] =
    "usage: dixit [options] [FILE...]\n"
    "       dixit eval [--json] [--verbose] [--lang fr|en] GOLD.jsonl [PRED.jsonl]\n"
    "       dixit serve [--port N] [--host ADDR] [options]   (dixit serve --help)\n"
    "\n"
    "Extracts quotations (who said what) from French and English news text and\n"
    "writes one JSON line per document on stdout (see docs/FORMAT.md).\n"
    "\n"
    "Each FILE is one text document whose id is its path; a FILE named *.jsonl\n"
    "holds one {\"id\", \"text\", \"lang\"?} record a line.  Names ending .gz or\n"
    ".zst are decompressed.  A directory stands for every .txt, .jsonl,\n"
    ".jsonl.gz and .jsonl.zst file under it; a quoted glob ('in/*.jsonl.gz') is\n"
    "expanded.  With no FILE, or '-', stdin is read.\n"
    "\n"
    "options:\n"
    "  --format json|text|tsv|html  output format (default json); tsv is one\n"
    "                        quotation a line under a header, html one\n"
    "                        self-contained report page for all the inputs\n"
    "  --jsonl               read every input as JSON Lines\n"
    "  --lang fr|en|auto     force the language (default: detect per document;\n"
    "                        a record's own \"lang\" wins)\n"
    "  --lenient-utf8        process invalid UTF-8 and NUL bytes instead of\n"
    "                        refusing the document\n"
    "  --max-doc-bytes N     refuse larger documents (default 64M, at most\n"
    "                        4G less one byte; K, M, G suffixes are powers\n"
    "                        of 1024)\n"
    "  -j, --threads N       threads that extract (default: one per core; a\n"
    "                        single text file: one); the output stays in\n"
    "                        input order\n"
    "  -o FILE               write to FILE (compressed when it ends .gz or .zst),\n"
    "                        renamed into place once complete\n"
    "  --out-dir DIR         one output file per input file in DIR, each renamed\n"
    "                        into place once complete; files already there are\n"
    "                        skipped, so a killed run restarts where it stopped\n"
    "  -q, --quiet           no progress bar (shown only when stderr is a terminal)\n"
    "  --line-buffered       write each record out as soon as it is done, for a\n"
    "                        program that sends a record and waits for its answer\n"
    "  -h, --help            show this help\n"
    "  --version             show the version\n"
    "\n"
    "exit status: 0 all documents processed, 1 some document or input failed\n"
    "(its record says why), 2 bad usage or output error.\n";

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n > m && strcmp(s + n - m, suffix) == 0;
}

int cli_is_jsonl(const cli_options *opt, const char *path) {
  return opt->jsonl || ends_with(path, ".jsonl") || ends_with(path, ".jsonl.gz") ||
         ends_with(path, ".jsonl.zst");
}

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "dixit: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n(dixit --help for help)\n");
  return EXIT_USAGE;
}

/* "64M" → 67108864; 0 when not a positive size. */
static size_t parse_size(const char *s) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s || *s == '-')
    return 0;
  unsigned shift = 0;
  switch (*end) {
  case 'k':
  case 'K':
    shift = 10, end++;
    break;
  case 'm':
  case 'M':
    shift = 20, end++;
    break;
  case 'g':
  case 'G':
    shift = 30, end++;
    break;
  default:
    break;
  }
  if (*end || v > (SIZE_MAX >> shift))
    return 0;
  return (size_t)(v << shift);
}

/* The value of an option given as "--opt value" or "--opt=value"; NULL
 * when it is missing.  Advances *i past a separate value. */
static const char *option_value(int argc, char **argv, int *i, const char *name) {
  size_t n = strlen(name);
  const char *a = argv[*i];
  if (a[n] == '=')
    return a + n + 1;
  if (*i + 1 < argc)
    return argv[++*i];
  return NULL;
}

static int is_option(const char *arg, const char *name) {
  size_t n = strlen(name);
  return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

/* Parses one option at argv[*i]; returns 0, or an exit status to stop with
 * (-1 means: stop with success, e.g. after --help). */
static int parse_option(cli_options *opt, int argc, char **argv, int *i) {
  const char *a = argv[*i], *v;
  if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
    fputs(usage, stdout);
    return -1;
  }
  if (strcmp(a, "--version") == 0) {
    printf("dixit %s (libdixit %s)\n", DX_VERSION_STRING, dx_version());
    return -1;
  }
  if (strcmp(a, "--jsonl") == 0) {
    opt->jsonl = 1;
  } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
    opt->quiet = 1;
  } else if (strcmp(a, "--line-buffered") == 0) {
    opt->line_buffered = 1;
  } else if (strncmp(a, "-j", 2) == 0 || is_option(a, "--threads")) {
    if (a[1] == 'j' && a[2])
      v = a + 2; /* -j4 */
    else if (!(v = option_value(argc, argv, i, a[1] == 'j' ? "-j" : "--threads")))
      return usage_error("%s needs a value", a);
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || end == v || n < 1 || n > 1024)
      return usage_error("-j: '%s' is not a number of threads (1 to 1024)", v);
    opt->threads = (int)n;
  } else if (strcmp(a, "-o") == 0 || is_option(a, "--output")) {
    if (!(v = option_value(argc, argv, i, a[1] == 'o' ? "-o" : "--output")) || !*v)
      return usage_error("%s needs a file name", a);
    opt->out_file = v;
  } else if (is_option(a, "--out-dir")) {
    if (!(v = option_value(argc, argv, i, "--out-dir")) || !*v)
      return usage_error("%s needs a directory", a);
    opt->out_dir = v;
  } else if (strcmp(a, "--lenient-utf8") == 0) {
    opt->flags |= DX_OPT_LENIENT_UTF8;
  } else if (is_option(a, "--format")) {
    if (!(v = option_value(argc, argv, i, "--format")))
      return usage_error("%s needs a value", a);
    if (strcmp(v, "json") == 0)
      opt->format = CLI_FORMAT_JSON;
    else if (strcmp(v, "text") == 0)
      opt->format = CLI_FORMAT_TEXT;
    else if (strcmp(v, "html") == 0)
      opt->format = CLI_FORMAT_HTML;
    else if (strcmp(v, "tsv") == 0)
      opt->format = CLI_FORMAT_TSV;
    else
      return usage_error("unknown format '%s' (json, text, tsv or html)", v);
  } else if (is_option(a, "--lang")) {
    if (!(v = option_value(argc, argv, i, "--lang")))
      return usage_error("%s needs a value", a);
    opt->lang = dx_lang_from_code(v);
    if (opt->lang == DX_LANG_AUTO && strcmp(v, "auto") != 0)
      return usage_error("unsupported language '%s' (fr, en or auto)", v);
  } else if (is_option(a, "--max-doc-bytes")) {
    if (!(v = option_value(argc, argv, i, "--max-doc-bytes")))
      return usage_error("%s needs a value", a);
    if (!(opt->max_doc_bytes = parse_size(v)))
      return usage_error("--max-doc-bytes: '%s' is not a positive size", v);
    if (opt->max_doc_bytes > DX_MAX_DOC_BYTES) /* as the library caps it */
      opt->max_doc_bytes = DX_MAX_DOC_BYTES;
  } else {
    return usage_error("unknown option '%s'", a);
  }
  return 0;
}

/* Fills opt from argv; returns 0, or an exit status (-1: success). */
static int parse_args(cli_options *opt, int argc, char **argv) {
  opt->max_doc_bytes = DX_DEFAULT_MAX_DOC_BYTES;
  opt->files = malloc(sizeof *opt->files * (size_t)(argc + 1));
  if (!opt->files)
    return usage_error("%s", "out of memory");
  int only_files = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
      opt->files[opt->n_files++] = argv[i];
    } else if (strcmp(a, "--") == 0) {
      only_files = 1;
    } else {
      int rc = parse_option(opt, argc, argv, &i);
      if (rc)
        return rc;
    }
  }
  if (opt->n_files == 0)
    opt->files[opt->n_files++] = "-";
  if (opt->out_file && opt->out_dir)
    return usage_error("%s", "-o and --out-dir exclude each other");
  if ((opt->format == CLI_FORMAT_HTML || opt->format == CLI_FORMAT_TSV) && opt->out_dir)
    return usage_error("%s", "--format html and tsv write one page or table: use -o, not --out-dir");
  /* the report numbers its sections in input order as it writes them: a
   * page is read by people, one thread renders it quickly enough */
  if (opt->format == CLI_FORMAT_HTML)
    opt->threads = 1;
  if (opt->threads == 0) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    opt->threads = n < 1 ? 1 : n > 64 ? 64 : (int)n;
  }
  return 0;
}

/* Text output names each document when there may be more than one. */
static int wants_headers(const cli_options *opt, const cli_inputs *in) {
  if (in->n != 1)
    return 1;
  return cli_is_jsonl(opt, in->v[0].path);
}

static int extract_main(int argc, char **argv) {
  cli_options opt = {0};
  int rc = parse_args(&opt, argc, argv);
  if (rc) {
    free(opt.files);
    return rc < 0 ? 0 : rc;
  }
  cli_inputs in;
  int status = cli_inputs_expand(&in, &opt);
  if (status == EXIT_USAGE) {
    cli_inputs_free(&in);
    free(opt.files);
    return EXIT_USAGE;
  }
  opt.headers = wants_headers(&opt, &in);
  /* One text document is extracted by one thread whatever -j says; with a
   * pool its record would wait whole in memory to be written (ten
   * times the text's size for dense quotations) instead of going straight
   * out. */
  if (in.n == 1 && !cli_is_jsonl(&opt, in.v[0].path))
    opt.threads = 1;
  /* Records are small and many: write them in large blocks, except to a
   * terminal, where a person waits for each line. */
  static char outbuf[1 << 16];
  if (!isatty(fileno(stdout)))
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);

  cli_run run;
  size_t skipped = 0;
  if (cli_run_init(&run, &opt, in.total) == 0 && cli_output_open(&run.out, &opt, &in) != 0)
    run.fatal = 1;
  if (!run.fatal)
    cli_run_page_begin(&run, in.n == 1 && strcmp(in.v[0].path, "-") != 0 &&
                                     !cli_is_jsonl(&opt, in.v[0].path)
                                 ? in.v[0].path
                                 : NULL);
  for (size_t i = 0; i < in.n && !run.fatal; i++) {
    if (opt.out_dir && cli_output_done(&run.out, i)) {
      skipped++;
      continue;
    }
    cli_run_file_begin(&run, (int)i);
    if (cli_is_jsonl(&opt, in.v[i].path))
      cli_input_jsonl(&run, in.v[i].path);
    else
      cli_input_text(&run, in.v[i].path);
    cli_run_file_end(&run, (int)i, in.v[i].size);
  }
  if (!run.fatal)
    cli_run_page_end(&run);
  cli_run_finish(&run);
  if (cli_output_close(&run.out, !run.fatal) != 0)
    run.fatal = 1;
  if (skipped && !opt.quiet)
    fprintf(stderr, "dixit: %zu of %zu inputs skipped: their output is already in %s\n",
            skipped, in.n, opt.out_dir);
  cli_run_free(&run);
  cli_inputs_free(&in);
  free(opt.files);
  return run.fatal ? EXIT_USAGE : (run.failed || status) ? EXIT_DOC_FAILED : 0;
}

/* Every document's working arrays are allocated and freed by the worker
 * that extracts it.  glibc gives the top of a worker thread's heap back to
 * the system (madvise, then page faults to take it again) whenever more
 * than 128 KiB of it is free, which a worker does after most documents:
 * with two workers on two cores, this system time took -j 2 from 1.8-1.9x
 * the single-thread speed down to 1.3-1.6x (bench/scale.sh).  Keeping up
 * to 32 MiB free per heap ends that; the peak memory is what the largest
 * documents in flight need, as before, since freed memory is reused.  The
 * threshold for mmap is left alone: a line buffer that grows by realloc
 * must stay an mmap, which mremap grows in place, or a long line needs its
 * old and new copies at once (tests/test_pathological.py reads one under
 * a 48 MB address-space limit). */
static void tune_allocator(void) {
#if defined(__GLIBC__)
  mallopt(M_TRIM_THRESHOLD, 32 << 20);
#endif
}

int main(int argc, char **argv) {
  tune_allocator();
  if (argc > 1 && strcmp(argv[1], "eval") == 0)
    return cli_eval_main(argc - 1, argv + 1);
  if (argc > 1 && strcmp(argv[1], "serve") == 0)
    return cli_serve_main(argc - 1, argv + 1);
  return extract_main(argc, argv);
}
