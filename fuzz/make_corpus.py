#!/usr/bin/env python3
"""Builds the fuzzers' seed corpus from the literate spec and the samples.

usage: make_corpus.py SOURCE_DIR OUT_DIR

Writes OUT_DIR/{extract,stream,jsonl,args}/ (emptied first): every `text`
snippet of tests/spec/*.md and every sample, in the input layout of each
target (see fuzz/fuzz_*.c).  Run at build time (a few hundred small files),
so no corpus is committed.
"""
import glob
import hashlib
import json
import os
import shutil
import sys


def snippets(src):
    """The text blocks of the spec files, then the sample articles."""
    out = []
    for path in sorted(glob.glob(os.path.join(src, "tests", "spec", "*.md"))):
        block = None
        with open(path, encoding="utf-8") as f:
            for line in f:
                if block is None and line.strip() == "```text":
                    block = []
                elif block is not None and line.strip() == "```":
                    out.append("".join(block).rstrip("\n"))
                    block = None
                elif block is not None:
                    block.append(line)
    for path in sorted(glob.glob(os.path.join(src, "samples", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            out.append(f.read())
    return out


def write(directory, data):
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


ARGS = [
    ["--format", "text", "a.txt"], ["--format=json", "--jsonl", "-"],
    ["--lang", "fr", "--lenient-utf8", "x.jsonl"], ["--lang=auto", "--", "-x"],
    ["--max-doc-bytes", "64M", "a", "b"], ["--max-doc-bytes=1K"], ["--max-doc-bytes", "18446744073709551615"],
    ["-h"], ["--version"], ["--frobnicate"], ["--format"], ["--lang", "de"],
]


def main():
    src, out = sys.argv[1], sys.argv[2]
    dirs = {k: os.path.join(out, k) for k in ("extract", "stream", "jsonl", "args")}
    for d in dirs.values():
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    texts = snippets(src)
    for i, t in enumerate(texts):
        b = t.encode("utf-8")
        # options byte: auto/fr/en by turns, sometimes lenient or no-nested
        write(dirs["extract"], bytes([i % 3 | (i % 7 == 0) << 2 | (i % 5 == 0) << 3]) + b)
        write(dirs["stream"], bytes([i % 3, i % 256]) + b)
    records = []
    for i, t in enumerate(texts):
        rec = {"id": f"spec-{i}" if i % 4 else i, "text": t}
        if i % 3:
            rec["lang"] = "fr" if i % 3 == 1 else "en"
        records.append(json.dumps(rec, ensure_ascii=i % 2 == 0))
    for k in range(0, len(records), 8):
        write(dirs["jsonl"], b"\xff" + "\n".join(records[k:k + 8]).encode("utf-8") + b"\n")
    write(dirs["jsonl"], b"\x10" + "\n".join(records[:4]).encode("utf-8"))
    for path in sorted(glob.glob(os.path.join(src, "samples", "*.jsonl"))):
        with open(path, "rb") as f:
            write(dirs["jsonl"], b"\xff" + f.read())
    for a in ARGS:
        write(dirs["args"], b"\0".join(x.encode() for x in a))
    print(f"make_corpus: {len(texts)} snippets, {sum(len(os.listdir(d)) for d in dirs.values())} files in {out}")


if __name__ == "__main__":
    main()
