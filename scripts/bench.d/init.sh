#!/usr/bin/env bash
# Shell start: an interactive bash, zsh and fish whose rc file evals `pyenvfs-ctl init -`
# vs one whose rc file evals `pyenv init -`, vs an empty rc file, side by side in one run.
# Each variant has its own temp HOME (never the user's rc files) and both use the same temp
# PYENV_ROOT with 10 versions x 20 programs; pyenvfs is mounted on it, as it is after login.
# Prints hyperfine's table per shell, then the added cost of each init over the empty rc.
#   BENCH_RUNS=N  runs per command (default 40)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${BENCH_BUILD:-$src/.build/bench}
ctl=$build/ctl/pyenvfs-ctl
export PYENVFS_DAEMON=${PYENVFS_DAEMON:-$build/fs/pyenvfs} PYENVFS_SHIM=${PYENVFS_SHIM:-$build/resolver/pyenvfs-shim}
pyenv_bin=$(command -v pyenv || true)
pyenv_bin=${PYENV_BIN:-$pyenv_bin}
[ -x "$ctl" ] || { echo "init.sh: build first ($ctl missing)" >&2; exit 1; }
[ -n "$pyenv_bin" ] || { echo "init.sh: pyenv is not installed: nothing to compare with" >&2; exit 1; }
# pyenv's shim for `pyenv` is itself found through PATH: use its real bin/pyenv
pyenv_bin=$(readlink -f "$pyenv_bin")
pyenv_dir=$(dirname "$pyenv_bin")

work=$(mktemp -d /tmp/pyenvfs-bench-init.XXXXXX)
cleanup() {
	"$ctl" umount "$work/root/shims" >/dev/null 2>&1 || fusermount3 -u -z "$work/root/shims" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

root=$work/root
for v in 3.8.18 3.9.18 3.10.13 3.11.7 3.12.1 3.12.2 3.13.0 3.13.1 3.13.1t 3.14.0; do
	mkdir -p "$root/versions/$v/bin"
	for c in python python3 pip pip3 pydoc idle 2to3 python-config black ruff mypy pytest \
		tox nox flake8 isort pylint coverage ipython jupyter; do
		printf '#!/bin/sh\n' >"$root/versions/$v/bin/$c"
		chmod +x "$root/versions/$v/bin/$c"
	done
done
export PYENV_ROOT=$root
# pyenv's rc: the line pyenv's README gives; pyenvfs's: ours. PATH has pyenv's bin for both.
export PATH=$pyenv_dir:/usr/bin:/bin
mkdir -p "$root/shims"
PYENV_ROOT=$root "$ctl" mount "$root/shims" >/dev/null

variants=(none pyenv pyenvfs)
for v in "${variants[@]}"; do
	h=$work/home-$v
	mkdir -p "$h/.config/fish"
	case $v in
	none) line=':' fishline='true' ;;
	pyenv) line='eval "$(pyenv init -)"' fishline='pyenv init - fish | source' ;;
	pyenvfs) line="eval \"\$($ctl init -)\"" fishline="$ctl init - fish | source" ;;
	esac
	echo "$line" >"$h/.bashrc"
	echo "$line" >"$h/.zshrc"
	echo "$fishline" >"$h/.config/fish/config.fish"
done

# sanity: each rc really sets the shell up (the shims first in PATH) before timing it
for v in pyenv pyenvfs; do
	h=$work/home-$v
	out=$(HOME=$h bash -i -c 'echo "$PATH"' 2>/dev/null)
	[[ $out == "$root/shims:"* ]] || { echo "init.sh: bash rc for $v did not work: $out" >&2; exit 1; }
	out=$(HOME=$h ZDOTDIR=$h zsh -i -c 'echo "$PATH"' 2>/dev/null)
	[[ $out == "$root/shims:"* ]] || { echo "init.sh: zsh rc for $v did not work: $out" >&2; exit 1; }
	out=$(HOME=$h XDG_CONFIG_HOME=$h/.config fish -c 'string join : $PATH' 2>/dev/null)
	[[ $out == "$root/shims:"* ]] || { echo "init.sh: fish rc for $v did not work: $out" >&2; exit 1; }
done

# and, mounted, the pyenvfs rc starts one process only: `pyenvfs-ctl init -` itself
if command -v strace >/dev/null; then
	h=$work/home-pyenvfs
	HOME=$h strace -f -qq -o "$work/trace" -e trace=execve bash -i -c exit 2>/dev/null
	n=$(grep -c 'execve(' "$work/trace")
	[ "$n" -eq 2 ] || { echo "init.sh: the pyenvfs rc ran $((n - 1)) programs, not 1:" >&2; cat "$work/trace" >&2; exit 1; }
fi

runs=${BENCH_RUNS:-40}
summary=()
for sh in bash zsh fish; do
	cmds=()
	for v in "${variants[@]}"; do
		h=$work/home-$v
		case $sh in
		bash) cmds+=("env HOME=$h bash -i -c exit") ;;
		zsh) cmds+=("env HOME=$h ZDOTDIR=$h zsh -i -c exit") ;;
		fish) cmds+=("env HOME=$h XDG_CONFIG_HOME=$h/.config fish -i -c exit") ;;
		esac
	done
	echo "--- $sh: empty rc / pyenv init - / pyenvfs-ctl init -"
	hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/$sh.json" \
		-n "$sh (empty rc)" -n "$sh + pyenv init -" -n "$sh + pyenvfs-ctl init -" \
		"${cmds[@]}" 2>&1 | grep -v '^ *$' || true
	summary+=("$(/usr/bin/python3 - "$work/$sh.json" "$sh" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
med = [x["median"] * 1000 for x in r]
base, py, fs = med
print("%-5s median: empty rc %.1f ms, pyenv init %.1f ms (+%.1f), pyenvfs init %.1f ms (+%.1f);"
      " added cost pyenvfs/pyenv = %.3f" % (sys.argv[2], base, py, py - base, fs, fs - base,
                                           (fs - base) / (py - base) if py > base else float("nan")))
EOF
)")
done
# what a pyenvfs-ctl start costs by itself (dynamic libraries included), next to a program
# that does nothing: the init line pays it once per shell
echo "--- pyenvfs-ctl's own start"
hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/start.json" \
	-n "pyenvfs-ctl --version" -n "/bin/true" "$ctl --version" /bin/true 2>&1 | grep -v '^ *$' || true
summary+=("$(/usr/bin/python3 - "$work/start.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print("start median: pyenvfs-ctl --version %.1f ms, /bin/true %.1f ms"
      % (r[0]["median"] * 1000, r[1]["median"] * 1000))
EOF
)")
echo "--- shell start, added by the init line (medians, $runs runs each)"
printf '%s\n' "${summary[@]}"
