/* pyenvfs-ctl's pyenv commands: pyenv 2.6's version, version-name, version-origin,
 * version-file, version-file-read, version-file-write, versions, which, whence, prefix,
 * latest, local, global, shell, sh-shell, exec, root, rehash (and completions, shims),
 * over the resolver library. Under the name "pyenv" stdout, stderr and the exit status
 * are pyenv's byte for byte; otherwise messages start with "pyenvfs-ctl". */
#include <errno.h>
#include <glob.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "resolver/path.h"
#include "ctl/pyenv_cmds.h"
#include "resolver/version_file.h"
#include "resolver/versions.h"
#include "resolver/which.h"

extern char **environ;

/* ---- output ---- */

void pyenv_err(const char *line)
{
	fflush(stdout);
	fprintf(stderr, "%s\n", line);
}

void pyenv_errf(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void pyenv_flush_msgs(struct rv_strv *msgs)
{
	for (size_t i = 0; i < msgs->n; i++)
		pyenv_err(msgs->v[i]);
	rv_strv_clear(msgs);
}

void pyenv_print_help(const struct ctl *ctl, const char *cmd, bool usage_only, FILE *out)
{
	const struct pyenv_help *h = pyenv_help_find(cmd);
	if (!h)
		return;
	const char *text = usage_only ? h->usage : h->help;
	if (ctl->as_pyenv) {
		fputs(text, out);
		return;
	}
	/* the usage lines name this program */
	bool in_usage = false;
	for (const char *l = text; *l;) {
		const char *e = strchrnul(l, '\n');
		size_t n = (size_t)(e - l) + (*e == '\n');
		if (rv_startswith(l, "Usage: pyenv ")) {
			in_usage = true;
			fprintf(out, "Usage: %s %.*s", ctl->prog, (int)(n - 13), l + 13);
		} else if (in_usage && rv_startswith(l, "       pyenv ")) {
			fprintf(out, "       %s %.*s", ctl->prog, (int)(n - 13), l + 13);
		} else {
			in_usage = false;
			fwrite(l, 1, n, out);
		}
		l += n;
	}
}

static int usage_error(const struct pyenv *p, const char *cmd)
{
	fflush(stdout);
	pyenv_print_help(p->ctl, cmd, true, stderr);
	return 1;
}

static int oom(void)
{
	pyenv_err("pyenv: out of memory");
	return 1;
}

/* ---- the pyenv main script: PYENV_ROOT, PYENV_DIR, PYENV_HOOK_PATH ---- */

static int pyenv_init(struct pyenv *p, const struct ctl *ctl)
{
	struct rv_strv msgs = {0};
	struct rv_env env = rv_env_from_environ(ctl->prog);
	*p = (struct pyenv){.ctl = ctl};
	int r = rv_ctx_init(&p->rv, &env, &msgs);
	pyenv_flush_msgs(&msgs);
	if (r < 0)
		return r == -ENOMEM ? oom() : 1;
	const char *hp = getenv("PYENV_HOOK_PATH");
	char *plugins = NULL;
	char *pat = rv_strf("%s/plugins/*/etc/pyenv.d", p->rv.root);
	glob_t g;
	if (pat && glob(pat, 0, NULL, &g) == 0) {
		struct rv_strv sv = {0};
		for (size_t i = 0; i < g.gl_pathc; i++)
			rv_strv_pushf(&sv, ":%s", g.gl_pathv[i]);
		plugins = rv_strv_join(&sv, "");
		rv_strv_clear(&sv);
		globfree(&g);
	}
	free(pat);
	p->hook_path = rv_strf("%s:%s/pyenv.d:/usr/etc/pyenv.d:/usr/local/etc/pyenv.d:"
			       "/etc/pyenv.d:/usr/lib/pyenv/hooks%s",
			       hp ? hp : "", p->rv.root, plugins ? plugins : "");
	free(plugins);
	if (!p->hook_path)
		return oom();
	if (p->hook_path[0] == ':')
		memmove(p->hook_path, p->hook_path + 1, strlen(p->hook_path));
	/* look for hooks only where a directory is */
	struct rv_strv dirs = {0};
	if (rv_strv_split(&dirs, p->hook_path, ':') < 0)
		return oom();
	for (size_t i = 0; i < dirs.n; i++)
		if (rv_is_dir(dirs.v[i]) && rv_strv_push(&p->hook_dirs, dirs.v[i]) < 0)
			return oom();
	rv_strv_clear(&dirs);
	/* pyenv exports these to every command (and so to hooks and exec'd programs) */
	setenv("PYENV_ROOT", p->rv.root, 1);
	setenv("PYENV_DIR", p->rv.dir, 1);
	setenv("PYENV_HOOK_PATH", p->hook_path, 1);
	return 0;
}

static void pyenv_finish(struct pyenv *p)
{
	rv_ctx_finish(&p->rv);
	free(p->hook_path);
	rv_strv_clear(&p->hook_dirs);
}

/* ---- selection with hooks ---- */

/* version-origin, with its hooks. Malloc'ed or NULL. */
static char *origin(const struct pyenv *p)
{
	const char *out_names[] = {"PYENV_VERSION_ORIGIN"};
	char *val = NULL;
	int st;
	struct pyenv_var vars[] = {{"PYENV_VERSION_ORIGIN", NULL}};
	if (pyenv_hooks_run(p, "version-origin", vars, 1, out_names, 1, &val, NULL, &st) == 0 &&
	    val && *val)
		return val;
	free(val);
	return rv_version_origin(&p->rv);
}

/* version-name [-f] with its hooks: names appended; returns 0, 1 (a version is not
 * installed), or -ENOMEM; *exited set when a hook exited (status in *status). */
static int version_name(struct pyenv *p, bool force, struct rv_strv *names, bool *exited,
			int *status)
{
	struct rv_strv msgs = {0};
	char *raw = rv_selection_raw(&p->rv, &msgs);
	pyenv_flush_msgs(&msgs);
	if (!raw)
		return -ENOMEM;
	*exited = false;
	const char *out_names[] = {"PYENV_VERSION"};
	char *val = NULL;
	struct pyenv_var vars[] = {{"PYENV_VERSION", raw}};
	int h = pyenv_hooks_run(p, "version-name", vars, 1, out_names, 1, &val, NULL, status);
	if (h == 1) {
		free(raw);
		*exited = true;
		return 0;
	}
	if (h == 0) {
		free(raw);
		raw = val ? val : strdup("");
		if (!raw)
			return -ENOMEM;
	}
	int r = rv_version_name(&p->rv, raw, force, names, &msgs);
	pyenv_flush_msgs(&msgs);
	free(raw);
	return r;
}

/* What a caller of version-name gets from `IFS=: x=($(pyenv-version-name))`: the joined
 * output split again (empty names vanish at the ends, stay in the middle). */
static int resplit(struct rv_strv *names)
{
	char *j = rv_strv_join(names, ":");
	if (!j)
		return -ENOMEM;
	rv_strv_clear(names);
	int r = rv_strv_split(names, j, ':');
	free(j);
	return r;
}

/* ---- commands ---- */

static int print_lines(const struct rv_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		printf("%s\n", sv->v[i]);
	return 0;
}

static int do_root(struct pyenv *p, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("%s\n", p->rv.root);
	return 0;
}

static int do_rehash(struct pyenv *p, int argc, char **argv)
{
	(void)p;
	(void)argc;
	(void)argv;
	return 0; /* pyenvfs computes the shims: nothing to do */
}

static int do_version_file(struct pyenv *p, int argc, char **argv)
{
	char *f = NULL;
	if (argc > 1 && *argv[1]) {
		int r = rv_vfile_find(argv[1], &f);
		if (r == -ENOMEM)
			return oom();
		if (r < 0)
			return 1;
	} else if (!(f = rv_version_file(&p->rv))) {
		return oom();
	}
	printf("%s\n", f);
	free(f);
	return 0;
}

static int do_version_file_read(struct pyenv *p, int argc, char **argv)
{
	const char *file = argc > 1 ? argv[1] : "";
	struct rv_vfile vf = {0};
	int r = rv_vfile_read(&vf, file, p->rv.root, p->rv.pwd);
	if (r == -ENOMEM)
		return oom();
	if (r < 0 && r != -ENOENT)
		pyenv_errf("%s: %s: %s", p->ctl->prog, file, strerror(-r));
	const char *sep = "";
	for (size_t i = 0; r == 0 && i < vf.n; i++) {
		if (!vf.words[i].safe) {
			pyenv_errf("%s: invalid version `%s' ignored in `%s'", p->ctl->prog,
				   vf.words[i].word, file);
			continue;
		}
		printf("%s%s", sep, vf.words[i].word);
		sep = ":";
	}
	int status = r == 0 && vf.n_safe ? 0 : 1;
	if (!status)
		putchar('\n');
	rv_vfile_finish(&vf);
	return status;
}

/* pyenv-prefix's check that each version is installed; messages printed. */
static int check_installed(struct pyenv *p, char *const *versions, size_t n, struct rv_strv *paths)
{
	struct rv_strv all = {0}, msgs = {0};
	int r = 0;
	for (size_t i = 0; i < n && r >= 0; i++)
		r = rv_strv_split(&all, versions[i], ':');
	for (size_t i = 0; i < all.n && r >= 0; i++) {
		char *path = NULL;
		r = rv_prefix(&p->rv, all.v[i], &path, &msgs);
		if (r == 0)
			r = paths ? rv_strv_take(paths, path) : (free(path), 0);
	}
	pyenv_flush_msgs(&msgs);
	rv_strv_clear(&all);
	return r == -ENOMEM ? -ENOMEM : r < 0 ? 1 : 0;
}

static int version_file_write(struct pyenv *p, int argc, char **argv, const char *cmdname)
{
	bool force = false;
	int i = 1;
	for (; i < argc; i++) {
		if (strcmp(argv[i], "-f") == 0 || strcmp(argv[i], "--force") == 0)
			force = true;
		else
			break;
	}
	const char *file = i < argc ? argv[i] : "";
	char **versions = argv + i + 1;
	int n = argc - i - 1;
	if (n < 1 || !*versions[0] || !*file)
		return usage_error(p, cmdname);
	if (!force) {
		int r = check_installed(p, versions, (size_t)n, NULL);
		if (r)
			return r < 0 ? oom() : r;
	}
	int r = rv_vfile_write(file, versions, (size_t)n);
	if (r < 0) {
		pyenv_errf("%s: %s: %s", p->ctl->prog, file, strerror(-r));
		return 1;
	}
	return 0;
}

static int do_version_file_write(struct pyenv *p, int argc, char **argv)
{
	return version_file_write(p, argc, argv, "version-file-write");
}

static int do_version_name(struct pyenv *p, int argc, char **argv)
{
	bool force = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-f") == 0 || strcmp(argv[i], "--force") == 0)
			force = true;
		else
			break;
	}
	struct rv_strv names = {0};
	bool exited;
	int status;
	int r = version_name(p, force, &names, &exited, &status);
	if (r < 0)
		return oom();
	if (exited)
		return status;
	char *joined = rv_strv_join(&names, ":");
	if (!joined)
		return oom();
	printf("%s\n", joined);
	free(joined);
	rv_strv_clear(&names);
	return r;
}

