#!/bin/sh
# Records what Nova 26's own code makes of `numa_topology` documents
# (scenario.md §7): numaplan's exports of every host of the scenarios
# below, and documents Nova writes itself. tests/test-import.c compares
# them without Python. Needs python3-nova and python3-os-win
# (/usr/bin/python3) and a built numaplan:
#
#   tests/nova/regenerate-topology.sh [BUILD_DIR]     # default: build
#
# Run twice, it gives the same bytes.
set -eu
cd "$(dirname "$0")"
root=../..
build=${1:-$root/build}
case $build in /*) ;; *) build="$(pwd)/$build" ;; esac
PY=/usr/bin/python3
# Nova writes nova_object.changes from a set: a fixed hash seed keeps the
# recorded documents the same bytes
export PYTHONHASHSEED=0
numaplan="$build/cli/numaplan"
[ -x "$numaplan" ] || { echo "no $numaplan: build first (tools/setup.sh)" >&2; exit 1; }

# hosts with reserved memory, VMs (vNUMA, dynamic memory, spanned),
# one node, four nodes, a failed host, a cpus: list, and the imports
scenarios="
scenarios/examples/capacity-n-plus-one.yaml
scenarios/examples/dynamic-memory.yaml
scenarios/examples/host-failure.yaml
scenarios/examples/quickstart.yaml
scenarios/examples/spanning-off.yaml
scenarios/examples/topology-import.yaml
scenarios/regression/span-one-node-host.yaml
scenarios/regression/event-add-host.yaml
scenarios/regression/event-boot-count.yaml
tests/golden/import/two-node.yaml
tests/golden/import/one-node.yaml
tests/golden/import/hyperv-2node.yaml
tests/golden/import/hyperv-odd-names.yaml
"

echo "Nova's view of numaplan's exports" >&2
"$PY" topology_oracle.py exported "$numaplan" "$root" $scenarios \
    > topology-exported.nova.jsonl.tmp
echo "documents Nova writes" >&2
"$PY" topology_oracle.py nova-made > topology-nova-made.nova.jsonl.tmp

# every export is what Nova's Hyper-V driver reports for the same nodes
"$PY" - topology-exported.nova.jsonl.tmp <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
bad = [l['id'] for l in lines if not l['driver']]
if bad:
    sys.exit('the driver reports another document for: %s' % ', '.join(bad))
print('%d hosts exported, each the document the driver reports' % len(lines),
      file=sys.stderr)
PY
for f in topology-exported topology-nova-made; do
    if [ -f $f.nova.jsonl ] && ! cmp -s $f.nova.jsonl $f.nova.jsonl.tmp; then
        echo "note: $f.nova.jsonl differs from the previous recording" >&2
    fi
    mv $f.nova.jsonl.tmp $f.nova.jsonl
done
