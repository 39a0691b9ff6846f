#!/usr/bin/env bash
# `make test`: the whole suite against a throwaway Postgres that this script starts and stops, then a smoke run
# of the benchmark tool against a real gateway. Prints the plain summary line "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

configuration=${CONFIGURATION:-Release}
scripts/postgres.sh ensure-installed

pg_dir=$(mktemp -d)
results_dir=$(mktemp -d)
# Postgres runs as the 'postgres' user when we are root; it must be able to enter its own folder.
chmod 755 "$pg_dir"
cleanup() {
  scripts/postgres.sh stop "$pg_dir" || true
  rm -rf "$pg_dir" "$results_dir"
}
trap cleanup EXIT

pg_port=$(scripts/free-port.sh)
# fsync off: a throwaway test database gains nothing from surviving a power cut, and the suite runs faster.
export SOMA_TEST_POSTGRES
SOMA_TEST_POSTGRES=$(SOMA_PG_FSYNC=off scripts/postgres.sh start "$pg_dir" "$pg_port")
echo "Test Postgres: $SOMA_TEST_POSTGRES"

dotnet build SomaMemory.sln -c "$configuration" -nologo -v minimal

status=0
dotnet test SomaMemory.sln -c "$configuration" --no-build -nologo \
  --logger "trx" --results-directory "$results_dir" --logger "console;verbosity=minimal" 2>&1 | tee "$results_dir/test.log" || status=$?

# dotnet test prints one "Passed!/Failed!" line per assembly and no total; add them up for CI.
read -r passed failed skipped < <(awk '
  /(Passed|Failed)! +- +Failed:/ {
    for (i = 1; i <= NF; i++) {
      gsub(",", "", $(i+1))
      if ($i == "Failed:")  f += $(i+1)
      if ($i == "Passed:")  p += $(i+1)
      if ($i == "Skipped:") s += $(i+1)
    }
  }
  END { printf "%d %d %d\n", p, f, s }' "$results_dir/test.log")

smoke_failed=0
if ! scripts/bench-smoke.sh "$configuration"; then
  smoke_failed=1
fi

echo "Benchmark smoke run: $([ "$smoke_failed" = 0 ] && echo passed || echo FAILED)"
echo "$((passed + 1 - smoke_failed)) passed, $((failed + smoke_failed)) failed, $skipped skipped"
if [ "$status" != 0 ] || [ "$failed" != 0 ] || [ "$smoke_failed" != 0 ] || [ "$passed" = 0 ]; then
  exit 1
fi
