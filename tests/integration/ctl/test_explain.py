#!/usr/bin/python3
"""`which --explain` and `version --explain` (text and --json) on each source: PYENV_VERSION,
a .python-version with an invalid entry, the global file, nothing at all, a .tool-versions;
.tool-versions off and on for the pyenv commands and the shim; doctor's line about the
versions a project names that are not installed."""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pyenvfs_testlib import CtlSandbox, check, main, program  # noqa: E402

SHIM = program("PYENVFS_SHIM")


def sandbox():
    sb = CtlSandbox({"3.12.7": ["python", "pip"], "3.11.9": ["python"]})
    sb.proj = os.path.join(sb.dir, "proj")
    os.makedirs(os.path.join(sb.proj, "sub"))
    return sb


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def ctl_in(sb, where, *args, **env):
    return sb.ctl(*args, env=sb.env(PWD=where, **env), cwd=where)


def expect_lines(sb, p, want, status=0):
    got = p.stdout.replace(sb.root, "R").replace(sb.dir, "D").splitlines()
    check(got == want and p.returncode == status,
          "got %r (status %d), want %r (status %d)" % (got, p.returncode, want, status), p)


def test_file_source_with_invalid_entry():
    sb = sandbox()
    try:
        write(os.path.join(sb.proj, ".python-version"), "3.13\n../../x\n3.12\n")
        sub = os.path.join(sb.proj, "sub")
        p = ctl_in(sb, sub, "which", "--explain", "python")
        expect_lines(sb, p, [
            "source: D/proj/.python-version (the nearest version file)",
            "entry: 3.13 (D/proj/.python-version line 1)",
            "skipped: ../../x (D/proj/.python-version line 2): a path outside versions/",
            "entry: 3.12 (D/proj/.python-version line 3)",
            "resolved: 3.12 -> 3.12.7 (the newest installed version with this prefix)",
            "not installed: 3.13",
            "found: R/versions/3.12.7/bin/python (3.12.7)",
        ])
        check(p.stderr == "", "the warnings are in the chain, not on stderr", p)
        # a command no selected version has
        p = ctl_in(sb, sub, "which", "--explain", "nosuchcmd")
        check(p.returncode == 127, "status 127", p)
        check(p.stdout.splitlines()[-3:] == [
            "lacks: 3.12.7 has no %s/versions/3.12.7/bin/nosuchcmd" % sb.root,
            "lacks: system has no such command in PATH",
            "not found: nosuchcmd"], "lacks lines", p)
        # the same as JSON
        p = ctl_in(sb, sub, "which", "--explain", "--json", "python")
        steps = json.loads(p.stdout)["steps"]
        check([s["step"] for s in steps] == ["file", "entry", "invalid", "entry", "resolved",
                                             "not-installed", "found"], "json steps", p)
        check(steps[2] == {"step": "invalid", "name": "../../x", "line": 2,
                           "file": os.path.join(sb.proj, ".python-version"),
                           "reason": "a path outside versions/"}, "invalid step %r" % steps[2])
        check(steps[-1]["value"] == os.path.join(sb.root, "versions/3.12.7/bin/python"), "found")
        # version --explain: exit 1 as `version` does, a version is missing
        p = ctl_in(sb, sub, "version", "--explain")
        check(p.returncode == 1 and "not installed: 3.13" in p.stdout.splitlines(),
              "version --explain", p)
        json.loads(ctl_in(sb, sub, "version", "--json", "--explain").stdout)
        # without --explain, nothing changed: pyenv's warning on stderr
        p = ctl_in(sb, sub, "which", "python")
        check(p.stdout.strip() == os.path.join(sb.root, "versions/3.12.7/bin/python"), "which", p)
        check("invalid version `../../x' ignored" in p.stderr, "pyenv's warning", p)
    finally:
        sb.cleanup()


