#!/bin/sh
# The installed library, as a program that embeds it sees it: install into a
# scratch directory, build examples/embed.c with `pkg-config --cflags --libs
# numaplan` alone (no source tree on the include path), and run it under
# valgrind. Usage: test-installed.sh BUILDDIR SOURCEDIR
set -eu
build=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

meson install -C "$build" --destdir "$tmp/root" --no-rebuild --quiet >/dev/null
pc=$(find "$tmp/root" -name numaplan.pc)
[ -n "$pc" ] || { echo "no numaplan.pc installed"; exit 1; }
prefix=$(sed -n 's/^prefix=//p' "$pc")
# the files are under DESTDIR: point the .pc at them (nothing else changes)
sed "s#^prefix=.*#prefix=$tmp/root$prefix#" "$pc" > "$tmp/numaplan.pc"
export PKG_CONFIG_PATH="$tmp"
libdir=$(pkg-config --variable=libdir numaplan)

# the public headers are self-contained: no cJSON, libyaml, libcurl or
# libxml2 type, and nothing from the source tree
if grep -l -E 'cJSON|yaml_|CURL|xml[A-Z]' "$tmp/root$prefix/include/numaplan.h" \
	"$tmp/root$prefix/include/numaplan/"*.h; then
	echo "a third-party type in an installed header"
	exit 1
fi

cc -std=c11 -Wall -Wextra -Werror "$src/examples/embed.c" -o "$tmp/embed" \
	$(pkg-config --cflags --libs numaplan)
LD_LIBRARY_PATH="$libdir" valgrind -q --error-exitcode=9 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect,possible \
	--show-leak-kinds=definite,indirect,possible "$tmp/embed" > "$tmp/out"
cat "$tmp/out"
grep -q "^refused: unknown flavor 'no-such-flavor'$" "$tmp/out"
grep -q "^the original still has hv01 enabled$" "$tmp/out"
grep -q "^db: active on hv0" "$tmp/out"
echo "examples/embed.c built against the installed library and ran clean"

# README's fragment, in a main(), the same way: it must build and boot
python3 - "$src/README.md" > "$tmp/readme.c" <<'PY'
import re, sys
block = re.search(r'^```c\n(.*?)^```', open(sys.argv[1], encoding='utf-8').read(), re.M | re.S).group(1)
head, body = block.split('\n', 1)
print(head + '\n#include <stdio.h>\nint main(void) {\n' + body + 'return result != NULL ? 0 : 1;\n}')
PY
cc -std=c11 -Wall -Wextra -Werror "$tmp/readme.c" -o "$tmp/readme" $(pkg-config --cflags --libs numaplan)
LD_LIBRARY_PATH="$libdir" valgrind -q --error-exitcode=9 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect,possible "$tmp/readme" > "$tmp/out"
grep -qx active "$tmp/out"
echo "README.md's library example built and booted its VM"
