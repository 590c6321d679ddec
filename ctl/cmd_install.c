/* pyenvfs-ctl install / uninstall: options, the index and pyenv's uninstall prompt
 * over the installer library; the progress display is in progress.c. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/root.h"
#include "config.h"
#include "ctl/ctl.h"
#include "ctl/install.h"
#include "ctl/progress.h"
#include "ctl/python_build.h"
#include "ctl/uninstall_envs.h"
#include "installer/fetch.h"
#include "installer/index.h"
#include "installer/install.h"
#include "installer/platform.h"
#include "installer/uninstall.h"
#include "resolver/path.h"
#include "resolver/select.h"
#include "resolver/tool_versions.h"
#include "resolver/roots.h"
#include "resolver/version_file.h"

#define INDEX_FILE "python-build-standalone-index.json"

/* The signal that asked us to stop (0: none). Set by the handler only. */
static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static bool is_cancelled(void *user)
{
	(void)user;
	return stop_signal != 0;
}

static void install_usage(FILE *out, const struct ctl *ctl)
{
	fprintf(out,
		"Usage: %s install [--index FILE|URL] [--mirror URL] [--list] [-f] [-q] "
		"<version> ...\n"
		"\n"
		"Downloads prebuilt CPython builds (python-build-standalone), checks their\n"
		"SHA-256 and unpacks them into $PYENV_ROOT/versions/<version>, where pyenv\n"
		"and the pyenvfs shims find them. Several versions download in parallel.\n"
		"Without a version, the ones in the nearest .python-version are installed.\n"
		"A name the index lacks but python-build knows (2.7.18, pypy3.10-7.3.17,\n"
		"miniconda3-latest) is built by pyenv's python-build when it is installed\n"
		"($PYENV_ROOT/plugins/python-build, or in PATH), with its output and status.\n"
		"\n"
		"   <version>         3.12 (the newest 3.12.x), 3.12.1 (exactly that one),\n"
		"                     3.13t (free-threaded), 3.14.0rc1 (a prerelease)\n"
		"   -l, --list        List the versions that can be installed here\n"
		"   -f, --force       Reinstall a version that is already installed\n"
		"   -s                Accepted for pyenv's sake: installed versions are\n"
		"                     always skipped unless -f is given\n"
		"   -q, --quiet       Print nothing but errors\n"
		"   --index FILE|URL  Read the table of builds (uv's download-metadata.json\n"
		"                     format) from FILE or URL instead of the built-in one\n"
		"   --mirror URL      Download from URL instead of\n"
		"                     " PYI_UPSTREAM_PREFIX "\n"
		"                     (http, https or file://)\n"
		"\n"
		"Environment: PYENV_ROOT, PYENVFS_INDEX (as --index), PYENVFS_MIRROR (as\n"
		"--mirror), PYENVFS_CACHE_DIR (download cache; default\n"
		"$XDG_CACHE_HOME/pyenvfs or ~/.cache/pyenvfs; empty: no cache),\n"
		"PYENVFS_CONNECT_TIMEOUT and PYENVFS_LOW_SPEED_TIME (seconds; a download\n"
		"slower than 1 KB/s for that long is retried), http_proxy, HTTPS_PROXY,\n"
		"ALL_PROXY, NO_PROXY (either case).\n",
		ctl->prog);
}

static void uninstall_usage(FILE *out, const struct ctl *ctl)
{
	fprintf(out,
		"Usage: %s uninstall [-f|--force] <version> ...\n"
		"\n"
		"   -f  Attempt to remove the specified version without prompting\n"
		"       for confirmation. If the version does not exist, do not\n"
		"       display an error message.\n"
		"\n"
		"See `%s versions` for a complete list of installed versions.\n"
		"\n",
		ctl->prog, ctl->prog);
}

/* The absolute root (common/root.h); false when neither PYENV_ROOT nor HOME is set (or the
 * working directory of a relative root is gone). */
static bool pyenv_root(char *buf, size_t size)
{
	char *root = NULL;
	bool ok = pc_root(getenv("PYENV_ROOT"), getenv("HOME"), &root, NULL) == 0 &&
		  snprintf(buf, size, "%s", root) < (int)size;
	free(root);
	return ok;
}

/* The download cache: PYENVFS_CACHE_DIR (empty: none), else
 * $XDG_CACHE_HOME/pyenvfs, else ~/.cache/pyenvfs. */
