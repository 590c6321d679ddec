#!/usr/bin/python3
"""pyenvfs-ctl's own `virtualenv' and `virtualenv-delete', for a root without
pyenv-virtualenv: envs made with a real relocatable CPython's `python -m venv' (with and
without pip) in the plugin's layout, the version taken from PYENV_VERSION or
.python-version when omitted, its prompts, and its error messages and exit statuses
compared byte for byte with pyenv 2.6 running the plugin itself (the machine's, COPIED into
a second temp root holding the same tree). Failures leave the root as it was, a version of
a read-only extra root is refused, an env's console script runs through a real mount, and
with the plugin installed its scripts answer instead (help, completions included)."""

import os
import shutil
import signal
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pyenvfs_testlib import (CTL, Mount, TempRoot, check, check_eq, main,  # noqa: E402
                             reference_plugin, reference_pyenv, require_fuse, run,
                             sanitizer_env, tree_state, wait_until)

PLUGIN = reference_plugin("pyenv-virtualenv")  # copied, never changed
PYENV = reference_pyenv()  # pyenv 2.6: the behaviour reference

# a python whose venv module is missing, and one whose venv fails half-way
NO_VENV = "echo 'No module named venv' >&2; exit 1"
HALF_VENV = ('[ "$3" = --help ] && exit 0\n'
             'for d; do :; done\nmkdir -p "$d/bin" && echo half > "$d/bin/half"\nexit 3')


class Pair:
    """Two roots with the same tree: `ref' with the plugin (run by pyenv 2.6), `ours'
    without it (run by pyenvfs-ctl under the name pyenv)."""

    def __init__(self):
        self.ref, self.ours = TempRoot("pyenvfs-venv-ref-"), TempRoot("pyenvfs-venv-ours-")
        plugins = os.path.join(self.ref.root, "plugins")
        shutil.copytree(PLUGIN, os.path.join(plugins, "pyenv-virtualenv"), symlinks=True)
        self.bin = os.path.join(self.ours.base, "bin")
        os.makedirs(self.bin)
        os.symlink(CTL, os.path.join(self.bin, "pyenv"))
        for t in (self.ref, self.ours):
            t.make_python("3.11.9")
            t.add_version("3.12.0")  # no bin/python

    def cleanup(self):
        self.ref.cleanup()
        self.ours.cleanup()

    def run(self, t, args, env=None, cwd=None, stdin=None, tty=None):
        """`pyenv ARGS' on t's root; stdin: text, or tty: a line typed on a terminal.
        Returns (status, stdout, stderr) with t's base spelled BASE."""
        prog = PYENV if t is self.ref else os.path.join(self.bin, "pyenv")
        cwd = os.path.join(t.base, cwd) if cwd else t.base
        e = {"PATH": "/usr/bin:/bin", "HOME": t.base, "PYENV_ROOT": t.root, "PWD": cwd,
             "LANG": "C.UTF-8"}
        e.update(sanitizer_env())
        e.update(env or {})
        master = slave = None
        if tty is not None:
            master, slave = os.openpty()
            os.write(master, tty.encode())
        try:
            p = subprocess.run([prog] + list(args), env=e, cwd=cwd, capture_output=True,
                               text=True, timeout=120,
                               stdin=slave if tty is not None else
                               (subprocess.DEVNULL if stdin is None else None),
                               input=stdin)
        finally:
            for fd in (master, slave):
                if fd is not None:
                    os.close(fd)
        return tuple(x.replace(t.base, "BASE") if isinstance(x, str) else x
                     for x in (p.returncode, p.stdout, p.stderr))

    def both(self, args, **kw):
        return self.run(self.ref, args, **kw), self.run(self.ours, args, **kw)

    def same(self, args, **kw):
        want, got = self.both(args, **kw)
        check_eq(got, want, "pyenv %s %s" % (args, kw))
        return got

    def layout(self, t):
        """versions/ as a listing: each path, link target (BASE for the root's base) and
        for pyvenv.cfg and pydoc their text; no stdlib, no bytecode."""
        out = []
        top = t.versions
        for d, dirs, files in os.walk(top):
            dirs[:] = sorted(x for x in dirs if x != "__pycache__" and not
                             os.path.islink(os.path.join(d, x)))
            if os.path.join(top, "3.11.9", "lib") == d:
                dirs[:] = []
            for n in sorted(dirs + files + [x for x in os.listdir(d)
                                            if os.path.islink(os.path.join(d, x))
                                            and x not in files]):
                path = os.path.join(d, n)
                rel = os.path.relpath(path, top)
                if os.path.islink(path):
                    rel += " -> " + os.readlink(path).replace(t.base, "BASE")
                elif n in ("pyvenv.cfg", "pydoc"):
                    with open(path) as f:
                        rel += ": " + f.read().replace(t.base, "BASE")
                out.append(rel)
        return sorted(set(out))


