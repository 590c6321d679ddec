#!/usr/bin/python3
"""`pyenvfs-ctl init` run by bash, zsh and fish: PATH, PYENV_SHELL, the `pyenv` function,
`pyenv shell`, and the mount on the first shell that starts no process once mounted.

usage: test_init.py [basic] [settings] [shell] [mount]   (which groups to run; default: all)"""

import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pyenvfs_testlib import CTL, CtlSandbox, check, main, status_fields  # noqa: E402

SHELLS = ("bash", "zsh", "fish")


def shell_argv(shell, script):
    if shell == "bash":
        return ["bash", "--norc", "--noprofile", "-c", script]
    if shell == "zsh":
        return ["zsh", "-f", "-c", script]
    return ["fish", "--no-config", "-c", script]


def init_line(shell):
    if shell == "fish":
        return "%s init - fish | source" % CTL
    return 'eval "$(%s init - %s)"' % (CTL, shell)


def print_path(shell):
    return "string join : $PATH" if shell == "fish" else 'printf "%s\\n" "$PATH"'


def run_shell(sb, shell, script, path=None, timeout=60):
    env = sb.env(PATH=path or "/usr/bin:/bin", XDG_CONFIG_HOME=os.path.join(sb.home, ".config"))
    return subprocess.run(shell_argv(shell, script), env=env, capture_output=True, text=True,
                          timeout=timeout, cwd=sb.dir, stdin=subprocess.DEVNULL)


def lines_after(marker, text):
    out = text.splitlines()
    return out[out.index(marker) + 1:] if marker in out else []


