#!/usr/bin/env bash
# `make run`: a durable single-node grid on http://127.0.0.1:10101 (SFM's port).
# With SOMA_POSTGRES unset, a local Postgres keeps its data under ./.data/postgres and is stopped when the grid
# stops; starting again finds every memory where it was. Without SOMA_API_TOKEN or SOMA_API_TOKEN_FILE, a token is
# generated once into ./.data/api-token (readable by you only) and reused.
set -euo pipefail
cd "$(dirname "$0")/.."
data_dir="$PWD/.data"
mkdir -p "$data_dir"

started_postgres=""
if [ -z "${SOMA_POSTGRES:-}" ]; then
  scripts/postgres.sh ensure-installed
  pg_port=${SOMA_PG_PORT:-55433}
  if [ "$(id -u)" = "0" ]; then chmod 755 "$data_dir"; fi
  server=$(scripts/postgres.sh start "$data_dir/postgres" "$pg_port")
  started_postgres="$data_dir/postgres"
  psql "host=127.0.0.1 port=$pg_port user=postgres dbname=postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = 'soma'" | grep -q 1 \
    || psql "host=127.0.0.1 port=$pg_port user=postgres dbname=postgres" -qc "CREATE DATABASE soma"
  export SOMA_POSTGRES="${server/Database=postgres/Database=soma}"
fi

if [ -z "${SOMA_API_TOKEN:-}" ] && [ -z "${SOMA_API_TOKEN_FILE:-}" ]; then
  token_file="$data_dir/api-token"
  if [ ! -s "$token_file" ]; then
    (umask 077; od -An -N24 -tx1 /dev/urandom | tr -d ' \n' >"$token_file")
  fi
  export SOMA_API_TOKEN_FILE="$token_file"
  echo "API token: $(cat "$token_file")   (from $token_file; set SOMA_API_TOKEN to choose your own)"
fi

stop_postgres() {
  if [ -n "$started_postgres" ]; then scripts/postgres.sh stop "$started_postgres"; fi
}
trap stop_postgres EXIT

dotnet build gateway/SomaMemory.Gateway -c Release -nologo -v quiet
echo "Starting SomaMemory on http://127.0.0.1:10101 unless --urls or ASPNETCORE_URLS says otherwise (docs at /docs). Ctrl-C stops it."
# In the background with the signals forwarded, so that this script outlives the gateway: Postgres must stop only
# after the gateway has flushed and left the cluster.
dotnet gateway/SomaMemory.Gateway/bin/Release/net10.0/SomaMemory.Gateway.dll "$@" &
gateway_pid=$!
trap 'kill -TERM "$gateway_pid" 2>/dev/null || true' INT TERM
while kill -0 "$gateway_pid" 2>/dev/null; do
  wait "$gateway_pid" || true
done