static int do_version_origin(struct pyenv *p, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	char *o = origin(p);
	if (!o)
		return oom();
	printf("%s\n", o);
	free(o);
	return 0;
}

static int do_version(struct pyenv *p, int argc, char **argv)
{
	struct rv_strv names = {0};
	bool exited;
	int status;
	int r = version_name(p, false, &names, &exited, &status);
	if (r < 0 || resplit(&names) < 0)
		return oom();
	if (exited) {
		rv_strv_clear(&names);
		if (status)
			r = status;
	}
	bool bare = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--complete") == 0) {
			printf("--bare\n");
			rv_strv_clear(&names);
			return 0;
		} else if (strcmp(argv[i], "--bare") == 0) {
			bare = true;
		} else {
			rv_strv_clear(&names);
			return usage_error(p, "version");
		}
	}
	for (size_t i = 0; i < names.n; i++) {
		if (bare) {
			printf("%s\n", names.v[i]);
			continue;
		}
		char *o = origin(p);
		if (!o)
			return oom();
		printf("%s (set by %s)\n", names.v[i], o);
		free(o);
	}
	rv_strv_clear(&names);
	return r;
}

/* A system Python for `versions` and `prefix`: python, python3 or python2 in PATH. */
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

static int print_version(struct pyenv *p, const char *name, const char *path, bool bare,
			 const struct rv_strv *current)
{
	if (bare) {
		printf("%s\n", name);
		return 0;
	}
	char link[4096];
	ssize_t n = rv_is_link(path) ? readlink(path, link, sizeof(link) - 1) : -1;
	if (n >= 0)
		link[n] = '\0';
	if (rv_strv_contains(current, name)) {
		char *o = origin(p);
		if (!o)
			return -ENOMEM;
		printf(n >= 0 ? "* %s --> %s (set by %s)\n" : "* %s%s (set by %s)\n", name,
		       n >= 0 ? link : "", o);
		free(o);
	} else {
		printf(n >= 0 ? "  %s --> %s\n" : "  %s%s\n", name, n >= 0 ? link : "");
	}
	return 0;
}

