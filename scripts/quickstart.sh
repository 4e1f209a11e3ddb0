#!/usr/bin/env bash
# quickstart.sh — installs what is missing, builds dixit in build/, and prints
# the quotations of the two sample articles in samples/.
#
#   bash scripts/quickstart.sh
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail
cd "$(dirname "$0")/.."

current="start"
on_exit() {
  local rc=$?
  [ "$rc" -eq 0 ] || printf '\nquickstart.sh: FAILED (exit %d) while: %s\n' "$rc" "$current" >&2
}
trap on_exit EXIT
step() { current="$*"; printf '\n==> %s\n' "$*"; }

step "checking system packages (scripts/setup.sh)"
bash scripts/setup.sh

step "configuring and building (build/, Release)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DDX_WERROR=OFF -DDX_SANITIZE=OFF
cmake --build build -j "$(nproc 2>/dev/null || echo 2)"

for f in samples/article-fr.txt samples/article-en.txt; do
  step "build/dixit --format text $f"
  build/dixit --format text "$f"
done

current="done"
printf '\nThe same as JSON Lines, one object per document:\n  build/dixit --jsonl samples/articles.jsonl\n'
