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
npx jest --ci "$@"
