#!/usr/bin/python3
"""scripts/check-tree on small trees made here: what it must report and what not.
Prints TAP."""
import os
import subprocess
import sys
import tempfile

SRC = os.environ.get("PYENVFS_SOURCE_ROOT") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))
CHECK = os.path.join(SRC, "scripts", "check-tree")


def func(name, lines, above="", body_extra=""):
    """A function `name` that check-tree counts as `lines` lines long (from the line
    of its name to its closing brace), with the text `above` before it."""
    body = ([body_extra] if body_extra else []) + ["\tx++;"] * (lines - 4 - bool(body_extra))
    return (above + "static int %s(int x)\n{\n" % name + "\n".join(body + ["\treturn x;"])
            + "\n}\n")


def run(files):
    with tempfile.TemporaryDirectory() as d:
        for rel, text in files.items():
            os.makedirs(os.path.join(d, os.path.dirname(rel)), exist_ok=True)
            with open(os.path.join(d, rel), "w") as f:
                f.write(text)
        os.makedirs(os.path.join(d, "fs"), exist_ok=True)
        p = subprocess.run(["/usr/bin/python3", CHECK, d], capture_output=True, text=True)
        return p.returncode, p.stdout


TRICKY = ('\tconst char *s = "{{{ } \\" {";\n\tchar c = \'{\', e = \'\\\'\';\n'
          '\t/* } } { */\n\t// }}}\n\tx += s[0] + c + e;')

CASES = [
    ("60 lines pass", {"fs/a.c": func("f", 60)}, 0, []),
    ("61 lines without a reason fail", {"fs/a.c": func("f", 61)}, 1,
     ["fs/a.c:1: f is 61 lines"]),
    ("61 lines with a reason on the line above pass",
     {"fs/a.c": func("f", 61, "/* long: one table of cases */\n")}, 0, []),
    ("a reason in the comment block above passes",
     {"fs/a.c": func("f", 70, "/* Does f.\n * More.\n */\n/* long: a state machine */\n")}, 0, []),
    ("a reason on a return-type line of its own passes",
     {"fs/a.c": "/* long: why */\nstatic int\n" + func("f", 70).split("\n", 1)[1]
      .replace("static int f(int x)", "f(int x)", 1)}, 0, []),
    ("an empty reason fails", {"fs/a.c": func("f", 61, "/* long: */\n")}, 1, ["f is 61 lines"]),
    ("a reason further up fails",
     {"fs/a.c": "/* long: far */\nint y;\n" + func("f", 61)}, 1, ["f is 61 lines"]),
    ("81 lines fail even with a reason",
     {"tests/t.c": func("g", 81, "/* long: why */\n")}, 1, ["tests/t.c:2: g is 81 lines (over 80)"]),
    ("braces in strings, chars, comments do not count",
     {"ctl/a.c": func("f", 20, body_extra=TRICKY) + func("h", 61)}, 1, ["h is 61 lines"]),
    ("a brace in a #define does not count",
     {"ctl/a.c": "#define OPEN {\n#define MULTI \\\n\t}\n" + func("f", 61)}, 1, ["f is 61 lines"]),
    ("an initialiser is no function",
     {"ctl/a.c": "static const int t[] = {\n" + "1,\n" * 90 + "};\n"}, 0, []),
    ("include circle", {"fs/a.h": '#include "fs/b.h"\n', "fs/b.h": '#include "fs/a.h"\n'}, 1,
     ["include circle: fs/a.h -> fs/b.h -> fs/a.h"]),
    ("module circle",
     {"fs/a.h": "int a(void);\n", "fs/b.h": "int b(void);\n",
      "fs/a.c": '#include "fs/a.h"\n#include "fs/b.h"\n', "fs/b.c": '#include "fs/b.h"\n#include "fs/a.h"\n'},
     1, ["module circle: fs/a -> fs/b -> fs/a"]),
    ("circle through a shared header",
     {"ctl/s.h": "int x_run(void);\nvoid y_say(const char *m);\n",
      "ctl/x.c": '#include "ctl/s.h"\nint x_run(void)\n{\n\ty_say("x");\n\treturn 0;\n}\n',
      "ctl/y.c": '#include "ctl/s.h"\nvoid y_say(const char *m)\n{\n\t(void)m;\n\tx_run();\n}\n'},
     1, ["include circle through a shared header: ctl/x.c -> ctl/y.c -> ctl/x.c"]),
    ("one-way use of a shared header is fine",
     {"ctl/s.h": "int x_run(void);\nvoid y_say(const char *m);\n",
      "ctl/x.c": '#include "ctl/s.h"\nint x_run(void)\n{\n\ty_say("x");\n\treturn 0;\n}\n',
      "ctl/y.c": '#include "ctl/s.h"\nvoid y_say(const char *m)\n{\n\t(void)m;\n}\n'},
     0, []),
]


def main():
    print("1..%d" % (len(CASES) + 1))
    failed = 0
    for i, (name, files, want_rc, want_lines) in enumerate(CASES, 1):
        rc, out = run(files)
        ok = rc == want_rc and all(w in out for w in want_lines)
        if not ok:
            failed += 1
            print("# exit %d, wanted %d; output:\n# %s" % (rc, want_rc, out.replace("\n", "\n# ")))
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
    p = subprocess.run(["/usr/bin/python3", CHECK, "/nonexistent"], capture_output=True, text=True)
    ok = p.returncode == 2 and "not the pyenvfs source root" in p.stderr
    failed += not ok
    print("%s %d - a directory that is no source root is a usage error"
          % ("ok" if ok else "not ok", len(CASES) + 1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
