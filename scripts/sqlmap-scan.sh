#!/bin/bash
# sqlmap-scan.sh - the external injection scan of issue 11: sqlmap (Debian's
# package) against the routes that take parameters, signed in as the system
# administrator, on a demo server (SQLite) with generated dossiers. Prints one
# line per target and keeps sqlmap's logs in build/sqlmap/. Not part of
# `make test` (it takes minutes); the result is recorded in docs/security.md.
set -u
cd "$(dirname "$0")/.."
. bench/lib.sh
OUT=build/sqlmap
rm -rf "$OUT" && mkdir -p "$OUT"
P=$(free_port)
DB=$BENCH_TMP/scan.db
build/motcua seed --db "$DB" --demo-dossiers 200 --pwhash-ops 1 --pwhash-mem 8 >/dev/null
start_motcua "$P" "$DB" --pwhash-ops 1 --pwhash-mem 8 --ip-rate 100000 --lookup-rate 100000000
B=http://127.0.0.1:$P
login() { # login -> sets COOKIE and CSRF for that account
    CSRF=$(curl -s -c "$BENCH_TMP/cj.$1" -H 'Content-Type: application/json' \
        -d "{\"login\":\"$1\",\"password\":\"Motcua@2026\"}" "$B/api/v1/auth/login" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
    COOKIE=$(awk '$6 == "mc_session" {print "mc_session=" $7}' "$BENCH_TMP/cj.$1")
}
CODE=$(sqlite3 "$DB" "SELECT d.code FROM dossiers d JOIN agencies a ON a.id = d.processing_agency_id WHERE d.status = 4 AND a.code = '000.00.06.H56' LIMIT 1")
scan() { # name, sqlmap args...
    local name=$1
    shift
    # the session cookie itself is not a target: a tampered one only signs out
    sqlmap --batch --dbms=SQLite --level 2 --risk 1 --threads 4 --flush-session --disable-coloring \
        --skip mc_session --ignore-code 400,401,403,404,409,422,429 \
        --output-dir "$OUT/$name" --cookie "$COOKIE" -H "X-CSRF-Token: $CSRF" "$@" >"$OUT/$name.log" 2>&1
    if grep -qiE "is vulnerable|sqlmap identified the following injection" "$OUT/$name.log"; then
        echo "INJECTABLE $name"
    elif grep -qiE "do not appear to be injectable|all tested parameters" "$OUT/$name.log"; then
        echo "clean      $name"
    else
        echo "unclear    $name (see $OUT/$name.log)"
    fi
}
login admin
scan procedures_search -u "$B/api/v1/procedures?q=khai+sinh&field=ho+tich&level=commune&online=2&page=1&per_page=10"
scan procedure_get -u "$B/api/v1/procedures/1.001193*?at=2026-01-01"
scan agencies_get -u "$B/api/v1/agencies/000.00.06.H56*"
scan calendar_due -u "$B/api/v1/calendar/due?from=2026-11-23T09:00:00%2B07:00&amount=10&unit=wd&cutoff=15:00"
scan calendar_holidays -u "$B/api/v1/calendar/holidays?year=2026"
scan lookup -u "$B/api/v1/lookup/$CODE*?verify=5678"
login motcua
scan dossiers_list -u "$B/api/v1/dossiers?q=nguyen&status=4&channel=1&procedure=1.001193&agency=000.00.06.H56&due=soon&days=3&limit=10"
scan dossier_get -u "$B/api/v1/dossiers/$CODE*"
login admin
scan users_list -u "$B/api/v1/users?agency=000.00.06.H56"
scan events -u "$B/api/v1/events?after=0&limit=10"
scan login --method POST -u "$B/api/v1/auth/login" -H 'Content-Type: application/json' \
    --data '{"login":"admin","password":"wrong-password-1"}'
scan register --method POST -u "$B/api/v1/auth/register" -H 'Content-Type: application/json' \
    --data '{"login":"scan@example.vn","password":"Matkhau123","full_name":"Quet Thu"}'
login motcua
scan dossier_submit --method POST -u "$B/api/v1/dossiers" -H 'Content-Type: application/json' \
    --data '{"procedure_code":"1.009374","agency":"000.00.06.H56","channel":1,"applicant":{"name":"An","id_kind":"cccd","id_number":"038090001234","phone":"0912345678","address":"Ha Noi"},"note":"x"}'
login chuyenvien
scan dossier_action --method POST -u "$B/api/v1/dossiers/$CODE/actions" -H 'Content-Type: application/json' \
    --data '{"action":"claim","comment":"x"}'
