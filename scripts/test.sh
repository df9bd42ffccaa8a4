#!/usr/bin/env bash
# `npm test`: ESLint, the full type check (tsc, every file) and jest with the
# coverage thresholds, side by side: on two cores the three finish together
# sooner than one after the other. ESLint and tsc keep their caches in
# node_modules/.cache (keyed by content: a warm run rechecks only what
# changed; a fresh clone checks everything). Exits non-zero if any fails.
set -u
cd "$(dirname "$0")/.."
bin=node_modules/.bin

"$bin/eslint" . --cache --cache-location node_modules/.cache/eslint/ &
lint=$!
"$bin/tsc" --noEmit --incremental --tsBuildInfoFile node_modules/.cache/tsc/tsbuildinfo &
types=$!
"$bin/jest" --coverage --maxWorkers=2 --json --outputFile="${JEST_JSON:-coverage/jest-results.json}"
tests=$?
wait "$lint"
lint_status=$?
wait "$types"
types_status=$?
[ "$lint_status" -eq 0 ] || echo "npm test: ESLint failed" >&2
[ "$types_status" -eq 0 ] || echo "npm test: the type check failed" >&2
exit $((tests || lint_status || types_status))
