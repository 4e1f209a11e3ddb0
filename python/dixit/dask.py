"""Run dixit over many shards on a Dask cluster: one output shard per input.

    python3 -m dixit.dask 'corpus/*.jsonl.gz' out/ --local 4
    python3 -m dixit.dask 'corpus/*.jsonl.gz' out/ --scheduler tcp://host:8786

Each input shard (.txt, .jsonl, .jsonl.gz, .jsonl.zst) is one Dask task,
which runs the `dixit` command on it, single-threaded (the cluster gives the
parallelism), writing OUTDIR/NAME.jsonl (keeping the input's .gz/.zst).  The
command writes to a temporary file and renames it when complete, so an
output shard is either whole or absent; a re-run skips the shards already
there, so a run that was killed is finished by running it again.  The output
is byte for byte what `dixit --out-dir OUTDIR INPUTS` writes on one machine.

Why the command and not dixit.extract: the shard's records — error records,
ids written back as they came — are the command's contract (docs/FORMAT.md);
running the command is how every worker gives exactly those bytes.  Every
worker therefore needs the `dixit` binary: on its PATH, or given with
--dixit (a path valid on the workers), or in DIXIT_BIN.

Needs Debian's python3-dask and python3-distributed (or any dask and
distributed).
"""
import argparse
import glob
import os
import shutil
import socket
import subprocess
import sys
import time


def shard_name(rel, text_format=False):
    """The output name of an input (its path below a directory argument, or
    its base name), as `dixit --out-dir` names it."""
    name = rel
    z = ""
    for suffix in (".gz", ".zst"):
        if name.endswith(suffix):
            name, z = name[: -len(suffix)], suffix
            break
    for suffix in (".jsonl", ".txt"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return name + (".out.txt" if text_format else ".jsonl") + z


def find_inputs(pattern):
    """[(path, rel)] for the corpus files a glob, a directory or a file
    stands for, in the order `dixit` takes them; rel names the shard."""
    kinds = (".txt", ".jsonl", ".jsonl.gz", ".jsonl.zst")
    if os.path.isdir(pattern):
        found = []
        for root, dirs, files in os.walk(pattern):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            found += [os.path.join(root, f) for f in files
                      if f.endswith(kinds) and not f.startswith(".")]
        return sorted((p, os.path.relpath(p, pattern)) for p in found)
    return [(p, os.path.basename(p)) for p in sorted(glob.glob(pattern)) if os.path.isfile(p)]


def run_shard(src, dest, dixit_bin, extra_args):
    """One task: src -> dest, unless dest is already there.  Returns
    (dest, "done" | "skipped" | "failed documents", seconds)."""
    t0 = time.time()
    if os.path.exists(dest):
        return dest, "skipped", 0.0
    os.makedirs(os.path.dirname(dest) or ".", exist_ok=True)
    cmd = [dixit_bin, "-j", "1", "--quiet", *extra_args, "-o", dest, src]
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if p.returncode not in (0, 1):  # 1: some documents failed; their records say why
        raise RuntimeError(f"{' '.join(cmd)} on {socket.gethostname()}: exit {p.returncode}: "
                           + p.stderr.decode("utf-8", "replace")[-2000:])
    return dest, "done" if p.returncode == 0 else "failed documents", time.time() - t0


def default_dixit():
    return os.environ.get("DIXIT_BIN") or shutil.which("dixit") or "dixit"


def plan(inputs, outdir, text_format=False):
    """[(input, output)], refusing two inputs that would write one shard."""
    pairs, seen = [], {}
    for src, rel in inputs:
        dest = os.path.join(outdir, shard_name(rel, text_format))
        if dest in seen:
            raise SystemExit(f"dixit.dask: {seen[dest]} and {src} would both write {dest}")
        seen[dest] = src
        pairs.append((src, dest))
    return pairs


def run(pattern, outdir, client, dixit_bin=None, extra_args=()):
    """Runs every shard on the Dask client; returns the list of task results."""
    inputs = find_inputs(pattern)
    if not inputs:
        raise SystemExit(f"dixit.dask: no input matches {pattern!r}")
    args = list(extra_args)
    text_format = "--format=text" in args or any(
        a == "--format" and b == "text" for a, b in zip(args, args[1:]))
    pairs = plan(inputs, outdir, text_format)
    todo = [(s, d) for s, d in pairs if not os.path.exists(d)]
    dixit_bin = dixit_bin or default_dixit()
    futures = [client.submit(run_shard, s, d, dixit_bin, list(extra_args),
                             key=f"dixit-{d}", pure=False) for s, d in todo]
    results = client.gather(futures)
    return [(d, "skipped", 0.0) for s, d in pairs if (s, d) not in todo] + list(results)


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="python3 -m dixit.dask",
        description="dixit over many shards on Dask: one output shard per input shard, "
                    "written atomically; shards already done are skipped.")
    ap.add_argument("input_glob", help="a quoted glob ('corpus/*.jsonl.gz'), a directory or a file")
    ap.add_argument("outdir")
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--scheduler", metavar="ADDRESS", help="a running dask-scheduler")
    where.add_argument("--local", metavar="N", type=int,
                       help="start a local cluster of N worker processes")
    ap.add_argument("--dixit", metavar="PATH",
                    help="the dixit binary on the workers (default: DIXIT_BIN, or PATH)")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("dixit_args", nargs="*",
                    help="after --: options for dixit (e.g. -- --lang fr --lenient-utf8)")
    a = ap.parse_args(argv)

    from distributed import Client, LocalCluster  # imported late: --help without dask

    if a.local is not None:
        if a.local < 1:
            ap.error("--local needs at least 1 worker")
        cluster = LocalCluster(n_workers=a.local, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        cluster, client = None, Client(a.scheduler)
    try:
        t0 = time.time()
        results = run(a.input_glob, a.outdir, client, a.dixit, a.dixit_args)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    counts = {}
    for _, status, _ in results:
        counts[status] = counts.get(status, 0) + 1
    if not a.quiet:
        summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
        print(f"dixit.dask: {len(results)} shards in {time.time() - t0:.1f} s: {summary}",
              file=sys.stderr)
    return 1 if counts.get("failed documents") else 0


if __name__ == "__main__":
    sys.exit(main())
