#!/bin/bash
# A private single-node Slurm cluster (munged + slurmctld + slurmd) for tests,
# as ../shared/reference/slurm-local.md describes: key, socket, slurm.conf,
# state, logs and pids all in one temporary folder; nothing under /etc, /run
# or /var is touched, and several clusters can run side by side. Root only
# (slurmd starts job steps as the submitting user).
#
#   slurm-cluster.sh start            starts one; prints its folder (only line
#                                     on stdout); SLURM_CONF=FOLDER/slurm.conf
#   slurm-cluster.sh stop FOLDER      stops it and removes the folder
#   slurm-cluster.sh run [--] CMD...  start, CMD with SLURM_CONF (and
#                                     NP_SLURM_DIR) exported, stop, even when
#                                     CMD fails or a signal comes; exits with
#                                     CMD's status, or 3 when the cluster did
#                                     not come up
#
# Every wait is bounded: the start gives up after NP_SLURM_START_TIMEOUT
# seconds (60), a stop takes at most about 20 s. With NP_SLURM_KEEP=1 the
# folder (logs) is left in place after a stop. Progress goes to stderr.
set -u

start_timeout=${NP_SLURM_START_TIMEOUT:-60}

say() { printf 'slurm-cluster: %s\n' "$*" >&2; }

now() { printf '%s' "${EPOCHREALTIME:-$(date +%s)}"; }

# seconds since $1 (a now), one decimal
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# true when pid $2 is alive and its command line names folder $1 (a pid that
# was reused, or a zombie, whose command line is empty, does not)
is_ours() {
	local cmdline
	[ -n "$2" ] && [ -r "/proc/$2/cmdline" ] || return 1
	cmdline=$( { tr '\0' ' ' <"/proc/$2/cmdline"; } 2>/dev/null) || return 1
	case "$cmdline" in *"$1"*) return 0 ;; esac
	return 1
}

# pid recorded for daemon $2 in folder $1
pid_of() { awk -v n="$2" '$1 == n { print $2 }' "$1/pids" 2>/dev/null | tail -n 1; }

# the last lines of each daemon's log (its log file, else its output), for a
# failure message
show_logs() {
	local name f
	for name in munged slurmctld slurmd; do
		f="$1/$name.log"
		[ -s "$f" ] || f="$1/$name.out"
		[ -s "$f" ] || continue
		say "--- ${f##*/} (last lines)"
		tail -n 12 "$f" >&2
	done
}

# a TCP port nobody on this machine uses (not in /proc/net/tcp{,6}); should
# another process take it first, the daemon exits and the start fails with
# its log
free_port() {
	local port hex
	for _ in $(seq 1 200); do
		port=$((20000 + RANDOM % 30000))
		hex=$(printf ':%04X ' "$port")
		if ! cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk '{ print $2 " " }' |
			grep -q -- "$hex"; then
			printf '%s' "$port"
			return 0
		fi
	done
	return 1
}

# wait_for DEADLINE FOLDER DAEMON WHAT CMD...: runs CMD until it succeeds;
# fails when DAEMON's pid has gone or at DEADLINE
wait_for() {
	local deadline=$1 d=$2 daemon=$3 what=$4
	shift 4
	while :; do
		if "$@" >/dev/null 2>&1; then
			return 0
		fi
		if ! is_ours "$d" "$(pid_of "$d" "$daemon")"; then
			say "$daemon exited while waiting for $what"
			return 1
		fi
		if awk -v d="$deadline" -v n="$(now)" 'BEGIN { exit !(n > d) }'; then
			say "gave up waiting for $what after ${start_timeout}s"
			return 1
		fi
		sleep 0.2
	done
}

# the probes wait_for repeats, each try bounded to 5 s
node_is_idle() { [ "$(timeout 5 sinfo -h -N -o %T 2>/dev/null)" = idle ]; }

ctld_is_up() { timeout 5 scontrol ping 2>/dev/null | grep -q 'is UP'; }

