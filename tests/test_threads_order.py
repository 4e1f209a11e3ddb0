#!/usr/bin/env python3
"""-j N writes exactly what -j 1 writes: one record per document, in input
order, and the stderr messages in input order too.

usage: test_threads_order.py PATH_TO_DIXIT SOURCE_DIR

Records come from two places: the worker threads (documents, and lines
that are not JSON, read by the fast reader or by jansson) and the reader
itself (a missing input, a file's start and end).  A long run of the
reader's own records used to let the writer get ahead of the workers, and
a worker then ran a later line twice (the same record twice in the
output, or a crash).  The inputs below mix both kinds, with runs of the
reader's records longer than the ring of slots, and are run several times
with several thread counts; every run must match -j 1 byte for byte.
Before the fix nearly every run of this script failed (10 of 10).
About 6 s (Release), 14 s under ASan.
"""
import errno
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

import checks
from checks import check

DIXIT = None

FR = "« Nous ne céderons pas », a déclaré jeudi le ministre Jean Dupont aux journalistes."
EN = '"We will not give in," the minister John Smith told reporters on Thursday.'


def run(args, threads, no_fast=False):
    env = dict(os.environ)
    env.pop("DIXIT_NO_FAST_JSON", None)
    if no_fast:
        env["DIXIT_NO_FAST_JSON"] = "1"
    p = subprocess.run([DIXIT, "-j", str(threads), *args], capture_output=True, env=env,
                       timeout=300)
    return p.returncode, p.stdout, p.stderr


def first_difference(a, b):
    la, lb = a.split(b"\n"), b.split(b"\n")
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return f"line {i + 1}:\n  -j N: {x[:200]!r}\n  -j 1: {y[:200]!r}"
    return f"{len(la)} lines against {len(lb)}"


def mixed_lines(n, seed):
    """n JSON Lines: documents of different lengths (so workers finish out
    of order), lines that are not JSON, invalid UTF-8 (jansson's), records
    without "text", blank lines (no record)."""
    out = []
    for i in range(n):
        k = (i * 7 + seed) % 9
        if i == 0:  # a long first document keeps one worker busy
            out.append(json.dumps({"id": f"long{seed}", "text": (FR + " " + EN + " ") * 40},
                                  ensure_ascii=False).encode())
        elif k in (0, 3, 5):
            out.append(json.dumps({"id": f"d{seed}-{i}", "text": (FR + " " + EN + " ") * (1 + i % 5)},
                                  ensure_ascii=False).encode())
        elif k == 1:
            out.append(b'{"id": "bad%d-%d", "text": "unterminated' % (seed, i))
        elif k == 2:
            out.append(b'{"id": "u%d-%d", "text": "caf\xc3 \xe0\x80\x80"}' % (seed, i))
        elif k == 4:
            out.append(b'{"id": "nt%d-%d"}' % (seed, i))
        elif k == 6:
            out.append(json.dumps({"id": i, "text": EN}).encode())
        elif k == 7:
            out.append(b"   ")
        else:
            out.append(b"not json at all %d" % i)
    return b"\n".join(out) + b"\n"


def check_same(label, args, threads_list, repeats, no_fast=False):
    ref = run(args, 1, no_fast)
    check(f"{label}: -j 1 runs", ref[0] in (0, 1) and ref[1], ref[2][-300:])
    for threads in threads_list:
        for r in range(repeats):
            got = run(args, threads, no_fast)
            name = f"{label}: -j {threads} run {r + 1}"
            check(f"{name}: stdout", got[1] == ref[1], first_difference(got[1], ref[1]))
            check(f"{name}: stderr", got[2] == ref[2], first_difference(got[2], ref[2]))
            check(f"{name}: exit status", got[0] == ref[0], (got[0], ref[0]))
    return ref


