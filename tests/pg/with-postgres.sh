#!/bin/bash
# with-postgres.sh CMD... - runs CMD with a throwaway PostgreSQL 15 cluster.
#
# initdb in a temporary folder (as the unprivileged postgres user when run
# as root), listening on 127.0.0.1 only on a free port, trust authentication
# for the local test user. CMD sees MOTCUA_TEST_PG=postgresql://motcua@127.0.0.1:PORT
# (tests/api/lib.py creates a fresh database per server under it). The
# cluster is stopped and removed afterwards, whatever CMD returns.
set -u
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$PGBIN" ]; then
    echo "with-postgres: PostgreSQL server binaries not found (scripts/deps.sh installs them)"
    echo "api postgresql: 0 passed, 1 failed"
    exit 1
fi
dir=$(mktemp -d /tmp/motcua-pg.XXXXXX)
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$dir"
    as_pg=(runuser -u postgres --)
fi
cleanup() {
    "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$dir"
}
trap cleanup EXIT
trap "exit 143" TERM INT
"${as_pg[@]}" "$PGBIN/initdb" -D "$dir/data" -U motcua --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log"; exit 1; }
"${as_pg[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=on -c max_connections=200" start >/dev/null ||
    { cat "$dir/server.log"; exit 1; }
export MOTCUA_TEST_PG="postgresql://motcua@127.0.0.1:$port"
"$@"