def test_env_global_and_nothing():
    sb = sandbox()
    try:
        p = ctl_in(sb, sb.proj, "which", "--explain", "python", PYENV_VERSION="3.11")
        expect_lines(sb, p, [
            "source: PYENV_VERSION=3.11 (environment)",
            "resolved: 3.11 -> 3.11.9 (the newest installed version with this prefix)",
            "found: R/versions/3.11.9/bin/python (3.11.9)",
        ])
        p = ctl_in(sb, sb.proj, "version", "--explain")
        expect_lines(sb, p, [
            "source: R/version (the global version file: no project file)",
            "system: no version is selected",
        ])
        write(os.path.join(sb.root, "version"), "3.12.7\n")
        p = ctl_in(sb, sb.proj, "version", "--explain", "--json")
        steps = json.loads(p.stdout)["steps"]
        check(steps[0] == {"step": "global", "file": os.path.join(sb.root, "version")}, "global")
        check(steps[1] == {"step": "entry", "name": "3.12.7", "line": 1,
                           "file": os.path.join(sb.root, "version")}, "entry")
        check(steps[2]["step"] == "resolved" and steps[2]["value"] == "3.12.7", "resolved", p)
    finally:
        sb.cleanup()


def test_tool_versions_off_and_on():
    sb = sandbox()
    try:
        tv = os.path.join(sb.proj, ".tool-versions")
        write(tv, "nodejs 20.1.0\npython 3.11 3.12.7\npython\n")
        sub = os.path.join(sb.proj, "sub")
        # off: pyenv's behaviour, the file means nothing
        p = ctl_in(sb, sub, "version-file")
        check(p.stdout.strip() == os.path.join(sb.root, "version"), "off: version-file", p)
        p = ctl_in(sb, sub, "version")
        check(p.stdout.startswith("system "), "off: system", p)
        # on
        p = ctl_in(sb, sub, "version", PYENVFS_TOOL_VERSIONS="1")
        check(p.stdout == "3.11.9 (set by %s)\n3.12.7 (set by %s)\n" % (tv, tv), "on: version", p)
        check(p.stderr == "pyenvfs-ctl: malformed line 3 ignored in `%s'\n" % tv, "warning", p)
        p = ctl_in(sb, sub, "which", "--explain", "python", PYENVFS_TOOL_VERSIONS="1")
        expect_lines(sb, p, [
            "source: D/proj/.tool-versions (the nearest version file)",
            "entry: 3.11 (D/proj/.tool-versions line 2)",
            "entry: 3.12.7 (D/proj/.tool-versions line 2)",
            "skipped: the line (D/proj/.tool-versions line 3): a second python line",
            "resolved: 3.11 -> 3.11.9 (the newest installed version with this prefix)",
            "resolved: 3.12.7 -> 3.12.7 (installed)",
            "found: R/versions/3.11.9/bin/python (3.11.9)",
        ])
        # the shim honours it (and only with the variable)
        argv = [SHIM, sb.root, os.path.join(sb.shims, "python")]
        for flag, want in ((None, None), ("1", "python 3.11.9")):
            env = sb.env(PWD=sub)
            if flag:
                env["PYENVFS_TOOL_VERSIONS"] = flag
            r = subprocess.run(argv, env=env, cwd=sub, capture_output=True, text=True)
            if want:
                check(r.stdout.strip() == want, "shim with .tool-versions", r)
                check(r.stderr == "pyenv: malformed line 3 ignored in `%s'\n" % tv * 2,
                      "shim warning", r)
            else:
                check(r.returncode == 127 or "3.11.9" not in r.stdout, "shim off", r)
        # in one directory .python-version wins
        write(os.path.join(sb.proj, ".python-version"), "3.12.7\n")
        p = ctl_in(sb, sub, "version-name", PYENVFS_TOOL_VERSIONS="1")
        check(p.stdout == "3.12.7\n", ".python-version wins", p)
    finally:
        sb.cleanup()


def test_doctor_names_missing_versions():
    sb = sandbox()
    try:
        write(os.path.join(sb.proj, ".python-version"), "3.13.1\n3.12\n3.10\n")
        p = ctl_in(sb, sb.proj, "doctor")
        lines = [l for l in p.stdout.splitlines() if "not installed" in l]
        check(len(lines) == 1 and "3.13.1 3.10" in lines[0]
              and os.path.join(sb.proj, ".python-version") in lines[0], "doctor's line", p)
        check("pyenvfs-ctl install" in p.stdout, "doctor's fix", p)
        os.remove(os.path.join(sb.proj, ".python-version"))
        p = ctl_in(sb, sb.proj, "doctor")
        check("not installed" not in p.stdout, "nothing missing", p)
    finally:
        sb.cleanup()


if __name__ == "__main__":
    main(globals())
