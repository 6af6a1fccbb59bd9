#!/bin/bash
# failover.sh - `make test-ha`: the high-availability example of deploy/ha on
# 127.0.0.1, and a failover under load.
#
#   etcd (one member) <- Patroni pg1 (primary) + Patroni pg2 (synchronous standby)
#   haproxy TCP  -> the node whose Patroni REST API says /primary
#   2 x motcua serve --db postgresql://...@haproxy/motcua
#   haproxy HTTP -> both motcua nodes
#
# tests/ha/client.py submits dossiers through the HTTP front, each with an
# Idempotency-Key and retried until it gets 201 (as a real client would),
# then this script kills the primary's node (Patroni and PostgreSQL, SIGKILL),
# the standby takes over, submissions go on. The client checks that every
# code answered 201 is in the new primary exactly once, that no code or key is
# duplicated, and that the service answered 201 again within HA_BOUND seconds
# (default 30) of the kill. Everything runs in a temporary folder and is
# stopped and removed afterwards; PostgreSQL runs as the postgres user.
set -u
cd "$(dirname "$0")/../.."
BOUND=${HA_BOUND:-30}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
MOTCUA=${MOTCUA_BIN:-build/motcua}
for tool in patroni etcd haproxy "$PGBIN/postgres" psql "$MOTCUA"; do
    command -v "$tool" >/dev/null || { echo "ha: $tool missing (make test-ha installs the packages)"; echo "ha: 0 passed, 1 failed"; exit 1; }
