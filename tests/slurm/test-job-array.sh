#!/bin/bash
# A job array through a private Slurm cluster (slurm-cluster.sh): four tasks
# each write part-ID.txt with their task id and count; all four must be there
# with the right content. Fails, never skips, when not root or Slurm is
# missing: CI runs as root and .ci/run installs slurm-wlm and munge.
set -u
here=$(cd "$(dirname "$0")" && pwd)

fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "must run as root (slurmd runs job steps as the submitter)"
for p in sbatch slurmctld slurmd munged; do
	PATH="$PATH:/usr/sbin:/sbin" command -v "$p" >/dev/null 2>&1 ||
		fail "$p not installed: install Debian's slurm-wlm and munge (tools/setup.sh does)"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/np-slurm-test.XXXXXX") || fail "mktemp"
trap 'rm -rf "$work"' EXIT
cat >"$work/job.sh" <<'EOF'
#!/bin/sh
echo "$SLURM_ARRAY_TASK_ID $SLURM_ARRAY_TASK_COUNT" >"part-$SLURM_ARRAY_TASK_ID.txt"
EOF

t0=${EPOCHREALTIME:-$(date +%s)}
# slurm-cluster.sh run stops the cluster whatever sbatch does
"$here/slurm-cluster.sh" run -- sbatch --wait --array=0-3 --chdir="$work" \
	--output="$work/slurm-%a.out" "$work/job.sh"
status=$?
t1=${EPOCHREALTIME:-$(date +%s)}
echo "start + job array + stop: $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"

errors=0
for i in 0 1 2 3; do
	if [ ! -f "$work/part-$i.txt" ]; then
		echo "FAIL: part-$i.txt missing" >&2
		errors=$((errors + 1))
	elif [ "$(cat "$work/part-$i.txt")" != "$i 4" ]; then
		echo "FAIL: part-$i.txt is '$(cat "$work/part-$i.txt")', expected '$i 4'" >&2
		errors=$((errors + 1))
	fi
done
if [ "$status" -ne 0 ] || [ "$errors" -ne 0 ]; then
	for f in "$work"/slurm-*.out; do
		[ -s "$f" ] && { echo "--- ${f##*/}"; cat "$f"; } >&2
	done
	fail "sbatch exited $status; $errors of 4 parts wrong"
fi
echo "ok: 4 array tasks wrote part-0..3.txt"
