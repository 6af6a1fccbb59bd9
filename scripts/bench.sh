#!/bin/bash
# bench.sh - `make bench`: runs every benchmark, prints each figure beside its
# target, and keeps the latest results in docs/benchmarks.md.
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
{
    echo "# Benchmarks"
    echo
    echo "Latest \`make bench\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(uname -m)); load generators run on the"
    echo "same machine, so compare ratios taken in the same run rather than absolute figures."
    echo
    echo '```'
    cat "$out"
    echo '```'
} > docs/benchmarks.md
rm -f "$out"