munge_works() {
	timeout 5 munge -n -S "$1/munge/munge.socket" | timeout 5 unmunge -S "$1/munge/munge.socket"
}

# start_daemon FOLDER NAME CMD...: CMD in the background, stdio to
# FOLDER/NAME.out, its pid recorded in FOLDER/pids
start_daemon() {
	local d=$1 name=$2
	shift 2
	"$@" </dev/null >"$d/$name.out" 2>&1 &
	echo "$name $!" >>"$d/pids"
}

check_prerequisites() {
	local p missing=""
	if [ "$(id -u)" -ne 0 ]; then
		say "must run as root (slurmd starts job steps as the submitting user)"
		return 1
	fi
	for p in mungekey munged munge unmunge slurmctld slurmd sbatch scontrol sinfo squeue scancel; do
		command -v "$p" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin" command -v "$p" >/dev/null 2>&1 ||
			missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		say "not installed:$missing (Debian packages slurm-wlm and munge; tools/setup.sh installs them)"
		return 1
	fi
}

# start: sets $cluster to the folder; on failure stops what it started and
# returns 1. Run in the calling shell (not in $(...)) so that the daemons are
# that shell's children and cmd_stop can reap them.
cluster=""
cmd_start() {
	local t0 deadline d host node_line port1 port2
	export PATH="$PATH:/usr/sbin:/sbin"
	check_prerequisites || return 1
	t0=$(now)
	deadline=$(awk -v a="$t0" -v s="$start_timeout" 'BEGIN { printf "%.3f", a + s }')
	d=$(mktemp -d "${TMPDIR:-/tmp}/np-slurm.XXXXXX") || return 1 # mode 0700
	if ! { mkdir -p "$d/munge" "$d/state" "$d/spool" && chmod 0700 "$d/munge" &&
		: >"$d/pids" && : >"$d/plugstack.conf"; }; then
		rm -rf "$d"
		return 1
	fi
	export SLURM_CONF="$d/slurm.conf"

	# 1. MUNGE with its own key and socket
	if ! mungekey --create --keyfile="$d/munge/munge.key" >"$d/mungekey.out" 2>&1; then
		say "mungekey failed"; show_logs "$d"; rm -rf "$d"; return 1
	fi
	start_daemon "$d" munged munged --foreground --force --socket="$d/munge/munge.socket" \
		--key-file="$d/munge/munge.key" --pid-file="$d/munge/munged.pid" \
		--log-file="$d/munged.log" --seed-file="$d/munge/munged.seed"
	wait_for "$deadline" "$d" munged "munge" munge_works "$d" ||
		{ show_logs "$d"; cmd_stop "$d"; return 1; }

	# 2. slurm.conf and the controller
	host=$(hostname -s)
	# e.g. "NodeName=vm CPUs=2 Boards=1 ... RealMemory=24105": keep the CPU layout
	node_line=$(slurmd -C 2>/dev/null | head -n 1 |
		sed -e 's/^NodeName=[^ ]* *//' -e 's/ *RealMemory=[^ ]*//')
	if ! port1=$(free_port) || ! port2=$(free_port); then
		say "no free TCP port"; cmd_stop "$d"; return 1
	fi
	while [ "$port2" = "$port1" ]; do port2=$(free_port); done
	cat >"$d/slurm.conf" <<EOF
ClusterName=localtest
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port1
SlurmdPort=$port2
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$d/munge/munge.socket
StateSaveLocation=$d/state
SlurmdSpoolDir=$d/spool
SlurmctldPidFile=$d/slurmctld.pid
SlurmdPidFile=$d/slurmd.pid
SlurmctldLogFile=$d/slurmctld.log
SlurmdLogFile=$d/slurmd.log
PlugStackConfig=$d/plugstack.conf
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
SwitchType=switch/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
ReturnToService=2
SlurmdTimeout=60
InactiveLimit=0
KillWait=5
MinJobAge=60
MailProg=/bin/true
NodeName=$host NodeAddr=127.0.0.1 $node_line State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
	start_daemon "$d" slurmctld slurmctld -D -c -f "$d/slurm.conf"
	wait_for "$deadline" "$d" slurmctld "slurmctld (port $port1)" ctld_is_up ||
		{ show_logs "$d"; cmd_stop "$d"; return 1; }

	# 3. the compute node, this host
	start_daemon "$d" slurmd slurmd -D -N "$host" -f "$d/slurm.conf"
	wait_for "$deadline" "$d" slurmd "node $host to be idle" node_is_idle ||
		{ show_logs "$d"; cmd_stop "$d"; return 1; }

	say "up in $(since "$t0") s: $d (ports $port1, $port2)"
	cluster=$d
}