def test_one_file(tmp):
    """Many bad and good lines interleaved in one file: only workers write."""
    path = os.path.join(tmp, "mixed.jsonl")
    with open(path, "wb") as f:
        f.write(mixed_lines(400, 1))
    ref = check_same("one file", ["--jsonl", path], (2, 4), 3)
    check_same("one file, jansson only", ["--jsonl", path], (3,), 2, no_fast=True)
    # -j 1 itself: one record per non-blank line, in the file's order
    lines = [x for x in mixed_lines(400, 1).split(b"\n") if x.strip()]
    recs = ref[1].split(b"\n")[:-1]
    check("one file: one record per line", len(recs) == len(lines), (len(recs), len(lines)))
    where = [json.loads(r)["error"]["line"] for r in recs if b'"error"' in r]
    check("one file: error records in line order", where == sorted(where), where[:20])


def feed_pauses(fifos, pause, stop):
    """For each FIFO in turn: wait until dixit opens it (its reader has
    handed over every line before it), leave it empty for `pause` seconds
    (the workers finish those lines and go idle), then close it."""
    for path in fifos:
        fd = None
        while fd is None and not stop.is_set():
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as e:
                if e.errno != errno.ENXIO:  # ENXIO: no reader yet
                    raise
                time.sleep(0.005)
        if fd is None:
            return
        stop.wait(pause)
        os.close(fd)


def test_reader_records(tmp):
    """Blocks of lines separated by runs of inputs the reader answers itself
    (missing files, empty files), longer than the ring (8 slots per thread
    + 8), so that the writer gets ahead of the workers.  Before each run, an
    empty FIFO holds the reader back until the workers are idle: then the
    run goes out without them, and the next block's lines fill slots the
    workers had not looked at.  The first line of each block is long, to
    keep a worker busy with it while the others move on."""
    args, fifos, n_docs = [], [], 0
    for b in range(4):
        p = os.path.join(tmp, f"block{b:02d}.jsonl")
        long_doc = json.dumps({"id": f"long{b}", "text": (FR + " " + EN + " ") * 150},
                              ensure_ascii=False).encode()
        lines = long_doc + b"\n" + mixed_lines(14, b)
        with open(p, "wb") as f:
            f.write(lines)
        args.append(p)
        n_docs += len([x for x in lines.split(b"\n") if x.strip()])
        fifo = os.path.join(tmp, f"pause{b:02d}.jsonl")
        os.mkfifo(fifo)
        fifos.append(fifo)
        args.append(fifo)
        for m in range(16):
            args.append(os.path.join(tmp, f"missing-{b}-{m}.txt"))
            n_docs += 1
        for e in range(8):
            q = os.path.join(tmp, f"empty-{b}-{e}.jsonl")
            open(q, "wb").close()
            args.append(q)

    def paused(threads):
        stop = threading.Event()
        t = threading.Thread(target=feed_pauses, args=(fifos, 0.1, stop), daemon=True)
        t.start()
        try:
            return run(args, threads)
        finally:
            stop.set()
            t.join()

    ref = paused(1)
    recs = ref[1].split(b"\n")[:-1]
    check("reader's records: -j 1: one record per document", len(recs) == n_docs,
          (len(recs), n_docs, ref[2][-300:]))
    for threads in (2, 4):
        for r in range(3):
            got = paused(threads)
            name = f"reader's records: -j {threads} run {r + 1}"
            check(f"{name}: stdout", got[1] == ref[1], first_difference(got[1], ref[1]))
            check(f"{name}: stderr", got[2] == ref[2], first_difference(got[2], ref[2]))
            check(f"{name}: exit status", got[0] == ref[0], (got[0], ref[0]))
    # the same inputs without pauses: what timing gives
    fast_args = [a for a in args if a not in fifos]
    check_same("reader's records, no pauses", fast_args, (2, 4), 2)


def main():
    global DIXIT
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    DIXIT = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        test_one_file(tmp)
        test_reader_records(tmp)
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
