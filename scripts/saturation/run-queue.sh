#!/usr/bin/env bash
# Runs the training runs of a queue file one after another (never two at once: the exploration shares 2 cores).
# Each non-comment line: NAME followed by `hrl train` options; the run goes to OUT/NAME (default runs/sat), its
# console to OUT/NAME.log, and the wall time to OUT/times.tsv. A run whose directory says "finished" is skipped.
# usage: scripts/saturation/run-queue.sh QUEUE_FILE [OUT]
set -euo pipefail
queue=${1:?usage: run-queue.sh QUEUE_FILE [OUT]}
out=${2:-runs/sat}
mkdir -p "$out"
grep -v '^\s*\(#\|$\)' "$queue" | while read -r name args; do
  if grep -qs '"finished"' "$out/$name/status.json"; then echo "skip $name (finished)"; continue; fi
  rm -rf "${out:?}/$name"
  start=$(date +%s)
  # shellcheck disable=SC2086 # the options are meant to split
  node dist/src/cli/main.js train $args --out "$out/$name" > "$out/$name.log" 2>&1 || echo "$name failed (see $out/$name.log)"
  printf '%s\t%s\t%s\n' "$name" "$(( $(date +%s) - start ))" "$args" >> "$out/times.tsv"
done
