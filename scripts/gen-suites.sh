#!/bin/sh
# Writes the unit-test registry: every MC_SUITE(name, ...) found in the given files.
set -eu
names=$(grep -ho '^MC_SUITE([a-z0-9_]*' "$@" | sed 's/MC_SUITE(//' | sort -u)
echo '#include "harness.h"'
for n in $names; do echo "extern const struct mc_suite mc_suite_$n;"; done
echo 'const struct mc_suite *const mc_suites[] = {'
for n in $names; do echo "    &mc_suite_$n,"; done
echo '    NULL,'
echo '};'