static int print_executables(struct pyenv *p, bool executable_only, const char *prefix)
{
	struct rv_strv names = {0};
	if (rv_versions_executables(p->rv.root, executable_only, &names) < 0)
		return oom();
	for (size_t i = 0; i < names.n; i++)
		printf("%s%s\n", prefix, names.v[i]);
	rv_strv_clear(&names);
	return 0;
}

static int print_bare_versions(struct pyenv *p)
{
	struct rv_versions vs = {0};
	if (rv_versions_list(p->rv.root, p->rv.pwd, 0, &vs) < 0)
		return oom();
	for (size_t i = 0; i < vs.n; i++)
		printf("%s\n", vs.v[i].name);
	rv_versions_finish(&vs);
	return 0;
}

static int do_versions(struct pyenv *p, int argc, char **argv)
{
	bool bare = false, executables = false;
	unsigned flags = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--complete") == 0) {
			printf("--bare\n--skip-aliases\n--skip-envs\n");
			return 0;
		} else if (strcmp(argv[i], "--executables") == 0) {
			executables = true;
			break;
		} else if (strcmp(argv[i], "--bare") == 0) {
			bare = true;
		} else if (strcmp(argv[i], "--skip-aliases") == 0) {
			flags |= RV_VERSIONS_SKIP_ALIASES;
		} else if (strcmp(argv[i], "--skip-envs") == 0) {
			flags |= RV_VERSIONS_SKIP_ENVS;
		} else {
			return usage_error(p, "versions");
		}
	}
	if (executables)
		return print_executables(p, false, "");
	struct rv_strv current = {0};
	int count = 0, r = 0;
	if (!bare) {
		bool exited;
		int st;
		if (version_name(p, false, &current, &exited, &st) < 0 || resplit(&current) < 0)
			return oom();
		if (rv_strv_contains(&current, "")) {
			/* bash: current_versions[""]=1 */
			pyenv_errf("%s: versions: current_versions[\"$i\"]: bad array subscript",
				   p->ctl->prog);
			rv_strv_clear(&current);
			return 1;
		}
		if (has_system_python(p)) {
			if (print_version(p, "system", "/", false, &current) < 0)
				return oom();
			count++;
		}
	}
	struct rv_versions vs = {0};
	if (rv_versions_list(p->rv.root, p->rv.pwd, flags, &vs) < 0)
		return oom();
	for (size_t i = 0; i < vs.n && r >= 0; i++) {
		r = print_version(p, vs.v[i].name, vs.v[i].path, bare, &current);
		count++;
	}
	rv_versions_finish(&vs);
	rv_strv_clear(&current);
	if (r < 0)
		return oom();
	if (!bare && count == 0) {
		pyenv_err("Warning: no Python detected on the system");
		return 1;
	}
	return 0;
}

