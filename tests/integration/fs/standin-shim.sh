#!/bin/sh
# Stand-in for pyenvfs-shim until the resolver lands: PYENV_VERSION or the first version.
root=$1 entry=$2
shift 2
v=${PYENV_VERSION:-$(ls "$root/versions" | head -n1)}
exec "$root/versions/$v/bin/${entry##*/}" "$@"
