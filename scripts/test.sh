#!/usr/bin/env bash
# The whole test suite, as the README's Quick start runs it: system packages the real-tool tests need,
# then the type check, the linter/formatter check, and every jest project (unit, conformance, end-to-end).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-system-deps.sh
echo "== tsc --noEmit"
npx tsc --noEmit -p tsconfig.json
echo "== biome check"
npx biome check .
echo "== jest"
# Two workers on a 2-core machine (jest's default is one fewer than the cores): most suites wait on real
# processes (nginx, gunicorn, dockerd, npm), so a second worker roughly halves the wall time without
# starving either. The engine suite's files still take turns through a lock of their own.
npx jest --ci --maxWorkers=2 "$@"
