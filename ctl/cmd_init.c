/* pyenvfs-ctl init: the shell code for bash, zsh, fish (and POSIX sh), like `pyenv init`.
 *
 * What it prints costs almost nothing at shell start: no subprocess but one, and only
 * when pyenvfs is not mounted yet (`pyenvfs-ctl mount -q`). The PATH edit is done with
 * parameter expansion (pyenv forks a bash for it), the mount test reads /proc/self/mountinfo
 * with a builtin, and nothing is rehashed: the shims directory computes itself. */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/path.h"
#include "ctl/ctl.h"
#include "ctl/mount/daemon.h"
#include "ctl/mount/probe.h"
#include "resolver/config.h"
#include "resolver/which.h"

enum shell_kind { SH_BASH, SH_ZSH, SH_FISH, SH_PWSH, SH_POSIX };

struct init_opts {
	enum { MODE_HELP, MODE_PRINT, MODE_PATH, MODE_DETECT } mode;
	bool no_push_path;
	bool no_mount;
	bool no_rehash;
	const char *shell; /* NULL: detect */
};

static const char init_usage[] =
	"\n"
	"  -               print the shell code: shims first in PATH, PYENV_SHELL, the `pyenv'\n"
	"                  shell function (so `pyenv shell' works), a mount on the first shell\n"
	"  --path          print only the PATH change\n"
	"  --no-push-path  leave PATH alone when the shims are in it already\n"
	"  --no-mount      leave the mounting to systemd (or to you): no mount on the first shell\n"
	"  --no-rehash     without pyenv's `command pyenv rehash' line (printed only under the\n"
	"                  name pyenv: pyenvfs never needs a rehash)\n"
	"  <shell>         bash, zsh, fish, pwsh or sh (default: the parent process's shell)\n";

static void print_usage(FILE *out, const struct ctl *ctl)
{
	fprintf(out,
		"Usage: eval \"$(%s init [-|--path] [--no-push-path] [--no-mount] [--no-rehash] "
		"[<shell>])\"\n%s",
		ctl->prog, init_usage);
}

/* Writes s single-quoted for POSIX shells: 'it'\''s'. */
static void put_sq(const char *s)
{
	putchar('\'');
	for (; *s; s++)
		if (*s == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*s);
	putchar('\'');
}

/* Writes s single-quoted for fish, where \ and ' are escaped inside quotes. */
static void put_fish_sq(const char *s)
{
	putchar('\'');
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			putchar('\\');
		putchar(*s);
	}
	putchar('\'');
}

/* Writes s single-quoted for PowerShell, where ' is doubled inside quotes. */
static void put_pwsh_sq(const char *s)
{
	putchar('\'');
	for (; *s; s++) {
		if (*s == '\'')
			putchar('\'');
		putchar(*s);
	}
	putchar('\'');
}

/* Writes s for the inside of PowerShell's double quotes: ` escapes $, ` and ". */
static void put_pwsh_dq(const char *s)
{
	for (; *s; s++) {
		if (*s == '$' || *s == '`' || *s == '"')
			putchar('`');
		putchar(*s);
	}
}

/* The mountpoint as the kernel writes it in /proc/self/mountinfo (octal escapes). */
static void mountinfo_escape(const char *s, char *out, size_t len)
{
	size_t n = 0;
	for (; *s && n + 5 < len; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
			n += (size_t)snprintf(out + n, len - n, "\\%03o", (unsigned char)*s);
		else
			out[n++] = *s;
	}
	out[n] = '\0';
}

/* The parent process's shell, the way pyenv finds it: its command line's first word
 * without a leading '-', a directory or a '-suffix', else $SHELL. */
static void detect_shell(char *out, size_t len)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%ld/cmdline", (long)getppid());
	char *cmdline = NULL;
	mnt_read_file(path, &cmdline);
	const char *word = cmdline && *cmdline ? cmdline : getenv("SHELL");
	if (!word)
		word = "";
	while (*word == '-')
		word++;
	const char *slash = strrchr(word, '/');
	if (slash)
		word = slash + 1;
	snprintf(out, len, "%s", word);
	out[strcspn(out, " -")] = '\0';
	free(cmdline);
}

static enum shell_kind shell_kind(const char *shell)
{
	if (strcmp(shell, "bash") == 0)
		return SH_BASH;
	if (strcmp(shell, "zsh") == 0)
		return SH_ZSH;
	if (strcmp(shell, "fish") == 0)
		return SH_FISH;
	if (strcmp(shell, "pwsh") == 0)
		return SH_PWSH;
	return SH_POSIX;
}

