#!/bin/sh
# Installs what numaplan needs on Debian 12 (when missing), then configures
# and builds it in ./build. Safe to run again: it only does what is missing.
set -eu
cd "$(dirname "$0")/.."

packages="meson ninja-build pkg-config gcc libc6-dev libglib2.0-dev libyaml-dev libcjson-dev
libcunit1-dev valgrind libcurl4-openssl-dev libxml2-dev libxml2-utils clang-format python3 chromium
slurm-wlm munge openssl bc time clang libclang-rt-14-dev"
# jsmn: header-only, only bench/bench-resolve uses it (what a tokenizer
# would give resolve's JSON reading, measured beside cJSON)
packages="$packages libjsmn-dev"
missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "installing:$missing"
	if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 $missing
fi

if [ ! -f build/build.ninja ]; then
	meson setup build --werror
fi
ninja -C build
