#!/usr/bin/env bash
# Soak and leak: SOAK_EXECS execs (default 100000) through the pyenvfs shims from SOAK_SHELLS
# parallel shells (default 8) while versions and console scripts appear and vanish under
# the root. Every exec must succeed; the daemon's open descriptors must be as many at the
# end as after the warm-up, its RSS must not grow by more than SOAK_RSS_SLACK_KB (default
# 4096). Prints both figures. Exit status 1 on any failure.
# Everything lives in a temp dir; the machine's ~/.pyenv is never touched.
#   PYENVFS_DAEMON, PYENVFS_SHIM   the programs (default: the bench build's)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${BENCH_BUILD:-$src/.build/bench}
daemon=${PYENVFS_DAEMON:-$build/fs/pyenvfs}
shim=${PYENVFS_SHIM:-$build/resolver/pyenvfs-shim}
execs=${SOAK_EXECS:-100000}
shells=${SOAK_SHELLS:-8}
slack_kb=${SOAK_RSS_SLACK_KB:-4096}
for p in "$daemon" "$shim"; do
	[ -x "$p" ] || { echo "soak.sh: $p is missing (build first)" >&2; exit 1; }
done

work=$(mktemp -d /tmp/pyenvfs-bench-soak.XXXXXX)
mnt=$work/root/shims
churn_pid=
cleanup() {
	[ -z "$churn_pid" ] || kill "$churn_pid" 2>/dev/null || true
	fusermount3 -u "$mnt" 2>/dev/null || fusermount3 -u -z "$mnt" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
export PATH=/usr/bin:/bin LC_ALL=C HOME=$work/home PYENV_ROOT=$work/root
unset PYENV_DIR PYENV_VERSION
mkdir -p "$HOME" "$mnt"

# a stable version whose ten tools the shells run, each a symlink to /bin/true
stable=$PYENV_ROOT/versions/3.12.0/bin
mkdir -p "$stable"
for i in 0 1 2 3 4 5 6 7 8 9; do ln -s /bin/true "$stable/t$i"; done
echo 3.12.0 >"$PYENV_ROOT/version"

"$daemon" --root "$PYENV_ROOT" --shim "$shim" "$mnt"
pid=$(/usr/bin/python3 -c 'import os,sys; t=os.getxattr(sys.argv[1],"user.pyenvfs.status").decode(); print(dict(l.split("=",1) for l in t.splitlines())["pid"])' "$mnt")
sample() { # prints "RSS_KB FDS" of the daemon
	echo "$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status") $(ls "/proc/$pid/fd" | wc -l)"
}

# one shell: N execs cycling through the tools, a fresh PATH search every 50; prints failures
shell_loop() { # n
	/bin/sh -c '
		PATH='"$mnt"':/usr/bin:/bin
		n=$1 i=0 fail=0
		while [ $i -lt $n ]; do
			t$((i % 10)) || fail=$((fail + 1))
			i=$((i + 1))
			[ $((i % 50)) -ne 0 ] || hash -r
		done
		echo $fail' sh "$1"
}

# versions and console scripts that come and go, as installs and pip do
churn() {
	local k=0
	while :; do
		k=$((k + 1))
		mkdir -p "$PYENV_ROOT/versions/3.13.$((k % 5))/bin"
		ln -sf /bin/true "$PYENV_ROOT/versions/3.13.$((k % 5))/bin/tool$((k % 7))"
		ln -sf /bin/true "$stable/console$((k % 11))"
		rm -f "$stable/console$(((k + 5) % 11))"
		[ $((k % 3)) -ne 0 ] || rm -rf "$PYENV_ROOT/versions/3.13.$(((k + 2) % 5))"
		sleep 0.01
	done
}

warm=$(shell_loop 1000)
[ "$warm" = 0 ] || { echo "soak.sh: $warm failures during the warm-up" >&2; exit 1; }
read -r rss0 fds0 < <(sample)
churn &
churn_pid=$!
per=$(((execs + shells - 1) / shells))
start=$(date +%s.%N)
results=$(for s in $(seq "$shells"); do shell_loop "$per" & done; wait)
end=$(date +%s.%N)
kill "$churn_pid"
wait "$churn_pid" 2>/dev/null || true
churn_pid=
sleep 0.5 # the last changes settle (watcher, fallback writer)
read -r rss1 fds1 < <(sample)
failures=0
for f in $results; do failures=$((failures + f)); done
total=$((per * shells))
echo "soak: $total execs from $shells shells in $(/usr/bin/python3 -c "print('%.1f' % ($end - $start))") s, $failures failures"
echo "soak: daemon RSS $rss0 KiB after warm-up, $rss1 KiB at the end; open fds $fds0 -> $fds1"
status=0
[ "$failures" -eq 0 ] || { echo "soak: FAIL: $failures execs failed" >&2; status=1; }
[ "$fds1" -eq "$fds0" ] || { echo "soak: FAIL: the daemon's fd count changed" >&2; status=1; }
[ $((rss1 - rss0)) -le "$slack_kb" ] || { echo "soak: FAIL: RSS grew by $((rss1 - rss0)) KiB" >&2; status=1; }
exit $status
