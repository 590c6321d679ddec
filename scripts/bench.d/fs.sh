#!/usr/bin/env bash
# The shims filesystem, side by side in one run (hyperfine medians, ratios computed here):
#  1. a no-op program through the pyenvfs shims vs run directly: added latency
#     (goal 0.3 ms, max 1 ms)
#  2. `python -c pass`: direct vs through pyenvfs (goal <= 1.05) vs pyenv's own shim made by
#     `pyenv rehash` in a temp root (same interpreter: a relocated copy of python3.11)
#  3. 3000 PATH misses (`command -v` of absent names in dash) with the mount first in PATH
#     vs an empty directory first (goal <= 1.10); warm (names already missed once: negative
#     dentries) and cold (3000 names never seen: one LOOKUP each)
#  4. latency from creating an executable in a version's bin/ to it being runnable through
#     the shims (goal <= 50 ms, aim 10 ms)
#  5. 200 versions x 100 executables: `ls` of the mount vs of a plain directory with the
#     same names (goal <= 10 ms), the daemon's RSS (goal <= 16 MiB)
#  6. strace -c: syscalls of one exec through the shim vs the program run directly
#  7. PYENVFS_ROOTS: exec of the no-op with 1 root vs 3 (the version in PYENV_ROOT, and in
#     the third root, a uv directory) (goal: +0.05 ms at most); 3 roots x 100 versions
#     (pyenv root, shared pyenv root, uv directory): `ls` of the mount and the daemon's RSS
#  8. polling: part 7's shared root (100 versions x 100 executables) as the extra root of a
#     mount through a FUSE passthrough (stallfs from tests/helpers, never stalled: a network
#     file system to pyenvfs) at the default interval: each poll's re-read (the daemon's own
#     figures) and the daemon's CPU per minute, beside part 7's mount (inotify, not polled)
#   BENCH_POLL_SECONDS=N  how long part 8 samples the CPU (default 30)
# Everything lives in a temp dir; the machine's ~/.pyenv is never touched.
#   BENCH_RUNS=N  hyperfine runs for the exec comparisons (default 300)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${BENCH_BUILD:-$src/.build/bench}
daemon=${PYENVFS_DAEMON:-$build/fs/pyenvfs}
shim=${PYENVFS_SHIM:-$build/resolver/pyenvfs-shim}
pyenv=/root/.pyenv/libexec/pyenv
[ -x "$pyenv" ] || pyenv=$(dirname "$(readlink -f "$(command -v pyenv)")")/../libexec/pyenv
runs=${BENCH_RUNS:-300}
for p in "$daemon" "$shim" "$pyenv"; do
	[ -x "$p" ] || { echo "fs.sh: $p is missing (build first)" >&2; exit 1; }
done
command -v hyperfine >/dev/null || { echo "fs.sh: needs hyperfine" >&2; exit 1; }

