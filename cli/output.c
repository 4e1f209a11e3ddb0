/* output.c — stdout, -o FILE and --out-dir shards, atomically (see output.h). */
#define _XOPEN_SOURCE 700
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zfile.h"

static char host[64];

static const char *hostname(void) {
  if (!host[0]) {
    if (gethostname(host, sizeof host - 1) != 0 || !host[0])
      strcpy(host, "host");
    for (char *p = host; *p; p++) /* the name must stay one path element */
      if (*p == '/' || *p == '.')
        *p = '_';
  }
  return host;
}

/* "DIR/.NAME.dixit-tmp.HOST.PID" for "DIR/NAME". */
static char *temp_name(const char *path) {
  const char *slash = strrchr(path, '/');
  size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
  size_t cap = strlen(path) + strlen(hostname()) + 48;
  char *t = malloc(cap);
  if (t)
    snprintf(t, cap, "%.*s.%s.dixit-tmp.%s.%ld", (int)dir, path, path + dir, hostname(),
             (long)getpid());
  return t;
}

static char *join(const char *dir, const char *name) {
  size_t cap = strlen(dir) + strlen(name) + 2;
  char *s = malloc(cap);
  if (s)
    snprintf(s, cap, "%s/%s", dir, name);
  return s;
}

/* Removes fpath (whose last element is name) when it is a temporary file
 * left by a dixit that died on this host. */
static void remove_if_stale(const char *fpath, const char *name) {
  const char *m = name[0] == '.' ? strstr(name, ".dixit-tmp.") : NULL;
  if (!m)
    return;
  const char *h = m + strlen(".dixit-tmp."), *dot = strrchr(h, '.');
  if (!dot || (size_t)(dot - h) != strlen(hostname()) || strncmp(h, hostname(), strlen(hostname())) != 0)
    return;
  char *end;
  long pid = strtol(dot + 1, &end, 10);
  if (*end || pid <= 0 || pid == (long)getpid())
    return;
  if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
    unlink(fpath);
}

static int stale_in_tree(const char *fpath, const struct stat *sb, int type, struct FTW *ftw) {
  (void)sb;
  if (type == FTW_F)
    remove_if_stale(fpath, fpath + ftw->base);
  return 0;
}

/* The directory of a -o file only, not below it: it may be anything. */
static void stale_in_dir(const char *dir) {
  DIR *d = opendir(dir);
  if (!d)
    return;
  struct dirent *e;
  while ((e = readdir(d))) {
    char *p = join(dir, e->d_name);
    if (p)
      remove_if_stale(p, e->d_name);
    free(p);
  }
  closedir(d);
}

/* mkdir -p of the directories above path. */
static int make_parents(char *path) {
  for (char *p = path + 1; (p = strchr(p, '/')); p++) {
    *p = '\0';
    int rc = mkdir(path, 0777);
    int e = errno;
    *p = '/';
    if (rc != 0 && e != EEXIST)
      return -1;
  }
  return 0;
}

/* Opens o->path's temporary file. */
static int open_temp(cli_output *o) {
  o->tmp = temp_name(o->path);
  if (!o->tmp || make_parents(o->path) != 0 ||
      !(o->f = cli_zout_open(o->tmp, cli_zkind_of(o->path))) ||
      setvbuf(o->f, NULL, _IOFBF, 1 << 16) != 0) {
    fprintf(stderr, "dixit: cannot write %s: %s\n", o->path, strerror(errno));
    free(o->tmp);
    o->tmp = NULL;
    return -1;
  }
  return 0;
}

/* Closes the temporary file and renames it into place, or removes it. */
static int close_temp(cli_output *o, int ok) {
  int rc = 0;
  if (o->f && fclose(o->f) != 0)
    rc = -1;
  o->f = NULL;
  if (ok && rc == 0 && rename(o->tmp, o->path) != 0)
    rc = -1;
  if (ok && rc != 0)
    fprintf(stderr, "dixit: cannot write %s: %s\n", o->path, strerror(errno));
  if (!ok || rc != 0)
    unlink(o->tmp);
  free(o->tmp);
  free(o->path);
  o->tmp = o->path = NULL;
  return rc;
}

int cli_output_open(cli_output *o, const cli_options *opt, const cli_inputs *inputs) {
  memset(o, 0, sizeof *o);
  o->opt = opt;
  o->inputs = inputs;
  if (opt->out_dir) {
    if (mkdir(opt->out_dir, 0777) != 0 && errno != EEXIST) {
      fprintf(stderr, "dixit: cannot create %s: %s\n", opt->out_dir, strerror(errno));
      return -1;
    }
    nftw(opt->out_dir, stale_in_tree, 16, FTW_PHYS);
    return 0;
  }
  if (opt->out_file) {
    if (!(o->path = strdup(opt->out_file)))
      return -1;
    const char *slash = strrchr(o->path, '/');
    char *dir = slash ? strndup(o->path, (size_t)(slash - o->path) + 1) : strdup(".");
    if (dir)
      stale_in_dir(dir);
    free(dir);
    return open_temp(o);
  }
  o->f = stdout;
  return 0;
}

int cli_output_done(const cli_output *o, size_t i) {
  char *path = join(o->opt->out_dir, o->inputs->v[i].shard);
  int done = path && access(path, F_OK) == 0;
  free(path);
  return done;
}

int cli_output_begin(cli_output *o, size_t i) {
  if (!(o->path = join(o->opt->out_dir, o->inputs->v[i].shard)))
    return -1;
  return open_temp(o);
}

int cli_output_end(cli_output *o, int ok) {
  if (!o->path)
    return 0;
  return close_temp(o, ok);
}

int cli_output_close(cli_output *o, int ok) {
  if (o->opt->out_dir)
    return cli_output_end(o, 0); /* a shard still open was not finished */
  if (o->path)
    return close_temp(o, ok);
  if (o->f && fflush(o->f) != 0) {
    fprintf(stderr, "dixit: cannot write the output: %s\n", strerror(errno));
    return -1;
  }
  return 0;
}