static const char *cache_dir(char *buf, size_t size)
{
	const char *c = getenv("PYENVFS_CACHE_DIR");
	if (c)
		return *c && snprintf(buf, size, "%s", c) < (int)size ? buf : NULL;
	const char *x = getenv("XDG_CACHE_HOME");
	if (x && *x)
		return snprintf(buf, size, "%s/pyenvfs", x) < (int)size ? buf : NULL;
	const char *home = getenv("HOME");
	if (home && *home)
		return snprintf(buf, size, "%s/.cache/pyenvfs", home) < (int)size ? buf : NULL;
	return NULL;
}

/* The built-in index: next to a build tree's pyenvfs-ctl (build/ctl/ ->
 * build/data/), else the installed one. */
static void builtin_index(const struct ctl *ctl, char *buf, size_t size)
{
	char exe[PATH_MAX], probe[PATH_MAX + 64];
	snprintf(exe, sizeof(exe), "%s", ctl->self_exe);
	const char *dir = dirname(exe);
	struct stat st;
	snprintf(probe, sizeof(probe), "%s/../meson-private", dir);
	if (ctl->self_exe[0] && stat(probe, &st) == 0) {
		snprintf(probe, sizeof(probe), "%s/../data/" INDEX_FILE, dir);
		if (stat(probe, &st) == 0 && strlen(probe) < size) {
			memcpy(buf, probe, strlen(probe) + 1);
			return;
		}
	}
	snprintf(buf, size, "%s", PYENVFS_INDEX_PATH);
}

static long env_seconds(const char *name)
{
	const char *v = getenv(name);
	if (!v || !*v)
		return 0;
	char *end;
	long n = strtol(v, &end, 10);
	return *end || n < 0 ? 0 : n;
}

static void fetch_opts(struct pyi_fetch_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->connect_timeout_s = env_seconds("PYENVFS_CONNECT_TIMEOUT");
	o->low_speed_time_s = env_seconds("PYENVFS_LOW_SPEED_TIME");
	o->retry_delay_ms = env_seconds("PYENVFS_RETRY_DELAY_MS");
	o->retries = -1;
	o->user_agent = "pyenvfs/" PYENVFS_VERSION;
}

static bool load_index(const struct ctl *ctl, const char *source, struct pyi_index **idx)
{
	struct pyi_err err = {0};
	char builtin[PATH_MAX];
	if (!source) {
		builtin_index(ctl, builtin, sizeof(builtin));
		source = builtin;
	}
	bool ok;
	if (pyi_fetch_is_url(source)) {
		struct pyi_fetch_opts o;
		fetch_opts(&o);
		char *buf = NULL;
		size_t len;
		ok = pyi_fetch_to_memory(source, 64u << 20, &o, &buf, &len, &err) &&
		     pyi_index_parse(buf, len, idx, &err);
		free(buf);
	} else {
		ok = pyi_index_load_file(source, idx, &err);
	}
	if (!ok)
		fprintf(stderr, "%s: %s\n", ctl->prog, err.msg);
	return ok;
}

/* --- install --- */

static void suggest(const struct ctl *ctl, const struct pyi_index *idx,
		    const struct pyi_platform *plat, const char *req)
{
	char names[3][32];
	size_t n = pyi_index_suggest(idx, plat, req, names, 3);
	if (n > 0) {
		fprintf(stderr, "The nearest available:");
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, " %s", names[i]);
		fprintf(stderr, "\n");
	}
	fprintf(stderr, "See all available versions with `%s install --list'.\n", ctl->prog);
}

static int list_versions(const struct pyi_index *idx, const struct pyi_platform *plat)
{
	printf("Available versions:\n");
	const char *last = NULL;
	for (size_t i = 0; i < pyi_index_size(idx); i++) {
		const struct pyi_build *b = pyi_index_at(idx, i);
		if (!pyi_build_runs_on(b, plat) || (last && strcmp(last, b->name) == 0))
			continue;
		printf("  %s\n", b->name);
		last = b->name;
	}
	return 0;
}

/* Like pyenv install without a version: the versions named by the nearest
 * .python-version from the current directory up (or .tool-versions, with
 * PYENVFS_TOOL_VERSIONS=1). The words stay in vf. */
