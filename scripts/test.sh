#!/usr/bin/env bash
# test.sh — installs what is missing, builds dixit with warnings as errors and
# runs every check: the ctest suite (cmocka unit tests, the literate spec in
# tests/spec/, the script tests, the pathological inputs, the fuzz replays,
# the Python package's pytest suite), a clang Release build, the same suite
# built with clang under AddressSanitizer + UndefinedBehaviorSanitizer, the
# thread test and the CLI's thread pool under ThreadSanitizer, valgrind
# memcheck of the unit tests, the fuzz replays and the CLI, static analysis
# (cppcheck, clang-tidy), each libFuzzer target for FUZZ_SECONDS (60), smoke
# runs of the benchmarks (the service's under wrk too), and the browser test
# of the HTML report.
#
#   bash scripts/test.sh            # everything (what .ci/run does)
#   DIXIT_QUICK=1 bash scripts/test.sh   # only the Release build and ctest
#
# Stops at the first failure and says which step failed; exits non-zero.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail
cd "$(dirname "$0")/.."

JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
current="start"
on_exit() {
  local rc=$?
  [ "$rc" -eq 0 ] || printf '\n*** test.sh FAILED (exit %d) during: %s\n' "$rc" "$current" >&2
}
trap on_exit EXIT
step() { current="$*"; printf '\n==> %s\n' "$*"; }

step "checking system packages (scripts/setup.sh)"
bash scripts/setup.sh

step "building build/ (Release, -DDX_WERROR=ON)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DDX_WERROR=ON -DDX_SANITIZE=OFF
cmake --build build -j "$JOBS"

step "ctest in build/"
ctest --test-dir build --output-on-failure -j "$JOBS"

if [ "${DIXIT_QUICK:-0}" = 1 ]; then
  current="done"
  printf '\n*** test.sh: quick checks passed (DIXIT_QUICK=1 skipped sanitizers, valgrind, bench)\n'
  exit 0
fi

step "building build-clang/ (clang, Release, -DDX_WERROR=ON) and its unit tests"
CC=clang cmake -S . -B build-clang -DCMAKE_BUILD_TYPE=Release -DDX_WERROR=ON -DDX_SANITIZE=OFF
cmake --build build-clang -j "$JOBS"
ctest --test-dir build-clang --output-on-failure -j "$JOBS" -R '^(unit|fuzz)\.'

# The tokenizer, the JSON reader and the JSON writer look at 16 bytes at a
# time with SSE2 where the compiler has it, and in plain C elsewhere (ARM,
# other hosts): the plain C paths must give the same output, byte for byte.
step "building build-portable/ (gcc, Release, without the SSE2 paths) and comparing its output"
cmake -S . -B build-portable -DCMAKE_BUILD_TYPE=Release -DDX_WERROR=ON -DDX_SANITIZE=OFF \
  -DCMAKE_C_FLAGS="-U__SSE2__"
