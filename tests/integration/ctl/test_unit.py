#!/usr/bin/python3
"""The systemd user unit: systemd-analyze verify reports nothing (where systemd-analyze is
installed; scripts/test installs it), and the unit does what the contract says."""

import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pyenvfs_testlib import check, main  # noqa: E402

UNIT = os.environ.get("PYENVFS_UNIT", "")
DAEMON = os.environ.get("PYENVFS_DAEMON", "") or "/bin/true"


def unit_text():
    with open(UNIT) as f:
        return f.read()


def test_unit_contents():
    text = unit_text()
    keys = {}
    for line in text.splitlines():
        m = re.match(r"^(\w+)=(.*)$", line)
        if m:
            keys.setdefault(m.group(1), []).append(m.group(2))
    start = keys["ExecStart"][0].split()
    check(start[0].endswith("/pyenvfs") and "-f" in start and "auto_unmount" in
          start[start.index("-o") + 1], "ExecStart runs the daemon in the foreground with "
          "auto_unmount: %r" % start)
    check(any(v.startswith("-") and "fusermount3 -u -z" in v for v in keys["ExecStartPre"]),
          "a stale mount is cleared before start (failure ignored)")
    check(any("fusermount3 -u " in v for v in keys["ExecStop"]), "ExecStop unmounts")
    check(keys["Restart"] == ["on-failure"], "Restart=on-failure")
    check(keys["WantedBy"] == ["default.target"], "enabled for the user's session")


def test_systemd_analyze_verify():
    analyze = shutil.which("systemd-analyze", path="/usr/bin:/bin")
    check(analyze is not None, "systemd-analyze is not installed (scripts/test installs systemd)")
    with tempfile.TemporaryDirectory() as tmp:
        runtime = os.path.join(tmp, "run")
        os.mkdir(runtime, 0o700)
        # the installed path of the daemon does not exist before `meson install`: verify the
        # same unit pointing at the built daemon
        text = re.sub(r"^ExecStart=\S+", "ExecStart=" + DAEMON, unit_text(), flags=re.M)
        unit = os.path.join(tmp, "pyenvfs.service")
        with open(unit, "w") as f:
            f.write(text)
        env = {"PATH": "/usr/bin:/bin", "HOME": tmp, "XDG_RUNTIME_DIR": runtime,
               "XDG_CONFIG_HOME": os.path.join(tmp, "config"), "SYSTEMD_LOG_LEVEL": "notice"}
        p = subprocess.run([analyze, "--user", "--man=no", "verify", unit], env=env,
                           capture_output=True, text=True, timeout=60)
        check(p.returncode == 0 and p.stdout.strip() == "" and p.stderr.strip() == "",
              "systemd-analyze verify reports problems", p)


if __name__ == "__main__":
    main(globals())