static bool local_versions(const struct ctl *ctl, struct rv_vfile *vf, const char ***reqs,
			   size_t *nreq)
{
	char cwd[PATH_MAX], root[PATH_MAX];
	char *file = NULL;
	bool tv = rv_env_flag(getenv("PYENVFS_TOOL_VERSIONS"));
	if (!getcwd(cwd, sizeof(cwd)) || !pyenv_root(root, sizeof(root)) ||
	    rv_vfile_find_ex(cwd, tv ? RV_TOOL_VERSIONS : NULL, rv_toolv_names_python, &file) != 0)
		return false;
	bool ok = (tv && strcmp(rv_basename(file), RV_TOOL_VERSIONS) == 0
			   ? rv_toolv_read(vf, file, root, cwd)
			   : rv_vfile_read(vf, file, root, cwd)) == 0 &&
		  vf->n_safe > 0;
	if (ok) {
		const char **r = realloc(*reqs, vf->n * sizeof(*r));
		ok = r != NULL;
		if (r) {
			*reqs = r;
			for (size_t i = 0; i < vf->n; i++)
				if (vf->words[i].safe)
					r[(*nreq)++] = vf->words[i].word;
		}
	} else if (vf->n > vf->n_safe) {
		fprintf(stderr, "%s: no safe version in %s\n", ctl->prog, file);
	}
	free(file);
	return ok;
}

/* What `install` was asked to do. */
struct install_args {
	const char *index_src, *mirror;
	bool list, force, quiet;
	const char **reqs; /* the versions asked for (in argv or vf) */
	size_t nreq;
	struct rv_vfile vf; /* the .python-version read when none was named */
};

/* Parses install's options into a (defaults from the environment). Returns -1 to go
 * on, else the exit status (after --help, or a usage error said on stderr). */
static int parse_install_args(const struct ctl *ctl, int argc, char **argv,
			      struct install_args *args)
{
	const char *index_src = getenv("PYENVFS_INDEX");
	const char *mirror = getenv("PYENVFS_MIRROR");
	bool list = false, force = false, quiet = false;
	const char **reqs = calloc((size_t)argc, sizeof(*reqs));
	size_t nreq = 0;
	args->reqs = reqs;
	if (!reqs)
		return 1;
	if (index_src && !*index_src)
		index_src = NULL;
	bool opts_done = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (opts_done || a[0] != '-' || !a[1]) {
			reqs[nreq++] = a;
		} else if (strcmp(a, "--") == 0) {
			opts_done = true;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			install_usage(stdout, ctl);
			return 0;
		} else if (strcmp(a, "-l") == 0 || strcmp(a, "--list") == 0) {
			list = true;
		} else if (strcmp(a, "-f") == 0 || strcmp(a, "--force") == 0) {
			force = true;
		} else if (strcmp(a, "-s") == 0 || strcmp(a, "--skip-existing") == 0) {
			/* pyenv's option; installed versions are always skipped */
		} else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			quiet = true;
		} else if (strcmp(a, "--index") == 0 || strcmp(a, "--mirror") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, "%s: %s needs an argument\n", ctl->prog, a);
				return 1;
			}
			*(a[2] == 'i' ? &index_src : &mirror) = argv[++i];
		} else if (strncmp(a, "--index=", 8) == 0) {
			index_src = a + 8;
		} else if (strncmp(a, "--mirror=", 9) == 0) {
			mirror = a + 9;
		} else {
			fprintf(stderr, "%s: install: unknown option `%s'\n", ctl->prog, a);
			install_usage(stderr, ctl);
			return 1;
		}
	}
	*args = (struct install_args){index_src, mirror, list, force, quiet, reqs, nreq, {0}};
	return -1;
}

/* The platform to install for: PYENVFS_PLATFORM (OS-ARCH-LIBC), else this machine's.
 * False, said why, when PYENVFS_PLATFORM is malformed. */
static bool install_platform(const struct ctl *ctl, struct pyi_platform *plat)
{
	const char *penv = getenv("PYENVFS_PLATFORM");
	if (!penv || !*penv) {
		pyi_platform_detect(plat);
		return true;
	}
	if (pyi_platform_parse(penv, plat))
		return true;
	fprintf(stderr, "%s: PYENVFS_PLATFORM=%s is not OS-ARCH-LIBC\n", ctl->prog, penv);
	return false;
}

/* The requests the index lacks but python-build knows: python-build builds them. */
struct source_builds {
	char *pb; /* python-build, or NULL when there is none */
	const char **names;
	size_t n;
};

/* A request without a build: python-build's when it knows the name (true), else the
 * index's error, the nearest builds and both ways out said on stderr (false). */
