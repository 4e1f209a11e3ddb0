/* inputs.c — files, directories and globs as input files (see inputs.h). */
#define _XOPEN_SOURCE 700
#include "inputs.h"

#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The kinds of file a directory walk picks up. */
static int is_corpus_file(const char *name) {
  return ends_with(name, ".txt") || ends_with(name, ".jsonl") || ends_with(name, ".jsonl.gz") ||
         ends_with(name, ".jsonl.zst");
}

/* The shard of an input: its name without .gz/.zst and .txt/.jsonl, then
 * .jsonl (or .out.txt for --format text), then the input's compression
 * suffix again: a.jsonl.zst -> a.jsonl.zst, a.txt -> a.jsonl. */
static char *shard_name(const cli_options *opt, const char *rel) {
  size_t n = strlen(rel);
  const char *z = "";
  if (ends_with(rel, ".gz"))
    z = ".gz", n -= 3;
  else if (ends_with(rel, ".zst"))
    z = ".zst", n -= 4;
  if (n >= 6 && strncmp(rel + n - 6, ".jsonl", 6) == 0)
    n -= 6;
  else if (n >= 4 && strncmp(rel + n - 4, ".txt", 4) == 0)
    n -= 4;
  const char *ext = opt->format == CLI_FORMAT_TEXT ? ".out.txt" : ".jsonl";
  size_t cap = n + strlen(ext) + strlen(z) + 1;
  char *s = malloc(cap);
  if (s)
    snprintf(s, cap, "%.*s%s%s", (int)n, rel, ext, z);
  return s;
}

static int add(cli_inputs *in, const cli_options *opt, const char *path, const char *rel) {
  if (in->n == in->cap) {
    size_t cap = in->cap ? in->cap * 2 : 16;
    cli_input *v = realloc(in->v, cap * sizeof *v);
    if (!v)
      return -1;
    in->v = v;
    in->cap = cap;
  }
  cli_input *x = &in->v[in->n];
  x->path = strdup(path);
  x->shard = shard_name(opt, rel);
  struct stat st;
  x->size = 0;
  if (strcmp(path, "-") == 0)
    in->has_stdin = 1;
  else if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
    x->size = (unsigned long long)st.st_size;
  if (!x->path || !x->shard) {
    free(x->path);
    free(x->shard);
    return -1;
  }
  in->n++;
  return 0;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the corpus files under dir (rel: its path below the argument). */
static int walk(cli_inputs *in, const cli_options *opt, const char *dir, const char *rel,
                int depth) {
  if (depth > 64) /* a loop of symbolic links */
    return 0;
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "dixit: %s: %s\n", dir, strerror(errno));
    return 1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  int rc = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') /* hidden files, and our own temporary files */
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      char **p = realloc(names, cap * sizeof *p);
      if (!p) {
        rc = -1;
        break;
      }
      names = p;
    }
    if (!(names[n] = strdup(e->d_name))) {
      rc = -1;
      break;
    }
    n++;
  }
  closedir(d);
  if (n)
    qsort(names, n, sizeof *names, by_name);
  for (size_t i = 0; i < n && rc >= 0; i++) {
    size_t pl = strlen(dir) + strlen(names[i]) + 2, rl = strlen(rel) + strlen(names[i]) + 2;
    char *path = malloc(pl), *r = malloc(rl);
    if (!path || !r) {
      rc = -1;
    } else {
      snprintf(path, pl, "%s/%s", dir, names[i]);
      snprintf(r, rl, "%s%s%s", rel, *rel ? "/" : "", names[i]);
      struct stat st;
      if (stat(path, &st) != 0)
        ;
      else if (S_ISDIR(st.st_mode)) {
        int w = walk(in, opt, path, r, depth + 1);
        rc = w < 0 ? -1 : (w > rc ? w : rc);
      } else if (S_ISREG(st.st_mode) && is_corpus_file(names[i]) && add(in, opt, path, r) != 0)
        rc = -1;
    }
    free(path);
    free(r);
  }
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
  return rc;
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

