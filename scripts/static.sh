#!/usr/bin/env bash
# static.sh — static analysis of the project's own code (src/, cli/, fuzz/):
# cppcheck and clang-tidy (checks and their reasons in .clang-tidy), both
# with every finding an error.  Needs a configured build directory for the
# compile commands (default build/; scripts/test.sh makes it).
#
#   bash scripts/static.sh [BUILD_DIR]
#
# A false positive gets an inline suppression with its reason
# (// NOLINT(check): why, or // cppcheck-suppress id), never a blanket one.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${1:-build}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
cmake -S . -B "$BUILD" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null

echo "cppcheck (warning, performance, portability)"
cppcheck --project="$BUILD/compile_commands.json" -j "$JOBS" -q --std=c11 \
  --enable=warning,performance,portability --inline-suppr --error-exitcode=1 \
  --suppress=missingIncludeSystem -i "$BUILD/gen" -i tests/

echo "clang-tidy (.clang-tidy)"
files=$(ls src/*.c cli/*.c fuzz/*.c)
# run-clang-tidy runs the files in parallel and fails when any has a finding
run-clang-tidy -quiet -j "$JOBS" -p "$BUILD" $files >"$BUILD/clang-tidy.log" 2>&1 || {
  grep -E 'warning:|error:' "$BUILD/clang-tidy.log" | sort -u >&2 || tail -40 "$BUILD/clang-tidy.log" >&2
  echo "static.sh: clang-tidy found problems (log: $BUILD/clang-tidy.log)" >&2
  exit 1
}
echo "static analysis clean"
