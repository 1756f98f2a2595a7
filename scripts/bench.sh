#!/usr/bin/env bash
# `make bench`: every benchmark beside its reference, at 1, 10 and 50 million records
# (BENCH_ARGS=--quick for 1 million only). Results: a Markdown table per size on stderr, a
# JSON file in bench-results/ (gitignored) to compare commits, and the results with every target
# met or missed written into docs/performance.md. Not part of `make test`.
# Needs Java 17 for the Spark cube build (scripts/system-packages.sh) and ~15 GB of free space
# in $TMPDIR at 50 million records (generated there and deleted after each size).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${BIN:-.venv/bin}"
PG_URL="$(bash scripts/postgres.sh start 2>/dev/null | tail -n 1 || true)"
ARGS=(bench run --out bench-results --doc docs/performance.md)
if [[ -n "$PG_URL" ]]; then ARGS+=(--postgres "$PG_URL"); fi
if [[ -d "${CRIMEPLAN_SHARED:-../shared}" ]]; then ARGS+=(--shared "${CRIMEPLAN_SHARED:-../shared}"); fi
exec "$BIN/crimeplan" "${ARGS[@]}" ${BENCH_ARGS:-}