/* One argument; 0, 1 (matched nothing) or -1 (out of memory). */
static int expand_one(cli_inputs *in, const cli_options *opt, const char *arg) {
  struct stat st;
  memset(&st, 0, sizeof st); /* read only after stat() filled it; analysers cannot tell */
  if (strcmp(arg, "-") == 0 || stat(arg, &st) == 0) {
    if (strcmp(arg, "-") != 0 && S_ISDIR(st.st_mode)) {
      char *dir = strdup(arg);
      if (!dir)
        return -1;
      size_t n = strlen(dir);
      while (n > 1 && dir[n - 1] == '/')
        dir[--n] = '\0';
      int rc = walk(in, opt, dir, "", 0);
      free(dir);
      return rc;
    }
    return add(in, opt, arg, base_name(arg));
  }
  if (!strpbrk(arg, "*?[")) /* a missing file: its reader reports it */
    return add(in, opt, arg, base_name(arg));
  glob_t g;
  int rc = glob(arg, 0, NULL, &g);
  if (rc == GLOB_NOMATCH) {
    fprintf(stderr, "dixit: %s: no file matches\n", arg);
    return 1;
  }
  if (rc != 0)
    return -1;
  for (size_t i = 0; i < g.gl_pathc && rc == 0; i++)
    if (stat(g.gl_pathv[i], &st) != 0 || !S_ISDIR(st.st_mode))
      rc = add(in, opt, g.gl_pathv[i], base_name(g.gl_pathv[i]));
  globfree(&g);
  return rc;
}

static int by_shard(const void *a, const void *b) {
  return strcmp((*(cli_input *const *)a)->shard, (*(cli_input *const *)b)->shard);
}

/* Two inputs writing one shard would lose one of them: refuse. */
static int check_shards(const cli_inputs *in) {
  /* an array of pointers into in->v, sorted by shard */
  cli_input **v = malloc((in->n ? in->n : 1) * sizeof(cli_input *)); // NOLINT(bugprone-sizeof-expression)
  if (!v)
    return -1;
  for (size_t i = 0; i < in->n; i++)
    v[i] = &in->v[i];
  qsort(v, in->n, sizeof(cli_input *), by_shard); // NOLINT(bugprone-sizeof-expression): pointers
  int rc = 0;
  for (size_t i = 1; i < in->n && !rc; i++)
    if (strcmp(v[i - 1]->shard, v[i]->shard) == 0) {
      fprintf(stderr, "dixit: %s and %s would both write %s in the output directory\n",
              v[i - 1]->path, v[i]->path, v[i]->shard);
      rc = 2;
    }
  free(v);
  return rc;
}

int cli_inputs_expand(cli_inputs *in, const cli_options *opt) {
  memset(in, 0, sizeof *in);
  int status = 0;
  for (int i = 0; i < opt->n_files; i++) {
    int rc = expand_one(in, opt, opt->files[i]);
    if (rc < 0) {
      fprintf(stderr, "dixit: out of memory\n");
      return 2;
    }
    if (rc > status)
      status = rc;
  }
  for (size_t i = 0; i < in->n; i++)
    in->total += in->v[i].size; /* a missing file counts as 0 bytes */
  if (in->has_stdin)
    in->total = 0;
  if (opt->out_dir) {
    if (in->has_stdin) {
      fprintf(stderr, "dixit: --out-dir needs input files, not stdin\n");
      return 2;
    }
    int rc = check_shards(in);
    if (rc)
      return rc < 0 ? 2 : rc;
  }
  return status;
}

void cli_inputs_free(cli_inputs *in) {
  for (size_t i = 0; i < in->n; i++) {
    free(in->v[i].path);
    free(in->v[i].shard);
  }
  free(in->v);
  memset(in, 0, sizeof *in);
}
