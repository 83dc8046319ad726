#!/bin/sh
# Fails on C sources clang-format would change (the 'format' test; CI).
# With --fix, formats them in place instead.
# Generated tables (nova/np-image-fields.h, nova/np-py-unicode.h) are left
# as their generators write them.
set -eu
cd "$(dirname "$0")/.."
mode="--dry-run --Werror"
[ "${1:-}" = "--fix" ] && mode="-i"
files=$(git ls-files '*.c' '*.h' 2>/dev/null | grep -v -e '^nova/np-image-fields.h$' -e '^nova/np-py-unicode.h$' || true)
[ -n "$files" ] || files=$(find . -name '*.[ch]' -not -path './build*' -not -name np-image-fields.h -not -name np-py-unicode.h)
# shellcheck disable=SC2086
clang-format $mode $files
