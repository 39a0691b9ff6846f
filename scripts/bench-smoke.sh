#!/usr/bin/env bash
# Tiny runs of the benchmark tool against a real gateway on the test Postgres: proves that the gateway starts as
# `make run` starts it and that every scenario (memory, recall, graph) works. Figures from this run are not published.
set -euo pipefail
cd "$(dirname "$0")/.."
configuration=${1:-Release}
: "${SOMA_TEST_POSTGRES:?SOMA_TEST_POSTGRES must point at the test Postgres}"

database="soma_smoke_$$"
pg_port=$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$SOMA_TEST_POSTGRES")
psql_url="host=127.0.0.1 port=${pg_port:-5432} user=postgres dbname=postgres"
psql "$psql_url" -qc "CREATE DATABASE $database" >/dev/null

http_port=$(scripts/free-port.sh)
silo_port=$(scripts/free-port.sh)
gateway_port=$(scripts/free-port.sh)
log=$(mktemp)
token="smoke-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

SOMA_POSTGRES="${SOMA_TEST_POSTGRES/Database=postgres/Database=$database}" SOMA_API_TOKEN="$token" \
  Soma__Silo__SiloPort=$silo_port Soma__Silo__GatewayPort=$gateway_port Soma__Cluster__ClusterId="smoke-$$" \
  dotnet "gateway/SomaMemory.Gateway/bin/$configuration/net10.0/SomaMemory.Gateway.dll" --urls "http://127.0.0.1:$http_port" >"$log" 2>&1 &
gateway_pid=$!
stop() {
  kill "$gateway_pid" 2>/dev/null || true
  wait "$gateway_pid" 2>/dev/null || true
  psql "$psql_url" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null || true
  rm -f "$log"
}
trap stop EXIT

for _ in $(seq 1 60); do
  if curl -fs "http://127.0.0.1:$http_port/readyz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$gateway_pid" 2>/dev/null; then echo "The gateway exited during start:" >&2; cat "$log" >&2; exit 1; fi
  sleep 1
done

dotnet "tests/SomaMemory.Benchmarks/bin/$configuration/net10.0/SomaMemory.Benchmarks.dll" memory \
  --url "http://127.0.0.1:$http_port" --token "$token" --requests 200 --concurrency 4 --warmup 20 \
  || { echo "Gateway log:" >&2; tail -n 50 "$log" >&2; exit 1; }

# Recall at the smoke size: bulk ingest with client vectors, index catch-up, vector and ONNX queries, recall@10.
dotnet "tests/SomaMemory.Benchmarks/bin/$configuration/net10.0/SomaMemory.Benchmarks.dll" recall \
  --url "http://127.0.0.1:$http_port" --token "$token" --memories 2000 --queries 100 --onnx-memories 50 --gateway-pid "$gateway_pid" \
  || { echo "Gateway log:" >&2; tail -n 50 "$log" >&2; exit 1; }

# Graph at the smoke size: bulk links of a random graph, neighbours at 1 and 3 hops, shortest and weighted paths.
dotnet "tests/SomaMemory.Benchmarks/bin/$configuration/net10.0/SomaMemory.Benchmarks.dll" graph \
  --url "http://127.0.0.1:$http_port" --token "$token" --nodes 2000 --degree 5 --batch 1000 --queries 100 --weighted-queries 10 \
  || { echo "Gateway log:" >&2; tail -n 50 "$log" >&2; exit 1; }

# The embedded vector index alone, in the benchmark's process, at the smoke size; base64 vectors through the gateway.
dotnet "tests/SomaMemory.Benchmarks/bin/$configuration/net10.0/SomaMemory.Benchmarks.dll" index --vectors 2000 --queries 50
dotnet "tests/SomaMemory.Benchmarks/bin/$configuration/net10.0/SomaMemory.Benchmarks.dll" recall \
  --url "http://127.0.0.1:$http_port" --token "$token" --memories 1000 --queries 50 --onnx-memories 0 --vector-encoding base64 \
  || { echo "Gateway log:" >&2; tail -n 50 "$log" >&2; exit 1; }
