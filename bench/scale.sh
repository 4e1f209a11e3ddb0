#!/usr/bin/env bash
# scale.sh — dixit on one core, on two, and from Python, beside `wc -w` on the
# same >= 100 MB French corpus; and its peak memory on 100 MB and on 1 GB.
# See bench/README.md.
#
#   bash bench/scale.sh [GOLD.jsonl] [--mb N] [--runs N] [--big-mb N] [--no-python] [--keep]
#
# In each of RUNS rounds (default 5) runs, one after the other on the same
# corpus (GOLD's texts repeated to N MiB, default 100): LC_ALL=C.UTF-8 wc -w,
# dixit -j 1, dixit -j 2, and python3 bench/py_many.py (extract_many with 1
# and 2 threads; with 2 threads reading every quotation's text, cue and speaker
# too; and every result's entities too).  Then dixit -j 1 and -j 2 once on a corpus of BIG MiB
# (default 1000; 0 skips it) for the peak RSS.  Prints medians as markdown.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
gold="" mb=100 runs=5 big=1000 python=1 keep=0 dixit="$root/build/dixit"
die() { printf 'scale.sh: %s\n' "$*" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in
    --mb) mb=${2:?}; shift 2 ;;
    --runs) runs=${2:?}; shift 2 ;;
    --big-mb) big=${2:?}; shift 2 ;;
    --no-python) python=0; shift ;;
    --dixit) dixit=${2:?}; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) gold=$1; shift ;;
  esac
done
case "$mb$runs$big" in *[!0-9]*) die "--mb, --runs and --big-mb take whole numbers" ;; esac
if [ -z "$gold" ]; then
  gold="$root/../shared/gold/fr-dev.jsonl"
  [ -f "$gold" ] || { echo "scale.sh: $gold is absent; using samples/articles.jsonl" >&2; gold="$root/samples/articles.jsonl"; }
fi
[ -x "$dixit" ] || die "no dixit at $dixit: build it first"
/usr/bin/time -f '%e %M' -o /dev/null true 2>/dev/null || die "GNU time is missing (scripts/setup.sh)"

tmp=$(mktemp -d /tmp/dixit-scale.XXXXXX)
[ "$keep" = 1 ] && echo "scale.sh: keeping $tmp" >&2 || trap 'rm -rf "$tmp"' EXIT

py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
if [ "$python" = 1 ]; then
  if ! "$py" -c 'import dixit' 2>/dev/null; then
    echo "scale.sh: building the Python package into $tmp/site (pip, no network)" >&2
    "$py" -m pip install --quiet --no-index --disable-pip-version-check --target "$tmp/site" "$root/python" >&2
    export PYTHONPATH="$tmp/site${PYTHONPATH:+:$PYTHONPATH}"
  fi
fi

make_corpus() {  # out mib
  python3 - "$gold" "$1" "$2" <<'PY'
import json, sys
src, out, mib = sys.argv[1], sys.argv[2], int(sys.argv[3])
docs = [json.loads(l) for l in open(src, encoding="utf-8") if l.strip()]
docs = [{"text": d["text"], **({"lang": d["lang"]} if d.get("lang") else {})} for d in docs]
want, size, n = mib << 20, 0, 0
with open(out, "w", encoding="utf-8") as f:
    while size < want:
        line = json.dumps({"id": f"bench-{n:08d}", **docs[n % len(docs)]}, ensure_ascii=False) + "\n"
        f.write(line)
        size += len(line.encode("utf-8"))
        n += 1
print(n)
PY
}

results="$tmp/results.tsv"
: > "$results"
measure() {  # corpus-label program-label command...
  local label=$1 prog=$2
  shift 2
  /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" < /dev/null > /dev/null 2>"$tmp/err" ||
    die "$* failed: $(cat "$tmp/err" "$tmp/time" | tail -5)"
  read -r secs kib < "$tmp/time"
  printf '%s\t%s\t%s\t%s\n' "$label" "$prog" "$secs" "$kib" >> "$results"
}

corpus="$tmp/corpus.jsonl"
docs=$(make_corpus "$corpus" "$mb")
bytes=$(stat -c %s "$corpus")
echo "corpus: $bytes bytes, $docs documents" >&2
printf 'small\t%s\t%s\n' "$bytes" "$docs" > "$tmp/corpora.tsv"
cat "$corpus" > /dev/null
# the machine's own ceiling for two cores: two single-threaded processes,
# each on half the corpus, at the same time
half=$(( (docs + 1) / 2 ))
head -n "$half" "$corpus" > "$tmp/half1.jsonl"
tail -n +"$((half + 1))" "$corpus" > "$tmp/half2.jsonl"
for ((i = 1; i <= runs; i++)); do
  echo "  round $i/$runs" >&2
  measure small wc env LC_ALL=C.UTF-8 wc -w "$corpus"
  measure small j1 "$dixit" -j 1 --jsonl "$corpus"
  measure small j2 "$dixit" -j 2 --jsonl "$corpus"
  measure small halves bash -c '"$1" -j 1 --jsonl "$2" > /dev/null & "$1" -j 1 --jsonl "$3" > /dev/null; wait' _ "$dixit" "$tmp/half1.jsonl" "$tmp/half2.jsonl"
  if [ "$python" = 1 ]; then
    measure small py1 "$py" "$root/bench/py_many.py" "$corpus" 1 "$tmp/in1"
    measure small py2 "$py" "$root/bench/py_many.py" "$corpus" 2 "$tmp/in2"
    measure small py2f "$py" "$root/bench/py_many.py" "$corpus" 2 "$tmp/in2f" --fields
    measure small py2e "$py" "$root/bench/py_many.py" "$corpus" 2 "$tmp/in2e" --entities
  fi
