#!/bin/bash
# bench.sh - `make bench`: runs every benchmark, prints each figure beside its
# target, and adds the results on top of docs/benchmarks.md (earlier runs stay).
set -u
cd "$(dirname "$0")/.."
out=$(mktemp)
{
    for b in build/bench_*; do
        [ -x "$b" ] && "$b"
    done
    for s in bench/*.sh; do
        [ -x "$s" ] && "$s"
    done
    # PG=1: the dossier benchmarks again on a throwaway PostgreSQL (dossiers.pg.*)
    if [ "${PG:-}" = 1 ]; then
        tests/pg/with-postgres.sh bash -c 'psql -q "$MOTCUA_TEST_PG/postgres" -c "CREATE DATABASE bench" &&
            BENCH_DB="$MOTCUA_TEST_PG/bench" bench/dossiers.sh'
    fi
} 2>&1 | tee "$out"
# The new run goes on top; earlier runs (and the notes written beside them)
# stay below it.
prev=$(mktemp)
[ -f docs/benchmarks.md ] && sed '1{/^# Benchmarks$/d}' docs/benchmarks.md >"$prev"
{
    echo "# Benchmarks"
    echo
    echo "## $(date -u +%Y-%m-%d): \`make bench\`"
    echo
    echo "$(nproc) cores, $(uname -m); load generators run on the same machine, so compare ratios taken in"
    echo "the same run rather than absolute figures."
    echo
    echo '```'
    cat "$out"
    echo '```'
    cat "$prev"
} > docs/benchmarks.md
rm -f "$out" "$prev"
