#!/usr/bin/env python3
"""dixit.extract_many over a JSON Lines corpus, as a user would run it:
read the lines, decode the JSON, extract every text (results built as
Python objects, then dropped).  For bench/scale.sh.

usage: py_many.py CORPUS.jsonl THREADS
"""
import json
import sys

import dixit


def texts(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)["text"]


def main():
    path, threads = sys.argv[1], int(sys.argv[2])
    n = quotes = 0
    for r in dixit.extract_many(texts(path), threads=threads, errors="return"):
        n += 1
        quotes += len(getattr(r, "quotes", ()))
    print(n, quotes, file=sys.stderr)


if __name__ == "__main__":
    main()
