#!/usr/bin/env bash
# The README's second command: installs what the tests need on a fresh Debian machine (when absent),
# installs the npm dependencies, then runs build, lint, typecheck and every test.
# Servers the tests use (Prometheus, node_exporter, InfluxDB, ...) are started by the tests themselves
# on 127.0.0.1 with temporary data directories, and stopped when the tests end.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/provision-test-deps.sh

if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi

echo "== build";     npm run build
echo "== lint";      npm run lint
echo "== typecheck"; npm run typecheck
echo "== PromQL conformance (Prometheus 2.42's own cases, read from ../shared/conformance/promql)"
npm run --silent conformance
echo "== tests"
mkdir -p test-artifacts
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-artifacts/vitest.json || status=$?
node scripts/print-test-summary.mjs test-artifacts/vitest.json || status=1
exit $status
