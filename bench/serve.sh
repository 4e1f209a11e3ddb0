#!/usr/bin/env bash
# serve.sh — load test of `dixit serve` with wrk on loopback: POST
# /v1/extract of a 1,000-word article, for a fixed time, and a markdown row
# of requests/s and latency percentiles.
#
#   bash bench/serve.sh                      # 15 s, 16 connections, 2 wrk threads
#   bash bench/serve.sh --duration 3         # the short run of scripts/test.sh
#   options: --duration S  --connections N  --wrk-threads N  --server-threads N
#
# Fails (exit 1) on any socket error, timeout or non-2xx answer; the
# targets (>= 1,000 requests/s, p99 < 50 ms on 2 cores) are reported, not
# enforced, since wrk and the server share this machine's cores with
# whatever else runs.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail
cd "$(dirname "$0")/.."

duration=15 connections=16 wrk_threads=2 server_threads=$(nproc 2>/dev/null || echo 2)
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --wrk-threads) wrk_threads=$2; shift 2 ;;
    --server-threads) server_threads=$2; shift 2 ;;
    *) echo "serve.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "serve.sh: wrk is missing (scripts/setup.sh installs it)" >&2; exit 1; }
[ -x build/dixit ] || { echo "serve.sh: build/dixit is missing (cmake --build build)" >&2; exit 1; }

tmp=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

article=$tmp/article.txt
python3 bench/make_article.py "$article" 1000 2>/dev/null
words=$(wc -w < "$article")
bytes=$(wc -c < "$article")

build/dixit serve --port 0 --threads "$server_threads" 2> "$tmp/server.log" &
server=$!
for _ in $(seq 100); do
  grep -q "listening on" "$tmp/server.log" && break
  sleep 0.05
done
url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$tmp/server.log")
[ -n "$url" ] || { cat "$tmp/server.log" >&2; echo "serve.sh: the server did not start" >&2; exit 1; }

# The answer must be the CLI's record before it is worth timing.
curl_ok=$(python3 - "$url" "$article" <<'PY'
import json, sys, urllib.request
url, path = sys.argv[1], sys.argv[2]
body = open(path, "rb").read()
req = urllib.request.Request(url + "v1/extract", data=body,
                             headers={"Content-Type": "text/plain; charset=utf-8"})
rec = json.loads(urllib.request.urlopen(req, timeout=10).read())
print(len(rec["quotes"]))
PY
)
[ "${curl_ok:-0}" -gt 0 ] || { echo "serve.sh: no quotation in the answer" >&2; exit 1; }

cat > "$tmp/post.lua" <<LUA
local f = assert(io.open("$article", "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "text/plain; charset=utf-8"

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %.3f %.3f %.3f %.3f %d %d %d %d %d\n",
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
LUA

wrk -t "$wrk_threads" -c "$connections" -d "${duration}s" --timeout 5s -s "$tmp/post.lua" \
  "${url}v1/extract" > "$tmp/wrk.out"
read -r _ n secs p50 p90 p99 e_conn e_read e_write e_status e_timeout \
  < <(grep '^RESULT' "$tmp/wrk.out")
rps=$(python3 -c "print(f'{$n / $secs:,.0f}')")
errors=$((e_conn + e_read + e_write + e_status + e_timeout))

echo "POST /v1/extract, ${words}-word article (${bytes} bytes), ${duration} s, ${connections} connections," \
  "wrk ${wrk_threads} threads, server ${server_threads} threads, $(nproc) cores"
echo
echo "| requests | requests/s | p50 (ms) | p90 (ms) | p99 (ms) | errors |"
echo "|---:|---:|---:|---:|---:|---:|"
echo "| $n | $rps | $p50 | $p90 | $p99 | $errors |"
echo
if [ "$errors" -ne 0 ]; then
  echo "serve.sh: FAILED: $errors errors (connect $e_conn, read $e_read, write $e_write," \
    "non-2xx $e_status, timeout $e_timeout)" >&2
  exit 1
fi
python3 - "$n" "$secs" "$p99" <<'PY'
import sys
n, secs, p99 = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
rps = n / secs
print(f"targets: >= 1,000 requests/s: {'met' if rps >= 1000 else 'NOT met'} ({rps:,.0f}); "
      f"p99 < 50 ms: {'met' if p99 < 50 else 'NOT met'} ({p99:.2f} ms)")
PY
