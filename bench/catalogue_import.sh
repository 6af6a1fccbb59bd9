#!/bin/bash
# catalogue_import.sh - the whole shared catalogue through the real import
# path (build/motcua import) into a fresh SQLite database: time and the share
# of procedures with a numeric processing time, then a re-import.
set -eu
cd "$(dirname "$0")/.."
SRC=${CATALOGUE:-/work/shared/data/tthc-catalogue.jsonl.gz}
if [ ! -r "$SRC" ]; then
    echo "catalogue_import: $SRC not found; benchmark skipped"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf $tmp' EXIT
t0=$(date +%s.%N)
out=$(build/motcua import procedures "$SRC" --db "$tmp/c.db" 2>/dev/null || true)
t1=$(date +%s.%N)
again=$(build/motcua import procedures "$SRC" --db "$tmp/c.db" 2>/dev/null || true)
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
share=$(python3 - "$tmp/c.db" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n = t = 0
for (doc,) in db.execute("SELECT d.doc FROM procedures p JOIN procedure_docs d ON d.id = p.id WHERE p.is_latest = 1"):
    n += 1
    t += any("time_amount" in c for c in json.loads(doc).get("channels", []))
print("%.1f" % (100.0 * t / n if n else 0))
PY
)
v1=$(awk -v s="$secs" 'BEGIN { print (s <= 2.0) ? "PASS" : "FAIL" }')
v2=$(awk -v s="$share" 'BEGIN { print (s >= 95.0) ? "PASS" : "FAIL" }')
printf '%-28s %10s s        target <= 2.0    %s\n' "catalogue.import_s" "$secs" "$v1"
printf '%-28s %10s %%        target >= 95     %s\n' "catalogue.import_numeric" "$share" "$v2"
printf '%-28s %s / re-import: %s\n' "catalogue.import_counts" "$out" "$again"
