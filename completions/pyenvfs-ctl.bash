# bash completion for pyenvfs-ctl                                     -*- shell-script -*-
# Installed as <datadir>/bash-completion/completions/pyenvfs-ctl (loaded on first use).
# Versions and commands come from globs under $PYENV_ROOT: completing forks nothing.

_pyenvfs_ctl() {
	local cur=${COMP_WORDS[COMP_CWORD]} cmd=${COMP_WORDS[1]-}
	local root=${PYENV_ROOT:-$HOME/.pyenv}
	local IFS=$'\n'
	if ((COMP_CWORD == 1)); then
		local commands=(version version-name version-origin version-file version-file-read
			version-file-write versions which whence prefix latest local global shell
			sh-shell exec root rehash shims completions commands help hooks init install
			uninstall mount umount status doctor virtualenvs virtualenv-prefix activate
			deactivate virtualenv virtualenv-delete)
		COMPREPLY=($(compgen -W "${commands[*]}" -- "$cur"))
		return
	fi
	local words=()
	case $cmd in
	local | global | shell | prefix | latest | uninstall | version-file-write | whence | \
		virtualenv | virtualenv-delete)
		local v r extra=()
		for v in "$root"/versions/*; do
			[[ -e $v ]] && words+=("${v##*/}")
		done
		# the extra roots (PYENVFS_ROOTS): pyenv roots, and uv's cpython-V[+freethreaded]-OS-ARCH-LIBC
		IFS=: read -ra extra <<<"${PYENVFS_ROOTS-}"
		for r in "${extra[@]}"; do
			for v in "$r"/versions/* "$r"/cpython-*-*-*-*; do
				[[ -d $v ]] || continue
				v=${v##*/}
				if [[ $v == cpython-* && ! -d $r/versions ]]; then
					v=${v#cpython-}
					v=${v%%-*}
					v=${v/+freethreaded/t}
					[[ $v == *+* || $v != *.*.* ]] && continue
				fi
				words+=("$v")
			done
		done
		case $cmd in
		local | global | shell | prefix) words+=(system) ;;
		esac
		case $cmd in
		local) words+=(--unset --force) ;;
		latest) words+=(--known) ;;
		shell) words+=(--unset -) ;;
		uninstall) words+=(-f --force) ;;
		esac
		;;
	versions) words=(--bare --skip-aliases --skip-envs --executables) ;;
	which | exec)
		local c r extra=()
		IFS=: read -ra extra <<<"${PYENVFS_ROOTS-}"
		for r in "${extra[@]}"; do
			for c in "$r"/versions/*/bin/* "$r"/cpython-*/bin/*; do
				[[ -x $c && ! -d $c ]] && words+=("${c##*/}")
			done
		done
		for c in "$root"/versions/*/bin/* "$root"/versions/*/envs/*/bin/*; do
			[[ -x $c && ! -d $c ]] && words+=("${c##*/}")
		done
		;;
	install) words=(--list --index --mirror -f --force -q --quiet) ;;
	init) words=(- --path --no-push-path --no-mount --no-rehash bash zsh fish pwsh) ;;
	mount) words=(-q --quiet) ;;
	shims) words=(--short) ;;
	umount) words=(-z --lazy) ;;
	esac
	case $cmd in
	mount | umount | status | doctor)
		COMPREPLY=($(compgen -W "${words[*]}" -- "$cur") $(compgen -d -- "$cur"))
		return
		;;
	esac
	COMPREPLY=($(compgen -W "${words[*]}" -- "$cur"))
}
complete -F _pyenvfs_ctl pyenvfs-ctl