work=$(mktemp -d /tmp/pyenvfs-bench-fs.XXXXXX)
mounts=()
cleanup() {
	for m in "${mounts[@]}"; do fusermount3 -u "$m" 2>/dev/null || fusermount3 -u -z "$m" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT
export PATH=/usr/bin:/bin LC_ALL=C HOME=$work/home
unset PYENV_ROOT PYENV_DIR
mkdir -p "$HOME"

mount_fs() { # root mountpoint
	mkdir -p "$2"
	"$daemon" --root "$1" --shim "$shim" "$2"
	mounts+=("$2")
}
daemon_pid() { # mountpoint
	/usr/bin/python3 -c 'import os,sys; t=os.getxattr(sys.argv[1],"user.pyenvfs.status").decode(); print(dict(l.split("=",1) for l in t.splitlines())["pid"])' "$1"
}
median_ms() { # json from compare, command index
	/usr/bin/python3 -c 'import json,sys,statistics; r=json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]; print("%.3f" % (statistics.median(r["times"])*1000))' "$1" "$2"
}
cpu_ms() { # json from compare, command index: mean user+system CPU time
	/usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]; print("%.3f" % (r["cpu"]*1000))' "$1" "$2"
}
# compare JSON RUNS ROUNDS CMD...: hyperfine ROUNDS times, RUNS runs per command each time,
# alternating the order, all times pooled per command — so a machine whose load changes
# during the run biases no command.
compare() {
	/usr/bin/python3 - "$@" <<'PY'
import json, statistics, subprocess, sys
out, runs, rounds, cmds = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
times = {c: [] for c in cmds}
cpu = {c: [] for c in cmds}
for r in range(rounds):
    order = cmds if r % 2 == 0 else cmds[::-1]
    subprocess.run(["hyperfine", "-N", "--warmup", "3", "--runs", runs, "--export-json",
                    out + ".round", *order], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    for res in json.load(open(out + ".round"))["results"]:
        times[res["command"]] += res["times"]
        cpu[res["command"]].append(res["user"] + res["system"])
json.dump({"results": [{"command": c, "times": times[c], "cpu": statistics.mean(cpu[c])}
                       for c in cmds]}, open(out, "w"))
PY
}
calc() { /usr/bin/python3 -c "print($1)"; }

# --- one root: a real CPython 3.11 (relocated copy) and a no-op program ---------------------
root=$work/root
v=3.11.4
mkdir -p "$root/versions/$v/bin" "$root/versions/$v/lib"
cp /usr/bin/python3.11 "$root/versions/$v/bin/python3.11"
ln -s python3.11 "$root/versions/$v/bin/python"
ln -s /usr/lib/python3.11 "$root/versions/$v/lib/python3.11"
cp /bin/true "$root/versions/$v/bin/noop"
mount_fs "$root" "$root/shims"
export PYENV_VERSION=$v
# pyenv's own shims, made by pyenv rehash in a temp root of its own with the same version
proot=$work/pyenv-root
mkdir -p "$proot/versions"
ln -s "$root/versions/$v" "$proot/versions/$v"
PYENV_ROOT=$proot "$pyenv" rehash
[ -x "$proot/shims/python" ] || { echo "fs.sh: pyenv rehash made no shims" >&2; exit 1; }
direct=$root/versions/$v/bin

echo "--- load average now: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
echo "--- 1. no-op program (/bin/true): through the shims vs direct ($runs runs each, 6 rounds)"
compare "$work/noop.json" $((runs / 6)) 6 "$direct/noop" "$root/shims/noop"
d=$(median_ms "$work/noop.json" 0)
s=$(median_ms "$work/noop.json" 1)
echo "direct ${d} ms, through pyenvfs ${s} ms: added $(calc "round($s-$d,3)") ms (goal 0.3, max 1)"
echo "  CPU (user+sys): direct $(cpu_ms "$work/noop.json" 0) ms, through pyenvfs $(cpu_ms "$work/noop.json" 1) ms"

echo "--- 2. python -c pass: direct vs pyenvfs vs pyenv's shim"
compare "$work/py.json" $((runs / 30)) 6 "$direct/python -c pass" "$root/shims/python -c pass" \
	"$proot/shims/python -c pass"
d=$(median_ms "$work/py.json" 0)
s=$(median_ms "$work/py.json" 1)
p=$(median_ms "$work/py.json" 2)
echo "direct ${d} ms, pyenvfs ${s} ms, pyenv shim ${p} ms"
echo "  CPU (user+sys): direct $(cpu_ms "$work/py.json" 0) ms, pyenvfs $(cpu_ms "$work/py.json" 1) ms, pyenv shim $(cpu_ms "$work/py.json" 2) ms"
echo "pyenvfs/direct $(calc "round($s/$d,3)") (goal <= 1.05; CPU time $(calc "round($(cpu_ms "$work/py.json" 1)/$(cpu_ms "$work/py.json" 0),3)")); pyenv/direct $(calc "round($p/$d,3)"); pyenv/pyenvfs $(calc "round($p/$s,2)")"

echo "--- 3. 3000 PATH misses: mount first in PATH vs an empty directory first"
empty=$work/empty
mkdir -p "$empty"
miss_warm='i=0; while [ $i -lt 3000 ]; do command -v nosuchcmd$((i % 30)) >/dev/null; i=$((i+1)); done; :'
miss_cold='i=0; while [ $i -lt 3000 ]; do command -v nosuchcmd$$_$i >/dev/null; i=$((i+1)); done; :'
compare "$work/miss.json" 5 6 \
	"env PATH=$empty:/usr/bin:/bin dash -c '$miss_warm'" \
	"env PATH=$root/shims:/usr/bin:/bin dash -c '$miss_warm'" \
	"env PATH=$empty:/usr/bin:/bin dash -c '$miss_cold'" \
	"env PATH=$root/shims:/usr/bin:/bin dash -c '$miss_cold'"
we=$(median_ms "$work/miss.json" 0)
wf=$(median_ms "$work/miss.json" 1)
ce=$(median_ms "$work/miss.json" 2)
cf=$(median_ms "$work/miss.json" 3)
echo "warm: empty ${we} ms, pyenvfs ${wf} ms: ratio $(calc "round($wf/$we,3)") (goal <= 1.10)"
echo "cold (3000 new names, one LOOKUP each): empty ${ce} ms, pyenvfs ${cf} ms: ratio $(calc "round($cf/$ce,3)")"
echo "  CPU (user+sys): warm $(cpu_ms "$work/miss.json" 0) vs $(cpu_ms "$work/miss.json" 1) ms: ratio" \
	"$(calc "round($(cpu_ms "$work/miss.json" 1)/$(cpu_ms "$work/miss.json" 0),3)");" \
	"cold $(cpu_ms "$work/miss.json" 2) vs $(cpu_ms "$work/miss.json" 3) ms"

echo "--- 4. a new executable: created -> runnable through the shims"
/usr/bin/python3 - "$root" "$v" <<'PY'
import os, statistics, subprocess, sys, time
root, v = sys.argv[1], sys.argv[2]
bindir = os.path.join(root, "versions", v, "bin")
lat = []
for i in range(40):
    name = f"newtool{i}"
    entry = os.path.join(root, "shims", name)
    os.stat(os.path.join(root, "shims"))
    try:  # a miss first, as a shell would have cached it
        os.stat(entry)
    except FileNotFoundError:
        pass
    t0 = time.monotonic()
    fd = os.open(os.path.join(bindir, name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o755)
    os.write(fd, b"#!/bin/sh\necho ok\n")
    os.close(fd)
    while True:
        try:
            os.stat(entry)
            break
        except FileNotFoundError:
            time.sleep(0.0002)
    lat.append((time.monotonic() - t0) * 1000)
    out = subprocess.run([entry], capture_output=True, text=True)
    assert out.stdout == "ok\n", (out.returncode, out.stdout, out.stderr)
    time.sleep(0.01)
lat.sort()
print("median %.1f ms, p90 %.1f ms, max %.1f ms over %d executables (goal <= 50, aim 10)"
      % (statistics.median(lat), lat[int(len(lat) * 0.9)], lat[-1], len(lat)))
PY

echo "--- 5. 200 versions x 100 executables"
# typical: 90 names every version has + 10 of its own; worst: 100 names of its own each
for kind in typical worst; do
	big=$work/big-$kind
	plain=$work/plain-$kind
	mkdir -p "$plain"
	/usr/bin/python3 - "$big" "$plain" "$kind" <<'PY'
import os, sys
big, plain, kind = sys.argv[1:]
shared = 90 if kind == "typical" else 0
names = set()
for n in range(200):
    v = f"3.{n // 20}.{n % 20}"
    b = os.path.join(big, "versions", v, "bin")
    os.makedirs(b)
    for c in [f"tool{i}" for i in range(shared)] + [f"cmd{v}-{j}" for j in range(100 - shared)]:
        p = os.path.join(b, c)
        with open(p, "w") as f:
            f.write("#!/bin/sh\n")
        os.chmod(p, 0o755)
        names.add(c)
for c in names:
    open(os.path.join(plain, c), "w").close()
PY
	mount_fs "$big" "$big/shims"
	compare "$work/ls-$kind.json" 20 4 "ls $plain" "ls $big/shims"
	lp=$(median_ms "$work/ls-$kind.json" 0)
	lm=$(median_ms "$work/ls-$kind.json" 1)
	pid=$(daemon_pid "$big/shims")
	echo "$kind ($(ls "$big/shims" | wc -l) entries): ls of a plain directory ${lp} ms, of pyenvfs ${lm} ms (goal <= 10 ms);" \
		"daemon RSS $(awk '/VmRSS/ {printf "%.1f MiB", $2/1024}' /proc/$pid/status) (goal <= 16 MiB)"
done

echo "--- 6. syscalls of one exec (strace -f)"
if command -v strace >/dev/null; then
	strace -f -o "$work/direct.trace" "$direct/noop"
	strace -f -o "$work/shim.trace" "$root/shims/noop"
	/usr/bin/python3 - "$work/direct.trace" "$work/shim.trace" <<'PY'
import collections, re, sys
def calls(path):
    out = []
    for line in open(path):
        m = re.match(r"\d+\s+(\w+)\(", line)
        if m:
            out.append(m.group(1))
    return out
direct, shim = calls(sys.argv[1]), calls(sys.argv[2])
execs = [i for i, n in enumerate(shim) if n == "execve"]
own = shim[execs[0] + 1:execs[1]] if len(execs) >= 2 else []
c = collections.Counter(own)
print(f"no-op direct: {len(direct)} syscalls; through the shim: {len(shim)} "
      f"(+{len(shim) - len(direct)}); the shim itself, between the two execve: {len(own)}:")
print("  " + ", ".join(f"{k} {v}" for k, v in c.most_common()))
PY
else
	echo "strace not installed"
fi

echo "--- 7. PYENVFS_ROOTS: 1 root vs 3"
r3=$work/roots3
mkdir -p "$r3/main/versions" "$r3/shared/versions/3.10.4/bin" "$r3/uv/cpython-3.12.8-linux-x86_64-gnu/bin"
ln -s "$root/versions/$v" "$r3/main/versions/$v"
cp /bin/true "$r3/uv/cpython-3.12.8-linux-x86_64-gnu/bin/noop"
PYENVFS_ROOTS=$r3/shared:$r3/uv mount_fs "$r3/main" "$r3/main/shims"
compare "$work/roots.json" $((runs / 6)) 6 "$root/shims/noop" "$r3/main/shims/noop" \
	"env PYENV_VERSION=3.12.8 $r3/main/shims/noop" "env PYENV_VERSION=$v $root/shims/noop"
one=$(median_ms "$work/roots.json" 0)
three=$(median_ms "$work/roots.json" 1)
uv3=$(median_ms "$work/roots.json" 2)
env1=$(median_ms "$work/roots.json" 3)
echo "no-op, version in PYENV_ROOT: 1 root ${one} ms, 3 roots ${three} ms: $(calc "round($three-$one,3)") ms (goal <= +0.05)"
echo "no-op, version in the third root (uv), through env(1): ${uv3} ms vs 1 root through env(1) ${env1} ms: $(calc "round($uv3-$env1,3)") ms"
big3=$work/big-roots
/usr/bin/python3 - "$big3" <<'PY'
import os, sys
big = sys.argv[1]
def fill(vdir, n):
    b = os.path.join(vdir, "bin")
    os.makedirs(b)
    for c in [f"tool{i}" for i in range(90)] + [f"cmd{n}-{j}" for j in range(10)]:
        p = os.path.join(b, c)
        with open(p, "w") as f:
            f.write("#!/bin/sh\n")
        os.chmod(p, 0o755)
for n in range(100):
    fill(os.path.join(big, "main", "versions", f"3.{n // 20}.{n % 20}"), f"m{n}")
    fill(os.path.join(big, "shared", "versions", f"3.{n // 20 + 5}.{n % 20}"), f"s{n}")
    fill(os.path.join(big, "uv", f"cpython-3.{n // 20 + 10}.{n % 20}-linux-x86_64-gnu"), f"u{n}")
PY
mkdir -p "$work/plain-roots"
ls "$big3"/main/versions/*/bin "$big3"/shared/versions/*/bin "$big3"/uv/*/bin | grep -v ':$' | sort -u |
	while read -r n; do [ -n "$n" ] && : >"$work/plain-roots/$n"; done
PYENVFS_ROOTS=$big3/shared:$big3/uv mount_fs "$big3/main" "$big3/main/shims"
compare "$work/ls-roots.json" 20 4 "ls $work/plain-roots" "ls $big3/main/shims"
lp=$(median_ms "$work/ls-roots.json" 0)
lm=$(median_ms "$work/ls-roots.json" 1)
pid=$(daemon_pid "$big3/main/shims")
echo "3 roots x 100 versions ($(ls "$big3/main/shims" | wc -l) entries): ls of a plain directory ${lp} ms, of pyenvfs ${lm} ms;" \
	"daemon RSS $(awk '/VmRSS/ {printf "%.1f MiB", $2/1024}' /proc/$pid/status)"

echo "--- 8. polling: an extra root on a network file system (a FUSE passthrough)"
stallfs=${PYENVFS_STALLFS:-$work/stallfs}
if [ ! -x "$stallfs" ]; then
	# shellcheck disable=SC2046 # pkg-config's words
	cc -O2 -o "$stallfs" "$src/tests/helpers/stallfs.c" $(pkg-config --cflags --libs fuse3)
fi
poll=$work/poll
# part 7's shared root (100 versions x 100 executables) behind the passthrough
mkdir -p "$poll/net" "$poll/main/versions"
"$stallfs" "$big3/shared" "$poll/never-stall" "$poll/net" -f 2>/dev/null &
sfs_pid=$!
mounts+=("$poll/net")
for _ in $(seq 100); do grep -q " $poll/net " /proc/self/mountinfo && break; sleep 0.05; done
PYENVFS_ROOTS=$poll/net mount_fs "$poll/main" "$poll/main/shims"
/usr/bin/python3 - "${BENCH_POLL_SECONDS:-30}" "$(daemon_pid "$poll/main/shims")" \
	"$(daemon_pid "$big3/main/shims")" "$sfs_pid" "$poll/main/shims" <<'PY'
import os, sys, time
secs, mp = float(sys.argv[1]), sys.argv[5]
pids = [int(p) for p in sys.argv[2:5]]
tck = os.sysconf("SC_CLK_TCK")
def cpu(pid):  # utime + stime of the process (its threads, the ended ones included)
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / tck
def scan():  # the extra root's figures from the status xattr
    poll_ms, out = 0, None
    for line in os.getxattr(mp, "user.pyenvfs.status").decode().splitlines():
        k, _, v = line.partition("=")
        if k == "poll_ms":
            poll_ms = int(v)
        if k == "scan" and v.split()[0] == "1":
            out = dict(zip(("polled", "dirs", "polls", "last", "max", "total"),
                           map(int, v.split()[1:])))
    return poll_ms, out
time.sleep(3)  # past the first polls
c0, (_, s0), t0 = [cpu(p) for p in pids], scan(), time.monotonic()
time.sleep(secs)
c1, (poll_ms, s1), t1 = [cpu(p) for p in pids], scan(), time.monotonic()
net, local, sfs = ((b - a) * 60 / (t1 - t0) * 1000 for a, b in zip(c0, c1))
polls = s1["polls"] - s0["polls"]
mean = (s1["total"] - s0["total"]) / max(polls, 1) / 1000
print(f"part 7's shared root (100 versions x 100 executables) polled every {poll_ms} ms: "
      f"re-read per poll mean {mean:.2f} ms, last {s1['last'] / 1000:.2f} ms, longest {s1['max'] / 1000:.2f} ms "
      f"({polls} polls in {t1 - t0:.0f} s, {(s1['dirs'] - s0['dirs']) / max(polls, 1):.0f} "
      f"directories each)")
print(f"daemon CPU: {net:.0f} ms per minute polling it; {local:.0f} ms per minute for part 7's "
      f"mount (3 roots x 100 versions on the local disk, inotify); the passthrough itself (the "
      f"file server's side): {sfs:.0f} ms per minute")
PY
