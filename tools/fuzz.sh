#!/bin/sh
# tools/fuzz.sh [SECONDS] [HARNESS…]
#
# Builds numaplan with clang, libFuzzer, ASan and UBSan in ./build-fuzz and
# runs each harness of tests/fuzz (all of them when none is named) for
# SECONDS (default 60), one after the other. Each run starts from the
# harness's seeds (tests/fuzz/NAME/corpus, read only) and the corpus it
# grew before (build-fuzz/corpus/NAME), with its dictionary. A crash, a
# leak, a timeout (10 s per input) or an out-of-memory (2 GiB) leaves its
# input in build-fuzz/artifacts/NAME/ and makes the script fail: copy the
# input to tests/fuzz/regressions/NAME/, fix the bug, and the replay test
# keeps it fixed. FUZZ_RUNS=N stops each harness after N executions
# instead (SECONDS still bounds it). Ends with one line per harness:
#   fuzz NAME: EXECS execs in SECONDS s, corpus N inputs: ok|FAILED
set -u
cd "$(dirname "$0")/.."
seconds=${1:-60}
[ $# -gt 0 ] && shift
case $seconds in
'' | *[!0-9]*)
	echo "usage: tools/fuzz.sh [SECONDS] [HARNESS…]" >&2
	exit 2
	;;
esac

if [ ! -f build-fuzz/build.ninja ]; then
	CC=clang meson setup build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined \
		-Db_lundef=false -Dbuildtype=debugoptimized >build-fuzz.log 2>&1 ||
		{ cat build-fuzz.log; exit 1; }
	rm -f build-fuzz.log
fi
ninja -C build-fuzz -j2 >/dev/null || ninja -C build-fuzz -j2 || exit 1

harnesses="$*"
if [ -z "$harnesses" ]; then
	for f in build-fuzz/tests/fuzz/fuzz-*; do
		case $f in *fuzz-replay-*) continue ;; esac
		# files only: meson keeps each target's objects in fuzz-NAME.p/
		[ -f "$f" ] && [ -x "$f" ] && harnesses="$harnesses ${f##*/fuzz-}"
	done
fi

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LC_ALL=C G_DEBUG=fatal-criticals
status=0
summary=""
# one JSON line per harness, as meson's testlog.json has them: tools/test.sh
# counts them in its "N passed, N failed"
results=build-fuzz/fuzz-results.json
: >"$results"
for name in $harnesses; do
	exe=build-fuzz/tests/fuzz/fuzz-$name
	if [ ! -x "$exe" ]; then
		echo "no harness '$name' (tests/fuzz/fuzz-$name.c)" >&2
		echo "{\"name\": \"fuzz-$name\", \"result\": \"FAIL\"}" >>"$results"
		status=1
		continue
	fi
	corpus=build-fuzz/corpus/$name
	artifacts=build-fuzz/artifacts/$name
	log=build-fuzz/fuzz-$name.log
	mkdir -p "$corpus" "$artifacts"
	dict=""
	[ -f "tests/fuzz/$name/$name.dict" ] && dict="-dict=tests/fuzz/$name/$name.dict"
	start=$(date +%s)
	# shellcheck disable=SC2086
	"$exe" -max_total_time="$seconds" -runs="${FUZZ_RUNS:--1}" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$artifacts/" $dict \
		"$corpus" "tests/fuzz/$name/corpus" >"$log" 2>&1
	rc=$?
	elapsed=$(($(date +%s) - start))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	inputs=$(find "$corpus" -type f | wc -l)
	if [ $rc -eq 0 ]; then
		result=ok
		echo "{\"name\": \"fuzz-$name\", \"result\": \"OK\"}" >>"$results"
	else
		echo "{\"name\": \"fuzz-$name\", \"result\": \"FAIL\"}" >>"$results"
		result="FAILED (exit $rc; $log, $artifacts/)"
		status=1
		tail -n 40 "$log"
	fi
	line="fuzz $name: ${execs:-0} execs in $elapsed s, corpus $inputs inputs: $result"
	summary="$summary$line
"
done
printf '%s' "$summary"
exit $status
