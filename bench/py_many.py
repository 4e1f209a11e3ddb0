#!/usr/bin/env python3
"""dixit.extract_many over a JSON Lines corpus, as a user would run it:
read the lines, decode the JSON, extract every text (results built as
Python objects, then dropped).  For bench/scale.sh.

usage: py_many.py CORPUS.jsonl THREADS [TIMES_FILE]

The texts are read and decoded in batches of 2,000 lines before
extract_many sees them; the seconds spent in extract_many alone (the
binding's cost over the library's) are appended to TIMES_FILE.
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
    path, threads = sys.argv[1], int(sys.argv[2])
    n = quotes = 0
    inside = 0.0
    it = texts(path)
    while True:
        batch = list(itertools.islice(it, 2000))
        if not batch:
            break
        t0 = time.perf_counter()
        for r in dixit.extract_many(batch, threads=threads, errors="return"):
            n += 1
            quotes += len(getattr(r, "quotes", ()))
        inside += time.perf_counter() - t0
    print(n, quotes, file=sys.stderr)
    if len(sys.argv) > 3:
        with open(sys.argv[3], "a") as f:
            f.write(f"{inside}\n")


if __name__ == "__main__":
    main()
