#!/bin/bash
# http.sh - GET /api/v1/health against nginx serving the same JSON body, in the
# same run on loopback with wrk (2 threads, 64 connections). Both servers use
# one worker per core and no access log. Prints one result line per figure.
set -eu
cd "$(dirname "$0")/.."
DUR=${BENCH_SECONDS:-5}
tmp=$(mktemp -d)
trap 'kill $(cat $tmp/*.pid 2>/dev/null) 2>/dev/null || true; rm -rf $tmp' EXIT
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
P_MC=$(port)
P_NG=$(port)
body='{"status":"ok","version":"0.1.0","database":"sqlite","uptime_s":1}'
mkdir -p "$tmp/www"
printf '%s\n' "$body" > "$tmp/www/health.json"
cat > "$tmp/nginx.conf" <<NGX
worker_processes $(nproc);
pid $tmp/nginx.pid;
error_log $tmp/nginx.err;
events { worker_connections 4096; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$P_NG reuseport;
    location / { default_type application/json; return 200 '$body\n'; }
  }
}
NGX
/usr/sbin/nginx -c "$tmp/nginx.conf" -p "$tmp"
build/motcua serve --listen 127.0.0.1:$P_MC --db "$tmp/b.db" --access-log off >"$tmp/mc.log" 2>&1 &
echo $! > "$tmp/mc.pid"
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$P_MC/api/v1/health" >/dev/null && break; sleep 0.1; done
rps() { wrk -t2 -c64 -d"${DUR}s" "$1" | awk '/Requests\/sec/ {print int($2)}'; }
best_mc=0
best_ng=0
for _ in 1 2; do
    m=$(rps "http://127.0.0.1:$P_MC/api/v1/health"); [ "$m" -gt "$best_mc" ] && best_mc=$m
    n=$(rps "http://127.0.0.1:$P_NG/api/v1/health"); [ "$n" -gt "$best_ng" ] && best_ng=$n
done
ratio=$(awk -v a="$best_mc" -v b="$best_ng" 'BEGIN { printf "%.2f", a / b }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r >= 0.8) ? "PASS" : "FAIL" }')
printf '%-28s %10s req/s\n' "http.nginx_fixed_json" "$best_ng"
printf '%-28s %10s req/s\n' "http.health" "$best_mc"
printf '%-28s %10s x        target >= 0.80   %s\n' "http.health_vs_nginx" "$ratio" "$verdict"