static void print_help(const struct ctl *ctl, const char *shell)
{
	FILE *o = stderr;
	if (shell_kind(shell) == SH_PWSH) {
		fprintf(o,
			"# Load pyenvfs automatically by appending\n"
			"# the following to ~/.config/powershell/profile.ps1 :\n\n"
			"iex ((%s init -) -join \"`n\")\n",
			ctl->prog);
	} else if (shell_kind(shell) == SH_FISH) {
		fprintf(o,
			"# Load pyenvfs automatically by appending\n"
			"# the following to ~/.config/fish/config.fish:\n\n"
			"%s init - fish | source\n",
			ctl->prog);
	} else {
		const char *rc = strcmp(shell, "zsh") == 0    ? "~/.zshrc"
				 : strcmp(shell, "bash") == 0 ? "~/.bashrc"
							      : "your shell's startup file";
		fprintf(o,
			"# Load pyenvfs automatically by appending\n"
			"# the following to %s:\n\n"
			"eval \"$(%s init - %s)\"\n",
			rc, ctl->prog, *shell ? shell : "bash");
	}
	fprintf(o, "\n# It replaces pyenv's `eval \"$(pyenv init -)\"' line; keep PYENV_ROOT as it "
		   "was.\n# Restart your shell for the changes to take effect.\n\n");
}

/* Writes a path for the inside of double quotes the way pyenv prints it ("<path>/shims:..."),
 * or, when it holds a character special there, closes the quotes around a single-quoted
 * copy. */
static void put_dq_path(const char *path)
{
	if (!path[strcspn(path, "\"$`\\!")]) {
		fputs(path, stdout);
		return;
	}
	putchar('"');
	put_sq(path);
	putchar('"');
}

/* PATH: remove every copy of the shims dir, then put it first with pyenv's own line. POSIX
 * parameter expansion only, so it runs in bash, zsh, dash and ksh without a subshell (pyenv
 * forks a bash for it). */
static void print_path_sh(const char *shims, bool no_push_path)
{
	if (no_push_path) {
		fputs("case \":${PATH}:\" in *:", stdout);
		put_sq(shims);
		fputs(":*) ;; *)\n  ", stdout);
	} else {
		char needle[PATH_MAX + 3];
		snprintf(needle, sizeof(needle), ":%s:", shims);
		fputs("__pyenvfs_p=\":${PATH}:\"\nwhile case $__pyenvfs_p in *", stdout);
		put_sq(needle);
		fputs("*) true ;; *) false ;; esac; do\n  __pyenvfs_p=\"${__pyenvfs_p%%", stdout);
		put_sq(needle);
		fputs("*}:${__pyenvfs_p#*", stdout);
		put_sq(needle);
		fputs("}\"\ndone\n__pyenvfs_p=${__pyenvfs_p#:}; PATH=${__pyenvfs_p%:}; unset "
		      "__pyenvfs_p\n",
		      stdout);
	}
	fputs("export PATH=\"", stdout);
	put_dq_path(shims);
	fputs(":${PATH}\"\n", stdout);
	if (no_push_path)
		fputs(";; esac\n", stdout);
}

static void print_path_fish(const char *shims, bool no_push_path)
{
	if (no_push_path) {
		fputs("if not contains -- ", stdout);
		put_fish_sq(shims);
		fputs(" $PATH\n", stdout);
	} else {
		fputs("while set -l __pyenvfs_i (contains -i -- ", stdout);
		put_fish_sq(shims);
		fputs(" $PATH)\n  set -eg PATH[$__pyenvfs_i]\nend\n", stdout);
	}
	fputs("set -gx PATH ", stdout);
	put_fish_sq(shims);
	fputs(" $PATH\n", stdout);
	if (no_push_path)
		fputs("end\n", stdout);
}

static void print_path_pwsh(const char *shims, bool no_push_path)
{
	if (no_push_path) {
		fputs("if ( -not (($Env:PATH -split ':') -contains ", stdout);
		put_pwsh_sq(shims);
		fputs(") ) {\n", stdout);
	} else {
		fputs("$Env:PATH=(($Env:PATH -split ':') | where { $_ -ne ", stdout);
		put_pwsh_sq(shims);
		fputs(" }) -join ':'\n", stdout);
	}
	fputs("$Env:PATH=\"", stdout);
	put_pwsh_dq(shims);
	fputs(":$Env:PATH\"\n", stdout);
	if (no_push_path)
		fputs("}\n", stdout);
}