/* pyenv-which without its argument parsing. skip_advice, nosystem as its switches.
 * Prints the path or the failure; returns the exit status. */
static int which(struct pyenv *p, const char *cmd, char *const *versions, size_t n, bool nosystem,
		 bool skip_advice, const char *custom_skip, char **found)
{
	struct rv_which w;
	struct rv_strv msgs = {0};
	int status = 0;
	if (rv_which_search(&p->rv, cmd, versions, n, nosystem, custom_skip, &w) < 0) {
		rv_which_finish(&w);
		return oom();
	}
	const char *out_names[] = {"PYENV_COMMAND_PATH"};
	char *val = NULL;
	struct pyenv_var vars[] = {
		{"PYENV_COMMAND", cmd}, {"PYENV_COMMAND_PATH", w.path}, {"version", w.version}};
	int h = pyenv_hooks_run(p, "which", vars, 3, out_names, 1, &val, NULL, &status);
	if (h == 1) {
		rv_which_finish(&w);
		return status;
	}
	if (h == 0) {
		free(w.path);
		w.path = val ? val : strdup("");
		w.found = w.path && rv_is_exec(w.path);
	}
	if (rv_which_found(&w)) {
		if (found)
			*found = strdup(w.path);
		else
			printf("%s\n", w.path);
		status = 0;
	} else {
		if (rv_which_failure(&p->rv, cmd, &w, skip_advice, &msgs) < 0)
			status = oom();
		else
			status = 127;
		pyenv_flush_msgs(&msgs);
	}
	rv_which_finish(&w);
	return status;
}

static int print_shims_short(struct pyenv *p)
{
	return print_executables(p, true, "");
}

/* The versions pyenv-which tries; returns 0 or an exit status. */
static int which_versions(struct pyenv *p, struct rv_strv *versions)
{
	if (p->rv.version_env && *p->rv.version_env)
		return rv_strv_split(versions, p->rv.version_env, ':') < 0 ? oom() : 0;
	bool exited;
	int st = 0;
	if (version_name(p, true, versions, &exited, &st) < 0)
		return oom();
	return exited ? st : 0;
}

static int do_which(struct pyenv *p, int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--complete") == 0)
		return print_shims_short(p);
	bool nosystem = false, skip_advice = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--skip-advice") == 0)
			skip_advice = true;
		else if (strcmp(argv[i], "--nosystem") == 0)
			nosystem = true;
	}
	const char *cmd = argc > 1 ? argv[1] : "";
	if (!*cmd)
		return usage_error(p, "which");
	struct rv_strv versions = {0};
	int r = which_versions(p, &versions);
	if (r == 0) {
		char *var = rv_shim_paths_var(cmd);
		if (!var)
			return oom();
		r = which(p, cmd, versions.v, versions.n, nosystem, skip_advice, getenv(var), NULL);
		free(var);
	}
	rv_strv_clear(&versions);
	return r;
}

static int do_whence(struct pyenv *p, int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--complete") == 0) {
		printf("--path\n");
		return print_shims_short(p);
	}
	bool paths = argc > 1 && strcmp(argv[1], "--path") == 0;
	const char *cmd = argc > 1 + paths ? argv[1 + paths] : "";
	if (!*cmd)
		return usage_error(p, "whence");
	struct rv_strv out = {0};
	if (rv_whence(&p->rv, cmd, paths, &out) < 0)
		return oom();
	print_lines(&out);
	int status = out.n ? 0 : 1;
	rv_strv_clear(&out);
	return status;
}

static int do_prefix(struct pyenv *p, int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--complete") == 0) {
		printf("system\n");
		return print_bare_versions(p);
	}
	char *sel = NULL;
	if (argc > 1 && *argv[1]) {
		struct rv_strv args = {0};
		for (int i = 1; i < argc; i++)
			if (rv_strv_push(&args, argv[i]) < 0)
				return oom();
		sel = rv_strv_join(&args, ":");
		rv_strv_clear(&args);
	} else if (p->rv.version_env && *p->rv.version_env) {
		sel = strdup(p->rv.version_env);
	} else {
		struct rv_strv names = {0};
		bool exited;
		int st;
		int r = version_name(p, false, &names, &exited, &st);
		if (r < 0)
			return oom();
		if (exited || r) {
			rv_strv_clear(&names);
			return exited ? (st ? st : 0) : 1;
		}
		sel = rv_strv_join(&names, ":");
		rv_strv_clear(&names);
	}
	if (!sel)
		return oom();
	struct rv_strv paths = {0};
	int r = check_installed(p, &sel, 1, &paths);
	free(sel);
	if (r) {
		rv_strv_clear(&paths);
		return r < 0 ? oom() : r;
	}
	char *joined = rv_strv_join(&paths, ":");
	rv_strv_clear(&paths);
	if (!joined)
		return oom();
	printf("%s\n", joined);
	free(joined);
	return 0;
}

