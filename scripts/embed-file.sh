#!/bin/sh
# Embeds a text file as a C string named $1 with its length in $1_len.
# Usage: embed-file.sh NAME FILE
set -eu
echo "#include <stddef.h>"
echo "extern const char $1[];"
echo "extern const size_t $1_len;"
echo "const char $1[] ="
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/    "/' -e 's/$/\\n"/' "$2"
echo "    ;"
echo "const size_t $1_len = sizeof($1) - 1;"
