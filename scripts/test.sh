#!/bin/bash
# test.sh - everything `make test` runs, in order, ending with "N passed, N failed".
#
# Each stage prints its own "<label>: N passed, N failed" as its last line;
# this script adds them up. A stage that dies without that line counts as one
# failure. Set MOTCUA_TEST_STAGES="unit api" to run only some stages.
set -u
cd "$(dirname "$0")/.."
STAGES=${MOTCUA_TEST_STAGES:-"build unit valgrind cli api clock pg e2e asan asan-api tsan fuzz fmt"}
total_pass=0
total_fail=0
mkdir -p build
fails=build/test-failures.txt
: >"$fails"

add_counts() { # label, output file, exit status
    local line
    line=$(grep -E '^[a-z0-9_. -]+: [0-9]+ passed, [0-9]+ failed$' "$2" | tail -n 1)
    if [ -z "$line" ]; then
        {
            echo "$1: no summary line (exit $3) - counted as 1 failure"
            tail -n 30 "$2"
        } | tee -a "$fails"
        total_fail=$((total_fail + 1))
        return
    fi
    local p f
    p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed$/\1/')
    f=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed$/\2/')
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
    if [ "$f" -gt 0 ] || [ "$3" -ne 0 ]; then
        {
            echo "-- $1 (exit $3)"
            grep -E '^(FAIL|    )' "$2" | head -n 60
            # a hung test or server: the dump of its threads and the server log
            sed -n '/^---- STUCK/,$p' "$2" | head -n 200
        } | tee -a "$fails"
        [ "$f" -gt 0 ] || total_fail=$((total_fail + 1))
    fi
    echo "$line"
}

# A stage that runs past MOTCUA_STAGE_TIMEOUT seconds (default 1500) is
# stopped with its whole process group and counts as failed, and no stage
# starts once MOTCUA_TEST_BUDGET seconds (default 4800, under CI's 5400) have
# gone by, so one hang cannot use up CI's time and hide every other result.
# The API runner has its own per-test watchdog (tests/api/run.py) that says
# where a hung test was. Each stage's whole output is in build/test-LABEL.log.
run_stage() { # label, command...
    local label=$1
    shift
    local t0=$SECONDS rc log=build/test-$label.log
    local limit=${MOTCUA_STAGE_TIMEOUT:-1500} left=$((${MOTCUA_TEST_BUDGET:-4800} - SECONDS))
    echo "== $label"
    if [ "$left" -le 0 ]; then
        echo "$label: not run, the time budget of make test is spent" | tee -a "$fails"
        total_fail=$((total_fail + 1))
        return
    fi
    [ "$left" -lt "$limit" ] && limit=$left
    timeout -k 30 "$limit" bash -c '"$@"' _ "$@" >"$log" 2>&1
    rc=$?
    echo "($label took $((SECONDS - t0)) s, log in $log)"
    [ $rc -eq 124 ] && echo "$label: stopped after $limit s" >>"$log"
    add_counts "$label" "$log" $rc
}

has() { case " $STAGES " in *" $1 "*) return 0 ;; esac; return 1; }

stage_build() {
    if make -j"$(nproc)" all bench-bin >build/build.log 2>&1; then
        echo "build: 1 passed, 0 failed"
    else
        tail -n 40 build/build.log
        echo "build: 0 passed, 1 failed"
    fi
}

