#!/usr/bin/env python3
"""Batch runs of the CLI: compressed inputs, directories and globs, -j N,
-o and --out-dir, and a run killed with SIGKILL then restarted.

usage: test_batch.py PATH_TO_DIXIT SOURCE_DIR

The corpora are built from samples/articles.jsonl and sentences written
here.  Every check compares bytes: the records of a batch run must be the
ones a plain single-threaded run writes for the same documents, in the same
order.  About 20 s.
"""
import gzip
import os
import pty
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import checks
from checks import check

DIXIT = SRC = TMP = None

SENTENCES = [
    "« Le chantier prendra du retard », a reconnu mardi l'architecte Claire Moreau.",
    "Selon le préfet, la route restera fermée jusqu'à lundi.",
    '"We are not there yet," the coach, Tom Reilly, told reporters after the match.',
    "The company said that its profits had doubled, according to a statement.",
    "Le ministre a assuré aux élus que « rien n'était décidé ».",
]


def run(*args, **kw):
    return subprocess.run([DIXIT, *args], capture_output=True, timeout=300, **kw)


def records(n, start=0):
    """n JSON lines: the samples, then numbered sentences."""
    import json
    lines = []
    with open(os.path.join(SRC, "samples", "articles.jsonl"), encoding="utf-8") as f:
        base = [json.loads(l) for l in f if l.strip()]
    for i in range(start, start + n):
        if i % 4 == 0:
            rec = dict(base[(i // 4) % len(base)])
            rec["id"] = f"doc-{i}"
        else:
            rec = {"id": i, "text": " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(3))}
        lines.append(json.dumps(rec, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def write(path, data, compress=True):
    """Writes str or bytes; gzipped when the name ends .gz and compress."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = data.encode("utf-8") if isinstance(data, str) else data
    opener = gzip.open if path.endswith(".gz") and compress else open
    with opener(path, "wb") as f:
        f.write(data)
    return path


def zstd(path, plain):
    subprocess.run(["zstd", "-q", "-f", plain, "-o", path], check=True)
    return path


def make_corpus(root):
    """root/{a.jsonl, b.jsonl.gz, c.jsonl.zst, sub/d.txt, sub/e.txt, skip.csv};
    returns (the inputs in walk order, their plain copies)."""
    plain = os.path.join(TMP, "plain")
    a = write(os.path.join(root, "a.jsonl"), records(30, 0))
    pb = write(os.path.join(plain, "b.jsonl"), records(30, 100))
    b = write(os.path.join(root, "b.jsonl.gz"), open(pb, "rb").read())
    pc = write(os.path.join(plain, "c.jsonl"), records(30, 200))
    c = zstd(os.path.join(root, "c.jsonl.zst"), pc)
    d = write(os.path.join(root, "sub", "d.txt"), " ".join(SENTENCES[:3]))
    e = write(os.path.join(root, "sub", "e.txt"), " ".join(SENTENCES[2:]))
    write(os.path.join(root, "skip.csv"), "not,a,corpus\n")
    return [a, b, c, d, e], [a, pb, pc, d, e]


def test_inputs_and_threads():
    root = os.path.join(TMP, "corpus")
    inputs, plain = make_corpus(root)
    ref = run("-j", "1", *plain)
    check("plain run: exit 0", ref.returncode == 0, ref.stderr)
    check("plain run: 92 records", ref.stdout.count(b"\n") == 92, ref.stdout.count(b"\n"))
    for j in ("1", "2", "7"):
        p = run("-j", j, *inputs)
        check(f"-j {j}: .gz and .zst read like plain files", p.stdout == ref.stdout, p.stderr)
        # ids differ (the paths of d.txt, e.txt are the same; of b and c not,
        # but JSON Lines ids come from the records)
    p = run("-j", "3", root)
    check("a directory: its corpus files, recursively, in name order",
          p.stdout == ref.stdout and p.returncode == 0, p.stderr)
    p = run("-j", "2", os.path.join(root, "*.jsonl*"))
    three = run("-j", "1", *plain[:3])
    check("a quoted glob is expanded", p.stdout == three.stdout, p.stderr)
    p = run(os.path.join(root, "nothing-*.jsonl"), plain[0])
    check("a glob matching nothing: said, exit 1, the rest done",
          p.returncode == 1 and b"no file matches" in p.stderr and p.stdout.count(b"\n") == 30,
          (p.returncode, p.stderr))
    p = run("-j", "2", "--format", "text", *inputs)
    q = run("-j", "1", "--format", "text", *inputs)
    check("--format text with threads: the same lines", p.stdout == q.stdout and p.stdout,
          p.stderr)
    bad = write(os.path.join(TMP, "bad.jsonl.gz"), b"\x1f\x8b\x08\x00garbage", compress=False)
    p = run("-j", "2", bad, plain[3])
    check("a corrupt .gz: said on stderr, exit 1, next input done",
          p.returncode == 1 and b"bad.jsonl.gz" in p.stderr and p.stdout.count(b"\n") == 1,
          (p.returncode, p.stderr))


def test_output_file():
    root = os.path.join(TMP, "corpus")
    ref = run("-j", "1", root).stdout
    for name, decompress in (("out.jsonl", None), ("out.jsonl.gz", "gzip"),
                             ("out.jsonl.zst", "zstd")):
        out = os.path.join(TMP, "o", name)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        p = run("-j", "2", "-o", out, root)
        data = open(out, "rb").read()
        if decompress == "gzip":
            data = gzip.decompress(data)
        elif decompress == "zstd":
            data = subprocess.run(["zstd", "-q", "-d", "-c", out], capture_output=True).stdout
        check(f"-o {name}: the same records", p.returncode == 0 and data == ref and not p.stdout,
              p.stderr)
    left = [f for f in os.listdir(os.path.join(TMP, "o")) if "dixit-tmp" in f]
    check("-o: no temporary file left", not left, left)
    p = run("-o", os.path.join(TMP, "no-such-dir", "x", "out.jsonl"), root)
    check("-o into a missing directory: made", p.returncode == 0, p.stderr)
    p = run("-o", "x.jsonl", "--out-dir", TMP, root)
    check("-o and --out-dir: usage error", p.returncode == 2, p.returncode)
    for bad in (["-j", "0"], ["-j", "x"], ["--threads"]):
        p = run(*bad, root)
        check(f"usage error {bad}", p.returncode == 2 and not p.stdout, p.returncode)


def test_out_dir():
    root = os.path.join(TMP, "corpus")
    out = os.path.join(TMP, "shards")
    p = run("-j", "2", "--out-dir", out, root)
    names = sorted(os.path.relpath(os.path.join(d, f), out)
                   for d, _, fs in os.walk(out) for f in fs)
    check("--out-dir: one shard per input, compression kept",
          names == ["a.jsonl", "b.jsonl.gz", "c.jsonl.zst", "sub/d.jsonl", "sub/e.jsonl"], names)
    a = run("-j", "1", os.path.join(root, "a.jsonl")).stdout
    check("--out-dir: a shard holds its input's records",
          open(os.path.join(out, "a.jsonl"), "rb").read() == a)
    b = run("-j", "1", os.path.join(root, "b.jsonl.gz")).stdout
    check("--out-dir: a .gz shard", gzip.decompress(open(os.path.join(out, "b.jsonl.gz"), "rb").read()) == b)
    before = {n: os.stat(os.path.join(out, n)).st_mtime_ns for n in names}
    p = run("-j", "2", "--out-dir", out, root)
    after = {n: os.stat(os.path.join(out, n)).st_mtime_ns for n in names}
    check("--out-dir re-run: every shard skipped, none rewritten",
          p.returncode == 0 and before == after and b"5 of 5 inputs skipped" in p.stderr, p.stderr)
    os.makedirs(os.path.join(TMP, "twin", "x"), exist_ok=True)
    shutil.copy(os.path.join(root, "a.jsonl"), os.path.join(TMP, "twin", "x", "a.jsonl"))
    p = run("--out-dir", os.path.join(TMP, "s2"), os.path.join(root, "a.jsonl"),
            os.path.join(TMP, "twin", "x", "a.jsonl"))
    check("--out-dir: two inputs for one shard is a usage error", p.returncode == 2, p.stderr)
    p = run("--out-dir", os.path.join(TMP, "s3"), input=b"x")
    check("--out-dir with stdin: usage error", p.returncode == 2, p.stderr)


def listing(d):
    out = {}
    for base, _, files in os.walk(d):
        for f in files:
            path = os.path.join(base, f)
            out[os.path.relpath(path, d)] = open(path, "rb").read()
    return out


def test_sigkill_restart():
    """A run killed with SIGKILL in the middle, then run again with the same
    command, ends with the very files of a run never interrupted."""
    root = os.path.join(TMP, "big")
    for k in range(8):  # 8 shards of ~0.5 MB: a run of a few seconds
        write(os.path.join(root, f"part-{k}.jsonl"), records(400, 1000 * k))
    whole = os.path.join(TMP, "whole")
    p = run("-j", "2", "--out-dir", whole, root)
    check("uninterrupted run", p.returncode == 0, p.stderr)
    want = listing(whole)

    killed = os.path.join(TMP, "killed")
    cmd = [DIXIT, "-j", "2", "--out-dir", killed, root]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    midway = False
    while time.time() < deadline and proc.poll() is None:
        files = os.listdir(killed) if os.path.isdir(killed) else []
        done = [f for f in files if not f.startswith(".")]
        if done and any("dixit-tmp" in f for f in files):  # some shards done, one half-written
            midway = True
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    check("the run was killed midway", midway, sorted(os.listdir(killed)))
    partial = listing(killed)
    finished = {k: v for k, v in partial.items() if "dixit-tmp" not in k}
    check("after SIGKILL: every shard under its final name is complete",
          all(want.get(k) == v for k, v in finished.items()) and len(finished) < len(want),
          sorted(partial))
    p = subprocess.run(cmd, capture_output=True, timeout=300)
    check("restart: exit 0, done shards skipped",
          p.returncode == 0 and b"inputs skipped" in p.stderr, p.stderr)
    got = listing(killed)
    check("restart: output identical to the uninterrupted run (no temporary file left)",
          got == want, sorted(set(got) ^ set(want)))

    out = os.path.join(TMP, "one.jsonl")
    proc = subprocess.Popen([DIXIT, "-j", "2", "-o", out, root], stdout=subprocess.DEVNULL)
    deadline, midway = time.time() + 60, False
    while time.time() < deadline and proc.poll() is None and not midway:
        tmps = [f for f in os.listdir(TMP) if "dixit-tmp" in f]
        midway = bool(tmps) and os.path.getsize(os.path.join(TMP, tmps[0])) > 0
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    check("-o killed midway: no partial file under the final name",
          midway and not os.path.exists(out))
    p = run("-j", "2", "-o", out, root)
    ref = run("-j", "1", root).stdout
    check("-o restarted: complete, temporary file of the dead run removed",
          open(out, "rb").read() == ref and
          not [f for f in os.listdir(TMP) if "dixit-tmp" in f], os.listdir(TMP))


def test_bounded_memory():
    if os.environ.get("ASAN_OPTIONS"):  # scripts/test.sh's ASan run: shadow memory counts
        return
    root = os.path.join(TMP, "big")
    # A wrapper process, so that RUSAGE_CHILDREN is this one run's alone.
    code = ("import resource, subprocess, sys; "
            "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
            "print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    p = subprocess.run([sys.executable, "-c", code, DIXIT, "-j", "4", root],
                       capture_output=True, text=True, timeout=300)
    rc, peak = (int(x) for x in p.stdout.split())
    size = sum(os.path.getsize(os.path.join(root, f)) for f in os.listdir(root))
    check("-j 4 on the corpus: peak RSS under 64 MiB", rc == 0 and peak < 64 * 1024,
          f"{peak} KiB, corpus {size} B")


def test_progress_bar():
    root = os.path.join(TMP, "corpus")
    p = run("-j", "2", root)
    check("no progress bar when stderr is not a terminal", p.stderr == b"", p.stderr[:200])
    for quiet in (False, True):
        master, slave = pty.openpty()
        args = [DIXIT, "-j", "2"] + (["--quiet"] if quiet else []) + [root]
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=slave)
        os.close(slave)
        proc.wait(timeout=120)
        err = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            err += chunk
        os.close(master)
        if quiet:
            check("--quiet: no bar on a terminal", b"MB/s" not in err, err[:200])
        else:
            check("progress bar on a terminal: documents, docs/s, MB/s, ETA",
                  b"documents" in err and b"MB/s" in err and b"ETA" in err, err[:300])


def test_line_buffered():
    """A program sends one record into a pipe and waits for its answer."""
    import json
    import select
    for threads in ("1", "2"):
        proc = subprocess.Popen([DIXIT, "-j", threads, "--jsonl", "--line-buffered", "-"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        answers = []
        try:
            for i, text in enumerate(SENTENCES):
                proc.stdin.write(json.dumps({"id": f"r{i}", "text": text}).encode() + b"\n")
                proc.stdin.flush()
                # the pipe stays open: the answer must come before more input
                ready, _, _ = select.select([proc.stdout], [], [], 30)
                if not ready:
                    break
                answers.append(json.loads(proc.stdout.readline())["id"])
        finally:
            proc.stdin.close()
            rest = proc.stdout.read()
            proc.wait(timeout=60)
        check(f"--line-buffered -j {threads}: each record answered before the next is sent",
              answers == [f"r{i}" for i in range(len(SENTENCES))] and rest == b"",
              (answers, rest[:200]))


def main():
    global DIXIT, SRC, TMP
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    DIXIT, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    if not shutil.which("zstd"):
        print("FAIL: the zstd command is missing (bash scripts/setup.sh installs it)")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        TMP = tmp
        for name in ["test_inputs_and_threads", "test_output_file", "test_out_dir",
                     "test_sigkill_restart", "test_bounded_memory", "test_progress_bar",
                     "test_line_buffered"]:
            t0 = time.time()
            try:
                globals()[name]()
            except Exception as e:  # a crash or a timeout is a failure, not the end
                check(name, False, f"{type(e).__name__}: {e}")
            print(f"{name}: {time.time() - t0:.1f} s")
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
