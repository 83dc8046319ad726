#!/bin/bash
# A sweep's shards as a Slurm job array (docs/sweeps.md, scenario.md §6):
# through a private single-node cluster (slurm-cluster.sh), four array
# tasks each run `numaplan sweep ... --shard $SLURM_ARRAY_TASK_ID/4`; then
# `numaplan merge` of their documents must be byte for byte the single
# run's. Fails, never skips, when not root or Slurm is missing.
#
# Usage: test-sweep-array.sh NUMAPLAN SCENARIO
set -u
here=$(cd "$(dirname "$0")" && pwd)

fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

[ $# -eq 2 ] || fail "usage: $0 NUMAPLAN SCENARIO"
numaplan=$(realpath "$1") || fail "no $1"
scenario=$(realpath "$2") || fail "no $2"
[ "$(id -u)" -eq 0 ] || fail "must run as root (slurmd runs job steps as the submitter)"
for p in sbatch slurmctld slurmd munged; do
	PATH="$PATH:/usr/sbin:/sbin" command -v "$p" >/dev/null 2>&1 ||
		fail "$p not installed: install Debian's slurm-wlm and munge (tools/setup.sh does)"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/np-sweep-array.XXXXXX") || fail "mktemp"
trap 'rm -rf "$work"' EXIT
sweep="$numaplan sweep $scenario --trials 40 --seed 7"

# the single run, for comparison
$sweep --format json --output "$work/single.json" || fail "the single run failed"

t0=${EPOCHREALTIME:-$(date +%s)}
# as docs/sweeps.md shows it; slurm-cluster.sh run stops the cluster
# whatever sbatch does
"$here/slurm-cluster.sh" run -- sbatch --wait --array=0-3 --chdir="$work" \
	--output="$work/slurm-%a.out" \
	--wrap "$sweep --shard \$SLURM_ARRAY_TASK_ID/4 --format json > part-\$SLURM_ARRAY_TASK_ID.json"
status=$?
t1=${EPOCHREALTIME:-$(date +%s)}
echo "start + job array + stop: $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"

show_outputs() {
	for f in "$work"/slurm-*.out; do
		[ -s "$f" ] && { echo "--- ${f##*/}"; cat "$f"; } >&2
	done
}
if [ "$status" -ne 0 ]; then
	show_outputs
	fail "sbatch exited $status"
fi
for i in 0 1 2 3; do
	grep -q "\"shard\": {\"index\": $i, \"count\": 4}" "$work/part-$i.json" 2>/dev/null ||
		{ show_outputs; fail "part-$i.json is not shard $i of 4"; }
done

(cd "$work" && "$numaplan" merge part-*.json --output merged.json) || fail "merge failed"
cmp "$work/single.json" "$work/merged.json" ||
	fail "the merged shards differ from the single run"
echo "ok: 4 array tasks' shards merged = the single run ($(wc -c <"$work/merged.json") bytes)"