# stop_daemon FOLDER NAME: TERM, up to 10 s, then KILL
stop_daemon() {
	local d=$1 name=$2 pid
	pid=$(pid_of "$d" "$name")
	is_ours "$d" "$pid" || return 0
	kill -TERM "$pid" 2>/dev/null
	for _ in $(seq 1 50); do
		is_ours "$d" "$pid" || break
		sleep 0.2
	done
	if is_ours "$d" "$pid"; then
		say "$name did not stop in 10 s; killing it"
		kill -KILL "$pid" 2>/dev/null
	fi
	# reap it when it is our own child (run), so it is not left <defunct>
	wait "$pid" 2>/dev/null
	return 0
}

cmd_stop() {
	local d=${1:-} t0
	t0=$(now)
	case "$d" in
	"" | / | *[!A-Za-z0-9_./-]*) say "stop: bad folder '$d'"; return 1 ;;
	esac
	[ -f "$d/pids" ] || { say "stop: $d is not a cluster folder"; return 1; }
	export PATH="$PATH:/usr/sbin:/sbin" SLURM_CONF="$d/slurm.conf"
	if is_ours "$d" "$(pid_of "$d" slurmctld)"; then
		timeout 5 scancel --user="$(id -un)" >/dev/null 2>&1
		for _ in $(seq 1 25); do # at most 5 s for running jobs to end
			[ -z "$(timeout 5 squeue -h -t running,completing -o %i 2>/dev/null)" ] && break
			sleep 0.2
		done
	fi
	stop_daemon "$d" slurmd
	stop_daemon "$d" slurmctld
	stop_daemon "$d" munged
	if [ "${NP_SLURM_KEEP:-0}" = 1 ]; then
		say "stopped in $(since "$t0") s; kept $d"
	else
		rm -rf "$d"
		say "stopped in $(since "$t0") s"
	fi
}

on_signal() {
	trap - INT TERM HUP
	[ -n "$child" ] && kill -TERM "$child" 2>/dev/null && wait "$child" 2>/dev/null
	cmd_stop "$cluster"
	exit "$1"
}

child=""
cmd_run() {
	local d status
	[ "${1:-}" = -- ] && shift
	[ $# -gt 0 ] || { say "run: no command"; return 2; }
	cmd_start || return 3
	d=$cluster
	# stopped whatever happens to CMD, also on a signal (e.g. a test timeout):
	# CMD runs in the background because bash runs a trap only once the
	# foreground command has ended, while `wait` returns at once
	trap 'on_signal 130' INT
	trap 'on_signal 143' TERM HUP
	SLURM_CONF="$d/slurm.conf" NP_SLURM_DIR="$d" "$@" <&0 &
	child=$!
	wait "$child"
	status=$?
	trap - INT TERM HUP
	[ $status -ne 0 ] && show_logs "$d"
	cmd_stop "$d"
	return $status
}

case "${1:-}" in
start) cmd_start && printf '%s\n' "$cluster" ;;
stop) shift; cmd_stop "$@" ;;
run) shift; cmd_run "$@" ;;
*)
	sed -n '2,/^set -u/{/^set -u/d;s/^# \{0,1\}//;p}' "$0" >&2
	exit 2
	;;
esac
