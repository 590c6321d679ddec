/* pyenv versions, and the listings completions use (versions.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl/mount/daemon.h"
#include "ctl/pyenv/output.h"
#include "ctl/pyenv/version.h"
#include "ctl/pyenv/versions.h"
#include "resolver/path.h"
#include "resolver/roots.h"
#include "resolver/versions.h"
#include "resolver/which.h"

int pyenv_print_executables(struct pyenv *p, bool executable_only, const char *prefix)
{
	struct rv_strv names = {0};
	if (rv_roots_executables(p->rv.root, p->rv.roots, executable_only, &names) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < names.n; i++)
		printf("%s%s\n", prefix, names.v[i]);
	rv_strv_clear(&names);
	return 0;
}

int pyenv_print_bare_versions(struct pyenv *p)
{
	struct rv_versions vs = {0};
	if (rv_roots_list(p->rv.root, p->rv.pwd, p->rv.roots, 0, &vs) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < vs.n; i++)
		printf("%s\n", vs.v[i].name);
	rv_versions_finish(&vs);
	return 0;
}

int pyenv_complete_versions(const struct ctl *ctl, void *ctx, const struct ctl_command *cmd,
			    int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct pyenv *p = ctx;
	ctl_complete_words(cmd);
	return pyenv_print_bare_versions(p) < 0 ? pyenv_oom(ctl) : 0;
}

int pyenv_complete_shims(const struct ctl *ctl, void *ctx, const struct ctl_command *cmd, int argc,
			 char **argv)
{
	(void)argc;
	(void)argv;
	struct pyenv *p = ctx;
	ctl_complete_words(cmd);
	return pyenv_print_executables(p, true, "") < 0 ? pyenv_oom(ctl) : 0;
}

/* A system Python for `versions`: python, python3 or python2 in PATH. */
static bool has_system_python(struct pyenv *p)
{
	static const char *const pythons[] = {"python", "python3", "python2"};
	for (size_t i = 0; i < 3; i++) {
		char *var = rv_shim_paths_var(pythons[i]);
		char *py = var ? rv_system_which(&p->rv, pythons[i], getenv(var)) : NULL;
		bool ok = py && rv_is_exec(py);
		free(var);
		free(py);
		if (ok)
			return true;
	}
	return false;
}

/* One line of `versions': "* NAME --> LINK (set by ORIGIN)", with " (in ROOT)" after the
 * name of a version from an extra root (root non-NULL). Returns 0 or -ENOMEM. */
static int print_version(struct pyenv *p, const char *name, const char *path, const char *root,
			 bool bare, const struct rv_strv *current)
{
	if (bare) {
		printf("%s\n", name);
		return 0;
	}
	char link[4096];
	ssize_t n = rv_is_link(path) ? readlink(path, link, sizeof(link) - 1) : -1;
	if (n >= 0)
		link[n] = '\0';
	char *shown = root ? rv_strf("%s (in %s)", name, root) : NULL;
	if (root && !shown)
		return -ENOMEM;
	const char *line = shown ? shown : name;
	int r = 0;
	if (rv_strv_contains(current, name)) {
		char *o = pyenv_origin(p);
		if (o)
			printf(n >= 0 ? "* %s --> %s (set by %s)\n" : "* %s%s (set by %s)\n", line,
			       n >= 0 ? link : "", o);
		r = o ? 0 : -ENOMEM;
		free(o);
	} else {
		printf(n >= 0 ? "  %s --> %s\n" : "  %s%s\n", line, n >= 0 ? link : "");
	}
	free(shown);
	return r;
}

/* pyenv-versions' `sort --version-sort </dev/null': false when the first sort in PATH
 * is missing or says no. A program (ELF) is taken at its word without a run; anything
 * else (a script: pyenv's tests stub sort) runs. */