/* python-build --definitions, for `latest -k`. */
static int known_versions(struct pyenv *p, struct rv_strv *out)
{
	int fds[2];
	if (pipe(fds) < 0)
		return -errno;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	char *args[] = {"python-build", "--definitions", NULL};
	pid_t pid;
	fflush(stdout);
	int e = posix_spawnp(&pid, "python-build", &fa, NULL, args, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (e) {
		close(fds[0]);
		pyenv_errf("%s: python-build: command not found", p->ctl->prog);
		return 0;
	}
	FILE *f = fdopen(fds[0], "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int r = 0;
	while (f && (n = getline(&line, &cap, f)) >= 0 && r >= 0) {
		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		if (n)
			r = rv_strv_push(out, line);
	}
	free(line);
	if (f)
		fclose(f);
	else
		close(fds[0]);
	waitpid(pid, NULL, 0);
	return r;
}

static int do_latest(struct pyenv *p, int argc, char **argv)
{
	bool known = false, bypass = false, force = false;
	int i = 1;
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "-k") || !strcmp(argv[i], "--known"))
			known = true;
		else if (!strcmp(argv[i], "-b") || !strcmp(argv[i], "--bypass"))
			bypass = true;
		else if (!strcmp(argv[i], "-f") || !strcmp(argv[i], "--force"))
			force = bypass = true;
		else
			break;
	}
	const char *prefix = i < argc ? argv[i] : "";
	char *out = NULL;
	int r;
	if (!known) {
		r = rv_latest(p->rv.root, p->rv.pwd, prefix, &out);
	} else {
		struct rv_strv defs = {0};
		r = known_versions(p, &defs);
		if (r >= 0)
			r = rv_latest_pick(defs.v, defs.n, prefix, &out);
		rv_strv_clear(&defs);
	}
	if (r == -ENOMEM)
		return oom();
	if (r == 0) {
		printf("%s\n", out);
		free(out);
		return 0;
	}
	/* pyenv reports the prefix without the 't' it asked free-threaded builds with */
	size_t n = strlen(prefix);
	int shown = (int)n;
	if (n >= 2 && prefix[n - 1] == 't' && prefix[n - 2] >= '0' && prefix[n - 2] <= '9')
		shown--;
	if (!bypass)
		pyenv_errf("%s: no %s versions match the prefix `%.*s'", p->ctl->prog,
			   known ? "known" : "installed", shown, prefix);
	else
		printf("%.*s\n", shown, prefix);
	return force ? 0 : 1;
}

static int print_file_versions(struct pyenv *p, const char *file)
{
	struct rv_strv msgs = {0}, words = {0};
	char *names = rv_version_file_names(&p->rv, file, &msgs);
	pyenv_flush_msgs(&msgs);
	if (!names)
		return oom();
	rv_strv_split(&words, names, ':');
	print_lines(&words);
	/* `versions=($(pyenv-version-file-read FILE))` fails the script when nothing is read */
	int status = words.n ? 0 : 1;
	rv_strv_clear(&words);
	free(names);
	return status;
}

static int do_local(struct pyenv *p, int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--complete") == 0) {
		printf("--unset\nsystem\n");
		return print_bare_versions(p);
	}
	bool force = false;
	int i = 1;
	for (; i < argc; i++) {
		if (strcmp(argv[i], "-f") == 0 || strcmp(argv[i], "--force") == 0)
			force = true;
		else
			break;
	}
	if (i < argc && strcmp(argv[i], "--unset") == 0) {
		if (unlink(".python-version") < 0 && errno != ENOENT) {
			pyenv_errf("rm: cannot remove '.python-version': %s", strerror(errno));
			return 1;
		}
		return 0;
	}
	if (i < argc && *argv[i]) {
		/* pyenv-version-file-write [-f] .python-version VERSION... */
		char **args = calloc((size_t)(argc - i) + 4, sizeof(char *));
		if (!args)
			return oom();
		int k = 0;
		args[k++] = "version-file-write";
		if (force)
			args[k++] = "-f";
		args[k++] = ".python-version";
		for (int j = i; j < argc; j++)
			args[k++] = argv[j];
		int r = version_file_write(p, k, args, "version-file-write");
		free(args);
		return r;
	}
	char *file = NULL;
	int r = rv_vfile_find(p->rv.pwd, &file);
	if (r == -ENOMEM)
		return oom();
	if (r < 0) {
		pyenv_errf("%s: no local version configured for this directory", p->ctl->prog);
		return 1;
	}
	r = print_file_versions(p, file);
	free(file);
	return r;
}

