#!/bin/bash
# reports.sh - the report benchmarks of issue 9 on SQLite: 300 agencies and
# BENCH_REPORT_DOSSIERS (default 1,000,000) generated dossiers over 18 months;
# Biểu 06 for the last full quarter through the API (target <= 1 s) and the
# dashboard of the current month (target <= 200 ms), each the median of 5.
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
N=${BENCH_REPORT_DOSSIERS:-1000000}
DB=$BENCH_TMP/reports.db
build/motcua seed --db "$DB" --pwhash-ops 1 --pwhash-mem 8 >/dev/null
# 300 agencies: the demo's 11 and 289 more under the province
sqlite3 "$DB" "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 289)
  INSERT INTO agencies (code, name, level, parent_id, path, created_at)
  SELECT printf('000.%02d.%02d.H56', 40 + x / 100, x % 100), 'Cơ quan thử nghiệm ' || x,
         CASE WHEN x % 3 = 0 THEN 'department' ELSE 'commune' END,
         (SELECT id FROM agencies WHERE parent_id IS NULL), '/', 0 FROM n;
  UPDATE agencies SET path = (SELECT path FROM agencies WHERE parent_id IS NULL) || id || '/' WHERE path = '/';"
echo "reports: $(sqlite3 "$DB" 'SELECT count(*) FROM agencies') agencies"
build/motcua seed --db "$DB" --synthetic "$N" --pwhash-ops 1 --pwhash-mem 8 | grep generated || {
    echo "reports: could not generate the dataset"; exit 0; }
P=$(free_port)
start_motcua "$P" "$DB" --pwhash-ops 1 --pwhash-mem 8
curl -s -c "$BENCH_TMP/cj" -H 'Content-Type: application/json' -d '{"login":"admin","password":"Motcua@2026"}' \
    "http://127.0.0.1:$P/api/v1/auth/login" >/dev/null
# the last full quarter before today
read -r FROM TO < <(python3 -c '
import datetime
t = datetime.date.today(); q = (t.month - 1) // 3
y, q = (t.year, q - 1) if q else (t.year - 1, 3)
s = datetime.date(y, 3 * q + 1, 1); e = datetime.date(y + (q == 3), (3 * q + 3) % 12 + 1, 1) - datetime.timedelta(days=1)
print(s, e)')
median_ms() { # median_ms URL: the median of 5 answers in milliseconds (after one warm-up)
    curl -s -o /dev/null -b "$BENCH_TMP/cj" "$1"
    for _ in 1 2 3 4 5; do curl -s -o /dev/null -b "$BENCH_TMP/cj" -w '%{time_total}\n' "$1"; done |
        sort -n | sed -n 3p | awk '{printf "%.0f", $1 * 1000}'
}
first_ms() { curl -s -o /dev/null -b "$BENCH_TMP/cj" -w '%{time_total}\n' "$1" | awk '{printf "%.0f", $1 * 1000}'; }
B="http://127.0.0.1:$P/api/v1"
echo "reports: Biểu 06 $FROM..$TO, first answer $(first_ms "$B/reports/bieu06?from=$FROM&to=$TO") ms"
result "reports.sqlite.bieu06_quarter" "$(median_ms "$B/reports/bieu06?from=$FROM&to=$TO")" "ms" "<=" 1000
result "reports.sqlite.bieu06_xlsx" "$(median_ms "$B/reports/bieu06?from=$FROM&to=$TO&format=xlsx")" "ms" "<=" 1000
result "reports.sqlite.dashboard" "$(median_ms "$B/dashboard")" "ms" "<=" 200
printf '%-32s %12s ms (median of 5)\n' "reports.sqlite.index766" "$(median_ms "$B/reports/index766?from=$FROM&to=$TO")"
