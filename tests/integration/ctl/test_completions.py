#!/usr/bin/python3
"""The shell completions: bash and fish complete commands, versions and commands in versions
from a sandbox root; zsh's function parses and completes through compsys."""

import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pyenvfs_testlib import CTL, CtlSandbox, check, main  # noqa: E402

SRC = os.path.join(os.environ.get("PYENVFS_SOURCE_ROOT", ""), "completions")
VERSIONS = {"3.12.1": ["python", "black"], "3.11.2": ["python"]}


def bash_complete(sb, *words):
    script = ("source %s/pyenvfs-ctl.bash\n"
              "COMP_WORDS=(%s); COMP_CWORD=%d; _pyenvfs_ctl\n"
              'printf "%%s\\n" "${COMPREPLY[@]}"\n'
              % (SRC, " ".join("'%s'" % w for w in words), len(words) - 1))
    p = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], env=sb.env(),
                       capture_output=True, text=True, timeout=30)
    check(p.returncode == 0, "bash completion failed", p)
    return p.stdout.split()


def fish_complete(sb, line):
    script = "source %s/pyenvfs-ctl.fish; complete -C'%s'" % (SRC, line)
    p = subprocess.run(["fish", "--no-config", "-c", script],
                       env=sb.env(XDG_CONFIG_HOME=sb.home), capture_output=True, text=True,
                       timeout=30)
    check(p.returncode == 0, "fish completion failed", p)
    return [line.split("\t")[0] for line in p.stdout.splitlines()]


def test_bash():
    sb = CtlSandbox(VERSIONS)
    try:
        check(bash_complete(sb, "pyenvfs-ctl", "mo") == ["mount"], "bash: mo -> mount")
        got = bash_complete(sb, "pyenvfs-ctl", "")
        check(len(got) == 36 and "shims" in got and "virtualenv" in got, "bash: 36 commands")
        got = bash_complete(sb, "pyenvfs-ctl", "local", "3")
        check(sorted(got) == ["3.11.2", "3.12.1"], "bash: versions %r" % got)
        check("system" in bash_complete(sb, "pyenvfs-ctl", "global", ""), "bash: system")
        check(bash_complete(sb, "pyenvfs-ctl", "which", "bl") == ["black"], "bash: commands")
        check("--lazy" in bash_complete(sb, "pyenvfs-ctl", "umount", "--"), "bash: --lazy")
    finally:
        sb.cleanup()


def help_commands():
    """The commands `pyenvfs-ctl --help` lists."""
    p = subprocess.run([CTL, "--help"], capture_output=True, text=True)
    lines = p.stdout.split("Commands:")[1].split("See ")[0].splitlines()
    return [line.split()[0] for line in lines if line.strip()]


def test_every_command_completes():
    sb = CtlSandbox()
    try:
        cmds = help_commands()
        check(len(cmds) > 10, "pyenvfs-ctl --help lists its commands")
        bash = bash_complete(sb, "pyenvfs-ctl", "")
        fish = fish_complete(sb, "pyenvfs-ctl ")
        for c in cmds:
            check(c in bash, "bash does not complete %s" % c)
            check(c in fish, "fish does not complete %s" % c)
        with open(os.path.join(SRC, "_pyenvfs-ctl")) as f:
            zsh = f.read()
        for c in cmds:
            check("'%s:" % c in zsh, "zsh does not complete %s" % c)
    finally:
        sb.cleanup()


def test_fish():
    sb = CtlSandbox(VERSIONS)
    try:
        check(fish_complete(sb, "pyenvfs-ctl mo") == ["mount"], "fish: mo -> mount")
        got = fish_complete(sb, "pyenvfs-ctl uninstall ")
        check(sorted(got) == ["3.11.2", "3.12.1"], "fish: versions %r" % got)
        check("black" in fish_complete(sb, "pyenvfs-ctl which "), "fish: commands")
    finally:
        sb.cleanup()


def test_zsh():
    sb = CtlSandbox(VERSIONS)
    try:
        p = subprocess.run(["zsh", "-n", os.path.join(SRC, "_pyenvfs-ctl")],
                           capture_output=True, text=True)
        check(p.returncode == 0 and p.stderr == "", "zsh: syntax", p)
        # drive compsys: compadd/_describe are wrapped to print what they are given
        script = r'''
fpath=(%s $fpath)
autoload -Uz compinit && compinit -u -d %s/zcompdump
autoload -Uz _pyenvfs-ctl
compadd() {
  local isarr=0 a
  for a in "$@"; do
    if [[ $a == -a ]]; then isarr=1
    elif [[ $a == -* ]]; then :
    elif (( isarr )); then print -rl -- "C:"${^${(P)a}}
    else print -r -- "C:$a"; fi
  done
}
_describe() { local -a arr=("${(@P)${@[-1]}}"); print -rl -- "D:"${^arr%%%%:*}; }
_directories() { print -r -- "DIRS"; }
words=(pyenvfs-ctl "") CURRENT=2 _pyenvfs-ctl
words=(pyenvfs-ctl local "") CURRENT=3 _pyenvfs-ctl
words=(pyenvfs-ctl which "") CURRENT=3 _pyenvfs-ctl
''' % (SRC, sb.dir)
        p = subprocess.run(["zsh", "-f", "-c", script], env=sb.env(), capture_output=True,
                           text=True, timeout=30)
        out = p.stdout.splitlines()
        check(p.returncode == 0, "zsh: completion run", p)
        check("D:mount" in out and "D:doctor" in out, "zsh: commands", p)
        check("C:3.12.1" in out and "C:system" in out, "zsh: versions", p)
        check("C:black" in out, "zsh: commands in versions", p)
    finally:
        sb.cleanup()


if __name__ == "__main__":
    main(globals())
