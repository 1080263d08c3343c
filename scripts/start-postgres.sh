#!/usr/bin/env bash
# Starts the PostgreSQL that the rollout journal's tests use (and that a cluster of several machines can use): on
# Debian, as root, it installs the postgresql package if missing, creates a cluster if there is none, starts it,
# waits until it accepts connections on 127.0.0.1, and creates the role quiesce (password quiesce) and the database
# quiesce owned by it. Idempotent: run it again at any time (PostgreSQL running, stopped, or not installed).
# `./quiesce test` runs it, as root, when the tests' PostgreSQL is not up.
#   sudo scripts/start-postgres.sh
# Then: psql "postgresql://quiesce:quiesce@127.0.0.1:5432/quiesce" -c 'select 1'
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

ready() { PGPASSWORD=quiesce psql -h 127.0.0.1 -p "${1:-5432}" -U quiesce -d quiesce -tAc 'select 1' >/dev/null 2>&1; }

if command -v psql >/dev/null && ready; then
  echo "start-postgres: PostgreSQL is up at 127.0.0.1:5432 with role and database quiesce"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "start-postgres: run it as root (sudo $0): it installs, starts and sets up PostgreSQL" >&2
  exit 2
fi

if ! command -v pg_ctlcluster >/dev/null; then
  echo "start-postgres: installing PostgreSQL (apt-get install -y postgresql)"
  apt-get update -q
  apt-get install -y -q postgresql
fi

# A cluster: the first one pg_lsclusters lists (Debian's package creates VERSION/main), else a new one for the newest
# installed major version on port 5432.
if [ -z "$(pg_lsclusters -h)" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  echo "start-postgres: no cluster; creating $version/main on port 5432"
  pg_createcluster "$version" main --port 5432
fi
read -r version name port status _ < <(pg_lsclusters -h | head -n 1)
if [ "$port" != 5432 ]; then
  echo "start-postgres: cluster $version/$name listens on port $port, not 5432: point the tests at it," \
    "e.g. QUIESCE_PG_URL=jdbc:postgresql://127.0.0.1:$port/quiesce" >&2
fi

if [[ "$status" != online* ]]; then
  echo "start-postgres: starting cluster $version/$name"
  # exit status 2 is "already running" (started since pg_lsclusters looked): fine
  pg_ctlcluster "$version" "$name" start || [ $? = 2 ] || {
    echo "start-postgres: pg_ctlcluster $version $name start failed; its log:" >&2
    tail -n 30 "/var/log/postgresql/postgresql-$version-$name.log" >&2 || true
    exit 1
  }
fi

# Wait (at most 30 s) until it accepts connections on 127.0.0.1.
for _ in $(seq 30); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
if ! pg_isready -h 127.0.0.1 -p "$port"; then
  echo "start-postgres: PostgreSQL $version/$name does not accept connections on 127.0.0.1:$port after 30 s" >&2
  tail -n 30 "/var/log/postgresql/postgresql-$version-$name.log" >&2 || true
  exit 1
fi

# The role and the database, as the postgres superuser (peer authentication on the local socket).
as_postgres() { (cd / && runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -tAq "$@"); }
if [ -z "$(as_postgres -c "SELECT 1 FROM pg_roles WHERE rolname = 'quiesce'")" ]; then
  as_postgres -c "CREATE ROLE quiesce LOGIN PASSWORD 'quiesce'"
else
  as_postgres -c "ALTER ROLE quiesce LOGIN PASSWORD 'quiesce'"
fi
if [ -z "$(as_postgres -c "SELECT 1 FROM pg_database WHERE datname = 'quiesce'")" ]; then
  as_postgres -c "CREATE DATABASE quiesce OWNER quiesce"
fi

if ! ready "$port"; then
  echo "start-postgres: cannot log in as quiesce at 127.0.0.1:$port (check pg_hba.conf allows password logins" \
    "from 127.0.0.1)" >&2
  exit 1
fi
echo "start-postgres: PostgreSQL $version/$name is up at 127.0.0.1:$port with role and database quiesce"
