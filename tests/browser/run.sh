#!/usr/bin/env bash
# run.sh — the browser test (report.test.mjs) with its npm package.
#
#   bash tests/browser/run.sh build/dixit [SCREENSHOT.png]
#
# Installs playwright-core from tests/browser/package-lock.json (npm ci),
# which drives Debian's /usr/bin/chromium (scripts/setup.sh installs it;
# Playwright's own browser download is not used).  When the npm registry
# cannot be reached and the package is not installed yet, it says so and
# skips (exit 0); every other failure fails.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dixit=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shot=${2:-}

command -v node >/dev/null || { echo "browser test: node is missing (Node.js 18+ needed)" >&2; exit 1; }
command -v npm >/dev/null || { echo "browser test: npm is missing (apt-get install npm, or a Node.js that has it)" >&2; exit 1; }
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "browser test: no Chromium at ${CHROMIUM:-/usr/bin/chromium} (scripts/setup.sh installs it)" >&2; exit 1; }

cd "$here"
# installed already, at the version package.json asks for?
installed() {
  node -e 'const want = require("./package.json").dependencies["playwright-core"];
           process.exit(require("playwright-core/package.json").version === want ? 0 : 1)' 2>/dev/null
}
if ! installed; then
  if ! timeout 30 npm ping >/dev/null 2>&1; then
    echo "browser test: SKIPPED: the npm registry cannot be reached to install playwright-core" >&2
    exit 0
  fi
  npm ci --no-audit --no-fund --loglevel=error
fi
node report.test.mjs "$dixit" "$root" $shot
