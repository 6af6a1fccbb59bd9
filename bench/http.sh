#!/bin/bash
# http.sh - GET /api/v1/health against nginx serving the same JSON body, in the
# same run on loopback with wrk (2 threads, 64 connections). Both servers use
# one worker per core and no access log.
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
P_MC=$(free_port)
P_NG=$(free_port)
start_nginx "$P_NG" '{"status":"ok","version":"0.1.0","database":"sqlite","uptime_s":1}'
start_motcua "$P_MC" "$BENCH_TMP/b.db"
best_mc=0
best_ng=0
for _ in 1 2; do
    wrk_run "$BENCH_TMP/w" -t2 -c64 -d"${DUR}s" "http://127.0.0.1:$P_MC/api/v1/health"
    m=$(wrk_rps "$BENCH_TMP/w"); [ "$m" -gt "$best_mc" ] && best_mc=$m
    wrk_run "$BENCH_TMP/w" -t2 -c64 -d"${DUR}s" "http://127.0.0.1:$P_NG/api/v1/health"
    n=$(wrk_rps "$BENCH_TMP/w"); [ "$n" -gt "$best_ng" ] && best_ng=$n
done
printf '%-32s %12s req/s\n' "http.nginx_fixed_json" "$best_ng"
printf '%-32s %12s req/s\n' "http.health" "$best_mc"
result http.health_vs_nginx "$(awk -v a="$best_mc" -v b="$best_ng" 'BEGIN { printf "%.2f", a / b }')" x ">=" 0.80