/* pwsh's `pyenv' function: pyenv's, with this program's path for pyenv's. */
static void print_function_pwsh(const char *list, const char *ctl_path)
{
	fputs("function pyenv {\n  $command=\"\"\n  if ( $args.Count -gt 0 ) {\n"
	      "    $command, $args = $args\n  }\n\n  if ( (\"",
	      stdout);
	put_pwsh_dq(list);
	fputs("\" -split ' ') -contains $command ) {\n    $shell_cmds = (& ", stdout);
	put_pwsh_sq(ctl_path);
	fputs(" sh-$command $args)\n    if ( $shell_cmds.Count -gt 0 ) {\n"
	      "      iex ($shell_cmds -join \"`n\")\n    }\n  } else {\n    & ",
	      stdout);
	put_pwsh_sq(ctl_path);
	fputs(" $command $args\n  }\n}\n", stdout);
}

/* The `pyenv' function, in pyenv's shape: each of the sh-* commands (list, words between
 * single spaces: `shell', and the plugins' like `activate') prints code that must run
 * in this shell, so it evals what `sh-NAME' prints; everything else runs pyenvfs-ctl. */
static void print_function(enum shell_kind kind, const char *list, const char *ctl_path)
{
	if (kind == SH_PWSH) {
		print_function_pwsh(list, ctl_path);
		return;
	}
	if (kind == SH_FISH) {
		printf("function pyenv\n  set command $argv[1]\n  set -e argv[1]\n\n"
		       "  switch \"$command\"\n  case %s\n    ",
		       *list ? list : "''");
		put_fish_sq(ctl_path);
		fputs(" \"sh-$command\" $argv | source\n  case '*'\n    ", stdout);
		put_fish_sq(ctl_path);
		fputs(" $command $argv\n  end\nend\n", stdout);
		return;
	}
	fputs("pyenv() {\n  local command=${1:-}\n  [ \"$#\" -gt 0 ] && shift\n"
	      "  case \"$command\" in\n  ",
	      stdout);
	for (const char *c = *list ? list : "/"; *c; c++)
		putchar(*c == ' ' ? '|' : *c);
	fputs(")\n    eval \"$(", stdout);
	put_sq(ctl_path);
	fputs(" \"sh-$command\" \"$@\")\"\n    ;;\n  *)\n    command ", stdout);
	put_sq(ctl_path);
	fputs(" ${command:+\"$command\"} \"$@\"\n    ;;\n  esac\n}\n", stdout);
}

/* Keeps the words of s made only of the characters of a command name, joined by single
 * spaces, into out (they go into the code unquoted). */
static void name_words(const char *s, char *out, size_t len)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.+";
	size_t n = 0;
	out[0] = '\0';
	while (*s) {
		s += strspn(s, " \t\n");
		size_t w = strcspn(s, " \t\n");
		if (w && strspn(s, ok) >= w && n + w + 2 < len) {
			n += (size_t)snprintf(out + n, len - n, "%s%.*s", n ? " " : "", (int)w, s);
		}
		s += w;
	}
}

/* The first pyenv-commands in PATH that is not this program (pyenv's tests stub it), into
 * buf; false when there is none. */
static bool foreign_commands(const struct ctl *ctl, char *buf, size_t len)
{
	const char *path = getenv("PATH");
	char *found = NULL;
	if (!path || !*path || rv_search_path(path, "pyenv-commands", &found) < 0 || !found)
		return false;
	snprintf(buf, len, "%s", found);
	char *real = realpath(found, NULL);
	bool ours = real && ctl->self_exe && strcmp(real, ctl->self_exe) == 0;
	free(real);
	free(found);
	return !ours;
}

/* What pyenv-init's `pyenv-commands --sh' says: the sh-* commands, ours and the plugins'
 * (a process, as pyenv's init runs one: the plugins' are found in PATH and under
 * $PYENV_ROOT/plugins). */
static void sh_commands(const struct ctl *ctl, char *out, size_t len)
{
	char buf[8192] = "", cmd[PATH_MAX];
	bool foreign = foreign_commands(ctl, cmd, sizeof(cmd));
	char *argv[] = {foreign ? cmd : (char *)ctl->self_exe, foreign ? "--sh" : "commands",
			"--sh", NULL};
	if (foreign)
		argv[2] = NULL;
	if (argv[0] && *argv[0])
		mnt_run_capture(argv, buf, sizeof(buf));
	name_words(buf, out, len);
}

/* Mount on the first shell when nothing is mounted: the test reads mountinfo with a
 * builtin (no fork) and stats the mountpoint (a stale mount fails it). */