static bool not_in_index(const struct ctl *ctl, const struct pyi_index *idx,
			 const struct pyi_platform *plat, const char *req,
			 const struct pyi_err *err, struct source_builds *src)
{
	/* pypy3.10-7.3.17 is no CPython version to the index (PYI_E_USAGE) */
	bool notfound = err->code == PYI_E_NOTFOUND || err->code == PYI_E_USAGE;
	if (notfound && src->pb && ctl_python_build_knows(src->pb, req)) {
		src->names[src->n++] = req;
		return true;
	}
	fprintf(stderr, "%s: %s\n", ctl->prog, err->msg);
	if (err->code == PYI_E_NOTFOUND)
		suggest(ctl, idx, plat, req);
	if (notfound && !src->pb)
		fprintf(stderr,
			"To build %s from source instead, install pyenv's python-build "
			"($PYENV_ROOT/plugins/python-build, or python-build in PATH).\n",
			req);
	if (err->code == PYI_E_USAGE && !src->pb)
		fprintf(stderr, "See all available versions with `%s install --list'.\n",
			ctl->prog);
	return false;
}

/* The builds for reqs[0..nreq) into builds (nreq slots), each once; their number in
 * *n; the names only python-build has into src. False when a request has no build
 * (each said on stderr, with suggestions). */
static bool select_builds(const struct ctl *ctl, const struct pyi_index *idx,
			  const struct pyi_platform *plat, const char *const *reqs, size_t nreq,
			  const struct pyi_build **builds, size_t *n, struct source_builds *src)
{
	bool bad = false;
	*n = 0;
	for (size_t i = 0; i < nreq; i++) {
		struct pyi_err err = {0};
		const struct pyi_build *b = pyi_index_select(idx, plat, reqs[i], &err);
		if (!b) {
			bad |= !not_in_index(ctl, idx, plat, reqs[i], &err, src);
			continue;
		}
		bool dup = false;
		for (size_t k = 0; k < *n; k++)
			dup |= builds[k] == b;
		if (!dup)
			builds[(*n)++] = b;
	}
	return !bad;
}

/* Runs python-build for each of src's names (an installed one skipped unless force),
 * its output ours. Returns the exit status: the last failing python-build's, or 0. */
