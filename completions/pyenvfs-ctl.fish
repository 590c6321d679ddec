# fish completion for pyenvfs-ctl, installed as
# <datadir>/fish/vendor_completions.d/pyenvfs-ctl.fish (loaded on first use).

function __pyenvfs_ctl_root
    if set -q PYENV_ROOT; and test -n "$PYENV_ROOT"
        echo $PYENV_ROOT
    else
        echo $HOME/.pyenv
    end
end

# the extra roots (PYENVFS_ROOTS): pyenv roots, and uv's cpython-V[+freethreaded]-OS-ARCH-LIBC
function __pyenvfs_ctl_extra
    set -q PYENVFS_ROOTS; and string split -n : -- $PYENVFS_ROOTS
end

function __pyenvfs_ctl_versions
    for v in (__pyenvfs_ctl_root)/versions/*
        string replace -r '.*/' '' -- $v
    end
    for r in (__pyenvfs_ctl_extra)
        for v in $r/versions/*
            string replace -r '.*/' '' -- $v
        end
        test -d $r/versions; and continue
        for v in $r/cpython-*
            string replace -r '.*/' '' -- $v | string replace -r -f '^cpython-([0-9]+\.[0-9]+\.[0-9]+[a-z0-9]*)(\+freethreaded)?-[^-]+-[^-]+-[^-]+$' '$1$2' | string replace '+freethreaded' t
        end
    end
end

function __pyenvfs_ctl_commands
    for c in (__pyenvfs_ctl_root)/versions/*/bin/* (__pyenvfs_ctl_root)/versions/*/envs/*/bin/*
        test -x $c; and not test -d $c; and string replace -r '.*/' '' -- $c
    end
    for r in (__pyenvfs_ctl_extra)
        for c in $r/versions/*/bin/* $r/cpython-*/bin/*
            test -x $c; and not test -d $c; and string replace -r '.*/' '' -- $c
        end
    end
end

set -l __pyenvfs_ctl_cmds version version-name version-origin version-file version-file-read \
    version-file-write versions which whence prefix latest local global shell sh-shell exec root \
    rehash shims completions commands help hooks init install uninstall mount umount status doctor \
    virtualenvs virtualenv-prefix activate deactivate virtualenv virtualenv-delete

complete -c pyenvfs-ctl -f
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a version -d 'Show the current Python version(s) and its origin'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a version-name -d 'Show the current Python version'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a version-origin -d 'Explain how the current version is set'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a version-file -d 'Detect the file that sets the version'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a version-file-read -d 'Read the version from a version file'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a version-file-write -d 'Write versions to a version file'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a versions -d 'List the installed Python versions'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a which -d 'Show the full path to an executable'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a whence -d 'List the versions that contain an executable'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a prefix -d 'Show the prefix of a Python version'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a latest -d 'Latest installed version matching a prefix'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a local -d 'Set or show the local version'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a global -d 'Set or show the global version'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a shell -d 'Set or show the shell-specific version'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a sh-shell -d 'The shell code behind pyenv shell'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a exec -d 'Run an executable with the selected version'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a root -d 'Show the pyenv root'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a rehash -d 'Nothing to do: the shims compute themselves'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a shims -d 'List the entries of the shims directory'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a completions -d 'List the completions of a command'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a commands -d 'List every command, the plugins\' too'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a help -d 'Show the help of a command'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a hooks -d 'List the hook scripts of a command'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a virtualenvs -d 'List the pyenv-virtualenv envs'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a virtualenv-prefix -d 'Show the version an env was made from'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a activate -d 'Activate a pyenv-virtualenv env (shell function)'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a deactivate -d 'Deactivate the env (shell function)'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a virtualenv -d 'Make a pyenv-virtualenv env with python -m venv'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a virtualenv-delete -d 'Delete a pyenv-virtualenv env and its link'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a init -d 'Print the shell code that sets pyenvfs up'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a install -d 'Install prebuilt CPython versions'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a uninstall -d 'Uninstall Python versions'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a mount -d 'Mount the shims filesystem'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a umount -d 'Unmount it'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a status -d 'Is it mounted and healthy?'
complete -c pyenvfs-ctl -n "not __fish_seen_subcommand_from $__pyenvfs_ctl_cmds" -a doctor -d 'Check the setup, print the fixes'

complete -c pyenvfs-ctl -n "__fish_seen_subcommand_from local global shell prefix latest uninstall version-file-write whence virtualenv virtualenv-delete" -a "(__pyenvfs_ctl_versions)"
complete -c pyenvfs-ctl -n "__fish_seen_subcommand_from local global shell prefix" -a system
complete -c pyenvfs-ctl -n "__fish_seen_subcommand_from local shell" -l unset
complete -c pyenvfs-ctl -n "__fish_seen_subcommand_from which exec" -a "(__pyenvfs_ctl_commands)"
complete -c pyenvfs-ctl -n "__fish_seen_subcommand_from versions" -l bare -l skip-aliases -l skip-envs -l executables
complete -c pyenvfs-ctl -n "__fish_seen_subcommand_from install" -l list -l index -l mirror -s f -l force -s q -l quiet
complete -c pyenvfs-ctl -n "__fish_seen_subcommand_from uninstall" -s f -l force
complete -c pyenvfs-ctl -n "__fish_seen_subcommand_from shims" -l short
complete -c pyenvfs-ctl -n "__fish_seen_subcommand_from init" -a "- bash zsh fish pwsh" -l path -l no-push-path -l no-mount -l no-rehash
complete -c pyenvfs-ctl -n "__fish_seen_subcommand_from mount" -s q -l quiet -F
complete -c pyenvfs-ctl -n "__fish_seen_subcommand_from umount" -s z -l lazy -F
complete -c pyenvfs-ctl -n "__fish_seen_subcommand_from status doctor" -F
