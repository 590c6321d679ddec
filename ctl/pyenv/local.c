/* pyenv local, global (local.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl/pyenv/local.h"
#include "ctl/pyenv/output.h"
#include "ctl/pyenv/version.h"
#include "resolver/version_file.h"

/* The versions in file, one a line. Returns the exit status. */
static int print_file_versions(struct pyenv *p, const char *file)
{
	struct rv_strv msgs = {0}, words = {0};
	char *names = rv_version_file_names(&p->rv, file, &msgs);
	pyenv_flush_msgs(&msgs);
	if (!names)
		return pyenv_oom(p->ctl);
	rv_strv_split(&words, names, ':');
	pyenv_print_lines(&words);
	/* `versions=($(pyenv-version-file-read FILE))` fails the script when nothing is read */
	int status = words.n ? 0 : 1;
	rv_strv_clear(&words);
	free(names);
	return status;
}

/* pyenv-version-file-write [-f] FILE VERSIONS[0..n). Returns the exit status. */
static int write_versions(struct pyenv *p, bool force, const char *file, char **versions, int n)
{
	char **args = calloc((size_t)n + 4, sizeof(char *));
	if (!args)
		return pyenv_oom(p->ctl);
	int k = 0;
	args[k++] = "version-file-write";
	if (force)
		args[k++] = "-f";
	args[k++] = (char *)file;
	for (int j = 0; j < n; j++)
		args[k++] = versions[j];
	int r = pyenv_version_file_write(p, k, args);
	free(args);
	return r;
}

int pyenv_cmd_local(struct pyenv *p, int argc, char **argv)
{
	bool force = false;
	int i = ctl_force_flag(argc, argv, 1, &force);
	if (i < argc && strcmp(argv[i], "--unset") == 0) {
		if (unlink(".python-version") < 0 && errno != ENOENT) {
			pyenv_errf("rm: cannot remove '.python-version': %s", strerror(errno));
			return 1;
		}
		return 0;
	}
	if (i < argc && *argv[i])
		return write_versions(p, force, ".python-version", argv + i, argc - i);
	char *file = NULL;
	int r = rv_vfile_find(p->rv.pwd, &file);
	if (r == -ENOMEM)
		return pyenv_oom(p->ctl);
	if (r < 0) {
		pyenv_errf("%s: no local version configured for this directory", p->ctl->prog);
		return 1;
	}
	r = print_file_versions(p, file);
	free(file);
	return r;
}

/* The first of version, global, default in the root that names a version, else
 * "system". Malloc'ed; NULL on ENOMEM. */
static char *global_names(struct pyenv *p)
{
	static const char *const files[] = {"version", "global", "default"};
	struct rv_strv msgs = {0};
	for (size_t i = 0; i < 3; i++) {
		char *f = rv_strf("%s/%s", p->rv.root, files[i]);
		char *names = f ? rv_version_file_names(&p->rv, f, &msgs) : NULL;
		free(f);
		pyenv_flush_msgs(&msgs);
		if (!names || *names)
			return names;
		free(names);
	}
	return strdup("system");
}

int pyenv_cmd_global(struct pyenv *p, int argc, char **argv)
{
	if (argc > 1 && *argv[1]) {
		char *file = rv_strf("%s/version", p->rv.root);
		if (!file)
			return pyenv_oom(p->ctl);
		/* pyenv-global puts its arguments after the file: a -f there is a version */
		int r = write_versions(p, false, file, argv + 1, argc - 1);
		free(file);
		return r;
	}
	char *names = global_names(p);
	struct rv_strv words = {0};
	if (!names || rv_strv_split(&words, names, ':') < 0) {
		free(names);
		return pyenv_oom(p->ctl);
	}
	pyenv_print_lines(&words);
	rv_strv_clear(&words);
	free(names);
	return 0;
}
