#!/usr/bin/env bash
# Starts and stops a private Postgres server on loopback, from the system's binaries.
#   scripts/postgres.sh start DIR PORT   initialise DIR (once) and start the server; prints the connection string
#   scripts/postgres.sh stop DIR         stop the server whose data lives in DIR
#   scripts/postgres.sh ensure-installed install Debian's postgresql when no server binaries are found (root only)
# Postgres refuses to run as root, so as root the server runs as the 'postgres' OS user; as anyone else it runs
# as that user, which is what a developer's laptop does.
set -euo pipefail

find_bindir() {
  local dir
  if command -v pg_config >/dev/null 2>&1; then
    dir=$(pg_config --bindir 2>/dev/null || true)
    if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -V -r) /usr/local/pgsql/bin /opt/homebrew/bin /usr/local/bin /usr/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

as_server_user() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd=${1:-}
case "$cmd" in
  ensure-installed)
    if find_bindir >/dev/null; then exit 0; fi
    if [ "$(id -u)" != "0" ]; then
      echo "No PostgreSQL server binaries found (initdb, pg_ctl). Install PostgreSQL 15 or newer, or set SOMA_POSTGRES." >&2
      exit 1
    fi
    echo "Installing PostgreSQL from apt..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    find_bindir >/dev/null || { echo "PostgreSQL was installed but initdb was not found." >&2; exit 1; }
    ;;
  start)
    dir=${2:?usage: postgres.sh start DIR PORT}
    port=${3:?usage: postgres.sh start DIR PORT}
    bindir=$(find_bindir) || { echo "No PostgreSQL server binaries found. Run 'scripts/postgres.sh ensure-installed' or set SOMA_POSTGRES." >&2; exit 1; }
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ "$(id -u)" = "0" ]; then
      id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
      chown postgres: "$dir"
    fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_server_user "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    if as_server_user "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      echo "Postgres is already running from $dir" >&2
    else
      as_server_user "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300 -c fsync=${SOMA_PG_FSYNC:-on}" start >&2 \
        || { tail -n 30 "$dir/server.log" >&2; exit 1; }
    fi
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  stop)
    dir=${2:?usage: postgres.sh stop DIR}
    bindir=$(find_bindir) || exit 0
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_server_user "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    fi
    ;;
  *)
    echo "usage: $0 start DIR PORT | stop DIR | ensure-installed" >&2
    exit 2
    ;;
esac
