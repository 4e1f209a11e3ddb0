#!/usr/bin/env bash
# setup.sh — installs the Debian 12 packages that dixit needs to build, test
# and benchmark, and only those that are missing.
#
#   bash scripts/setup.sh          # as root: installs; otherwise: prints the command
#
# Idempotent: when everything is present it only asks dpkg and returns.
# Set DIXIT_SKIP_SETUP=1 to skip it (e.g. on a machine managed otherwise).
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail

# One line per package, with the reason it is here; keep it to what is used.
PACKAGES=(
  build-essential     # gcc, make, libc headers
  cmake               # the build (CMakeLists.txt needs >= 3.18)
  pkg-config          # finds utf8proc, jansson, cmocka
  python3             # tools/gen_lexicon.py, tests/test_*.py, bench corpus, shared/tools/score.py
  libutf8proc-dev     # the library's Unicode tables
  libjansson-dev      # the CLI reads JSON Lines
  libcmocka-dev       # unit tests
  clang               # second compiler in scripts/test.sh, for its sanitizers
  libclang-rt-14-dev  # clang's ASan/UBSan runtimes and libFuzzer (fuzz/)
  valgrind            # scripts/test.sh: memcheck of the unit tests and the CLI
  cppcheck            # scripts/static.sh: static analysis
  clang-tidy          # scripts/static.sh: static analysis (checks in .clang-tidy)
  time                # GNU /usr/bin/time: wall time and peak RSS in bench/
  zlib1g-dev          # the CLI reads and writes .gz
  libzstd-dev         # the CLI reads and writes .zst
  zstd                # tests/test_batch.py makes .zst inputs; bench/ compressed runs
  python3-dev         # Python.h: the C extension of the Python package (python/)
  python3-pip         # tests/test_python.py installs python/ with pip (no network)
  python3-pytest      # the Python package's tests (python/tests)
  python3-dask        # dixit.dask (python -m dixit.dask) and its test
  python3-distributed # dask's LocalCluster / dask-scheduler / dask-worker
  libmicrohttpd-dev   # dixit serve: the HTTP server (cli/serve*.c)
  wrk                 # bench/serve.sh: the service's load test
  chromium            # tests/browser/: the report in a real browser (headless)
  nodejs              # tests/browser/: runs playwright-core (npm comes with the machine's Node.js)
)

say() { printf 'setup: %s\n' "$*" >&2; }

if [ "${DIXIT_SKIP_SETUP:-0}" = 1 ]; then
  say "DIXIT_SKIP_SETUP=1: not checking system packages"
  exit 0
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  say "not a Debian system (no dpkg-query): install the equivalents of"
  say "  ${PACKAGES[*]}"
  say "yourself; carrying on"
  exit 0
fi

missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
  case "$status" in
    ii*) ;;
    *) missing+=("$p") ;;
  esac
done

if [ ${#missing[@]} -eq 0 ]; then
  say "all ${#PACKAGES[@]} packages present"
  exit 0
fi

say "missing: ${missing[*]}"
cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  say "not root; run this, then run me again:"
  printf "  sudo sh -c '%s'\n" "$cmd" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"
say "installed: ${missing[*]}"
