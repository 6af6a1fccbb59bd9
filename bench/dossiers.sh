#!/bin/bash
# dossiers.sh - the dossier benchmarks of issue 6 on a database that already
# holds BENCH_DOSSIERS (default 1,000,000) generated dossiers:
#   online/desk submission (acknowledged after commit) at 64 connections,
#   a status-changing action, the public lookup beside nginx's fixed answer,
#   and the server's peak memory. BENCH_DB=postgresql://... runs it on PostgreSQL.
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
N=${BENCH_DOSSIERS:-1000000}
DB=${BENCH_DB:-$BENCH_TMP/bench.db}
ENGINE=$([[ "$DB" == postgres* ]] && echo pg || echo sqlite)
build/motcua seed --db "$DB" --pwhash-ops 1 --pwhash-mem 8 >/dev/null
build/motcua seed --db "$DB" --synthetic "$N" --pwhash-ops 1 --pwhash-mem 8 | grep generated || {
    echo "dossiers.$ENGINE: could not generate the dataset"; exit 0; }
P=$(free_port)
P_NG=$(free_port)
start_motcua "$P" "$DB" --pwhash-ops 1 --pwhash-mem 8 --lookup-rate 1000000000
start_nginx "$P_NG" '{"code":"000.00.06.H56-261123-0001","status":4}'
login() { # login -> "cookie csrf"
    curl -s -c "$BENCH_TMP/cj.$1" -H 'Content-Type: application/json' \
        -d "{\"login\":\"$1\",\"password\":\"Motcua@2026\"}" "http://127.0.0.1:$P/api/v1/auth/login" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])'
}
cookie() { awk '$6 == "mc_session" {print "mc_session=" $7}' "$BENCH_TMP/cj.$1"; }
sql() { if [ "$ENGINE" = pg ]; then psql -qAt "$DB" -c "$1"; else sqlite3 "$DB" "$1"; fi; }

PROC=$(sql "SELECT p.code FROM procedures p JOIN agencies a ON a.id = p.agency_id WHERE p.is_latest = 1 AND a.code = '000.00.06.H56' LIMIT 1")
[ -n "$PROC" ] || PROC=$(sql "SELECT code FROM procedures WHERE is_latest = 1 LIMIT 1")
CSRF=$(login motcua)
cat > "$BENCH_TMP/submit.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = "$(cookie motcua)"
wrk.headers["X-CSRF-Token"] = "$CSRF"
wrk.body = '{"procedure_code":"$PROC","agency":"000.00.06.H56","channel":1,"applicant":{"name":"Nguyễn Văn An","id_kind":"cccd","id_number":"038090001234","phone":"0912345678"},"components":[{"name":"Đơn đề nghị","originals":1}]}'
LUA
wrk_run "$BENCH_TMP/s" -t2 -c64 -d"${DUR}s" -s "$BENCH_TMP/submit.lua" "http://127.0.0.1:$P/api/v1/dossiers"
[ "$(non2xx "$BENCH_TMP/s")" = "" ] || echo "dossiers: submission had non-2xx answers: $(non2xx "$BENCH_TMP/s")"
result "dossiers.$ENGINE.submit_rps" "$(wrk_rps "$BENCH_TMP/s")" "req/s" ">=" 5000
result "dossiers.$ENGINE.submit_p99" "$(wrk_p99_ms "$BENCH_TMP/s")" "ms" "<=" 20

# a status-changing action: "claim" keeps status 4 so the same dossiers can take it again
CSRF2=$(login chuyenvien)
sql "SELECT code FROM dossiers WHERE status = 4 AND processing_agency_id = (SELECT id FROM agencies WHERE code = '000.00.06.H56') LIMIT 2000" > "$BENCH_TMP/codes4"
{
    echo 'local codes = {}'
    sed 's/.*/codes[#codes+1] = "&"/' "$BENCH_TMP/codes4"
    cat <<LUA
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = "$(cookie chuyenvien)"
wrk.headers["X-CSRF-Token"] = "$CSRF2"
wrk.body = '{"action":"claim"}'
request = function()
  i = i % #codes + 1
  return wrk.format(nil, "/api/v1/dossiers/" .. codes[i] .. "/actions")
end
LUA
} > "$BENCH_TMP/action.lua"
wrk_run "$BENCH_TMP/a" -t2 -c64 -d"${DUR}s" -s "$BENCH_TMP/action.lua" "http://127.0.0.1:$P"
[ "$(non2xx "$BENCH_TMP/a")" = "" ] || echo "dossiers: actions had non-2xx answers: $(non2xx "$BENCH_TMP/a")"
result "dossiers.$ENGINE.action_rps" "$(wrk_rps "$BENCH_TMP/a")" "req/s" ">=" 5000

# the public lookup (synthetic applicants' phones end in 5678)
sql "SELECT code FROM dossiers ORDER BY id DESC LIMIT 5000" > "$BENCH_TMP/codes"
{
    echo 'local codes = {}'
    sed 's/.*/codes[#codes+1] = "&"/' "$BENCH_TMP/codes"
    echo 'local i = 0'
    echo 'request = function() i = i % #codes + 1; return wrk.format("GET", "/api/v1/lookup/" .. codes[i] .. "?verify=5678") end'
} > "$BENCH_TMP/lookup.lua"
wrk_run "$BENCH_TMP/l" -t2 -c64 -d"${DUR}s" -s "$BENCH_TMP/lookup.lua" "http://127.0.0.1:$P"
wrk_run "$BENCH_TMP/n" -t2 -c64 -d"${DUR}s" "http://127.0.0.1:$P_NG/api/v1/lookup/x"
[ "$(non2xx "$BENCH_TMP/l")" = "" ] || echo "dossiers: lookups had non-2xx answers: $(non2xx "$BENCH_TMP/l")"
result "dossiers.$ENGINE.lookup_rps" "$(wrk_rps "$BENCH_TMP/l")" "req/s" ">=" 50000
printf '%-32s %12s req/s (lookup / nginx = %s)\n' "dossiers.nginx_fixed" "$(wrk_rps "$BENCH_TMP/n")" \
    "$(awk -v a="$(wrk_rps "$BENCH_TMP/l")" -v b="$(wrk_rps "$BENCH_TMP/n")" 'BEGIN { printf "%.2f", a / b }')"
rss=$(awk '/VmHWM/ {printf "%d", $2 / 1024}' /proc/"$(cat "$BENCH_TMP/mc.pid")"/status)
result "dossiers.$ENGINE.peak_rss" "$rss" "MB" "<=" 100
