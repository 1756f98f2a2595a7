#!/usr/bin/env bash
# Start (or stop) a throw-away PostgreSQL server on 127.0.0.1 for the store suite.
#   scripts/postgres.sh start   -> prints the URL to use (postgresql://crimeplan@127.0.0.1:PORT/crimeplan)
#   scripts/postgres.sh grant DB -> grants the app role on database DB (after migrating it); prints its URL
#   scripts/postgres.sh stop
# Two roles, neither a superuser (issue 19):
#   crimeplan      the owner: creates the databases (the test suite makes one per test), owns the tables and
#                  runs migrations. The test suite connects as it.
#   crimeplan_app  what a deployed portal connects as: owns nothing; reads and writes the tables, but on
#                  audit_log may only INSERT and SELECT, so it can neither change the trail nor set aside
#                  its append-only trigger (ALTER TABLE needs the owner). See docs/workflow.md, Deployment.
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
      :  # already running: only make sure of the roles and the database below
    else
      if [ ! -s "$PGDATA/PG_VERSION" ]; then
        rm -rf "$PGDATA"; mkdir -p "$PGDATA"
        [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGDATA"
        as_pg "$BIN/initdb -D $PGDATA -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8" >/dev/null
      fi
      as_pg "$BIN/pg_ctl -D $PGDATA -l $PGDATA/server.log -w -t 60 \
        -o '-h 127.0.0.1 -p $PGPORT -k $PGDATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200' start" >/dev/null
    fi
    as_pg "$BIN/psql -h 127.0.0.1 -p $PGPORT -U postgres -tAc \"SELECT 1 FROM pg_roles WHERE rolname='crimeplan'\"" | grep -q 1 \
      || as_pg "$BIN/psql -h 127.0.0.1 -p $PGPORT -U postgres -qc 'CREATE ROLE crimeplan LOGIN'"
    as_pg "$BIN/psql -h 127.0.0.1 -p $PGPORT -U postgres -qc 'ALTER ROLE crimeplan NOSUPERUSER CREATEDB NOCREATEROLE'"
    as_pg "$BIN/psql -h 127.0.0.1 -p $PGPORT -U postgres -tAc \"SELECT 1 FROM pg_roles WHERE rolname='crimeplan_app'\"" | grep -q 1 \
      || as_pg "$BIN/psql -h 127.0.0.1 -p $PGPORT -U postgres -qc 'CREATE ROLE crimeplan_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE'"
    as_pg "$BIN/psql -h 127.0.0.1 -p $PGPORT -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='crimeplan'\"" | grep -q 1 \
      || as_pg "$BIN/createdb -h 127.0.0.1 -p $PGPORT -U postgres -O crimeplan crimeplan"
    echo "$URL"
    ;;
  grant)
    DB="${2:?usage: $0 grant DATABASE}"
    [[ "$DB" =~ ^[A-Za-z0-9_]+$ ]] || { echo "grant: expected a database name, got $DB" >&2; exit 2; }
    as_pg "$BIN/psql -h 127.0.0.1 -p $PGPORT -U postgres -d $DB -v ON_ERROR_STOP=1 -q" <<SQL
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT CONNECT ON DATABASE "$DB" TO crimeplan_app;
GRANT USAGE ON SCHEMA public TO crimeplan_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO crimeplan_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM crimeplan_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO crimeplan_app;
SQL
    echo "postgresql://crimeplan_app@127.0.0.1:$PGPORT/$DB"
    ;;
  stop)
    as_pg "$BIN/pg_ctl -D $PGDATA -m fast stop" >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|grant DB|stop" >&2; exit 2 ;;
esac
