#!/bin/bash
# run.sh - the browser tests: builds the web app when needed, serves it with
# a throwaway demo database on a free loopback port, drives Debian's Chromium
# with playwright-core (tests.mjs), and stops the server. Screenshots go to
# test-artifacts/e2e/. Last line: "e2e: N passed, N failed".
# E2E_ONLY=regex runs the tests whose name matches; MOTCUA_BIN=path serves with
# another build of motcua (default build/motcua).
set -u
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

die() {
    echo "FAIL e2e setup"
    echo "    $1"
    echo "e2e: 0 passed, 1 failed"
    exit 1
}

[ -x /usr/bin/chromium ] || die "/usr/bin/chromium is missing (scripts/deps.sh installs Debian's chromium)"
BIN=${MOTCUA_BIN:-build/motcua}
[ -x "$BIN" ] || die "$BIN is missing (make)"
if [ ! -d tests/e2e/node_modules/playwright-core ] || [ ! -d tests/e2e/node_modules/axe-core ]; then
    (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error) >/dev/null 2>&1 || die "npm ci in tests/e2e failed"
fi
if [ ! -d web/node_modules/vite ]; then
    (cd web && npm ci --no-audit --no-fund --loglevel=error) >/dev/null 2>&1 || die "npm ci in web failed"
fi
out=$(scripts/web.sh 2>&1) || die "web build failed: $(echo "$out" | tail -n 5)"
[ -f web/dist/index.html ] || die "web/dist/index.html is missing after scripts/web.sh"

tmp=$(mktemp -d /tmp/motcua-e2e.XXXXXX)
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
pid=""
cleanup() {
    if [ -n "$pid" ]; then
        kill -TERM "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap "exit 143" TERM INT

"$BIN" serve --demo --db "$tmp/e2e.db" --files "$tmp/files" --listen "127.0.0.1:$port" \
    --web "$ROOT/web/dist" --pwhash-ops 1 --pwhash-mem 8 --ip-rate 10000 --test-hooks \
    --access-log "$tmp/access.log" >"$tmp/server.log" 2>&1 &
pid=$!
up=0
for _ in $(seq 1 100); do
    if curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1; then up=1; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
[ "$up" = 1 ] || die "the server did not start: $(tail -n 5 "$tmp/server.log")"

mkdir -p test-artifacts/e2e
rm -f test-artifacts/e2e/*.png
MOTCUA_URL="http://127.0.0.1:$port" MOTCUA_ARTIFACTS="$ROOT/test-artifacts/e2e" NODE_PATH="$ROOT/tests/e2e/node_modules" \
    node tests/e2e/run.mjs
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
    echo "FAIL e2e runner"
    echo "    node exited with $rc; server log: $(tail -n 5 "$tmp/server.log")"
    echo "e2e: 0 passed, 1 failed"
fi
cp "$tmp/server.log" test-artifacts/e2e/server.log 2>/dev/null
exit $rc