def group_basic():
    sb = CtlSandbox({"3.12.1": ["python"], "3.11.2": ["python"]})
    try:
        for shell in SHELLS:
            # a shims entry already in PATH (twice) moves to the front, once
            start = "/usr/bin:%s:/bin:%s" % (sb.shims, sb.shims)
            script = "\n".join([
                init_line(shell), "echo @@PATH", print_path(shell),
                "echo @@SHELL", "echo $PYENV_SHELL",
                "echo @@VERSION", "pyenv --version",
            ])
            p = run_shell(sb, shell, script, path=start)
            # the shell may say the mount failed (no daemon in this group): that's stderr
            check("@@PATH" in p.stdout, "%s: init code did not run" % shell, p)
            got_path = lines_after("@@PATH", p.stdout)[0]
            check(got_path == "%s:/usr/bin:/bin" % sb.shims,
                  "%s: PATH is %r" % (shell, got_path), p)
            check(lines_after("@@SHELL", p.stdout)[0] == shell, "%s: PYENV_SHELL" % shell, p)
            check(lines_after("@@VERSION", p.stdout)[0].startswith("pyenvfs-ctl "),
                  "%s: the pyenv function does not run pyenvfs-ctl" % shell, p)

            # --no-push-path leaves a PATH that has the shims alone
            q = subprocess.run([CTL, "init", "--path", "--no-push-path", shell],
                               env=sb.env(), capture_output=True, text=True)
            check(q.returncode == 0, "init --path --no-push-path", q)
            script = q.stdout + "\n" + print_path(shell)
            p = run_shell(sb, shell, script, path="/usr/bin:%s:/bin" % sb.shims)
            check(p.stdout.strip() == "/usr/bin:%s:/bin" % sb.shims,
                  "%s: --no-push-path changed PATH" % shell, p)
            p = run_shell(sb, shell, script, path="/usr/bin:/bin")
            check(p.stdout.strip() == "%s:/usr/bin:/bin" % sb.shims,
                  "%s: --no-push-path did not add the shims" % shell, p)

        # a root with a space and a quote survives the quoting of every shell
        odd = CtlSandbox()
        try:
            odd_root = os.path.join(odd.dir, "it's a root")
            os.makedirs(os.path.join(odd_root, "versions"))
            for shell in SHELLS:
                q = subprocess.run([CTL, "init", "--path", shell],
                                   env=odd.env(PYENV_ROOT=odd_root),
                                   capture_output=True, text=True)
                p = run_shell(odd, shell, q.stdout + "\n" + print_path(shell))
                check(p.stdout.strip() == odd_root + "/shims:/usr/bin:/bin",
                      "%s: odd root quoting: %r" % (shell, p.stdout), p)
        finally:
            odd.cleanup()

        # a mount that fails (here: a daemon that cannot mount) does not stop a `set -e'
        # script, and says why on stderr; --no-mount leaves the mount out
        fail = os.path.join(sb.dir, "failing-daemon")
        with open(fail, "w") as f:
            f.write("#!/bin/sh\necho 'cannot mount here' >&2\nexit 1\n")
        os.chmod(fail, 0o755)
        for shell in ("bash", "zsh"):
            # the init code above may have mounted the real daemon: start unmounted
            subprocess.run([CTL, "umount"], env=sb.env(), capture_output=True)
            script = "set -e\n%s\necho survived" % init_line(shell)
            p = subprocess.run(shell_argv(shell, script), env=sb.env(PYENVFS_DAEMON=fail),
                               capture_output=True, text=True, timeout=60)
            check(p.returncode == 0 and p.stdout.strip() == "survived" and
                  "cannot mount here" in p.stderr, "%s: set -e and a failed mount" % shell, p)
        for shell in SHELLS:
            q = subprocess.run([CTL, "init", "-", "--no-mount", shell], env=sb.env(),
                               capture_output=True, text=True)
            check(q.returncode == 0 and " mount " not in q.stdout and "pyenv" in q.stdout,
                  "%s: --no-mount" % shell, q)

        # like pyenv, init creates the root's shims/ and versions/
        fresh = os.path.join(sb.dir, "fresh", "root")
        q = subprocess.run([CTL, "init", "-", "--no-mount", "bash"],
                           env=sb.env(PYENV_ROOT=fresh), capture_output=True, text=True)
        check(os.path.isdir(fresh + "/shims") and os.path.isdir(fresh + "/versions"),
              "init - creates shims/ and versions/", q)

        # without '-': instructions on stderr, exit 1, like pyenv
        p = sb.ctl("init", "bash")
        check(p.returncode == 1 and 'eval "$(pyenvfs-ctl init - bash)"' in p.stderr,
              "init bash without -", p)
        p = sb.ctl("init", "fish")
        check(p.returncode == 1 and "pyenvfs-ctl init - fish | source" in p.stderr,
              "init fish without -", p)
        # a parent that is /bin/sh gets POSIX code that sh runs
        p = subprocess.run(["sh", "-c", 'eval "$(%s init -)"; echo "$PYENV_SHELL"; '
                            'printf "%%s\\n" "$PATH"' % CTL],
                           env=sb.env(), capture_output=True, text=True, timeout=60)
        out = p.stdout.splitlines()
        check(out[:2] == ["sh", sb.shims + ":/usr/bin:/bin"], "init - under sh", p)
    finally:
        sb.cleanup()


def group_shell():
    sb = CtlSandbox({"3.12.1": ["python"], "3.11.2": ["python"]})
    try:
        for shell in SHELLS:
            if shell == "fish":
                unset = "set -q PYENV_VERSION; and echo U=$PYENV_VERSION; or echo U=unset"
            else:
                unset = 'echo "U=${PYENV_VERSION-unset}"'
            script = "\n".join([
                init_line(shell),
                "pyenv shell 3.12.1", "echo V=$PYENV_VERSION",
                "pyenv shell 3.11.2 3.12.1", "echo W=$PYENV_VERSION",
                "pyenv shell --unset", unset,
                "pyenv version-name 2>&1",
            ])
            p = run_shell(sb, shell, script)
            out = p.stdout.splitlines()
            check("V=3.12.1" in out, "%s: pyenv shell did not set PYENV_VERSION" % shell, p)
            check("W=3.11.2:3.12.1" in out, "%s: pyenv shell with two versions" % shell, p)
            check("U=unset" in out, "%s: pyenv shell --unset" % shell, p)
            check(out[-1] == "system", "%s: version-name after --unset" % shell, p)
    finally:
        sb.cleanup()