static void print_mount(enum shell_kind kind, const char *ctl_path, const char *shims)
{
	char escaped[4 * PATH_MAX], pattern[4 * PATH_MAX + 4];
	mountinfo_escape(shims, escaped, sizeof(escaped));
	snprintf(pattern, sizeof(pattern), " %s ", escaped);
	switch (kind) {
	case SH_BASH:
		fputs("mapfile -t __pyenvfs_m </proc/self/mountinfo 2>/dev/null || true\n"
		      "if [[ \" ${__pyenvfs_m[*]} \" != *",
		      stdout);
		put_sq(pattern);
		fputs("* || ! -d ", stdout);
		put_sq(shims);
		fputs(" ]]; then\n  command ", stdout);
		break;
	case SH_ZSH:
		fputs("if [[ \"$(</proc/self/mountinfo)\" != *", stdout);
		put_sq(pattern);
		fputs("* || ! -d ", stdout);
		put_sq(shims);
		fputs(" ]] 2>/dev/null; then\n  command ", stdout);
		break;
	case SH_PWSH:
		/* the program looks (about a millisecond when mounted) */
		fputs("& ", stdout);
		put_pwsh_sq(ctl_path);
		fputs(" mount -q ", stdout);
		put_pwsh_sq(shims);
		fputs("\n", stdout);
		return;
	case SH_POSIX:
		/* no builtin reads a file whole here: let the program look */
		fputs("if true; then\n  command ", stdout);
		break;
	case SH_FISH: {
		/* string match's glob takes the rest literally (a '*' in the path matches more) */
		char glob[4 * PATH_MAX + 8];
		snprintf(glob, sizeof(glob), "* %s *", escaped);
		fputs("if not string match -q -- ", stdout);
		put_fish_sq(glob);
		fputs(" </proc/self/mountinfo 2>/dev/null; or not test -d ", stdout);
		put_fish_sq(shims);
		fputs("\n  ", stdout);
		put_fish_sq(ctl_path);
		fputs(" mount -q ", stdout);
		put_fish_sq(shims);
		fputs("\nend\n", stdout);
		return;
	}
	}
	put_sq(ctl_path);
	fputs(" mount -q ", stdout);
	put_sq(shims);
	fputs(" || true\nfi\n", stdout);
	if (kind == SH_BASH)
		fputs("unset __pyenvfs_m\n", stdout);
}

/* $Env:NAME='VALUE' (PowerShell doubles a quote inside single quotes). */
static void put_pwsh_setting(const char *name, const char *v)
{
	printf("$Env:%s='", name);
	for (; *v; v++) {
		if (*v == '\'')
			putchar('\'');
		putchar(*v);
	}
	puts("'");
}

/* The settings of the config file (resolver/config.h) the environment does not set, exported
 * so the shims see them: PYENVFS_TOOL_VERSIONS is only read from the environment on the
 * exec path. */
static void print_settings(const struct ctl *ctl, enum shell_kind kind)
{
	static const char *const names[] = {"PYENVFS_AUTO_INSTALL", "PYENVFS_TOOL_VERSIONS"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct rv_strv msgs = {0};
		char *v = NULL;
		if (!getenv(names[i]) && rv_setting(names[i], &v, ctl->prog, &msgs) == 0) {
			if (kind == SH_PWSH)
				put_pwsh_setting(names[i], v);
			else {
				fputs(kind == SH_FISH ? "set -gx " : "export ", stdout);
				printf("%s%s", names[i], kind == SH_FISH ? " " : "=");
				(kind == SH_FISH ? put_fish_sq : put_sq)(v);
				putchar('\n');
			}
		}
		for (size_t k = 0; k < msgs.n; k++)
			fprintf(stderr, "%s\n", msgs.v[k]);
		rv_strv_clear(&msgs);
		free(v);
	}
}

/* --detect-shell: the shell and its startup files, as pyenv's installer reads them. */
static void print_detect(const char *shell, enum shell_kind kind)
{
	const char *profile = kind == SH_BASH	? "~/.profile"
			      : kind == SH_ZSH	? "~/.zprofile"
			      : kind == SH_FISH ? "~/.config/fish/config.fish"
			      : kind == SH_PWSH ? "~/.config/powershell/profile.ps1"
						: "";
	const char *rc = kind == SH_BASH ? "~/.bashrc" : kind == SH_ZSH ? "~/.zshrc" : profile;
	printf("PYENV_SHELL_DETECT=%s\nPYENV_PROFILE_DETECT=%s\nPYENV_RC_DETECT=%s\n", shell,
	       profile, rc);
}

/* pyenv's `command pyenv rehash' line, printed only under the name pyenv: then the
 * `pyenv' in PATH is this program (whose rehash costs nothing); under our own name it may
 * be pyenv's, which must not write into the shims directory. */
