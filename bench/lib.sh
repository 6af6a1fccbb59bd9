# lib.sh - shared pieces of the benchmark scripts (sourced, not run).
# Sets BENCH_TMP (removed on exit) and offers free_port, start_nginx,
# start_motcua, wait_http, wrk_rps, wrk_p99_ms and result.
BENCH_TMP=$(mktemp -d)
trap 'kill $(cat $BENCH_TMP/*.pid 2>/dev/null) 2>/dev/null; sleep 0.2; rm -rf $BENCH_TMP' EXIT
DUR=${BENCH_SECONDS:-5}

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

# start_nginx PORT BODY: nginx answering BODY to every request, one worker per core, no access log.
start_nginx() {
    cat > "$BENCH_TMP/nginx.conf" <<NGX
worker_processes $(nproc);
pid $BENCH_TMP/nginx.pid;
error_log $BENCH_TMP/nginx.err;
events { worker_connections 4096; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$1 reuseport;
    location / { default_type application/json; return 200 '$2\n'; }
  }
}
NGX
    /usr/sbin/nginx -c "$BENCH_TMP/nginx.conf" -p "$BENCH_TMP"
}

# start_motcua PORT DB [ARGS...]: a server with no access log; pid in $BENCH_TMP/mc.pid.
start_motcua() {
    local port=$1 db=$2
    shift 2
    build/motcua serve --listen 127.0.0.1:"$port" --db "$db" --access-log off --files "$BENCH_TMP/files" "$@" \
        >"$BENCH_TMP/mc.log" 2>&1 &
    echo $! > "$BENCH_TMP/mc.pid"
    wait_http "http://127.0.0.1:$port/api/v1/health"
}

wait_http() { for _ in $(seq 200); do curl -sf "$1" >/dev/null && return 0; sleep 0.1; done; return 1; }

# wrk_run OUTFILE ARGS...: wrk with latency percentiles.
wrk_run() { local out=$1; shift; wrk --latency "$@" > "$out" 2>&1; }
wrk_rps() { awk '/Requests\/sec/ {print int($2)}' "$1"; }
# p99 in milliseconds from wrk's latency distribution
wrk_p99_ms() {
    awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v = v / 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) }
         else if (v ~ /s$/) { sub(/s/, "", v); v = v * 1000 } printf "%.2f", v }' "$1"
}
non2xx() { awk '/Non-2xx/ {print $NF}' "$1"; }

# result NAME VALUE UNIT OP TARGET: one line with the verdict (OP is >= or <=).
result() {
    local verdict
    verdict=$(awk -v v="$2" -v t="$5" -v op="$4" 'BEGIN { ok = (op == ">=") ? (v >= t) : (v <= t); print ok ? "PASS" : "FAIL" }')
    printf '%-32s %12s %-8s target %s %-10s %s\n' "$1" "$2" "$3" "$4" "$5" "$verdict"
}
