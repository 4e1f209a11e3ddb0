#!/usr/bin/env bash
# fuzz.sh — builds the libFuzzer targets (fuzz/, clang, ASan + UBSan, no
# recovery) in build-fuzz/ and runs each for a bounded time.
#
#   bash scripts/fuzz.sh                 # every target, FUZZ_SECONDS each (60)
#   FUZZ_SECONDS=600 bash scripts/fuzz.sh extract stream
#
# The seed corpus is made from tests/spec/ at build time; the crashes found
# before (tests/regress/NAME/) are seeds too.  New corpus entries go to
# build-fuzz/corpus/NAME/, which is kept between runs on one machine.  Any
# finding (crash, broken invariant, leak, timeout, out of memory) stops the
# script with a non-zero status and leaves the input in
# build-fuzz/findings/NAME/: add it to tests/regress/NAME/ with a name that
# says what broke, and fix it.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH=${FUZZ_SECONDS:-60}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(extract stream jsonl args)

CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDX_FUZZ=ON -DDX_WERROR=ON >/dev/null
build=(fuzz_corpus)
for t in "${targets[@]}"; do build+=("fuzz_$t"); done
cmake --build build-fuzz -j "$JOBS" --target "${build[@]}"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in "${targets[@]}"; do
  corpus=build-fuzz/corpus/$t findings=build-fuzz/findings/$t
  mkdir -p "$corpus" "$findings"
  seeds=(build-fuzz/fuzz-corpus/$t)
  [ -d tests/regress/$t ] && seeds+=(tests/regress/$t)
  extra=()
  # the option parser prints usage and errors: keep them off the log
  [ "$t" = args ] && extra+=(-close_fd_mask=3)
  log=build-fuzz/fuzz-$t.log
  printf 'fuzz_%s: %s s ... ' "$t" "$SECONDS_EACH"
  if ! build-fuzz/fuzz/fuzz_$t -max_total_time="$SECONDS_EACH" -timeout=10 \
      -rss_limit_mb=2048 -malloc_limit_mb=1024 -max_len=65536 -print_final_stats=1 \
      -dict=fuzz/dixit.dict -artifact_prefix="$findings/" "${extra[@]}" \
      "$corpus" "${seeds[@]}" >"$log" 2>&1; then
    echo "FINDING"
    grep -E 'ERROR|SUMMARY|invariant|Test unit written' "$log" | head -20 >&2 || true
    echo "fuzz.sh: fuzz_$t found a problem; input in $findings/, log in $log" >&2
    exit 1
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  echo "clean: $execs inputs, $rate/s, corpus $(ls "$corpus" | wc -l) files"
done