static int install_from_source(const struct ctl *ctl, const struct source_builds *src,
			       const char *root, bool force, bool quiet)
{
	int status = 0;
	for (size_t i = 0; i < src->n; i++) {
		char prefix[PATH_MAX + 256];
		snprintf(prefix, sizeof(prefix), "%s/versions/%s", root, src->names[i]);
		struct stat st;
		if (!force && stat(prefix, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (!quiet)
				fprintf(stderr,
					"%s: %s is already installed in %s (-f reinstalls it)\n",
					ctl->prog, src->names[i], prefix);
			continue;
		}
		int r = ctl_python_build_run(ctl->prog, src->pb, src->names[i], root);
		if (r != 0)
			status = r;
	}
	return status;
}

/* Runs pyi_install_many with o, the progress drawn by prog, SIGINT, SIGTERM and SIGHUP
 * cancelling instead of killing. */
static void install_builds(struct pyi_install_opts *o, struct ctl_progress *prog,
			   const struct pyi_build **builds, size_t n, struct pyi_result *results)
{
	o->progress = ctl_progress_update;
	o->cancelled = is_cancelled;
	o->user = prog;
	struct sigaction sa = {.sa_handler = on_signal}, old_int, old_term, old_hup;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	ctl_progress_draw(prog);
	pyi_install_many(o, builds, n, results);
	ctl_progress_draw(prog);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
}

/* Says how each install went. Returns the exit status: 0, 1 when one failed, 128+N
 * when cancelled by signal N. */
static int report_results(const struct ctl *ctl, const struct pyi_build *const *builds,
			  const struct pyi_result *results, size_t n, bool quiet)
{
	int status = 0;
	bool interrupted = false;
	for (size_t i = 0; i < n; i++) {
		const struct pyi_result *r = &results[i];
		if (r->outcome == PYI_INSTALLED) {
			if (!quiet)
				fprintf(stderr, "Installed %s to %s\n", builds[i]->name, r->path);
		} else if (r->outcome == PYI_ALREADY_INSTALLED) {
			if (!quiet)
				fprintf(stderr,
					"%s: %s is already installed in %s (-f reinstalls it)\n",
					ctl->prog, builds[i]->name, r->path);
		} else if (r->err.code == PYI_E_CANCELLED) {
			interrupted = true;
		} else {
			fprintf(stderr, "%s: cannot install %s: %s\n", ctl->prog, builds[i]->name,
				r->err.msg);
			status = 1;
		}
	}
	if (interrupted) {
		/* only the cancelled installs left versions/ as it was; finished ones
		 * were reported above */
		fprintf(stderr, "%s: interrupted; versions/ is as it was\n", ctl->prog);
		status = 128 + (stop_signal ? stop_signal : SIGINT);
	}
	return status;
}

/* Installs the builds for a's requests into root, python-build the names only it
 * knows. Returns the exit status. */
static int install_requests(const struct ctl *ctl, const struct install_args *a,
			    const struct pyi_index *idx, const struct pyi_platform *plat,
			    const char *root)
{
	const struct pyi_build **builds = calloc(a->nreq, sizeof(*builds));
	struct pyi_result *results = calloc(a->nreq, sizeof(*results));
	struct source_builds src = {ctl_python_build_find(root), calloc(a->nreq, sizeof(char *)),
				    0};
	struct ctl_progress *prog = NULL;
	int status = 1;
	size_t n;
	if (!builds || !results || !src.names ||
	    !select_builds(ctl, idx, plat, a->reqs, a->nreq, builds, &n, &src))
		goto out;
	status = 0;
	if (n > 0) {
		prog = ctl_progress_create(builds, n, a->quiet);
		if (!prog) {
			status = 1;
			goto out;
		}
		char cache[PATH_MAX];
		struct pyi_install_opts o = {
			.root = root,
			.cache_dir = cache_dir(cache, sizeof(cache)),
			.mirror = a->mirror && *a->mirror ? a->mirror : NULL,
			.force = a->force,
		};
		fetch_opts(&o.fetch);
		install_builds(&o, prog, builds, n, results);
		status = report_results(ctl, builds, results, n, a->quiet);
	}
	if (status == 0 || status == 1) {
		int st = install_from_source(ctl, &src, root, a->force, a->quiet);
		status = st ? st : status;
	}
out:
	ctl_progress_destroy(prog);
	free(builds);
	free(results);
	free(src.pb);
	free(src.names);
	return status;
}

static int cmd_install(const struct ctl *ctl, int argc, char **argv)
{
	struct install_args a = {0};
	struct pyi_index *idx = NULL;
	int status = parse_install_args(ctl, argc, argv, &a);
	if (status >= 0)
		goto out;
	status = 1;
	if (!a.list && a.nreq == 0 && !local_versions(ctl, &a.vf, &a.reqs, &a.nreq)) {
		install_usage(stderr, ctl);
		goto out;
	}
	struct pyi_platform plat;
	if (!install_platform(ctl, &plat))
		goto out;
	if (!pyi_fetch_global_init()) {
		fprintf(stderr, "%s: cannot initialize libcurl\n", ctl->prog);
		goto out;
	}
	if (!load_index(ctl, a.index_src, &idx))
		goto out;
	if (a.list) {
		status = list_versions(idx, &plat);
		goto out;
	}
	char root[PATH_MAX];
	if (!pyenv_root(root, sizeof(root))) {
		fprintf(stderr, "%s: neither PYENV_ROOT nor HOME is set\n", ctl->prog);
		goto out;
	}
	status = install_requests(ctl, &a, idx, &plat, root);
out:
	rv_vfile_finish(&a.vf);
	free(a.reqs);
	pyi_index_destroy(idx);
	return status;
}

/* --- uninstall: pyenv 2.6's pyenv-uninstall, message for message --- */

/* pyenv's prompt: asks (on a terminal) whether to remove prefix and reads the reply
 * from stdin. True for y, Y, yes or YES. */
static bool confirm_removal(const struct ctl *ctl, const char *prefix)
{
	if (isatty(STDIN_FILENO)) {
		fprintf(stderr, "%s: remove %s? (y/N) ", ctl->prog, prefix);
		fflush(stderr);
	}
	char reply[64] = "";
	if (!fgets(reply, sizeof(reply), stdin))
		reply[0] = '\0';
	reply[strcspn(reply, "\n")] = '\0';
	return strcmp(reply, "y") == 0 || strcmp(reply, "Y") == 0 || strcmp(reply, "yes") == 0 ||
	       strcmp(reply, "YES") == 0;
}

/* When name is not in root but an extra root (PYENVFS_ROOTS, else the mount's) has it:
 * says which, refusing (true). Shared roots are read-only to pyenvfs. */
static bool in_shared_root(const struct ctl *ctl, char *root, const char *name)
{
	struct pc_roots *roots = NULL;
	struct rv_strv msgs = {0};
	const char *holder = NULL;
	if (rv_roots_load(ctl->prog, root, getenv("PYENVFS_ROOTS"), false, &roots, &msgs) == 0)
		holder = rv_roots_origin(root, roots, name);
	if (holder)
		fprintf(stderr,
			"%s: version `%s' is in %s, a shared root (PYENVFS_ROOTS): "
			"pyenvfs does not uninstall from it\n",
			ctl->prog, name, holder);
	bool shared = holder != NULL;
	pc_roots_destroy(roots);
	rv_strv_clear(&msgs);
	return shared;
}

/* Uninstalls one version (arg: its name, or a path whose last part is the name), as
 * pyenv-uninstall; force: no prompt and no error when it is missing. False on failure
 * (its message printed). */
static bool uninstall_one(const struct ctl *ctl, char *root, const char *arg, bool force)
{
	const char *name = strrchr(arg, '/');
	name = name ? name + 1 : arg;
	char prefix[PATH_MAX + 256];
	snprintf(prefix, sizeof(prefix), "%s/versions/%s", root, name);
	struct stat st;
	bool present = *name && stat(prefix, &st) == 0 && S_ISDIR(st.st_mode);
	if (!present && *name && in_shared_root(ctl, root, name))
		return false;
	if (!force) {
		if (!present) {
			fprintf(stderr, "%s: version `%s' not installed\n", ctl->prog, name);
			return false;
		}
		if (!confirm_removal(ctl, prefix))
			return false;
	}
	/* pyenv-virtualenv's before_uninstall hook, after the prompt */
	if (!ctl_uninstall_envs(ctl->prog, root, arg))
		return false;
	/* as pyenv-uninstall: only what is still a directory goes, with a message */
	present = stat(prefix, &st) == 0 && S_ISDIR(st.st_mode);
	if (present) {
		struct pyi_err err = {0};
		if (!pyi_uninstall(root, name, &err)) {
			fprintf(stderr, "%s: %s\n", ctl->prog, err.msg);
			return false;
		}
		printf("%s: %s uninstalled\n", ctl->prog, name);
		fflush(stdout);
	}
	return true;
}

static int cmd_uninstall(const struct ctl *ctl, int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		uninstall_usage(stdout, ctl);
		return 0;
	}
	bool force = false;
	int i = 1;
	if (i < argc && (strcmp(argv[i], "-f") == 0 || strcmp(argv[i], "--force") == 0)) {
		force = true;
		i++;
	}
	if (i >= argc) {
		uninstall_usage(stderr, ctl);
		return 1;
	}
	for (int k = i; k < argc; k++)
		if (!argv[k][0] || argv[k][0] == '-') {
			uninstall_usage(stderr, ctl);
			return 1;
		}
	char root[PATH_MAX];
	if (!pyenv_root(root, sizeof(root))) {
		fprintf(stderr, "%s: neither PYENV_ROOT nor HOME is set\n", ctl->prog);
		return 1;
	}
	for (; i < argc; i++)
		if (!uninstall_one(ctl, root, argv[i], force))
			return 1;
	return 0;
}

