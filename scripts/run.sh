#!/bin/bash
# run.sh - `make run`: create the database with the demo province when it is
# new, print the demo accounts, then serve on http://127.0.0.1:8080
# (override with MOTCUA_* variables or motcua.conf).
set -eu
cd "$(dirname "$0")/.."
build/motcua init
build/motcua seed --demo-dossiers 400
echo
echo "motcua: http://127.0.0.1:8080  (Ctrl-C to stop)"
echo
exec build/motcua serve "$@"
