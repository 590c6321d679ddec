#!/usr/bin/env bash
# `pyenvfs-ctl which python` vs `pyenv which python` on the same temporary PYENV_ROOT with
# 50 versions, selected by a .python-version two directories up (a prefix, "3.12", so both
# resolve it to the newest 3.12.x), side by side in one hyperfine run; then the same for
# pyenvfs-shim running a version's python (a no-op script) against pyenv's shim path,
# `pyenv exec python`, and against the script run directly.
#   BENCH_RUNS=N  runs per command (default 100)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${BENCH_BUILD:-$src/.build/bench}
ctl=$build/ctl/pyenvfs-ctl
shim=$build/resolver/pyenvfs-shim
pyenv=${PYENV_BIN:-/root/.pyenv/libexec/pyenv}
runs=${BENCH_RUNS:-100}
[ -x "$ctl" ] && [ -x "$shim" ] || { echo "which.sh: build first ($ctl missing)" >&2; exit 1; }
[ -x "$pyenv" ] || { echo "which.sh: pyenv is not installed at $pyenv: nothing to compare with" >&2; exit 1; }

work=$(mktemp -d /tmp/pyenvfs-bench-which.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/root
n=0
for major in 8 9 10 11 12; do
	for patch in $(seq 0 9); do
		v=3.$major.$patch
		mkdir -p "$root/versions/$v/bin"
		printf '#!/bin/sh\n' >"$root/versions/$v/bin/python"
		chmod +x "$root/versions/$v/bin/python"
		n=$((n + 1))
	done
done
mkdir -p "$work/project/src/pkg"
echo 3.12 >"$work/project/.python-version"
cd "$work/project/src/pkg"
ln -s "$ctl" "$work/pyenv" # our ctl under pyenv's name: pyenv's messages, same output

env=(env -i "PATH=/usr/bin:/bin" "HOME=$work" "PYENV_ROOT=$root" "PWD=$PWD")
# sanity: both answer the same
a=$("${env[@]}" "$pyenv" which python)
b=$("${env[@]}" "$work/pyenv" which python)
[ "$a" = "$b" ] || { echo "which.sh: different answers: pyenv '$a', ours '$b'" >&2; exit 1; }
c=$("${env[@]}" "$shim" "$root" "$root/shims/python" -c pass; echo "rc=$?")
[ "$c" = "rc=0" ] || { echo "which.sh: the shim failed: $c" >&2; exit 1; }
echo "$n versions; both answer $a"

json=$work/which.json
# hyperfine itself runs in the clean environment: no wrapper process in the timings
"${env[@]}" "$(command -v hyperfine)" -N --warmup 5 --runs "$runs" --export-json "$json" \
	-n "pyenvfs-ctl which python" "$ctl which python" \
	-n "pyenv which python" "$pyenv which python" \
	-n "pyenvfs-shim python" "$shim $root $root/shims/python" \
	-n "pyenv exec python" "$pyenv exec python" \
	-n "python directly" "$root/versions/3.12.9/bin/python" >/dev/null

/usr/bin/python3 - "$json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
ms = lambda k: r[k]["median"] * 1000
ours, theirs = ms("pyenvfs-ctl which python"), ms("pyenv which python")
print(f"pyenvfs-ctl which python: {ours:8.2f} ms (median; mean {r['pyenvfs-ctl which python']['mean']*1000:.2f} ms)")
print(f"pyenv which python:       {theirs:8.2f} ms (median; mean {r['pyenv which python']['mean']*1000:.2f} ms)")
print(f"ratio pyenv/ours:         {theirs / ours:8.1f}x  (goal: ours under 2 ms: {'met' if ours < 2 else 'NOT met'})")
s, e, d = ms("pyenvfs-shim python"), ms("pyenv exec python"), ms("python directly")
print(f"pyenvfs-shim -> python:   {s:8.2f} ms   pyenv exec python: {e:8.2f} ms   python directly: {d:8.2f} ms")
print(f"shim overhead over direct: {s - d:+.2f} ms; pyenv exec over direct: {e - d:+.2f} ms; ratio {e / s:.1f}x")
PY