def with_pair(fn):
    def t():
        pair = Pair()
        try:
            fn(pair)
        finally:
            pair.cleanup()
    t.__name__ = fn.__name__
    return t


def env_python(t, env):
    return os.path.join(t.versions, "3.11.9", "envs", env, "bin", "python")


@with_pair
def test_create_without_pip(pair):
    for args in (["--without-pip", "3.11.9", "e1"], ["3.11", "e2", "--without-pip"]):
        check_eq(pair.same(["virtualenv"] + args), (0, "", ""), args)
    check_eq(pair.layout(pair.ours), pair.layout(pair.ref), "the plugin's layout")
    o = pair.ours
    env = os.path.join(o.versions, "3.11.9", "envs", "e1")
    check_eq(os.readlink(os.path.join(o.versions, "e1")), env, "the link")
    check(not os.path.exists(os.path.join(env, "bin", "pip")), "no pip")
    p = run([env_python(o, "e1"), "-c", "import sys; print(sys.prefix, sys.base_prefix)"])
    check_eq(p.stdout, "%s %s\n" % (env, os.path.join(o.versions, "3.11.9")), p.stderr)
    check_eq(pair.run(o, ["virtualenvs", "--bare"])[1], "3.11.9/envs/e1\n3.11.9/envs/e2\ne1\ne2\n")
    check_eq(pair.run(o, ["virtualenv-prefix", "e2"])[1], "BASE/root/versions/3.11.9\n")
    # an env made from an env lives under the version it comes from
    pair.same(["virtualenv", "--without-pip", "e1", "e3"])
    pair.same(["virtualenv", "--without-pip", "3.11.9/envs/e1", "3.11.9/envs/e4"])
    check_eq(pair.layout(pair.ours), pair.layout(pair.ref), "envs of envs")
    check(os.path.islink(os.path.join(o.versions, "e4")), "e4 linked")
    check_eq(sorted(os.listdir(o.root)), ["shims", "versions"], "nothing else written")


@with_pair
def test_create_with_pip_and_run_through_the_mount(pair):
    require_fuse()
    o = pair.ours
    check_eq(pair.run(o, ["virtualenv", "3.11.9", "tools"]), (0, "", ""))
    env = os.path.join(o.versions, "3.11.9", "envs", "tools")
    p = run([os.path.join(env, "bin", "pip"), "--version"])
    check(p.returncode == 0 and p.stdout.startswith("pip ") and env in p.stdout, "pip", p)
    with Mount(o) as m:
        check(wait_until(lambda: "pip" in m.listing()), "pip is a shim")
        for version in ("tools", "3.11.9/envs/tools"):
            p = run(["/bin/sh", "-c", "pip --version"], path=[m.mountpoint],
                    env={"PYENV_ROOT": o.root, "PYENV_VERSION": version})
            check(p.returncode == 0 and " from %s/lib/" % env in p.stdout,
                  "the env's pip through the shims (%s)" % version, p)
        check_eq(pair.run(o, ["virtualenv-delete", "-f", "tools"]), (0, "", ""))
        check(wait_until(lambda: "pip" not in m.listing(), timeout=10), "pip gone")
    check_eq(sorted(os.listdir(o.versions)), ["3.11.9", "3.12.0"], "env and link gone")
    check_eq(os.listdir(os.path.join(o.versions, "3.11.9", "envs")), [], "env gone")


@with_pair
def test_version_omitted(pair):
    for t in (pair.ref, pair.ours):
        os.makedirs(os.path.join(t.base, "proj"))
        with open(os.path.join(t.base, "proj", ".python-version"), "w") as f:
            f.write("3.11\n3.12.0\n")
    pair.same(["virtualenv", "--without-pip", "a"], env={"PYENV_VERSION": "3.11.9"})
    pair.same(["virtualenv", "--without-pip", "b"], cwd="proj")
    pair.same(["virtualenv", "--without-pip", "c"], env={"PYENV_VERSION": "3.11:system"})
    check_eq(pair.layout(pair.ours), pair.layout(pair.ref), "envs of the current version")
    check(os.path.isdir(os.path.join(pair.ours.versions, "3.11.9", "envs", "b")), "from .python-version")
    # not installed: version-name's message and status
    got = pair.same(["virtualenv", "d"], env={"PYENV_VERSION": "nope"})
    check_eq(got[0], 1, got)
    pair.same(["virtualenv", "--without-pip", "d"], cwd="proj", env={"PYENV_VERSION": ""})


