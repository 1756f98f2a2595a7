#!/usr/bin/env bash
# `make demo`: build the demo force into crimeplan.duckdb, load the real City of London
# police.uk months from ../shared/data/real when present, then show what is loaded.
set -euo pipefail
BIN="${VENV:-.venv}/bin"
SHARED="${CRIMEPLAN_SHARED:-../shared}"
REAL="$SHARED/data/real"
"$BIN/crimeplan" demo --no-serve
if [ -d "$REAL/policeuk_city-of-london_street_2014-09_to_2021-12" ]; then
  # The earlier download first, then the later one: it revises the eight overlapping months.
  "$BIN/crimeplan" ingest police-uk "$REAL/policeuk_city-of-london_street_2014-09_to_2021-12/from_joshiain-LondonCrimeViz" >/dev/null
  "$BIN/crimeplan" ingest police-uk "$REAL/policeuk_city-of-london_street_2014-09_to_2021-12/from_pradyutnair-Data-Challenge-2" >/dev/null
  "$BIN/crimeplan" ingest areas "$REAL/reference_lsoa-to-force-lookup_census2011-population/PoliceforceLSOA.csv" >/dev/null
fi
"$BIN/crimeplan" status
if "$BIN/crimeplan" serve --help >/dev/null 2>&1; then
  exec "$BIN/crimeplan" serve --host 127.0.0.1 --port "${PORT:-8000}"
fi
