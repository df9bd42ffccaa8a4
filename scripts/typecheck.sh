#!/usr/bin/env bash
# `npm run typecheck`: the full type check of every file (tsc, no output).
# In build mode (-b) tsc skips the whole check when no file of the program's
# own (tsconfig.json's include) has changed since the last check without
# errors; otherwise it checks again, incrementally, from the state it keeps in
# node_modules/.cache/tsc (tsconfig.json's tsBuildInfoFile). The SDKs' typings
# are not among the files it compares, so a lockfile newer than that state
# (npm install changed a package) starts it afresh; npm ci removes it with
# node_modules.
set -u
cd "$(dirname "$0")/.."
state=node_modules/.cache/tsc/tsbuildinfo
if [ -e "$state" ] && [ package-lock.json -nt "$state" ]; then rm -f "$state"; fi
exec node_modules/.bin/tsc -b "$@"