cmake --build build-portable -j "$JOBS"
ctest --test-dir build-portable --output-on-failure -j "$JOBS" -R '^(unit\.|fuzz\.|script\.test_spec$|script\.test_samples$)'
portable_inputs=(samples/*.jsonl)
for g in ../shared/gold/fr-dev.jsonl ../shared/gold/en-polnear-dev.jsonl; do
  [ -f "$g" ] && portable_inputs+=("$g")
done
for f in "${portable_inputs[@]}"; do
  cmp <(build/dixit --jsonl "$f") <(build-portable/dixit --jsonl "$f")
done
cmp <(build/dixit samples/*.txt) <(build-portable/dixit samples/*.txt)
echo "plain C paths: same output on ${#portable_inputs[@]} JSON Lines files and the text samples"

step "building build-asan/ (clang, ASan + UBSan, -DDX_WERROR=ON)"
CC=clang cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DDX_WERROR=ON -DDX_SANITIZE=ON
cmake --build build-asan -j "$JOBS"

step "ctest in build-asan/"
# The Python package's suite builds its own extension and ran in build/:
# not again here (DIXIT_PYTHON_TESTS=0 makes it skip).
DIXIT_PYTHON_TESTS=0 ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$JOBS"

# Leaks count as errors; "still reachable" memory (the C library's) does not.
vg() {
  valgrind -q --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite,indirect "$@"
}

# ThreadSanitizer: the test that runs many threads over one shared
# extractor, and the CLI's worker pool (-j 4, -o, --out-dir), must be free
# of data races.  Only those two targets are built (~1 min).
step "building build-tsan/ (clang, ThreadSanitizer): test_threads and dixit"
CC=clang cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDX_WERROR=ON -DDX_TSAN=ON
cmake --build build-tsan -j "$JOBS" --target test_threads dixit_cli

step "ThreadSanitizer: test_threads, dixit -j 4"
export TSAN_OPTIONS="halt_on_error=1 exitcode=66"
build-tsan/tests/test_threads
tsan_out=$(mktemp -d)
build/dixit -j 1 samples/articles.jsonl samples/ > "$tsan_out/want.jsonl"
build-tsan/dixit -j 4 samples/articles.jsonl samples/ > "$tsan_out/got.jsonl"
build-tsan/dixit -j 3 -o "$tsan_out/got.jsonl.gz" samples/articles.jsonl samples/
build-tsan/dixit -j 3 --out-dir "$tsan_out/shards" samples/
cmp "$tsan_out/want.jsonl" "$tsan_out/got.jsonl"
gzip -dc "$tsan_out/got.jsonl.gz" | cmp "$tsan_out/want.jsonl" -
rm -rf "$tsan_out"
# records from the workers and the main thread's own, interleaved, with
# the main thread extracting, writing and waiting in turn, and the batch
# runs (directories, shards, a pipe answered record by record) (~20 s)
python3 tests/test_threads_order.py build-tsan/dixit .
python3 tests/test_batch.py build-tsan/dixit .
unset TSAN_OPTIONS
echo "no data race found"

step "valgrind: unit tests of build/"
n=0
for t in build/tests/test_*; do
  if [ ! -f "$t" ] || [ ! -x "$t" ]; then continue; fi
  echo "valgrind $t"
  vg "$t" >/dev/null
  n=$((n + 1))
done
echo "$n unit test programs clean under valgrind"

step "valgrind: the fuzz targets of build/ on their seeds and tests/regress/"
for t in extract stream jsonl args; do
  inputs=(build/fuzz-corpus/$t)
  [ -d tests/regress/$t ] && inputs+=(tests/regress/$t)
  echo "valgrind build/fuzz/replay_$t"
  vg build/fuzz/replay_$t "${inputs[@]}" >/dev/null
done

step "valgrind: build/dixit on the samples"
vg build/dixit --jsonl samples/articles.jsonl >/dev/null
vg build/dixit --format text samples/article-fr.txt samples/article-en.txt >/dev/null
vg_out=$(mktemp -d)
vg build/dixit -j 3 -o "$vg_out/out.jsonl.zst" samples/
rm -rf "$vg_out"
vg build/dixit --format html --lenient-utf8 samples/article-fr.txt samples/articles.jsonl >/dev/null
echo "dixit clean under valgrind"

step "static analysis (scripts/static.sh: cppcheck, clang-tidy)"
bash scripts/static.sh build

step "fuzzing (scripts/fuzz.sh: ${FUZZ_SECONDS:-60} s a target, ASan + UBSan)"
bash scripts/fuzz.sh

step "benchmark smoke runs (bench/throughput.sh, scale.sh, pathological.sh: 1-2 MB, 1 run)"
bash bench/throughput.sh --mb 2 --runs 1 >/dev/null
bash bench/scale.sh --mb 2 --runs 1 --big-mb 4 --no-python >/dev/null
bash bench/pathological.sh --mb 1 --runs 1 >/dev/null

step "load test smoke run of dixit serve (bench/serve.sh, 3 s; fails on any error)"
bash bench/serve.sh --duration 3

step "browser test: the service's page and report in headless Chromium (tests/browser/)"
bash tests/browser/run.sh build/dixit

current="done"
printf '\n*** test.sh: all checks passed\n'