static int do_global(struct pyenv *p, int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--complete") == 0) {
		printf("system\n");
		return print_bare_versions(p);
	}
	char *file = rv_strf("%s/version", p->rv.root);
	if (!file)
		return oom();
	int r;
	if (argc > 1 && *argv[1]) {
		char **args = calloc((size_t)argc + 2, sizeof(char *));
		if (!args) {
			free(file);
			return oom();
		}
		args[0] = "version-file-write";
		args[1] = file;
		for (int j = 1; j < argc; j++)
			args[j + 1] = argv[j];
		r = version_file_write(p, argc + 1, args, "version-file-write");
		free(args);
		free(file);
		return r;
	}
	static const char *const files[] = {"version", "global", "default"};
	struct rv_strv msgs = {0};
	char *names = NULL;
	for (size_t i = 0; i < 3; i++) {
		char *f = rv_strf("%s/%s", p->rv.root, files[i]);
		names = f ? rv_version_file_names(&p->rv, f, &msgs) : NULL;
		free(f);
		pyenv_flush_msgs(&msgs);
		if (!names)
			break;
		if (*names)
			break;
		free(names);
		names = NULL;
	}
	free(file);
	struct rv_strv words = {0};
	if (rv_strv_split(&words, names ? names : "system", ':') < 0)
		return oom();
	print_lines(&words);
	rv_strv_clear(&words);
	free(names);
	return 0;
}

static int do_shell(struct pyenv *p, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pyenv_errf("%s: shell integration not enabled. Run `%s init' for instructions.",
		   p->ctl->prog, p->ctl->prog);
	return 1;
}

static int do_sh_shell(struct pyenv *p, int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--complete") == 0) {
		printf("--unset\nsystem\n");
		return print_bare_versions(p);
	}
	const char *sh = getenv("PYENV_SHELL");
	if (!sh || !*sh)
		sh = getenv("SHELL");
	sh = rv_basename(sh ? sh : "");
	bool fish = strcmp(sh, "fish") == 0, pwsh = strcmp(sh, "pwsh") == 0;
	const char *cur = getenv("PYENV_VERSION");
	if (argc < 2 || !*argv[1]) {
		if (!cur || !*cur) {
			pyenv_errf("%s: no shell-specific version configured", p->ctl->prog);
			return 1;
		}
		printf("echo \"$PYENV_VERSION\"\n");
		return 0;
	}
	if (strcmp(argv[1], "--unset") == 0) {
		if (fish)
			printf("set -gu PYENV_VERSION_OLD \"$PYENV_VERSION\"\nset -e "
			       "PYENV_VERSION\n");
		else if (pwsh)
			printf("$Env:PYENV_VERSION, $Env:PYENV_VERSION_OLD = $null, "
			       "$Env:PYENV_VERSION\n");
		else
			printf("PYENV_VERSION_OLD=\"${PYENV_VERSION-}\"\nunset PYENV_VERSION\n");
		return 0;
	}
	if (strcmp(argv[1], "-") == 0) {
		if (fish)
			printf("if set -q PYENV_VERSION_OLD\n"
			       "  if [ -n \"$PYENV_VERSION_OLD\" ]\n"
			       "    set PYENV_VERSION_OLD_ \"$PYENV_VERSION\"\n"
			       "    set -gx PYENV_VERSION \"$PYENV_VERSION_OLD\"\n"
			       "    set -gu PYENV_VERSION_OLD \"$PYENV_VERSION_OLD_\"\n"
			       "    set -e PYENV_VERSION_OLD_\n"
			       "  else\n"
			       "    set -gu PYENV_VERSION_OLD \"$PYENV_VERSION\"\n"
			       "    set -e PYENV_VERSION\n"
			       "  end\n"
			       "else\n"
			       "  echo \"%s: PYENV_VERSION_OLD is not set\" >&2\n"
			       "  false\n"
			       "end\n",
			       p->ctl->prog);
		else if (pwsh)
			printf("if ( Get-Item -Path Env:\\PYENV_VERSION* ) {\n"
			       "  $Env:PYENV_VERSION, $Env:PYENV_VERSION_OLD = "
			       "$Env:PYENV_VERSION_OLD, "
			       "$Env:PYENV_VERSION\n"
			       "} else {\n"
			       "  Write-Error \"%s: Env:PYENV_VERSION_OLD is not set\"\n"
			       "  return $false\n"
			       "} \n",
			       p->ctl->prog);
		else
			printf("if [ -n \"${PYENV_VERSION_OLD+x}\" ]; then\n"
			       "  if [ -n \"$PYENV_VERSION_OLD\" ]; then\n"
			       "    PYENV_VERSION_OLD_=\"$PYENV_VERSION\"\n"
			       "    export PYENV_VERSION=\"$PYENV_VERSION_OLD\"\n"
			       "    PYENV_VERSION_OLD=\"$PYENV_VERSION_OLD_\"\n"
			       "    unset PYENV_VERSION_OLD_\n"
			       "  else\n"
			       "    PYENV_VERSION_OLD=\"$PYENV_VERSION\"\n"
			       "    unset PYENV_VERSION\n"
			       "  fi\n"
			       "else\n"
			       "  echo \"%s: PYENV_VERSION_OLD is not set\" >&2\n"
			       "  false\n"
			       "fi\n",
			       p->ctl->prog);
		return 0;
	}
	int r = check_installed(p, argv + 1, (size_t)(argc - 1), NULL);
	if (r < 0)
		return oom();
	if (r) {
		printf("false\n");
		return 1;
	}
	struct rv_strv vs = {0};
	for (int i = 1; i < argc; i++)
		if (rv_strv_push(&vs, argv[i]) < 0)
			return oom();
	char *version = rv_strv_join(&vs, ":");
	rv_strv_clear(&vs);
	if (!version)
		return oom();
	if (!cur || strcmp(version, cur) != 0) {
		if (fish)
			printf("set -gu PYENV_VERSION_OLD \"$PYENV_VERSION\"\n"
			       "set -gx PYENV_VERSION \"%s\"\n",
			       version);
		else if (pwsh)
			printf("$Env:PYENV_VERSION, $Env:PYENV_VERSION_OLD = \"%s\", "
			       "$Env:PYENV_VERSION\n",
			       version);
		else
			printf("PYENV_VERSION_OLD=\"${PYENV_VERSION-}\"\n"
			       "export PYENV_VERSION=\"%s\"\n",
			       version);
	}
	free(version);
	return 0;
}

