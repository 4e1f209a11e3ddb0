#!/usr/bin/env bash
# pathological.sh — CPU seconds and peak memory of dixit on the worst inputs
# of tests/test_pathological.py, made 10 MB each, beside `wc -w` on the same
# file in the same round.  See bench/README.md.
#
#   bash bench/pathological.sh [--runs N] [--mb N] [--dixit PATH]
#
# The issue's target is < 2 s per 10 MB for every pathological input.  CPU
# seconds (user + system, GNU time) are what is measured: wall time on a
# shared machine measures the neighbours too.  Prints a markdown table of
# medians over RUNS rounds (default 5).
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
runs=5 mb=10 dixit="$root/build/dixit"
die() { printf 'pathological.sh: %s\n' "$*" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=${2:?}; shift 2 ;;
    --mb) mb=${2:?}; shift 2 ;;
    --dixit) dixit=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done
case "$runs$mb" in *[!0-9]*) die "--runs and --mb take whole numbers" ;; esac
[ -x "$dixit" ] || die "no dixit at $dixit: build it first"
/usr/bin/time -f '%U' -o /dev/null true 2>/dev/null || die "GNU time is missing (scripts/setup.sh)"

tmp=$(mktemp -d /tmp/dixit-patho.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# name|file|dixit arguments — the inputs, written by the Python below
python3 - "$tmp" "$mb" > "$tmp/cases" <<'PY'
import json, sys
tmp, mb = sys.argv[1], int(sys.argv[2])
size = mb << 20

def repeat(unit, name, args):
    b = unit.encode("utf-8")
    with open(f"{tmp}/{name}", "wb") as f:
        f.write(b * (size // len(b)))
    return name, args

cases = [
    ("commas", *repeat(",", "commas.txt", "")),
    ('straight double quotes `"`', *repeat('"', "quotes.txt", "")),
    ('straight double quotes, `--lang fr` (every mark judged)', *repeat('"', "quotes-fr.txt", "--lang fr")),
    ("unmatched « between words", *repeat("« mot ", "unmatched.txt", "--lang fr")),
    ("one sentence", *repeat("le mot ", "sentence.txt", "--lang fr")),
    ("incises (`« Non », a-t-il dit, « jamais ».`)",
     *repeat("« Non », a-t-il dit, « jamais ». ", "incises.txt", "--lang fr")),
]
def lines(name, args, line_of):
    """A file of line_of(0), line_of(1)… up to the size."""
    with open(f"{tmp}/{name}", "w", encoding="utf-8") as f:
        n = i = 0
        while n < size:
            s = line_of(i)
            f.write(s)
            n += len(s.encode())
            i += 1
    return name, args

cases += [
    ("a document of short lines",  # one quotation in ten
     *lines("lines.txt", "--lang fr",
            lambda i: f"« Ligne {i} », a dit Paul.\n" if i % 10 == 0 else f"ligne {i}\n")),
    ("quotations with named speakers",
     *lines("named.txt", "--lang fr", lambda i: f"« Oui {i} », a dit Paul Martin{i % 977}. ")),
    ("one-word JSON Lines records",
     *lines("tiny.jsonl", "--jsonl", lambda i: json.dumps({"id": str(i), "text": "Bonjour"}) + "\n")),
]
for name, file, args in cases:
    print(f"{name}|{file}|{args}")
PY

results="$tmp/results.tsv"
: > "$results"
while IFS='|' read -r name file args; do
  path="$tmp/$file"
  for ((i = 1; i <= runs; i++)); do
    /usr/bin/time -f '%U %S %M' -o "$tmp/t" env LC_ALL=C.UTF-8 wc -w "$path" > /dev/null
    read -r u s k < "$tmp/t"
    printf '%s\twc\t%s\t%s\t%s\n' "$name" "$u" "$s" "$k" >> "$results"
    # shellcheck disable=SC2086  # args are words on purpose
    /usr/bin/time -f '%U %S %M' -o "$tmp/t" "$dixit" $args "$path" > /dev/null 2> "$tmp/err" ||
      [ "$(grep -c . "$tmp/err")" -gt 0 ] || die "$name: dixit failed with no message"
    read -r u s k < "$tmp/t"
    printf '%s\tdixit\t%s\t%s\t%s\n' "$name" "$u" "$s" "$k" >> "$results"
  done
  echo "  $name: $(stat -c %s "$path") bytes" >&2
  rm -f "$path"
done < "$tmp/cases"

python3 - "$results" "$runs" "$mb" "$(nproc)" "$(git -C "$root" describe --always --dirty 2>/dev/null || echo '?')" <<'PY'
import statistics, sys
results, runs, mb, ncpu, commit = sys.argv[1:]
rows = {}
for line in open(results):
    name, prog, u, s, k = line.rstrip("\n").split("\t")
    rows.setdefault(name, {}).setdefault(prog, []).append((float(u) + float(s), int(k)))
print(f"dixit at {commit}, {ncpu} CPUs (shared); {mb} MB inputs; median of {runs} runs; "
      f"CPU = user + system seconds")
print()
print("| input | dixit CPU (s) | per 10 MB | peak RSS (MiB) | `wc -w` CPU (s) | target < 2 s / 10 MB |")
print("|---|---:|---:|---:|---:|---|")
for name, r in rows.items():
    cpu = statistics.median(c for c, _ in r["dixit"])
    rss = statistics.median(k for _, k in r["dixit"]) / 1024
    wc = statistics.median(c for c, _ in r["wc"])
    per10 = cpu * 10 / int(mb)
    print(f"| {name} | {cpu:.2f} | {per10:.2f} | {rss:.0f} | {wc:.2f} | {'met' if per10 < 2 else 'NOT met'} |")
PY