static void print_rehash(const struct ctl *ctl, enum shell_kind kind)
{
	if (ctl->as_pyenv)
		puts(kind == SH_PWSH ? "& pyenv rehash" : "command pyenv rehash");
}

/* Like pyenv's init: $PYENV_ROOT/shims and versions exist afterwards (best effort: a
 * read-only root is not init's problem). */
static void make_dirs(const char *root)
{
	char dir[PATH_MAX + 16];
	snprintf(dir, sizeof(dir), "%s/shims", root);
	pc_mkdir_p(dir, 0755);
	snprintf(dir, sizeof(dir), "%s/versions", root);
	pc_mkdir_p(dir, 0755);
}

static int parse(const struct ctl *ctl, int argc, char **argv, struct init_opts *o)
{
	*o = (struct init_opts){.mode = MODE_HELP};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-") == 0)
			o->mode = MODE_PRINT;
		else if (strcmp(a, "--path") == 0)
			o->mode = MODE_PATH;
		else if (strcmp(a, "--detect-shell") == 0)
			o->mode = MODE_DETECT;
		else if (strcmp(a, "--no-push-path") == 0)
			o->no_push_path = true;
		else if (strcmp(a, "--no-mount") == 0)
			o->no_mount = true;
		else if (strcmp(a, "--no-rehash") == 0)
			o->no_rehash = true;
		else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			print_usage(stdout, ctl);
			return 1;
		} else if (a[0] == '-') {
			fprintf(stderr, "%s: init: unknown option `%s'\n", ctl->prog, a);
			print_usage(stderr, ctl);
			return 2;
		} else
			o->shell = a;
	}
	return 0;
}

/* `init -' and `init --path': the code for shell. */
static void print_code(const struct ctl *ctl, const struct init_opts *o, const char *shell,
		       const struct mnt_paths *paths)
{
	enum shell_kind kind = shell_kind(shell);
	const char *ctl_path = ctl->self_exe && *ctl->self_exe ? ctl->self_exe : "pyenvfs-ctl";
	make_dirs(paths->root);
	if (kind == SH_FISH)
		print_path_fish(paths->mountpoint, o->no_push_path);
	else if (kind == SH_PWSH)
		print_path_pwsh(paths->mountpoint, o->no_push_path);
	else
		print_path_sh(paths->mountpoint, o->no_push_path);
	if (o->mode == MODE_PATH) {
		if (!o->no_rehash)
			print_rehash(ctl, kind);
		return;
	}
	if (kind == SH_FISH)
		printf("set -gx PYENV_SHELL %s\n", shell);
	else if (kind == SH_PWSH)
		printf("$Env:PYENV_SHELL=\"%s\"\n", shell);
	else
		printf("export PYENV_SHELL=%s\n", shell);
	print_settings(ctl, kind);
	if (!o->no_rehash)
		print_rehash(ctl, kind);
	char list[4096];
	sh_commands(ctl, list, sizeof(list));
	print_function(kind, list, ctl_path);
	if (!o->no_mount)
		print_mount(kind, ctl_path, paths->mountpoint);
}

static int cmd_init(const struct ctl *ctl, int argc, char **argv)
{
	struct init_opts o;
	int r = parse(ctl, argc, argv, &o);
	if (r)
		return r == 1 ? 0 : r;
	char shell[64];
	if (o.shell)
		snprintf(shell, sizeof(shell), "%s", o.shell);
	else
		detect_shell(shell, sizeof(shell));
	if (!*shell || shell[strspn(shell, "abcdefghijklmnopqrstuvwxyz0123456789_")])
		snprintf(shell, sizeof(shell), "sh"); /* it goes into the code unquoted */
	enum shell_kind kind = shell_kind(shell);

	if (o.mode == MODE_HELP) {
		print_help(ctl, shell);
		return 1;
	}
	if (o.mode == MODE_DETECT) {
		print_detect(shell, kind);
		return 0;
	}

	struct mnt_paths paths;
	struct pc_msg msg;
	if (mnt_paths_resolve(NULL, &paths, &msg) < 0) {
		fprintf(stderr, "%s: init: %s\n", ctl->prog, msg.text);
		return 1;
	}
	print_code(ctl, &o, shell, &paths);
	return 0;
}

/* usage and help NULL: init prints its own (print_usage) */
const struct ctl_command ctl_init_commands[] = {
	{
		.name = "init",
		.run = cmd_init,
		.summary = "Print the shell code that sets pyenvfs up in a shell",
		.complete = "-\n--path\n--no-push-path\n--no-mount\n--no-rehash\n--detect-shell\n"
			    "bash\nfish\npwsh\nzsh\n",
	},
	{.name = NULL},
};