/* The exec hooks: they see (and may change) the command, its bin dir and the
 * environment. Returns -1 (no hook), 0 (*path, *bin replaced, *henv set) or 1 (a hook
 * exited with *status). */
static int exec_hooks(struct pyenv *p, const char *cmd, const char *version, const char *var,
		      const char *custom, const char *shim_path, char **path, char **bin,
		      char ***henv, int *status)
{
	const char *out_names[] = {"PYENV_COMMAND_PATH", "PYENV_BIN_PATH"};
	char *vals[2] = {NULL, NULL};
	struct pyenv_var vars[] = {
		{"PYENV_VERSION", version},
		{"PYENV_COMMAND", cmd},
		{"PYENV_COMMAND_PATH", *path},
		{"PYENV_BIN_PATH", *bin},
		{var, custom},
		{"_PYENV_SHIM_PATH", shim_path ? NULL : getenv("_PYENV_SHIM_PATH")}};
	int h = pyenv_hooks_run(p, "exec", vars, 6, out_names, 2, vals, henv, status);
	if (h == 0) {
		free(*path);
		free(*bin);
		*path = vals[0] ? vals[0] : strdup("");
		*bin = vals[1] ? vals[1] : strdup("");
	}
	return h;
}

static int do_exec(struct pyenv *p, int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--complete") == 0)
		return print_shims_short(p);
	struct rv_strv names = {0}, again = {0};
	char *version = NULL, *var = NULL, *custom = NULL, *path = NULL, *bin = NULL;
	char **henv = NULL, **env = NULL;
	bool exited;
	int st = 0, status = 1;
	/* PYENV_VERSION="$(pyenv-version-name -f)" (a hook's exit leaves it empty) */
	if (version_name(p, true, &names, &exited, &st) < 0)
		goto nomem;
	if (exited)
		rv_strv_clear(&names);
	if (argc < 2 || !*argv[1]) {
		status = usage_error(p, "exec");
		goto out;
	}
	const char *cmd = argv[1];
	if (!(version = rv_strv_join(&names, ":")) || !(var = rv_shim_paths_var(cmd)))
		goto nomem;
	/* _PYENV_SHIM_PATH (set by shims outside $PYENV_ROOT/shims) joins the dirs the
	 * system search skips for this command */
	const char *shim_path = getenv("_PYENV_SHIM_PATH");
	const char *old = getenv(var);
	if (shim_path && *shim_path)
		custom = old && *old ? rv_strf("%s:%s", shim_path, old) : strdup(shim_path);
	else if (old)
		custom = strdup(old);
	if (shim_path && !*shim_path)
		shim_path = NULL;
	if ((shim_path || old) && !custom)
		goto nomem;
	/* pyenv-which sees the resolved versions only when PYENV_VERSION was exported, else
	 * it runs version-name -f again (and prints its warnings again) */
	if (p->rv.version_env) {
		status = which(p, cmd, names.v, names.n, false, false, custom, &path);
	} else {
		if (version_name(p, true, &again, &exited, &st) < 0)
			goto nomem;
		status = exited ? st : which(p, cmd, again.v, again.n, false, false, custom, &path);
	}
	if (status || !path)
		goto out;
	status = 1;
	if (!(bin = rv_dirname(path)))
		goto nomem;
	int h = exec_hooks(p, cmd, version, var, custom, shim_path, &path, &bin, &henv, &st);
	if (h == 1) {
		status = st;
		goto out;
	}
	if (h == 0) {
		/* the hooks' environment has PYENV_VERSION and the shim paths already */
		const char *hv = NULL;
		for (char **e = henv; *e; e++)
			if (rv_startswith(*e, "PYENV_VERSION="))
				hv = *e + 14;
		if (path && bin)
			env = rv_exec_env(&p->rv, henv, hv ? hv : version, cmd, bin, NULL);
	} else {
		env = rv_exec_env(&p->rv, environ, version, cmd, bin, shim_path);
	}
	if (!env)
		goto nomem;
	fflush(stdout);
	char **args = argv + 1;
	args[0] = path;
	execvpe(path, args, env);
	int e = errno;
	pyenv_errf("%s: %s: %s", p->ctl->prog, path, strerror(e));
	status = e == ENOENT ? 127 : 126;
	goto out;
nomem:
	status = oom();
out:
	rv_env_free(env);
	for (size_t i = 0; henv && henv[i]; i++)
		free(henv[i]);
	free(henv);
	free(path);
	free(bin);
	free(custom);
	free(var);
	free(version);
	rv_strv_clear(&names);
	rv_strv_clear(&again);
	return status;
}

