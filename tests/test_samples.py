#!/usr/bin/env python3
"""The sample articles the quick start shows: in sync, and read well.

usage: test_samples.py DIXIT SOURCE_DIR

Checks that samples/articles.jsonl holds exactly the two .txt samples, that
`dixit --jsonl` gives one valid record a sample with consistent offsets and
speakers for its quotations, that the scare quotes of the samples are not
reported, and that `dixit --format text` (what scripts/quickstart.sh runs)
succeeds on both.  Exit 0 = pass, 1 = fail.
"""
import json
import os
import subprocess
import sys

SCARE = {"sample-fr": ["lignes rouges", "l'affaire des bobines"],
         "sample-en": ["so-called deadlines", "frank"]}
TRIM = " \t\r\n\u00a0\u202f«»“”\"'‘’,.;:!?"


def main(dixit, src):
    problems = []
    samples = os.path.join(src, "samples")
    texts = {}
    for lang in ("fr", "en"):
        with open(os.path.join(samples, f"article-{lang}.txt"), encoding="utf-8") as f:
            texts[f"sample-{lang}"] = (lang, f.read())
    with open(os.path.join(samples, "articles.jsonl"), encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    got = {r.get("id"): (r.get("lang"), r.get("text")) for r in records}
    if got != texts or len(records) != 2:
        problems.append("samples/articles.jsonl is not the two samples/article-*.txt "
                        "(regenerate it: one {\"id\": \"sample-LANG\", \"lang\", \"text\"} a line)")

    p = subprocess.run([dixit, "--jsonl", os.path.join(samples, "articles.jsonl")],
                       capture_output=True, timeout=120)
    if p.returncode != 0:
        problems.append(f"dixit --jsonl samples/articles.jsonl exited with {p.returncode}: "
                        + p.stderr.decode("utf-8", "replace")[-500:])
    out = {}
    for line in p.stdout.decode("utf-8", "replace").splitlines():
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"output is not JSON Lines ({e}): {line[:100]!r}")
            continue
        out[rec.get("id")] = rec
    for doc_id, (lang, text) in texts.items():
        rec = out.get(doc_id)
        if rec is None:
            problems.append(f"{doc_id}: no output record")
            continue
        b = text.encode("utf-8")
        quotes = rec.get("quotes") or []
        if rec.get("lang") != lang:
            problems.append(f"{doc_id}: lang {rec.get('lang')!r}, want {lang!r}")
        with_speaker = 0
        for q in quotes:
            s, e = q.get("start"), q.get("end")
            if not (isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= len(b)):
                problems.append(f"{doc_id}: bad offsets {s}, {e}")
                continue
            content = b[s:e].decode("utf-8", "replace")
            if q.get("text") != content:
                problems.append(f"{doc_id}: text {q.get('text')!r} is not the text at [{s}, {e})")
            if content.strip(TRIM) in SCARE[doc_id]:
                problems.append(f"{doc_id}: scare quote reported as a quotation: {content!r}")
            sp = q.get("speaker")
            if isinstance(sp, dict) and sp.get("name"):
                with_speaker += 1
        if with_speaker < 5:
            problems.append(f"{doc_id}: {with_speaker} quotations with a speaker; "
                            "the sample has more than ten")

    for lang in ("fr", "en"):
        path = os.path.join(samples, f"article-{lang}.txt")
        p = subprocess.run([dixit, "--format", "text", path], capture_output=True, timeout=120)
        if p.returncode != 0 or not p.stdout.strip():
            problems.append(f"dixit --format text samples/article-{lang}.txt: exit {p.returncode}, "
                            f"{len(p.stdout)} bytes out")

    for pr in problems:
        print("FAIL", pr)
    print(f"samples: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(os.path.abspath(sys.argv[1]), sys.argv[2]))
