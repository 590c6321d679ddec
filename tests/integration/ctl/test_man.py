#!/usr/bin/python3
"""Every built man page renders with `man --warnings -l` and nothing on stderr."""

import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pyenvfs_testlib import CTL, check, main  # noqa: E402


def test_pages_render_cleanly():
    pages = sys.argv[1:]
    check(len(pages) >= 2, "no man pages given")
    for page in pages:
        for width in ("80", "60"):
            env = {"PATH": "/usr/bin:/bin", "MANWIDTH": width, "LANG": "C.UTF-8",
                   "MAN_KEEP_FORMATTING": ""}
            p = subprocess.run(["man", "--warnings", "-l", page], env=env, capture_output=True,
                               text=True, timeout=60, stdin=subprocess.DEVNULL)
            check(p.returncode == 0, "%s: man failed" % page, p)
            check(p.stderr == "", "%s (MANWIDTH=%s): warnings: %s" % (page, width, p.stderr))
            name = os.path.basename(page).rsplit(".", 1)[0]
            check("NAME" in p.stdout and name in p.stdout, "%s: no NAME section" % page, p)



def test_ctl_page_has_every_command():
    page = [p for p in sys.argv[1:] if os.path.basename(p) == "pyenvfs-ctl.1"]
    check(len(page) == 1, "pyenvfs-ctl.1 not given")
    with open(page[0]) as f:
        text = f.read()
    h = subprocess.run([CTL, "--help"], capture_output=True, text=True)
    cmds = [line.split()[0] for line in
            h.stdout.split("Commands:")[1].split("See ")[0].splitlines() if line.strip()]
    check(len(cmds) > 10, "pyenvfs-ctl --help lists its commands", h)
    for c in cmds:
        # scdoc renders *cmd* at the start of a term as \fBcmd\fR
        check("\\fB%s\\fR" % c in text, "pyenvfs-ctl(1) does not describe %s" % c)


if __name__ == "__main__":
    main(globals())