done
dir=$(mktemp -d /tmp/motcua-ha.XXXXXX)
chmod 755 "$dir"
pids=()
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    sleep 1
    for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
    for n in pg1 pg2; do
        [ -f "$dir/$n/postmaster.pid" ] &&
            setpriv --reuid=postgres --regid=postgres --init-groups "$PGBIN/pg_ctl" -D "$dir/$n" -m immediate stop >/dev/null 2>&1
    done
    if [ -n "${HA_KEEP:-}" ]; then echo "ha: kept $dir"; else rm -rf "$dir"; fi
}
trap cleanup EXIT
fail() {
    echo "ha: FAIL: $*"
    for f in "$dir"/*.log; do echo "--- $f"; tail -n 15 "$f"; done
    echo "ha: 0 passed, 1 failed"
    exit 1
}
# wait_for SECONDS CMD...: polls CMD every 0.2 s
wait_for() {
    local n=$(($1 * 5))
    shift
    for _ in $(seq "$n"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
    return 1
}
AS_PG=(env HOME="$dir" setpriv --reuid=postgres --regid=postgres --init-groups)

ETCD=$(free_port) ETCD_PEER=$(free_port) PG1=$(free_port) PG2=$(free_port) REST1=$(free_port) REST2=$(free_port)
HA_PG=$(free_port) HA_HTTP=$(free_port) WEB1=$(free_port) WEB2=$(free_port)
t0=$(date +%s.%N)
elapsed() { awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

etcd --name ha --data-dir "$dir/etcd" --listen-client-urls "http://127.0.0.1:$ETCD" \
    --advertise-client-urls "http://127.0.0.1:$ETCD" --listen-peer-urls "http://127.0.0.1:$ETCD_PEER" \
    --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER" --initial-cluster "ha=http://127.0.0.1:$ETCD_PEER" \
    >"$dir/etcd.log" 2>&1 &
pids+=($!)
wait_for 20 curl -sf "http://127.0.0.1:$ETCD/health" || fail "etcd did not start"

for n in 1 2; do
    pg=PG$n rest=REST$n
    sed -e "s|@NAME@|pg$n|g" -e "s|@REST_PORT@|${!rest}|g" -e "s|@PG_PORT@|${!pg}|g" -e "s|@ETCD_PORT@|$ETCD|g" \
        -e "s|@DIR@|$dir|g" -e "s|@PGBIN@|$PGBIN|g" deploy/ha/patroni.yml.in >"$dir/patroni$n.yml"
done
chown -R postgres "$dir"
"${AS_PG[@]}" patroni "$dir/patroni1.yml" >"$dir/patroni1.log" 2>&1 &
pids+=($!)
PATRONI1=$!
wait_for 60 curl -sf "http://127.0.0.1:$REST1/primary" || fail "pg1 did not become the primary"
"${AS_PG[@]}" patroni "$dir/patroni2.yml" >"$dir/patroni2.log" 2>&1 &
pids+=($!)
PATRONI2=$!
wait_for 90 curl -sf "http://127.0.0.1:$REST2/sync" || fail "pg2 did not become the synchronous standby"
echo "ha: primary pg1 :$PG1, synchronous standby pg2 :$PG2 after $(elapsed) s"

psql -q "postgresql://postgres@127.0.0.1:$PG1/postgres" -c "CREATE ROLE motcua LOGIN" \
    -c "CREATE DATABASE motcua OWNER motcua" >/dev/null || fail "cannot create the motcua database"

sed -e "s|@HA_PG_PORT@|$HA_PG|g" -e "s|@PG1_PORT@|$PG1|g" -e "s|@PG2_PORT@|$PG2|g" -e "s|@REST1_PORT@|$REST1|g" \
    -e "s|@REST2_PORT@|$REST2|g" -e "s|@HA_HTTP_PORT@|$HA_HTTP|g" -e "s|@WEB1_PORT@|$WEB1|g" \
    -e "s|@WEB2_PORT@|$WEB2|g" deploy/ha/haproxy.cfg.in >"$dir/haproxy.cfg"
haproxy -f "$dir/haproxy.cfg" -db >"$dir/haproxy.log" 2>&1 &
pids+=($!)
DB="postgresql://motcua@127.0.0.1:$HA_PG/motcua"
# haproxy starts every server as up until its checks say otherwise
wait_for 20 grep -q "postgres/pg2 is DOWN" "$dir/haproxy.log" || fail "haproxy did not see pg2 as a standby"
wait_for 20 psql -qAt "$DB" -c "SELECT 1" || fail "haproxy does not reach the primary"

WEBS=()
web() { # web N PORT [ARGS]: a motcua node
    local n=$1 port=$2
    shift 2
    "$MOTCUA" serve --listen "127.0.0.1:$port" --db "$DB" --files "$dir/files" --threads 2 \
        --pwhash-ops 1 --pwhash-mem 8 --ip-rate 100000 --access-log off "$@" >"$dir/web$n.log" 2>&1 &
    pids+=($!)
    WEBS+=($!)
    wait_for 60 curl -sf "http://127.0.0.1:$port/api/v1/health" || fail "motcua node $n did not start"
}
web 1 "$WEB1" --demo
web 2 "$WEB2"
wait_for 20 curl -sf "http://127.0.0.1:$HA_HTTP/api/v1/health" || fail "haproxy does not reach motcua"
echo "ha: 2 motcua nodes behind haproxy :$HA_HTTP, database through haproxy :$HA_PG, ready after $(elapsed) s"

# the primary's node dies: its Patroni first (it would restart PostgreSQL),
# then the postmaster and every backend
kill_primary() {
    local pm
    pm=$(head -n 1 "$dir/pg1/postmaster.pid")
    kill -KILL "$PATRONI1"
    kill -KILL "$pm" $(ps -o pid= --ppid "$pm")
}
export -f kill_primary
export dir PATRONI1
python3 tests/ha/client.py --url "http://127.0.0.1:$HA_HTTP" --db "$DB" --kill "kill_primary" --bound "$BOUND" \
    --standby-rest "http://127.0.0.1:$REST2"
rc=$?
for i in 0 1; do
    kill -0 "${WEBS[$i]}" 2>/dev/null || { echo "ha: FAIL: motcua node $((i + 1)) died"; rc=1; }
done
# a clean stop: SIGTERM, exit 0
for i in 0 1; do
    kill -TERM "${WEBS[$i]}"
    wait "${WEBS[$i]}"
    code=$?
    [ $code -eq 0 ] || { echo "ha: FAIL: motcua node $((i + 1)) exited $code on SIGTERM"; rc=1; }
done
[ "$PATRONI2" ] && curl -s "http://127.0.0.1:$REST2/patroni" | python3 -c \
    'import json,sys; d=json.load(sys.stdin); print("ha: pg2 is now", d.get("role"), "timeline", d.get("timeline"))'
if [ $rc -ne 0 ]; then
    for f in "$dir"/web*.log; do echo "--- $f"; tail -n 8 "$f"; done
    echo "ha: 0 passed, 1 failed"
    exit 1
fi
echo "ha: 1 passed, 0 failed"
