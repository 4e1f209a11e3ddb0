#!/usr/bin/env bash
# throughput.sh — dixit's speed and memory on >= 100 MB of JSON Lines, beside
# `wc -w` on the same file.  See bench/README.md.
#
#   bash bench/throughput.sh [GOLD.jsonl] [--mb N] [--runs N] [--dixit PATH] [--keep]
#
# Builds a corpus in /tmp by repeating the texts of GOLD (default
# ../shared/gold/fr-dev.jsonl, else samples/articles.jsonl) with fresh ids
# until it holds N MiB (default 100), and another twice as big; runs
# `LC_ALL=C.UTF-8 wc -w FILE` and `dixit -j 1 --jsonl FILE > /dev/null` (one thread) alternately,
# RUNS times each (default 5), under GNU time; prints the medians as a
# markdown table.  Needs bash, python3 and GNU time (scripts/setup.sh).
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
gold="" mb=100 runs=5 dixit="$root/build/dixit" keep=0
die() { printf 'throughput.sh: %s\n' "$*" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in
    --mb) mb=${2:?--mb needs a number}; shift 2 ;;
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --dixit) dixit=${2:?--dixit needs a path}; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) gold=$1; shift ;;
  esac
done
case "$mb$runs" in *[!0-9]*) die "--mb and --runs take whole numbers" ;; esac
if [ "$mb" -lt 1 ] || [ "$runs" -lt 1 ]; then die "--mb and --runs must be at least 1"; fi

if [ -z "$gold" ]; then
  gold="$root/../shared/gold/fr-dev.jsonl"
  if [ ! -f "$gold" ]; then
    echo "throughput.sh: $gold is absent; using samples/articles.jsonl" >&2
    gold="$root/samples/articles.jsonl"
  fi
fi
[ -f "$gold" ] || die "no such file: $gold"
[ -x "$dixit" ] || die "no dixit at $dixit: build it first (bash scripts/quickstart.sh)"
if ! /usr/bin/time -f '%e %M' -o /dev/null true 2>/dev/null; then
  die "GNU time is missing at /usr/bin/time (bash scripts/setup.sh installs it)"
fi

tmp=$(mktemp -d /tmp/dixit-bench.XXXXXX)
if [ "$keep" = 1 ]; then
  echo "throughput.sh: keeping the corpora in $tmp" >&2
else
  trap 'rm -rf "$tmp"' EXIT
fi

# The corpus: every text of GOLD in turn, with a fresh id, until the size.
make_corpus() {  # out mib
  python3 - "$gold" "$1" "$2" <<'PY'
import json, sys
src, out, mib = sys.argv[1], sys.argv[2], int(sys.argv[3])
docs = []
with open(src, encoding="utf-8") as f:
    for line in f:
        if line.strip():
            r = json.loads(line)
            d = {"text": r["text"]}
            if r.get("lang"):
                d["lang"] = r["lang"]
            docs.append(d)
if not docs:
    sys.exit(f"{src}: no documents")
want, size, n = mib << 20, 0, 0
with open(out, "w", encoding="utf-8") as f:
    while size < want:
        d = docs[n % len(docs)]
        line = json.dumps({"id": f"bench-{n:07d}", **d}, ensure_ascii=False) + "\n"
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
  if ! /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" < /dev/null > /dev/null; then
    die "$* failed: $(tr "\n" " " < "$tmp/time")"
  fi
  read -r secs kib < "$tmp/time"
  printf '%s\t%s\t%s\t%s\n' "$label" "$prog" "$secs" "$kib" >> "$results"
}

declare -a sizes=("$mb" "$((2 * mb))")
for size in "${sizes[@]}"; do
  corpus="$tmp/corpus-${size}MiB.jsonl"
  docs=$(make_corpus "$corpus" "$size")
  bytes=$(stat -c %s "$corpus")
  echo "corpus: $corpus, $bytes bytes, $docs documents" >&2
  printf '%s\t%s\t%s\n' "$size" "$bytes" "$docs" >> "$tmp/corpora.tsv"
  cat "$corpus" > /dev/null  # into the page cache before the first run
  for ((i = 1; i <= runs; i++)); do
    echo "  run $i/$runs" >&2
    measure "$size" wc env LC_ALL=C.UTF-8 wc -w "$corpus"
    measure "$size" dixit "$dixit" -j 1 --jsonl "$corpus"  # one thread: the single-thread figure
  done
  rm -f "$corpus"
done

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
commit=$(git -C "$root" describe --always --dirty 2>/dev/null || echo "?")
python3 - "$results" "$tmp/corpora.tsv" "$runs" "$(basename "$gold")" "${cpu:-unknown CPU}" \
  "$(nproc 2>/dev/null || echo '?')" "$commit" <<'PY'
import statistics, sys
results, corpora, runs, src, cpu, ncpu, commit = sys.argv[1:]
meta = {}
for line in open(corpora):
    size, nbytes, docs = line.split()
    meta[size] = (int(nbytes), int(docs))
runs_of = {}
for line in open(results):
    size, prog, secs, kib = line.split("\t")
    runs_of.setdefault((size, prog), []).append((float(secs), int(kib)))

def med(size, prog):
    rs = runs_of[(size, prog)]
    return statistics.median(s for s, _ in rs), statistics.median(k for _, k in rs)

print(f"Corpus: the texts of `{src}` repeated with fresh ids; median of {runs} runs, "
      f"alternating; {cpu}, {ncpu} CPUs; dixit at commit {commit}.")
print()
print("| corpus | program | median wall time (s) | MB/s | documents/s | peak RSS (MiB) |")
print("|---|---|---:|---:|---:|---:|")
ratios, rss = [], []
for size in meta:
    nbytes, docs = meta[size]
    mb = nbytes / 1e6
    for prog, shown in (("wc", "`LC_ALL=C.UTF-8 wc -w`"), ("dixit", "`dixit -j 1 --jsonl`")):
        t, kib = med(size, prog)
        t = max(t, 0.01)  # GNU time's resolution
        dps = f"{docs / t:,.0f}" if prog == "dixit" else "—"
        print(f"| {mb:,.0f} MB ({docs:,} docs) | {shown} | {t:.2f} | {mb / t:,.1f} | {dps} | {kib / 1024:.1f} |")
    tw, _ = med(size, "wc")
    td, kd = med(size, "dixit")
    ratios.append(f"{max(td, 0.01) / max(tw, 0.01):.1f}× ({mb:,.0f} MB)")
    rss.append(f"{kd / 1024:.1f} MiB on {mb:,.0f} MB")
print()
print(f"dixit takes {', '.join(ratios)} the time of `wc -w`; "
      f"its peak RSS is {' and '.join(rss)}.")
PY
