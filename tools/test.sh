#!/bin/sh
# Builds numaplan (tools/setup.sh) and runs the whole test suite three
# times: plain, under valgrind (leaks are failures) and with address and
# undefined-behaviour sanitizers; then each libFuzzer harness for
# $NP_FUZZ_SECONDS (default 60) with clang (tools/fuzz.sh, ./build-fuzz).
# Ends with "N passed, N failed" (a harness that finds a crash, a leak, a
# hang or runs out of memory is one failure).
set -u
cd "$(dirname "$0")/.."
tools/setup.sh || exit 1

status=0
meson test -C build --print-errorlogs --num-processes 2 || status=1
cp build/meson-logs/testlog.json build/testlog-default.json 2>/dev/null || true
meson test -C build --setup valgrind --print-errorlogs --num-processes 2 || status=1

if [ ! -f build-asan/build.ninja ]; then
	meson setup build-asan --werror -Db_sanitize=address,undefined -Db_lundef=false || exit 1
fi
ninja -C build-asan || exit 1
meson test -C build-asan --setup asan --print-errorlogs --num-processes 2 || status=1

tools/fuzz.sh "${NP_FUZZ_SECONDS:-60}" || status=1

python3 - build/testlog-default.json build/meson-logs/testlog-valgrind.json \
	build-asan/meson-logs/testlog-asan.json build-fuzz/fuzz-results.json <<'PY' || status=1
import json, sys
passed = failed = 0
for path in sys.argv[1:]:
    try:
        lines = open(path).read().splitlines()
    except OSError:
        print('missing test log: %s' % path)
        failed += 1
        continue
    for line in lines:
        if not line.strip():
            continue
        result = json.loads(line).get('result')
        if result in ('OK', 'EXPECTEDFAIL'):
            passed += 1
        elif result != 'SKIP':
            failed += 1
print('%d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
PY
exit $status
