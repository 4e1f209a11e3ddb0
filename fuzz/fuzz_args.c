/*
 * fuzz_args.c — the command line's option parser (cli/main.c).
 *
 * Input: the arguments, separated by NUL bytes.  parse_args() must accept
 * or refuse any of them without reading past an argument, and what it
 * accepts must make sense: at least one input, a positive size limit,
 * files that are arguments.  main.c is included whole so that its static
 * functions are reachable; its main() is renamed out of the way.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define main dixit_cli_main
#include "../cli/main.c" // NOLINT(bugprone-suspicious-include): on purpose
#undef main

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_ARGS = 64 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* a copy, so that every argument ends with a NUL as argv's do */
  char *copy = malloc(size + 1);
  FUZZ_CHECK(copy != NULL);
  if (size)
    memcpy(copy, data, size);
  copy[size] = '\0';
  char *argv[MAX_ARGS + 2];
  int argc = 0;
  argv[argc++] = "dixit";
  for (char *p = copy; p <= copy + size && argc <= MAX_ARGS; p += strlen(p) + 1)
    argv[argc++] = p;
  argv[argc] = NULL;

  cli_options opt = {0};
  int rc = parse_args(&opt, argc, argv);
  if (rc == 0) {
    FUZZ_CHECK(opt.n_files >= 1 && opt.n_files < argc);
    FUZZ_CHECK(opt.max_doc_bytes > 0);
    FUZZ_CHECK(opt.format == CLI_FORMAT_JSON || opt.format == CLI_FORMAT_TEXT ||
               opt.format == CLI_FORMAT_HTML || opt.format == CLI_FORMAT_TSV);
    FUZZ_CHECK(opt.threads >= 1);
    FUZZ_CHECK(!(opt.out_file && opt.out_dir));
    for (int i = 0; i < opt.n_files; i++) {
      int found = strcmp(opt.files[i], "-") == 0;
      for (int k = 1; k < argc && !found; k++)
        found = opt.files[i] == argv[k];
      FUZZ_CHECK(found);
      (void)cli_is_jsonl(&opt, opt.files[i]);
    }
    /* the inputs as given, unexpanded: the fuzzer must not walk the disk */
    cli_input one = {opt.files[0], NULL, 0};
    cli_inputs in = {&one, 1, 1, 0, 0};
    (void)wants_headers(&opt, &in);
  } else {
    FUZZ_CHECK(rc == -1 || rc == EXIT_USAGE);
  }
  free(opt.files);
  free(copy);
  return 0;
}