/* --- for install_firstuse.c --- */

bool ctl_install_lookup(const struct ctl *ctl, char *const *reqs, size_t n, struct rv_strv *out)
{
	struct pyi_platform plat;
	if (!install_platform(ctl, &plat))
		return false;
	const char *src = getenv("PYENVFS_INDEX");
	struct pyi_index *idx = NULL;
	if (!pyi_fetch_global_init()) {
		fprintf(stderr, "%s: cannot initialize libcurl\n", ctl->prog);
		return false;
	}
	if (!load_index(ctl, src && *src ? src : NULL, &idx))
		return false;
	bool ok = true;
	for (size_t i = 0; i < n && ok; i++) {
		struct pyi_err err = {0};
		const struct pyi_build *b = pyi_index_select(idx, &plat, reqs[i], &err);
		ok = rv_strv_push(out, b ? b->name : "") == 0;
	}
	pyi_index_destroy(idx);
	if (!ok)
		fprintf(stderr, "%s: out of memory\n", ctl->prog);
	return ok;
}

/* usage and help NULL: each prints its own */
const struct ctl_command ctl_install_commands[] = {
	{.name = "install",
	 .run = cmd_install,
	 .summary = "Install a prebuilt CPython (python-build-standalone)"},
	{.name = "uninstall", .run = cmd_uninstall, .summary = "Uninstall a Python version"},
	/* install_firstuse.c: run by pyenvfs-shim; hidden */
	{.name = "first-use", .run = ctl_first_use},
	{.name = NULL},
};