static int do_shims(struct pyenv *p, int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--complete") == 0) {
		printf("--short\n");
		return 0;
	}
	bool shrt = argc > 1 && strcmp(argv[1], "--short") == 0;
	char *prefix = shrt ? strdup("") : rv_strf("%s/shims/", p->rv.root);
	if (!prefix)
		return oom();
	int r = print_executables(p, true, prefix);
	free(prefix);
	return r;
}

typedef int pyenv_fn(struct pyenv *p, int argc, char **argv);

struct pyenv_cmd {
	const char *name;
	pyenv_fn *fn;
	bool completes; /* has "Provide pyenv completions" */
};

static int do_completions(struct pyenv *p, int argc, char **argv);

static const struct pyenv_cmd cmds[] = {
	{"version", do_version, false},
	{"version-name", do_version_name, false},
	{"version-origin", do_version_origin, false},
	{"version-file", do_version_file, false},
	{"version-file-read", do_version_file_read, false},
	{"version-file-write", do_version_file_write, false},
	{"versions", do_versions, true},
	{"which", do_which, true},
	{"whence", do_whence, true},
	{"prefix", do_prefix, true},
	{"latest", do_latest, false},
	{"local", do_local, true},
	{"global", do_global, true},
	{"shell", do_shell, false},
	{"sh-shell", do_sh_shell, true},
	{"exec", do_exec, true},
	{"root", do_root, false},
	{"rehash", do_rehash, false},
	{"completions", do_completions, true},
	{"shims", do_shims, true},
};

static const struct pyenv_cmd *find_cmd(const char *name)
{
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(cmds[i].name, name) == 0)
			return &cmds[i];
	return NULL;
}

static int do_completions(struct pyenv *p, int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	if (!*cmd)
		return usage_error(p, "completions");
	if (strcmp(cmd, "--complete") == 0) {
		for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
			if (strcmp(cmds[i].name, "sh-shell") != 0)
				printf("%s\n", cmds[i].name);
		return 0;
	}
	const struct pyenv_cmd *c = find_cmd(cmd);
	if (!c && !rv_startswith(cmd, "sh-")) {
		char *sh = rv_strf("sh-%s", cmd);
		c = sh ? find_cmd(sh) : NULL;
		free(sh);
	}
	printf("--help\n");
	if (!c || !c->completes)
		return 0;
	/* "$COMMAND_PATH" --complete ARGS... */
	char **args = calloc((size_t)argc + 2, sizeof(char *));
	if (!args)
		return oom();
	args[0] = (char *)c->name;
	args[1] = "--complete";
	for (int i = 2; i < argc; i++)
		args[i] = argv[i];
	int r = c->fn(p, argc, args);
	free(args);
	return r;
}

static int run(const struct ctl *ctl, int argc, char **argv)
{
	const struct pyenv_cmd *c = find_cmd(argv[0]);
	struct pyenv p;
	int status = pyenv_init(&p, ctl);
	if (status) {
		pyenv_finish(&p);
		return status;
	}
	if (argc > 1 && strcmp(argv[1], "--help") == 0 && strcmp(argv[0], "shell") != 0) {
		if (rv_startswith(argv[0], "sh-"))
			printf("%s help \"%s\"\n", ctl->prog, argv[0]);
		else
			pyenv_print_help(ctl, argv[0], false, stdout);
	} else {
		status = c->fn(&p, argc, argv);
	}
	pyenv_finish(&p);
	fflush(stdout);
	return status;
}

const struct ctl_command ctl_pyenv_commands[] = {
	{"version", run, "Show the current Python version(s) and its origin"},
	{"version-name", run, NULL},
	{"version-origin", run, "Explain how the current Python version is set"},
	{"version-file", run, "Detect the file that sets the current pyenv version"},
	{"version-file-read", run, NULL},
	{"version-file-write", run, NULL},
	{"versions", run, "List all Python versions available to pyenv"},
	{"which", run, "Display the full path to an executable"},
	{"whence", run, "List all Python versions that contain the given executable"},
	{"prefix", run, "Display prefixes for Python versions"},
	{"latest", run, "Print the latest installed or known version with the given prefix"},
	{"local", run, "Set or show the local application-specific Python version(s)"},
	{"global", run, "Set or show the global Python version(s)"},
	{"shell", run, "Set or show the shell-specific Python version"},
	{"sh-shell", run, NULL},
	{"exec", run, "Run an executable with the selected Python version"},
	{"root", run, "Display the root directory where versions and shims are kept"},
	{"rehash", run, "Does nothing: pyenvfs computes its shims"},
	{"completions", run, NULL},
	{"shims", run, "List the shims pyenvfs shows"},
	{NULL, NULL, NULL},
};
