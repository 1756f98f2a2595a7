#!/usr/bin/env bash
# Start (or stop) a throw-away PostgreSQL server on 127.0.0.1 for the store suite.
#   scripts/postgres.sh start   -> prints the URL to use (postgresql://crimeplan@127.0.0.1:PORT/crimeplan)
#   scripts/postgres.sh stop
# As root the server runs as the `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail

PGPORT="${CRIMEPLAN_PGPORT:-54329}"
PGDATA="${CRIMEPLAN_PGDATA:-/tmp/crimeplan-pg-$PGPORT}"
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
URL="postgresql://crimeplan@127.0.0.1:$PGPORT/crimeplan"

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    su postgres -s /bin/bash -c "$*"
  else
    bash -c "$*"
  fi
}

case "${1:-start}" in
  start)
    if as_pg "$BIN/pg_isready -q -h 127.0.0.1 -p $PGPORT" 2>/dev/null; then
      echo "$URL"; exit 0
    fi
    if [ ! -s "$PGDATA/PG_VERSION" ]; then
      rm -rf "$PGDATA"; mkdir -p "$PGDATA"
      [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGDATA"
      as_pg "$BIN/initdb -D $PGDATA -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8" >/dev/null
    fi
    as_pg "$BIN/pg_ctl -D $PGDATA -l $PGDATA/server.log -w -t 60 \
      -o '-h 127.0.0.1 -p $PGPORT -k $PGDATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200' start" >/dev/null
    as_pg "$BIN/psql -h 127.0.0.1 -p $PGPORT -U postgres -tAc \"SELECT 1 FROM pg_roles WHERE rolname='crimeplan'\"" | grep -q 1 \
      || as_pg "$BIN/psql -h 127.0.0.1 -p $PGPORT -U postgres -qc 'CREATE ROLE crimeplan LOGIN SUPERUSER'"
    as_pg "$BIN/psql -h 127.0.0.1 -p $PGPORT -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='crimeplan'\"" | grep -q 1 \
      || as_pg "$BIN/createdb -h 127.0.0.1 -p $PGPORT -U postgres -O crimeplan crimeplan"
    echo "$URL"
    ;;
  stop)
    as_pg "$BIN/pg_ctl -D $PGDATA -m fast stop" >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