@with_pair
def test_errors_byte_for_byte(pair):
    for args in ([], ["-f"], ["nope", "e"], ["3.11.2", "e"], ["3.11", "a/b"],
                 ["3.11", "3.11.9/envs/x/y"], ["3.11", "system"], ["3.11", "x/system"],
                 ["3.11", "a b"], ["3.11", "tab\tbed"], ["nope:3.11.9", "e"]):
        got = pair.same(["virtualenv"] + args)
        check_eq(got[0], 1, args)
    pair.same(["virtualenv", "--without-pip", "3.11.9", "e"])
    for args in (["3.11.9", "e"], ["3.11", "e"], ["e", "e"], ["3.11.9", "3.11.9"],
                 ["3.12.0", "e"], ["3.11.9", "3.11.9/envs/e"]):
        got = pair.same(["virtualenv", "--without-pip"] + args)
        check("already exists." in got[2] and got[0] == 1, "exists: %r" % (got,))
    # an empty name: the usage (ours has no VIRTUALENV_OPTIONS), status 1
    got = pair.run(pair.ours, ["virtualenv", "3.11", ""])
    check_eq(got, (1, pair.run(pair.ours, ["help", "virtualenv"])[1], ""))
    check_eq(pair.run(pair.ref, ["virtualenv", "3.11", ""])[0], 1)
    for t in (pair.ref, pair.ours):
        t.add_version("alias", link_to="3.11.9")
    for args in ([], ["a", "b"], ["-x"], [""], ["-f"], ["-h"], ["3.11.9"], ["nope"],
                 ["-f", "nope"], ["3.11.9/envs/nope"], ["-f", "3.11.9/envs/nope"], ["alias"],
                 ["-f", "3.11.9"], ["--force", "alias"]):
        pair.same(["virtualenv-delete"] + args)
    check_eq(pair.layout(pair.ours), pair.layout(pair.ref), "nothing removed")


@with_pair
def test_prompts(pair):
    for t in (pair.ref, pair.ours):
        pair.run(t, ["virtualenv", "--without-pip", "3.11.9", "e"])
    # delete: n, y without a newline (read fails), then y, on a pipe and on a terminal
    for answer in ("n\n", "y", "", "nope\n", " y\n"):
        check_eq(pair.same(["virtualenv-delete", "e"], stdin=answer)[0], 1, answer)
    for answer in ("n\n", "nope\n"):
        check_eq(pair.same(["virtualenv-delete", "3.11.9/envs/e"], tty=answer)[0], 1, answer)
    got = pair.same(["virtualenv-delete", "e"], tty="n\n")
    check_eq(got, (1, "", "pyenv-virtualenv: remove BASE/root/versions/3.11.9/envs/e? (y/N) "))
    check(os.path.isdir(os.path.join(pair.ours.versions, "e")), "kept")
    check_eq(pair.same(["virtualenv-delete", "3.11.9/envs/e"], tty="Yes\n")[0], 0)
    check_eq(pair.layout(pair.ours), pair.layout(pair.ref), "env and link removed")
    check(not os.path.lexists(os.path.join(pair.ours.versions, "e")), "the link went too")
    # create over an env whose link is gone: asks first
    for t in (pair.ref, pair.ours):
        pair.run(t, ["virtualenv", "--without-pip", "3.11.9", "e"])
        os.unlink(os.path.join(t.versions, "e"))
    check_eq(pair.same(["virtualenv", "--without-pip", "e"], env={"PYENV_VERSION": "3.11.9"},
                       stdin="n\n")[0], 1)
    check(not os.path.lexists(os.path.join(pair.ours.versions, "e")), "n: no link")
    got = pair.same(["virtualenv", "--without-pip", "3.11.9", "e"], tty="y\n")
    check_eq(got, (0, "", "pyenv-virtualenv: BASE/root/versions/3.11.9/envs/e already exists\n"
                   "continue with installation? (y/N) "))
    pair.same(["virtualenv", "--without-pip", "-f", "3.11.9", "e"])
    check_eq(pair.layout(pair.ours), pair.layout(pair.ref), "updated in place")


