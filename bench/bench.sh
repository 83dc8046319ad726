#!/bin/sh
# Every performance figure of numaplan in one table (the targets beside them):
#   bench/bench.sh [BUILDDIR]        (default ./build; a release-like build:
#                                     meson setup build --buildtype=debugoptimized)
# CPU time of each process (these machines are shared), medians of 3 runs.
# Nova's decision path needs Debian's python3-nova + python3-os-win; without
# them its rows say so.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
bin=$build/bench
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
runs=3

# median of a whitespace-separated list
median() { printf '%s\n' "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"; }

echo "numaplan $($build/cli/numaplan --version | cut -d' ' -f2) on $(nproc) cores, $(date -u +%F)"
echo

# 1. resolve against Nova's own decision path, same corpus, same run
corpus=tests/nova/differential.cases.jsonl
e2e=""; dec=""; cj=""; jt=""
for i in $(seq $runs); do
	set -- $($bin/bench-resolve $corpus 10)
	e2e="$e2e $2"; dec="$dec $3"; cj="$cj $5"; jt="$jt $6"
done
e2e=$(median $e2e); dec=$(median $dec); cj=$(median $cj); jt=$(median $jt)
if /usr/bin/python3 -c 'import nova.virt.hardware, os_win' 2>/dev/null; then
	nova=$(/usr/bin/python3 bench/nova_decision.py $corpus 2 | cut -d' ' -f2)
	printf '%-52s %12s %12s %10s\n' "resolve ($corpus)" "numaplan µs" "Nova µs" "ratio"
	printf '%-52s %12.2f %12.1f %9.0fx  (target 100x)\n' "  end to end (JSON in and out)" "$e2e" "$nova" \
		"$(echo "$nova / $e2e" | bc -l)"
	printf '%-52s %12.2f %12.1f %9.0fx  (target 10000x)\n' "  decision alone (cases read before timing)" "$dec" \
		"$nova" "$(echo "$nova / $dec" | bc -l)"
else
	printf '%-52s %12.2f µs end to end, %.2f µs decision (no python3-nova: no ratio)\n' \
		"resolve" "$e2e" "$dec"
fi
# what a tokenizer would give: JSON reading alone, cJSON (used) and jsmn
if [ "$jt" != "-1.0000" ]; then
	printf '%-52s %12.2f µs cJSON parse, %.2f µs jsmn tokens (%.1fx; %.0f%% of end to end)\n' \
		"  JSON reading alone" "$cj" "$jt" "$(echo "$cj / $jt" | bc -l)" \
		"$(echo "100 * $cj / $e2e" | bc -l)"
fi
echo

# 2. the worst case: 8-node instances on 8-cell hosts
$bin/bench-fit 20000 8 > "$tmp/fit"
printf '%-52s %12s fits/s  (target 1000000; %s x permutations)\n' "NUMA fit, 8-cell guests on 8-cell hosts" \
	"$(sed -n 's/^numaplan fits per second: //p' "$tmp/fit")" \
	"$(sed -n 's/^ratio enumeration\/numaplan: //p' "$tmp/fit")"
echo

# 3. replay: through the API, and end to end through numaplan run
printf '%-10s %-9s %14s %12s %14s %12s %10s\n' hosts events "API events/s" "API ns/ev" \
	"run events/s" "run peak MiB" "run B/VM"
for spec in "1000 1000000" "10000 1000000" "100000 1000000"; do
	set -- $spec
	hosts=$1; events=$2
	api=""
	for i in $(seq $runs); do
		api="$api $($bin/bench-replay "$hosts" "$events" | sed -n 's/.*s, \([0-9]*\) events\/s.*/\1/p')"
	done
	api=$(median $api)
	$bin/bench-gen "$hosts" "$events" > "$tmp/s.yaml"
	cpu=""; rss=""
	for i in $(seq $runs); do
		/usr/bin/time -f '%U %S %M' -o "$tmp/time" $build/cli/numaplan run "$tmp/s.yaml" \
			--format json -o /dev/null || true
		set -- $(cat "$tmp/time")
		cpu="$cpu $(echo "$1 + $2" | bc -l)"; rss="$rss $3"
	done
	cpu=$(median $cpu); rss=$(median $rss)
	vms=$(grep -c '^  - boot' "$tmp/s.yaml")
	printf '%-10s %-9s %14s %12.0f %14.0f %12.0f %10.0f\n' "$hosts" "$events" "$api" \
		"$(echo "1000000000 / $api" | bc -l)" "$(echo "$events / $cpu" | bc -l)" \
		"$(echo "$rss / 1024" | bc -l)" "$(echo "$rss * 1024 / $vms" | bc -l)"
done
# one count: boot of 1 000 000 VMs (4 000 hosts hold them all): peak RSS
# of the whole run per VM, JSON written
$bin/bench-gen 4000 0 > "$tmp/c.yaml"
echo '  - boot: {name: vm, flavor: p2b, count: 1000000}' >> "$tmp/c.yaml"
/usr/bin/time -f '%U %S %M' -o "$tmp/time" $build/cli/numaplan run "$tmp/c.yaml" \
	--format json -o /dev/null || true
set -- $(cat "$tmp/time")
printf '%-20s %39.0f %12.0f %10.0f\n' "4000 count: 1000000" "$(echo "1000000 / ($1 + $2)" | bc -l)" \
	"$(echo "$3 / 1024" | bc -l)" "$(echo "$3 * 1024 / 1000000" | bc -l)"
echo "(targets: API ≥ 1 000 000 events/s at 10 000 hosts; run ≥ 500 000 events/s;"
echo " ns/event at 100 000 hosts ≤ 2x that at 1 000; ≤ 1 KiB per VM)"
echo

# 4. engine state per VM
$bin/bench-memory 1000 64000 | sed -n 's/^/  /p'
echo "(target ≤ 256 bytes per live VM)"
echo

# 5. planning: capacity per flavor over 10 000 hosts, failover over 1 000
$bin/bench-capacity 10000 1000 200 | sed -n 's/^/  /p'
echo "(target: capacity < 10 ms per flavor at 10 000 hosts)"
echo

# 6. sweeps: the same trials with one thread and with two (same bytes)
$bin/bench-sweep 40 20 | sed -n 's/^/  /p'
