#!/usr/bin/env bash
# pyenvfs-ctl's native pyenv-virtualenv commands vs pyenv 2.6 running pyenv-virtualenv 1.4
# (the machine's plugin, COPIED into a temporary root), side by side in one hyperfine run
# each: `sh-activate --quiet' in a project whose .python-version names an env (what
# virtualenv-init's prompt hook runs after each cd), `virtualenvs', `virtualenv-prefix'.
#   BENCH_RUNS=N  runs per command (default 50)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${BENCH_BUILD:-$src/.build/bench}
ctl=$build/ctl/pyenvfs-ctl
pyenv=${PYENV_BIN:-/root/.pyenv/libexec/pyenv}
plugin=${PYENV_VIRTUALENV_SRC:-/root/.pyenv/plugins/pyenv-virtualenv}
runs=${BENCH_RUNS:-50}
[ -x "$ctl" ] || { echo "virtualenv.sh: build first ($ctl missing)" >&2; exit 1; }
[ -x "$pyenv" ] && [ -d "$plugin" ] || { echo "virtualenv.sh: needs pyenv and pyenv-virtualenv" >&2; exit 1; }

work=$(mktemp -d /tmp/pyenvfs-bench-venv.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root/plugins" "$work/bin"
cp -a "$plugin" "$root/plugins/"
for v in 3.11.9 3.12.1 3.13.0; do
	mkdir -p "$root/versions/$v/bin"
	printf '#!/bin/sh\n' >"$root/versions/$v/bin/python"
	chmod +x "$root/versions/$v/bin/python"
	for e in web api tools; do
		env=$root/versions/$v/envs/$e-$v
		mkdir -p "$env/bin"
		cp "$root/versions/$v/bin/python" "$env/bin/python"
		touch "$env/bin/activate"
		printf 'home = %s/versions/%s/bin\n' "$root" "$v" >"$env/pyvenv.cfg"
		ln -s "$env" "$root/versions/$e-$v"
	done
done
mkdir -p "$work/project/src"
echo web-3.12.1 >"$work/project/.python-version"
cd "$work/project/src"
ln -s "$ctl" "$work/bin/pyenv" # our ctl under pyenv's name: the same output
env=(env -i "PATH=/usr/bin:/bin" "HOME=$work" "PYENV_ROOT=$root" "PWD=$PWD" "PYENV_SHELL=bash"
	"PYENV_VIRTUALENV_INIT=1")
for args in "sh-activate --quiet" "virtualenvs" "virtualenv-prefix"; do
	a=$("${env[@]}" "$pyenv" $args 2>&1)
	b=$("${env[@]}" "$work/bin/pyenv" $args 2>&1)
	[ "$a" = "$b" ] || { echo "virtualenv.sh: $args differs: pyenv '$a', ours '$b'" >&2; exit 1; }
done
echo "9 envs in 3 versions; the answers are the same"
for args in "sh-activate --quiet" "virtualenvs" "virtualenv-prefix"; do
	"${env[@]}" "$(command -v hyperfine)" -N --warmup 3 --runs "$runs" \
		-n "pyenvfs-ctl $args" "$work/bin/pyenv $args" \
		-n "pyenv $args" "$pyenv $args" | grep -E 'Time|±|faster|pyenv'
done