@with_pair
def test_from_system(pair):
    # the plugin's layout but for its link of the env to itself (ln -fsn A A into A)
    pair.same(["virtualenv", "--without-pip", "system", "sysenv"])
    want = [x for x in pair.layout(pair.ref) if not x.startswith("sysenv/sysenv ->")]
    check_eq(pair.layout(pair.ours), want, "versions/sysenv")
    o = pair.ours
    check(os.path.isfile(os.path.join(o.versions, "sysenv", "pyvenv.cfg")), "a venv")
    pair.same(["virtualenv-prefix", "sysenv"])
    check_eq(pair.run(o, ["virtualenv", "--without-pip", "-f", "system", "sysenv"]), (0, "", ""))
    check_eq(pair.run(o, ["virtualenv-delete", "-f", "sysenv"]), (0, "", ""))
    check_eq(sorted(os.listdir(o.versions)), ["3.11.9", "3.12.0"])


@with_pair
def test_failures_leave_the_root_as_it_was(pair):
    o = pair.ours
    o.add_exe("novenv", "python", NO_VENV)
    o.add_exe("half", "python", HALF_VENV)
    o.add_env("half", "other")
    o.add_exe("half2", "python", HALF_VENV)
    before = pair.layout(o)
    cases = (
        (["3.12.0", "e"], 1, "pyenv-virtualenv: `python' not found in version `3.12.0'\n"),
        (["novenv", "e"], 1, "pyenv-virtualenv: `python -m venv' does not work in `novenv'; "
         "the pyenv-virtualenv plugin can make the env with virtualenv instead.\n"),
        (["half", "e"], 3, ""), (["half2", "e"], 3, ""),
        (["--bogus", "3.11.9", "e"], 1, "pyenv-virtualenv: `--bogus' is not supported "
         "without the pyenv-virtualenv plugin.\n"),
        (["-fx", "3.11.9", "e"], 1, "pyenv-virtualenv: `-x' is not supported without the "
         "pyenv-virtualenv plugin.\n"),
        (["-f", "3.11.9", "3.11.9"], 1, "pyenv-virtualenv: `BASE/root/versions/3.11.9' "
         "already exists and is not a virtualenv: not replaced.\n"),
        (["-f", "3.11.9", ".."], 1, "pyenv-virtualenv: `BASE/root/versions/3.11.9/envs/..' "
         "is not versions/VERSION/envs/NAME: not made.\n"),
        (["-f", "system", "3.11.9"], 1, "pyenv-virtualenv: `BASE/root/versions/3.11.9' "
         "already exists and is not a virtualenv: not replaced.\n"),
    )
    for args, status, err in cases:
        check_eq(pair.run(o, ["virtualenv"] + args), (status, "", err), args)
        check_eq(pair.layout(o), before, "versions/ unchanged after %s" % args)
        check_eq(sorted(set(os.listdir(o.root)) - {".pyenvfs-tmp"}), ["shims", "versions"])
    # an interrupted venv (^C reaches the whole process group): cleaned up, status 130
    o.add_exe("slow", "python", '[ "$3" = --help ] && exit 0\nfor d; do :; done\n'
              'mkdir -p "$d/bin"\nexec sleep 60')
    before = pair.layout(o)
    e = {"PATH": "/usr/bin:/bin", "HOME": o.base, "PYENV_ROOT": o.root}
    e.update(sanitizer_env())
    p = subprocess.Popen([CTL, "virtualenv", "slow", "e"], env=e, start_new_session=True,
                         stdin=subprocess.DEVNULL)
    check(wait_until(lambda: os.path.isdir(os.path.join(o.versions, "slow", "envs", "e", "bin")),
                     timeout=20), "venv started")
    os.killpg(p.pid, signal.SIGINT)
    check_eq(p.wait(timeout=30), 130, "interrupted")
    check_eq(pair.layout(o), before, "nothing left of the interrupted env")
    # -f replaces a link to an env, never an alias
    o.add_version("alias", link_to="3.11.9")
    check_eq(pair.run(o, ["virtualenv", "-f", "--without-pip", "3.11.9", "alias"])[0], 1)
    check_eq(os.readlink(os.path.join(o.versions, "alias")), "3.11.9")


