#!/usr/bin/python3
"""pyenv's dispatcher in pyenvfs-ctl: plugins (pyenv-<cmd> in $PYENV_ROOT/plugins/*/bin and
PATH) run with pyenv's environment, the pyenv-libexec entries run our builtins, help,
commands and completions see the plugins, init's function evals their sh-* commands, bad
plugins get pyenv's messages and statuses (real pyenv run on the same temp root)."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pyenvfs_testlib import TempRoot, check, check_eq, main, reference_pyenv, run  # noqa: E402

CTL = os.environ["PYENVFS_CTL"]
LIBEXEC = os.path.join(os.path.dirname(CTL), "pyenv-libexec")
SYS_PATH = "/usr/bin:/bin"


def write(path, text, mode=0o755):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)


def plugin(t, name, body, plugin_dir="p"):
    write(os.path.join(t.root, "plugins", plugin_dir, "bin", "pyenv-" + name), body)


def pyenv(t, prog, *args, cwd=None, env=None):
    """prog run as `pyenv ARGS' on t's root (ours: argv[0] "pyenv")."""
    e = {"PYENV_ROOT": t.root, "HOME": t.base, "PATH": SYS_PATH, "LANG": "C.UTF-8"}
    e.update(env or {})
    argv = ["bash", "-c", 'exec -a pyenv "$0" "$@"', prog] + list(args)
    return run(argv, env=e, cwd=cwd or t.base)


def both(t, *args, **kw):
    return pyenv(t, reference_pyenv(), *args, **kw), pyenv(t, CTL, *args, **kw)


def test_plugin_environment():
    with TempRoot() as t:
        plugin(t, "hello", "#!/bin/sh\n"
               'echo "root=$PYENV_ROOT dir=$PYENV_DIR"\n'
               'echo "hooks=$PYENV_HOOK_PATH"\n'
               'echo "path=${PATH%%:*}"\n'
               'echo "args=$*"\n'
               'pyenv-version-name\npyenv-root\npyenv root\n'
               'pyenv-hooks hello\n')
        os.makedirs(os.path.join(t.root, "plugins", "p", "etc", "pyenv.d", "hello"))
        write(os.path.join(t.root, "plugins", "p", "etc", "pyenv.d", "hello", "a.bash"), "", 0o644)
        os.makedirs(os.path.join(t.base, "proj"))
        p = pyenv(t, CTL, "hello", "a b", "c", cwd=os.path.join(t.base, "proj"))
        check_eq(p.returncode, 0, p.stderr)
        hooks = ("%s/pyenv.d:/usr/etc/pyenv.d:/usr/local/etc/pyenv.d:/etc/pyenv.d:"
                 "/usr/lib/pyenv/hooks:%s/plugins/p/etc/pyenv.d" % (t.root, t.root))
        check_eq(p.stdout.splitlines(), [
            "root=%s dir=%s/proj" % (t.root, t.base), "hooks=" + hooks, "path=" + LIBEXEC,
            "args=a b c", "system", t.root, t.root,
            "%s/plugins/p/etc/pyenv.d/hello/a.bash" % t.root], p.stderr)


def test_plugin_dirs_and_path_order():
    with TempRoot() as t:
        plugin(t, "where", '#!/bin/sh\necho "$0"\necho "$PATH"\n', plugin_dir="my plugin")
        plugin(t, "other", "#!/bin/sh\n", plugin_dir="a")
        ours = pyenv(t, CTL, "where")
        check_eq(ours.returncode, 0, ours.stderr)
        exe = os.path.join(t.root, "plugins", "my plugin", "bin", "pyenv-where")
        check_eq(ours.stdout.splitlines(), [exe, ":".join([
            LIBEXEC, os.path.join(t.root, "plugins", "my plugin", "bin"),
            os.path.join(t.root, "plugins", "a", "bin"), SYS_PATH])])
        # a plugin in PATH, not under plugins/
        write(os.path.join(t.base, "bin", "pyenv-inpath"), "#!/bin/sh\necho in path\n")
        p = pyenv(t, CTL, "inpath", env={"PATH": os.path.join(t.base, "bin") + ":" + SYS_PATH})
        check_eq((p.returncode, p.stdout), (0, "in path\n"), p.stderr)


def test_bad_plugins_as_pyenv():
    with TempRoot() as t:
        plugin(t, "fail", "#!/bin/sh\necho out; echo err >&2; exit 3\n")
        write(os.path.join(t.root, "plugins", "p", "bin", "pyenv-noexec"), "#!/bin/sh\n", 0o644)
        write(os.path.join(t.base, "pyenv-rel", "x"), "#!/bin/sh\necho rel\n")
        for args in (["fail", "x"], ["does-not-exist"], [".."], ["../x"], ["/etc"], ["a/b"],
                     ["sh-nope", "--help"], ["fail", "--help"], ["help", "fail"]):
            a, b = both(t, *args)
            check_eq((b.returncode, b.stdout, b.stderr), (a.returncode, a.stdout, a.stderr),
                     "pyenv %s" % args)
        # a name with a '/' is a path from the working directory, as pyenv's command -v
        a, b = both(t, "rel/x")
        check_eq((b.returncode, b.stdout), (0, "rel\n"))
        check_eq((b.returncode, b.stdout), (a.returncode, a.stdout))
        # not executable: bash's 126 and "Permission denied" (pyenv's names its own line)
        a, b = both(t, "noexec")
        check_eq((b.returncode, a.returncode), (126, 126))
        check(b.stderr.endswith("pyenv-noexec: Permission denied\n"), b.stderr)
        check(a.stderr.endswith("pyenv-noexec: Permission denied\n"), a.stderr)


def test_help_commands_completions():
    with TempRoot() as t:
        plugin(t, "hello", "#!/bin/sh\n# Summary: Says hello\n# Usage: pyenv hello <who>\n"
               "#        pyenv hello --all\n#\n# Longer text.\n# More.\n"
               "# Provide pyenv completions\n"
               'if [ "$1" = --complete ]; then shift; echo world; echo "$@"; fi\n')
        plugin(t, "sh-hi", "#!/bin/sh\n# Summary: Hi in this shell\necho 'HI=1'\n")
        plugin(t, "undoc", "#!/bin/sh\necho undoc\n")
        for args in (["help", "hello"], ["help", "--usage", "hello"], ["hello", "--help"],
                     ["help", "hi"], ["help", "undoc"], ["completions", "hello", "x", "y"],
                     ["completions", "undoc"], ["sh-hi", "--help"]):
            a, b = both(t, *args)
            check_eq((b.returncode, b.stdout, b.stderr), (a.returncode, a.stdout, a.stderr),
                     "pyenv %s" % args)
        # (pyenv's own list has its install's plugins: compared by hand)
        p = pyenv(t, CTL, "commands", "--sh")
        # (no pyenv-virtualenv: our own activate and deactivate are the family's)
        check_eq(p.stdout, "activate\ndeactivate\nhi\nrehash\nshell\n", p.stderr)
        p = pyenv(t, CTL, "commands")
        for name in ("hello", "hi", "undoc", "which", "shell", "hooks"):
            check(name in p.stdout.split(), "commands lacks %s: %s" % (name, p.stdout))
        p = pyenv(t, CTL, "commands", "--no-sh")
        check("hi" not in p.stdout.split() and "shell" not in p.stdout.split(), p.stdout)
        p = pyenv(t, CTL, "help")
        check("   hello       Says hello\n" in p.stdout and "   hi          Hi in this shell\n"
              in p.stdout, p.stdout)


def test_libexec_entries():
    names = sorted(os.listdir(LIBEXEC))
    check("pyenv" in names and "pyenv-which" in names and "pyenv-hooks" in names, names)
    with TempRoot() as t:
        t.add_version("3.12.1")
        t.write_global("3.12.1\n")
        env = {"PYENV_ROOT": t.root, "HOME": t.base, "PATH": SYS_PATH}
        for entry, args, want in (("pyenv-version-name", [], "3.12.1\n"),
                                  ("pyenv-root", [], t.root + "\n"),
                                  ("pyenv-prefix", [], t.root + "/versions/3.12.1\n"),
                                  ("pyenv", ["version-name"], "3.12.1\n"),
                                  ("pyenv-latest", ["3"], "3.12.1\n")):
            p = run([os.path.join(LIBEXEC, entry)] + args, env=dict(env))
            check_eq((p.returncode, p.stdout, p.stderr), (0, want, ""), entry)
        # pyenv-<cmd> is the command alone: PYENV_HOOK_PATH as the caller gave it
        hooks = os.path.join(t.base, "hooks")
        write(os.path.join(hooks, "exec", "a.bash"), "", 0o644)
        p = run([os.path.join(LIBEXEC, "pyenv-hooks"), "exec"],
                env=dict(env, PYENV_HOOK_PATH=hooks))
        check_eq(p.stdout, os.path.join(hooks, "exec", "a.bash") + "\n", p.stderr)
        for entry in names:
            check(os.path.realpath(os.path.join(LIBEXEC, entry)) == os.path.realpath(CTL), entry)


def test_init_evals_sh_commands():
    with TempRoot() as t:
        plugin(t, "sh-greet", '#!/bin/sh\necho "export GREETED=\'$1\'"\n')
        p = pyenv(t, CTL, "init", "-", "bash", "--no-mount")
        check("  activate|deactivate|greet|rehash|shell)\n" in p.stdout, p.stdout)
        code = p.stdout + 'pyenv greet "hi there"\necho "[$GREETED]"\n'
        for sh in ("bash", "zsh"):
            r = run([sh, "-c", code], env={"PYENV_ROOT": t.root, "HOME": t.base,
                                           "PATH": SYS_PATH})
            check_eq((r.returncode, r.stdout), (0, "[hi there]\n"), sh + ": " + r.stderr)
        p = pyenv(t, CTL, "init", "-", "fish", "--no-mount")
        check("  case activate deactivate greet rehash shell\n" in p.stdout, p.stdout)
        p = pyenv(t, CTL, "init", "-", "pwsh", "--no-mount")
        check('  if ( ("activate deactivate greet rehash shell" -split \' \') -contains $command ) {\n' in p.stdout,
              p.stdout)


def test_free_threaded_name_falls_back():
    with TempRoot() as t:
        t.add_version("3.13.0", exes={"python": None})
        for v in ("3.13.0t", "3.13t"):
            for args in (["prefix"], ["which", "python"], ["exec", "python", "x"]):
                a, b = both(t, *args, env={"PYENV_VERSION": v})
                check_eq((b.returncode, b.stdout, b.stderr), (a.returncode, a.stdout, a.stderr),
                         "PYENV_VERSION=%s pyenv %s" % (v, args))
        p = pyenv(t, CTL, "prefix", env={"PYENV_VERSION": "3.13.0t"})
        check_eq(p.stdout, t.root + "/versions/3.13.0\n", p.stderr)


if __name__ == "__main__":
    main(globals())
