#!/usr/bin/env bash
# The whole test suite: lint, type-check, and every test of every workspace, including the
# PostgreSQL suites and the dashboard's browser suites (Chromium). It never reports green
# with a suite skipped: the system packages those suites need are installed here when running
# as root, and otherwise this script says exactly what to install and stops.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system-deps.sh

# Suites that need PostgreSQL or a browser fail instead of skipping when they cannot start them.
export KAIROX_TEST_STRICT=1

echo "== lint"
npx eslint .
echo "== type-check"
npx tsc -p tsconfig.json
npx tsc -p dashboard/tsconfig.json
echo "== tests"
mkdir -p .tmp
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest.json "$@" || status=$?
# One plain closing line that any CI can read: "tests: N passed, N failed".
node -e '
  const r = JSON.parse(require("fs").readFileSync(".tmp/vitest.json", "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' || true
exit $status