stage_cli() {
    local p=0 f=0 s
    for s in tests/cli/*.sh; do
        [ -f "$s" ] || continue
        if out=$(sh "$s" 2>&1); then :; fi
        echo "$out"
        line=$(echo "$out" | grep -E ': [0-9]+ passed, [0-9]+ failed$' | tail -n 1)
        if [ -z "$line" ]; then f=$((f + 1)); continue; fi
        p=$((p + $(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')))
        f=$((f + $(echo "$line" | sed -E 's/.*, ([0-9]+) failed$/\1/')))
    done
    echo "cli: $p passed, $f failed"
}

stage_asan() {
    if ! make -j"$(nproc)" asan >build/asan-build.log 2>&1; then
        tail -n 40 build/asan-build.log
        echo "asan: 0 passed, 1 failed"
        return
    fi
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 scripts/norand.sh build-asan/unit 2>&1 |
        sed 's/^unit: /asan unit: /'
}

# The API suite (SQLite) against the ASan+UBSan server: a sanitizer report
# aborts the server, which fails the requests in flight and its exit status
# (checked by run.py). Leak checking is off here: the server keeps its h2o
# configuration until exit and the CLI exits from --help without releasing its
# settings (process-lifetime memory); leaks are checked on the unit tests
# (asan and valgrind stages).
# The scenarios that drive the threads hardest (concurrent receipt, the
# whole journey, crashes, the scheduler) against a ThreadSanitizer build:
# the first data race aborts the server and fails the run. h2o is not
# instrumented, but its system calls are (a race on a socket buffer between
# two event loops was found this way).
stage_tsan() {
    if ! make --no-print-directory BUILD=build-tsan OPT="-O1 -g" EXTRA_CFLAGS="-fsanitize=thread" \
        EXTRA_LDFLAGS="-fsanitize=thread" build-tsan/motcua >build/tsan-build.log 2>&1; then
        tail -n 40 build/tsan-build.log
        echo "api tsan: 0 passed, 1 failed"
        return
    fi
    TSAN_OPTIONS=halt_on_error=1:abort_on_error=1 MOTCUA_BIN=build-tsan/motcua \
        scripts/norand.sh python3 tests/api/run.py --only scenarios_dossiers --label "api tsan"
}

stage_asan_api() {
    if [ ! -x build-asan/motcua ] && ! make -j"$(nproc)" asan >build/asan-build.log 2>&1; then
        tail -n 40 build/asan-build.log
        echo "api asan: 0 passed, 1 failed"
        return
    fi
    ASAN_OPTIONS=abort_on_error=1:halt_on_error=1:detect_leaks=0:detect_stack_use_after_return=1 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 MOTCUA_BIN=build-asan/motcua \
        scripts/norand.sh python3 tests/api/run.py --label "api asan"
}

# The unit tests under valgrind (memcheck): any error or definite leak fails.
# docs/security.md says what it covers and what it costs.
stage_valgrind() {
    if ! command -v valgrind >/dev/null; then
        echo "valgrind: 0 passed, 1 failed (valgrind is not installed)"
        return
    fi
    valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        build/unit ${VALGRIND_SUITES:-} >build/valgrind.log 2>&1
    if [ $? -eq 99 ]; then
        grep -E '^==[0-9]+==' build/valgrind.log | head -n 40
        echo "valgrind: 0 passed, 1 failed"
    else
        sed -n 's/^unit: /valgrind unit: /p' build/valgrind.log | tail -n 1
    fi
}

# The SQLite API suite again with the clock (libfaketime, inherited by the
# servers and CLI commands the suite starts) set 30 s before a boundary that
# then falls inside the run: the end of the working day on a Friday before a
# week-end, and midnight (+07:00) into New Year's Day, a holiday. Due dates,
# pauses, dossier codes (yyMMdd), slips and report periods must hold across
# them; a test that assumes "nothing changes while I run" fails here.
stage_clock() { # label, instant (UTC)
    faketime -f "@$2" python3 tests/api/run.py --label "$1"
}

stage_fmt() {
    local bad
    bad=$(clang-format --dry-run $(find src tests/unit fuzz bench -name '*.[ch]' 2>/dev/null) 2>&1 | grep -c 'warning:' || true)
    if [ "$bad" -eq 0 ]; then echo "fmt: 1 passed, 0 failed"; else
        clang-format --dry-run $(find src tests/unit fuzz bench -name '*.[ch]') 2>&1 | grep 'warning:' | head
        echo "fmt: 0 passed, 1 failed (run make fmt)"; echo "fmt: 0 passed, 1 failed"; fi
}

export -f stage_build stage_clock stage_cli stage_asan stage_tsan stage_asan_api stage_valgrind stage_fmt
has build && run_stage build stage_build
has unit && run_stage unit build/unit
has valgrind && run_stage valgrind stage_valgrind
has cli && run_stage cli stage_cli
has api && run_stage api python3 tests/api/run.py --label "api sqlite"
if has clock; then
    run_stage clock-friday stage_clock "api clock friday" "2026-12-11 09:59:30"
    run_stage clock-newyear stage_clock "api clock new year" "2026-12-31 16:59:30"
fi
if has pg && [ -x tests/pg/with-postgres.sh ]; then
    run_stage pg tests/pg/with-postgres.sh python3 tests/api/run.py --label "api postgresql"
fi
if has e2e && [ -x tests/e2e/run.sh ]; then
    run_stage e2e tests/e2e/run.sh
fi
has asan && run_stage asan stage_asan
has asan-api && run_stage asan-api stage_asan_api
has tsan && run_stage tsan stage_tsan
if has fuzz && [ -x scripts/fuzz.sh ]; then
    run_stage fuzz scripts/fuzz.sh --smoke
fi
has fmt && run_stage fmt stage_fmt

if [ -s "$fails" ]; then
    echo "== what failed (build/test-failures.txt; whole logs in build/test-*.log)"
    head -n 150 "$fails"
fi
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
