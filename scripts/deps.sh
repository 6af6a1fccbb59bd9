#!/bin/sh
# deps.sh - installs what motcua needs to build, run and test, when missing.
# Idempotent; with everything present it only asks dpkg (well under a second).
# The Debian package list lives here and nowhere else.
set -eu
cd "$(dirname "$0")/.."

# Build and run.
PKGS_BUILD="build-essential pkg-config libh2o-evloop-dev libjansson-dev libsqlite3-dev libsodium-dev
  libssl-dev zlib1g-dev libhpdf-dev libqrencode-dev libxlsxwriter-dev libcurl4-openssl-dev libmagic-dev
  libpq-dev fonts-dejavu-core sqlite3"
# Tests and benchmarks: python3 drives the API tests, curl and poppler/zbar check
# answers and PDFs, clang brings libFuzzer, wrk and nginx are the load
# generator and the reference server, PostgreSQL is the second database,
# chromium runs the browser tests (driven by playwright-core, tests/e2e),
# valgrind checks the unit tests' memory, faketime sets the clock of the API
# suite's clock stages.
PKGS_TEST="python3 curl poppler-utils zbar-tools clang libclang-rt-14-dev wrk nginx-light
  postgresql postgresql-contrib clang-format chromium valgrind faketime"

# High availability (make test-ha only): Patroni with etcd, and haproxy.
PKGS_HA="patroni etcd-server etcd-client haproxy python3-psycopg2"

want="$PKGS_BUILD"
[ "${1:-}" = "--build-only" ] || want="$want $PKGS_TEST"
[ "${1:-}" = "--ha" ] && want="$want $PKGS_HA"

missing=""
status=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' $want 2>/dev/null || true)
for p in $want; do
    echo "$status" | grep -qx "$p installed" || missing="$missing $p"
done

if [ -n "$missing" ]; then
    echo "deps: installing$missing"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    # nginx and PostgreSQL are started by the tests on loopback ports only;
    # keep their packages from starting system services.
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
        $SUDO chmod +x /usr/sbin/policy-rc.d
        trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    $SUDO apt-get update -qq || true
    $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# npm packages of the web app, the browser tests and the OpenID Connect test
# provider (pinned by package-lock.json).
for dir in web tests/e2e tests/oidc; do
    [ -f "$dir/package.json" ] || continue
    stamp="$dir/node_modules/.motcua-stamp"
    if [ ! -f "$stamp" ] || [ "$dir/package-lock.json" -nt "$stamp" ] || [ "$dir/package.json" -nt "$stamp" ]; then
        echo "deps: npm ci in $dir"
        if [ -f "$dir/package-lock.json" ]; then
            (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
        else
            (cd "$dir" && npm install --no-audit --no-fund --loglevel=error)
        fi
        touch "$stamp"
    fi
done
exit 0
