#!/bin/bash
# fuzz.sh - builds every fuzz/fuzz_*.c as a libFuzzer target (clang, ASan+UBSan)
# and runs each for a bounded time: `make fuzz` (FUZZ_SECONDS, default 60) or
# `scripts/fuzz.sh --smoke` (FUZZ_SMOKE_SECONDS, default 8 s each, in make
# test). Further arguments name targets to run (`scripts/fuzz.sh 300 url
# config`); the default is all of them. A target's seeds are
# fuzz/corpus/<name>/ for fuzz/fuzz_<name>.c. New inputs found go to
# build-fuzz/corpus/, crashes to build-fuzz/crashes/ and fail the run. An input
# running longer than FUZZ_TIMEOUT seconds (default 10) counts as a crash.
set -u
cd "$(dirname "$0")/.."
secs=${1:-${FUZZ_SECONDS:-60}}
[ "$secs" = "--smoke" ] && secs=${FUZZ_SMOKE_SECONDS:-8}
[ $# -gt 0 ] && shift
only=" $* "
mkdir -p build-fuzz
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
if ! make --no-print-directory -j"$(nproc)" BUILD=build-fuzz CC=clang OPT="-O1 -g" \
    EXTRA_CFLAGS="-fsanitize=fuzzer-no-link $SAN" lib-objs >build-fuzz/build.log 2>&1; then
    tail -n 30 build-fuzz/build.log
    echo "fuzz: 0 passed, 1 failed"
    exit 1
fi
# the library and its generated sources (migrations, seed data), not the CLI's main
libobjs=$(find build-fuzz/obj/src build-fuzz/obj/gen -name '*.o' ! -path '*/cli/main.o' ! -name unit_suites.o)
pass=0
fail=0
mkdir -p build-fuzz/crashes
for src in fuzz/fuzz_*.c; do
    name=$(basename "$src" .c)
    short=${name#fuzz_}
    [ "$only" = "  " ] || case "$only" in *" $short "*) ;; *) continue ;; esac
    corpus=fuzz/corpus/$short
    bin=build-fuzz/$name
    if ! clang -O1 -g -std=c17 -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -D_GNU_SOURCE -DH2O_USE_LIBUV=0 \
        -Isrc -fsanitize=fuzzer $SAN -o "$bin" "$src" \
        $libobjs $(pkg-config --libs libh2o-evloop jansson sqlite3 libsodium openssl zlib libcurl libpq libqrencode libmagic xlsxwriter) -lhpdf -lpthread -lm; then
        echo "FAIL $name: does not build"
        fail=$((fail + 1))
        continue
    fi
    work=build-fuzz/corpus/$short
    mkdir -p "$work"
    if scripts/norand.sh "$bin" -max_total_time="$secs" -max_len=65536 -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix=build-fuzz/crashes/"$name"- "$work" "$corpus" \
        >build-fuzz/"$name".log 2>&1; then
        echo "ok   $name ($(grep -o 'stat::number_of_executed_units: [0-9]*' build-fuzz/"$name".log | tail -1 | awk '{print $2}') runs in ${secs} s)"
        pass=$((pass + 1))
    else
        echo "FAIL $name"
        grep -A 20 'ERROR\|runtime error\|panic\|assertion' build-fuzz/"$name".log | head -n 30
        fail=$((fail + 1))
    fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