def test_read_only_root():
    with TempRoot() as t, TempRoot() as shared:
        shared.make_python("3.10.5")
        pyenv = os.path.join(t.base, "pyenv")
        os.symlink(CTL, pyenv)
        env = {"PYENV_ROOT": t.root, "HOME": t.base, "PYENVFS_ROOTS": shared.root}
        env.update(sanitizer_env())
        before, theirs = tree_state(t.root), tree_state(shared.root)
        p = run([pyenv, "virtualenv", "--without-pip", "3.10", "e"], env=env)
        check_eq((p.returncode, p.stdout, p.stderr), (1, "", (
            "pyenv-virtualenv: `3.10.5' is in %s, a read-only root (PYENVFS_ROOTS): an env "
            "can only be made from a version in %s/versions.\n") % (shared.root, t.root)))
        check_eq(tree_state(t.root), before, "PYENV_ROOT untouched")
        check_eq(tree_state(shared.root), theirs, "the extra root untouched")


@with_pair
def test_plugin_installed_runs_the_plugin(pair):
    shutil.copytree(PLUGIN, os.path.join(pair.ours.root, "plugins", "pyenv-virtualenv"),
                    symlinks=True)
    for args in (["help", "virtualenv"], ["help", "virtualenv-delete"], ["virtualenv", "--help"],
                 ["virtualenv-delete", "--help"], ["virtualenv", "--complete"],
                 ["virtualenv-delete", "--complete"], ["completions", "virtualenv"],
                 ["completions", "virtualenv-delete"], ["help", "--usage", "virtualenv"],
                 ["virtualenv", "--version"], ["virtualenv", "3.11", ""], ["virtualenv"],
                 ["virtualenv-delete", "nope"], ["virtualenv", "--without-pip", "3.11.9", "p"],
                 ["virtualenv-delete", "-f", "p"]):
        pair.same(args)
    check("virtualenv\n" in pair.run(pair.ours, ["commands"])[1], "listed with the plugin")


@with_pair
def test_ours_without_the_plugin(pair):
    o = pair.ours
    names = pair.run(o, ["commands"])[1].split()
    check("virtualenv" in names and "virtualenv-delete" in names, names)
    check_eq(pair.run(o, ["virtualenv", "--complete"]), (0, "3.11.9\n3.12.0\n", ""))
    pair.run(o, ["virtualenv", "--without-pip", "3.11.9", "e"])
    check_eq(pair.run(o, ["completions", "virtualenv-delete"]),
             (0, "--help\n3.11.9/envs/e\ne\n", ""))
    got = pair.run(o, ["help", "virtualenv"])
    check(got[0] == 0 and got[1].startswith("Usage: pyenv virtualenv [-f|--force] "
                                            "[--without-pip]"), got)
    check_eq(pair.run(o, ["virtualenv", "-h"]), got)
    got = pair.run(o, ["help", "--usage", "virtualenv-delete"])
    check_eq(got, pair.run(pair.ref, ["help", "--usage", "virtualenv-delete"]))
    # -u: venv's --upgrade over the env, no prompt
    check_eq(pair.run(o, ["virtualenv", "-u", "--without-pip", "3.11.9", "e"])[0], 1)
    check_eq(pair.run(o, ["virtualenv", "-fu", "--without-pip", "3.11.9", "e"]), (0, "", ""))



@with_pair
def test_activate_without_the_plugin(pair):
    """`init -''s function evals our sh-activate and sh-deactivate (no plugin installed):
    an env made here activates and deactivates in bash and zsh."""
    o = pair.ours
    check_eq(pair.run(o, ["virtualenv", "--without-pip", "3.11.9", "e"]), (0, "", ""))
    env = os.path.join(o.versions, "3.11.9", "envs", "e")
    init = run([os.path.join(pair.bin, "pyenv"), "init", "-", "bash", "--no-mount"],
               env={"PYENV_ROOT": o.root, "HOME": o.base, "PATH": "/usr/bin:/bin"})
    check(init.returncode == 0 and "activate|deactivate|rehash|shell)" in init.stdout, init)
    code = init.stdout + ('pyenv activate e || exit 9\n'
                          'echo "$VIRTUAL_ENV|$PYENV_VERSION"\n'
                          'pyenv deactivate || exit 8\n'
                          'echo "[$VIRTUAL_ENV]"\n')
    for sh in ("bash", "zsh"):
        p = run([sh, "-c", code], env={"PYENV_ROOT": o.root, "HOME": o.base,
                                       "PATH": pair.bin + ":/usr/bin:/bin"})
        check_eq((p.returncode, p.stdout), (0, "%s|e\n[]\n" % env), sh + ": " + p.stderr)


if __name__ == "__main__":
    main(globals())
