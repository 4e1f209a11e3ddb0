#!/usr/bin/env python3
"""dixit.extract_many over a JSON Lines corpus, as a user would run it:
read the lines, decode the JSON, extract every text and count its
quotations (results built as Python objects, then dropped).  For
bench/scale.sh.

usage: py_many.py CORPUS.jsonl THREADS [TIMES_FILE] [--entities] [--fields]

The texts are read and decoded in batches of 2,000 lines before
extract_many sees them; the seconds spent in extract_many alone (the
binding's cost over the library's) are appended to TIMES_FILE.  With
--entities every result's entities are read as well (a Result builds
them only when read: every mention of every name, most of its objects).
With --fields every quotation's text, cue and speaker are read too (a
Quote makes its fields when they are first read).
"""
import itertools
import json
import sys
import time

import dixit


def texts(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)["text"]


def main():
    flags = {"--entities", "--fields"}
    args = [a for a in sys.argv[1:] if a not in flags]
    entities, fields = "--entities" in sys.argv, "--fields" in sys.argv
    path, threads = args[0], int(args[1])
    n = quotes = mentions = 0
    inside = 0.0
    it = texts(path)
    while True:
        batch = list(itertools.islice(it, 2000))
        if not batch:
            break
        t0 = time.perf_counter()
        for r in dixit.extract_many(batch, threads=threads, errors="return"):
            n += 1
            qs = getattr(r, "quotes", ())
            quotes += len(qs)
            if fields:
                for q in qs:
                    q.text, q.cue, q.speaker
            if entities and not isinstance(r, dixit.Error):
                mentions += sum(len(e.mentions) for e in r.entities)
        inside += time.perf_counter() - t0
    print(n, quotes, mentions, file=sys.stderr)
    if len(args) > 2:
        with open(args[2], "a") as f:
            f.write(f"{inside}\n")


if __name__ == "__main__":
    main()