def count_spawns(trace_file):
    """execve/clone/fork lines in an strace -f log, minus the shell's own execve."""
    n = 0
    with open(trace_file) as f:
        for line in f:
            if "CLONE_THREAD" in line:
                continue  # a thread of the shell (fish has some), not a process
            if any(s in line for s in ("execve(", "clone(", "clone3(", "fork(", "vfork(")):
                n += 1
    return n - 1


def group_mount():
    sb = CtlSandbox({"3.12.1": ["python", "pip"], "3.11.2": ["python"]})
    try:
        for shell in SHELLS:
            # first shell: nothing is mounted, the init code mounts
            p = run_shell(sb, shell, init_line(shell) + "\necho done")
            check(p.returncode == 0 and "done" in p.stdout,
                  "%s: first shell failed" % shell, p)
            st = sb.ctl("status")
            check(st.returncode == 0, "%s: first shell did not mount" % shell, st)
            pid = status_fields(st.stdout)["pid"]

            # next shells: mounted, so the code starts no process at all
            code = subprocess.run([CTL, "init", "-", shell], env=sb.env(),
                                  capture_output=True, text=True).stdout
            code_file = os.path.join(sb.dir, "init." + shell)
            with open(code_file, "w") as f:
                f.write(code)
            trace = os.path.join(sb.dir, "trace." + shell)
            src = "source" if shell == "fish" else "."
            argv = ["strace", "-f", "-qq", "-o", trace, "-e",
                    "trace=execve,clone,clone3,fork,vfork"]
            argv += shell_argv(shell, "%s %s" % (src, code_file))
            p = subprocess.run(argv, env=sb.env(XDG_CONFIG_HOME=sb.home), capture_output=True,
                               text=True, timeout=60)
            check(p.returncode == 0, "%s: sourcing init code under strace" % shell, p)
            spawned = count_spawns(trace)
            check(spawned == 0, "%s: init code started %d processes while mounted:\n%s"
                  % (shell, spawned, open(trace).read()))
            st = sb.ctl("status")
            check(status_fields(st.stdout).get("pid") == pid, "%s: daemon changed" % shell, st)

            u = sb.ctl("umount")
            check(u.returncode == 0, "umount", u)
    finally:
        sb.cleanup()


def group_settings():
    """The config file's settings are exported by init when the environment has none."""
    sb = CtlSandbox()
    try:
        cfg = os.path.join(sb.home, ".config", "pyenvfs")
        os.makedirs(cfg)
        with open(os.path.join(cfg, "config"), "w") as f:
            f.write("# pyenvfs\nPYENVFS_TOOL_VERSIONS=1\nPYENVFS_AUTO_INSTALL = 'yes'\n")
        for shell in SHELLS:
            show = "echo @@ $PYENVFS_TOOL_VERSIONS $PYENVFS_AUTO_INSTALL"
            p = run_shell(sb, shell, init_line(shell) + "\n" + show)
            check("@@ 1 yes" in p.stdout.splitlines(), "%s: settings not exported" % shell, p)
            # the environment wins
            script = ("PYENVFS_TOOL_VERSIONS=0; export PYENVFS_TOOL_VERSIONS\n" if shell != "fish"
                      else "set -gx PYENVFS_TOOL_VERSIONS 0\n") + init_line(shell) + "\n" + show
            p = run_shell(sb, shell, script)
            check("@@ 0 yes" in p.stdout.splitlines(), "%s: the environment lost" % shell, p)
        # no file: nothing exported
        os.remove(os.path.join(cfg, "config"))
        q = subprocess.run([CTL, "init", "-", "bash"], env=sb.env(XDG_CONFIG_HOME=os.path.join(sb.home, ".config")),
                           capture_output=True, text=True)
        check(q.returncode == 0 and "PYENVFS_" not in q.stdout, "init without a config file", q)
    finally:
        sb.cleanup()


def test_basic():
    group_basic()


def test_settings():
    group_settings()


def test_shell():
    group_shell()


def test_mount():
    group_mount()


if __name__ == "__main__":
    groups = sys.argv[1:]
    main(globals(), only=["test_" + g for g in groups] if groups else None)
