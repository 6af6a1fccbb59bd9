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
