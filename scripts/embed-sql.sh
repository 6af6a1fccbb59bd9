#!/bin/sh
# Embeds numbered migration files (NNNN_name.sql) as a C table named $1.
# Usage: embed-sql.sh NAME file.sql...
set -eu
name=$1; shift
echo "#include <stddef.h>"
echo "#include \"store/migrations.h\""
echo "const struct mc_migration ${name}[] = {"
for f in "$@"; do
    base=$(basename "$f" .sql)
    ver=$(echo "$base" | sed 's/_.*//' | sed 's/^0*//')
    printf '    {%s, "%s",\n' "$ver" "$base"
    sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/     "/' -e 's/$/\\n"/' "$f"
    printf '    },\n'
done
echo '    {0, NULL, NULL},'
echo '};'