done
rm -f "$corpus" "$tmp/half1.jsonl" "$tmp/half2.jsonl"
if [ "$big" -gt 0 ]; then
  docs=$(make_corpus "$corpus" "$big")
  bytes=$(stat -c %s "$corpus")
  echo "big corpus: $bytes bytes, $docs documents" >&2
  printf 'big\t%s\t%s\n' "$bytes" "$docs" >> "$tmp/corpora.tsv"
  measure big wc env LC_ALL=C.UTF-8 wc -w "$corpus"
  measure big j1 "$dixit" -j 1 --jsonl "$corpus"
  measure big j2 "$dixit" -j 2 --jsonl "$corpus"
  rm -f "$corpus"
fi

commit=$(git -C "$root" describe --always --dirty 2>/dev/null || echo "?")
python3 - "$results" "$tmp/corpora.tsv" "$runs" "$(basename "$gold")" "$(nproc)" "$commit" "$tmp" <<'PY'
import os, statistics, sys
results, corpora, runs, src, ncpu, commit, tmp = sys.argv[1:]
meta = {l.split()[0]: (int(l.split()[1]), int(l.split()[2])) for l in open(corpora)}
runs_of = {}
for line in open(results):
    c, prog, secs, kib = line.split("\t")
    runs_of.setdefault((c, prog), []).append((max(float(secs), 0.01), int(kib)))
names = {"wc": "`LC_ALL=C.UTF-8 wc -w`", "j1": "`dixit -j 1 --jsonl`", "j2": "`dixit -j 2 --jsonl`",
         "halves": "two `dixit -j 1` on halves, at once",
         "py1": "Python `extract_many(threads=1)`", "py2": "Python `extract_many(threads=2)`",
         "py2f": "Python `extract_many(threads=2)`, each quotation's text, cue, speaker read",
         "py2e": "Python `extract_many(threads=2)`, entities read too"}
print(f"Corpus: the texts of `{src}` repeated with fresh ids; {ncpu} CPUs (shared, noisy); "
      f"dixit at {commit}; median of {runs} rounds on the first corpus, one run on the second.")
print()
print("| corpus | program | runs | median wall (s) | MB/s | docs/s | × wc time | peak RSS (MiB) |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
med = {}
for c, (nbytes, docs) in meta.items():
    for prog in names:
        rs = runs_of.get((c, prog))
        if not rs:
            continue
        t = statistics.median(s for s, _ in rs)
        k = statistics.median(k for _, k in rs)
        med[(c, prog)] = (t, k)
        wc = statistics.median(s for s, _ in runs_of[(c, "wc")])
        dps = "—" if prog == "wc" else f"{docs / t:,.0f}"
        print(f"| {nbytes / 1e6:,.0f} MB | {names[prog]} | {len(rs)} | {t:.2f} | {nbytes / 1e6 / t:,.1f} "
              f"| {dps} | {t / wc:.2f} | {k / 1024:.1f} |")
print()
s = med.get(("small", "j1")); d = med.get(("small", "j2")); w = med.get(("small", "wc"))
if s and d and w:
    print(f"- single thread: {w[0] / s[0]:.2f} of `wc -w`'s speed (target ≥ 0.5)")
    print(f"- `-j 2`: {s[0] / d[0]:.2f}× the single-thread speed (target ≥ 1.8)")
    # The machine's load comes in waves that slow every program for a few
    # seconds; a ratio taken within each round cancels most of it.
    def paired(a, b):
        xs, ys = runs_of[("small", a)], runs_of[("small", b)]
        return statistics.median(x[0] / y[0] for x, y in zip(xs, ys))
    print(f"- the same, as the median of each round's own ratio: single thread "
          f"{paired('wc', 'j1'):.2f} of `wc -w`, `-j 2` {paired('j1', 'j2'):.2f}×")
    h = med.get(("small", "halves"))
    if h:
        print(f"- the machine's ceiling for two cores (two processes on halves of the corpus): "
              f"{paired('j1', 'halves'):.2f}×; `-j 2` reaches "
              f"{paired('halves', 'j2'):.2f} of it")
for c in meta:
    rss = [med[(c, p)][1] / 1024 for p in ("j1", "j2") if (c, p) in med]
    if rss:
        print(f"- peak RSS on {meta[c][0] / 1e6:,.0f} MB: {max(rss):.1f} MiB (target ≤ 64, no growth)")
for n, what in (("1", ""), ("2", ""), ("2f", ", reading every quotation's text, cue and speaker"),
                ("2e", ", reading every result's entities too")):
    p, c = med.get(("small", "py" + n)), med.get(("small", "j" + n[0]))
    f = os.path.join(tmp, "in" + n)
    if p and c and os.path.exists(f):
        inside = statistics.median(float(x) for x in open(f))
        print(f"- Python, {n[0]} thread(s){what}: extract_many alone (texts already decoded) runs at "
              f"{c[0] / inside:.2f} of the CLI's throughput (target ≥ 0.8); the whole script, "
              f"json.loads included, at {c[0] / p[0]:.2f}")
PY