static bool sort_sorts_versions(void)
{
	const char *path = getenv("PATH");
	char *f = NULL;
	if (!path || !*path || rv_search_path(path, "sort", &f) < 0 || !f)
		return false;
	char magic[4] = {0};
	int fd = open(f, O_RDONLY | O_CLOEXEC);
	bool elf = fd >= 0 && read(fd, magic, 4) == 4 && memcmp(magic, "\x7f" "ELF", 4) == 0;
	if (fd >= 0)
		close(fd);
	bool ok = elf;
	if (!elf) {
		char *argv[] = {f, "--version-sort", NULL}, out[64];
		ok = mnt_run_capture(argv, out, sizeof(out)) == 0;
	}
	free(f);
	return ok;
}

struct versions_opts {
	bool bare, executables;
	unsigned flags; /* RV_VERSIONS_* */
};

/* Returns 0, or 1 after a usage error or --complete (*status: the exit status). */
static int parse_versions(struct pyenv *p, int argc, char **argv, struct versions_opts *o,
			  int *status)
{
	*o = (struct versions_opts){0};
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--complete") == 0) {
			ctl_complete_words(p->cmd);
			*status = 0;
			return 1;
		} else if (strcmp(argv[i], "--executables") == 0) {
			o->executables = true;
			break;
		} else if (strcmp(argv[i], "--bare") == 0) {
			o->bare = true;
		} else if (strcmp(argv[i], "--skip-aliases") == 0) {
			o->flags |= RV_VERSIONS_SKIP_ALIASES;
		} else if (strcmp(argv[i], "--skip-envs") == 0) {
			o->flags |= RV_VERSIONS_SKIP_ENVS;
		} else {
			*status = pyenv_usage_error(p->ctl, "versions");
			return 1;
		}
	}
	return 0;
}

/* The selected versions (to star) and the system line. Returns the lines printed (0 or
 * 1), -ENOMEM, or -EINVAL after bash's "bad array subscript" (an empty name). */
static int print_system(struct pyenv *p, struct rv_strv *current)
{
	struct pyenv_selection sel;
	int r = pyenv_version_name(p, false, &sel);
	*current = sel.names;
	if (r < 0 || pyenv_resplit(current) < 0)
		return -ENOMEM;
	if (rv_strv_contains(current, "")) {
		/* bash: current_versions[""]=1 */
		pyenv_errf("%s: versions: current_versions[\"$i\"]: bad array subscript",
			   p->ctl->prog);
		return -EINVAL;
	}
	if (!has_system_python(p))
		return 0;
	return print_version(p, "system", "/", NULL, false, current) < 0 ? -ENOMEM : 1;
}

int pyenv_cmd_versions(struct pyenv *p, int argc, char **argv)
{
	struct versions_opts o;
	int status;
	if (parse_versions(p, argc, argv, &o, &status))
		return status;
	if (o.executables)
		return pyenv_print_executables(p, false, "") < 0 ? pyenv_oom(p->ctl) : 0;
	struct rv_strv current = {0};
	int count = 0, r = 0;
	if (!o.bare && (r = count = print_system(p, &current)) < 0) {
		rv_strv_clear(&current);
		return r == -ENOMEM ? pyenv_oom(p->ctl) : 1;
	}
	struct rv_versions vs = {0};
	if (rv_roots_list(p->rv.root, p->rv.pwd, p->rv.roots, o.flags, &vs) < 0 ||
	    /* without version sorting pyenv lists versions/(star) in glob order */
	    (vs.n > 1 && !sort_sorts_versions() && rv_versions_sort(&vs, strcmp) < 0))
		r = -ENOMEM;
	for (size_t i = 0; i < vs.n && r >= 0; i++) {
		r = print_version(p, vs.v[i].name, vs.v[i].path, vs.v[i].origin, o.bare, &current);
		count++;
	}
	rv_versions_finish(&vs);
	rv_strv_clear(&current);
	if (r < 0)
		return pyenv_oom(p->ctl);
	if (!o.bare && count == 0) {
		pyenv_err("Warning: no Python detected on the system");
		return 1;
	}
	return 0;
}
