#!/bin/sh
# web.sh - builds the web app into web/dist when its sources are newer.
set -eu
cd "$(dirname "$0")/.."
[ -f web/package.json ] || exit 0
if [ -f web/dist/index.html ] && [ -z "$(find web/src web/public web/index.html web/package.json web/package-lock.json \
    web/vite.config.ts web/tsconfig.json web/scripts -newer web/dist/index.html 2>/dev/null | head -n 1)" ]; then
    exit 0
fi
(cd web && npm run --silent build)
