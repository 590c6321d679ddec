#!/usr/bin/env bash
# Install of a real ~20 MB CPython archive (python-build-standalone's install_only layout, made
# from Debian's python3.11 by tests/fixtures/archives.py) over loopback HTTP
# (tests/fixtures/httpserver.py on 127.0.0.1), side by side in one hyperfine run with
# `curl -s URL | tar -xz` of the same URL into an empty directory. pyenvfs-ctl install is
# timed with a cold download cache (the default: it also writes the cache file) and with the
# cache off (PYENVFS_CACHE_DIR=). Every run starts without the version installed. Prints
# hyperfine's table, then the same three interleaved round by round (BENCH_ROUNDS, default
# 21) with the install fix-up's share (its "took" line in versions/X/.pyenvfs-fixup) and
# the ratios of those medians (goal <= 1.05, limit 1.25). BENCH_TMPDIR: where the
# versions are unpacked (default /tmp).
#   BENCH_RUNS=N  runs per command (default 15)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${BENCH_BUILD:-$src/.build/bench}
ctl=$build/ctl/pyenvfs-ctl
runs=${BENCH_RUNS:-15}
[ -x "$ctl" ] || { echo "install.sh: build first ($ctl missing)" >&2; exit 1; }
command -v curl >/dev/null || { echo "install.sh: needs curl" >&2; exit 1; }

# the archive, made once per bench build dir
fix=$build/bench-install
mkdir -p "$fix"
if [ ! -f "$fix/cpython.json" ] || [ "$src/tests/fixtures/archives.py" -nt "$fix/cpython.json" ]; then
	/usr/bin/python3 "$src/tests/fixtures/archives.py" cpython "$fix/cpython.tar.gz" "$fix/cpython.json"
fi

work=$(mktemp -d "${BENCH_TMPDIR:-/tmp}/pyenvfs-bench-install.XXXXXX")
server=
cleanup() {
	[ -z "$server" ] || kill "$server" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
name=cpython-3.11.2+20990101-x86_64-unknown-linux-gnu-install_only.tar.gz
mkdir -p "$work/srv" "$work/root"
ln -s "$fix/cpython.tar.gz" "$work/srv/$name"
/usr/bin/python3 "$src/tests/fixtures/httpserver.py" --root "$work/srv" --log "$work/log" >"$work/port" &
server=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
port=$(awk '{print $2}' "$work/port")
url="http://127.0.0.1:$port/ok/${name//+/%2B}"
/usr/bin/python3 - "$fix/cpython.json" "$url" "$work/index.json" <<'PY'
import json, sys
meta = json.load(open(sys.argv[1]))
ma, mi, pa = meta["version"].split(".")
json.dump({"cpython-%s-linux-x86_64-gnu" % meta["version"]: {
    "name": "cpython", "arch": {"family": "x86_64", "variant": None}, "os": "linux", "libc": "gnu",
    "major": int(ma), "minor": int(mi), "patch": int(pa), "prerelease": "", "url": sys.argv[2],
    "sha256": meta["sha256"], "variant": None, "build": "20990101"}}, open(sys.argv[3], "w"))
PY
version=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$fix/cpython.json")
size=$(stat -c %s "$fix/cpython.tar.gz")
echo "archive: $((size / 1024)) KiB, python $version, served from 127.0.0.1:$port"

export PYENV_ROOT=$work/root PYENVFS_INDEX=$work/index.json
# sanity: both really unpack a working interpreter
"$ctl" install -q "$version"
"$work/root/versions/$version/bin/python" -c 'import sys; assert sys.prefix.endswith(sys.argv[1])' "$version"
mkdir -p "$work/x" && curl -sf "$url" | tar -xz -C "$work/x" && "$work/x/python/bin/python3.11" -c 'pass'

hyperfine --runs "$runs" --warmup 2 --export-json "$work/h.json" \
	--prepare "rm -rf '$work/root/versions' '$work/cache' '$work/x'; mkdir -p '$work/x'" \
	-n 'pyenvfs-ctl install' "PYENVFS_CACHE_DIR='$work/cache' '$ctl' install -q $version" \
	-n 'pyenvfs-ctl install (no cache)' "PYENVFS_CACHE_DIR= '$ctl' install -q $version" \
	-n 'curl | tar -xz' "curl -sf '$url' | tar -xz -C '$work/x'"

/usr/bin/python3 - "$work/h.json" <<'PY'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
ref = res["curl | tar -xz"]["median"]
print("hyperfine medians:")
for name in ("pyenvfs-ctl install", "pyenvfs-ctl install (no cache)"):
    m = res[name]["median"]
    print("  %-32s %6.1f ms  vs curl | tar -xz %6.1f ms: ratio %.2f" % (name, m * 1000, ref * 1000, m / ref))
PY

# The same three, interleaved round by round (in a shuffled order each round), so that the
# load of a shared machine falls on all of them alike; the ratio printed last is this one.
/usr/bin/python3 - "$work" "$ctl" "$version" "$url" "${BENCH_ROUNDS:-21}" <<'PY'
import os, random, shutil, statistics, subprocess, sys, time
work, ctl, version, url, rounds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
env = dict(os.environ)
cmds = {
    "pyenvfs-ctl install": ([ctl, "install", "-q", version], dict(env, PYENVFS_CACHE_DIR=work + "/cache")),
    "pyenvfs-ctl install (no cache)": ([ctl, "install", "-q", version], dict(env, PYENVFS_CACHE_DIR="")),
    "curl | tar -xz": (["bash", "-c", "curl -sf '%s' | tar -xz -C '%s/x'" % (url, work)], env),
}
times = {k: [] for k in cmds}
fixup = []  # the fix-up's own time, from the record each install writes
for _ in range(rounds):
    order = list(cmds)
    random.shuffle(order)
    for k in order:
        for d in ("root/versions", "cache", "x"):
            shutil.rmtree(os.path.join(work, d), ignore_errors=True)
        os.makedirs(os.path.join(work, "x"))
        argv, e = cmds[k]
        t = time.perf_counter()
        subprocess.run(argv, env=e, check=True)
        times[k].append(time.perf_counter() - t)
        if k.startswith("pyenvfs"):
            with open(os.path.join(work, "root/versions", version, ".pyenvfs-fixup")) as f:
                fixup.append(int([l for l in f if l.startswith("took\t")][0].split()[1]) / 1e6)
ref = statistics.median(times["curl | tar -xz"])
print("interleaved, %d rounds (medians):" % rounds)
for k in cmds:
    m = statistics.median(times[k])
    print("  %-32s %6.1f ms (min %6.1f)" % (k, m * 1000, min(times[k]) * 1000))
m = statistics.median(fixup)
print("  %-32s %6.1f ms (min %6.1f): %.1f%% of the install (no cache)" % (
    "of which the fix-up", m * 1000, min(fixup) * 1000, 100 * m / statistics.median(times["pyenvfs-ctl install (no cache)"])))
for k in ("pyenvfs-ctl install", "pyenvfs-ctl install (no cache)"):
    print("RATIO %s / curl | tar -xz: %.2f (goal <= 1.05, limit 1.25)" % (k, statistics.median(times[k]) / ref))
PY
