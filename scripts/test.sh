#!/usr/bin/env bash
# The whole test suite, as the README's Quick start runs it: system packages the real-tool tests need,
# then the type check, the linter/formatter check, the API reference, and every jest project (unit, conformance,
# end-to-end).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-system-deps.sh
echo "== tsc --noEmit"
npx tsc --noEmit -p tsconfig.json
echo "== biome check"
npx biome check .
echo "== typedoc (the API reference builds from the TSDoc without a warning)"
npx typedoc
echo "== jest"
# Three workers on a 2-core machine (jest's default is one fewer than the cores): most suites wait on real
# processes (nginx, gunicorn, dockerd, npm) rather than compute, and the engine suite's files take turns
# through a lock of their own, which can hold one worker waiting: more workers keep the others busy.
npx jest --ci --maxWorkers=3 "$@"
