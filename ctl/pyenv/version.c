/* The selection with hooks, and version, version-name, version-origin, version-file,
 * version-file-read, version-file-write, root, rehash (version.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/pyenv/hooks.h"
#include "ctl/pyenv/output.h"
#include "ctl/pyenv/version.h"
#include "resolver/path.h"
#include "resolver/version_file.h"
#include "resolver/which.h"

char *pyenv_origin(const struct pyenv *p)
{
	const char *out_names[] = {"PYENV_VERSION_ORIGIN"};
	char *val = NULL;
	struct pyenv_var vars[] = {{"PYENV_VERSION_ORIGIN", NULL}};
	struct pyenv_hook_call call = {.cmd = "version-origin",
				       .vars = vars,
				       .n_vars = 1,
				       .out_names = out_names,
				       .n_out = 1,
				       .out_values = &val};
	if (pyenv_hooks_run(p, &call) == PYENV_HOOKS_RAN && val && *val)
		return val;
	free(val);
	return rv_version_origin(&p->rv);
}

int pyenv_version_name(struct pyenv *p, bool force, struct pyenv_selection *sel)
{
	*sel = (struct pyenv_selection){0};
	struct rv_strv msgs = {0};
	char *raw = rv_selection_raw(&p->rv, &msgs);
	pyenv_flush_msgs(&msgs);
	if (!raw)
		return -ENOMEM;
	const char *out_names[] = {"PYENV_VERSION"};
	char *val = NULL;
	struct pyenv_var vars[] = {{"PYENV_VERSION", raw}};
	struct pyenv_hook_call call = {.cmd = "version-name",
				       .vars = vars,
				       .n_vars = 1,
				       .out_names = out_names,
				       .n_out = 1,
				       .out_values = &val};
	switch (pyenv_hooks_run(p, &call)) {
	case PYENV_HOOKS_EXITED:
		free(raw);
		sel->exited = true;
		sel->status = call.status;
		return 0;
	case PYENV_HOOKS_RAN:
		free(raw);
		raw = val ? val : strdup("");
		if (!raw)
			return -ENOMEM;
		break;
	case PYENV_HOOKS_NONE:
		break;
	}
	int r = rv_version_name(&p->rv, raw, force, &sel->names, &msgs);
	pyenv_flush_msgs(&msgs);
	free(raw);
	if (r < 0)
		return r;
	sel->status = r;
	return 0;
}

int pyenv_resplit(struct rv_strv *names)
{
	char *j = rv_strv_join(names, ":");
	if (!j)
		return -ENOMEM;
	rv_strv_clear(names);
	int r = rv_strv_split(names, j, ':');
	free(j);
	return r < 0 ? r : 0;
}

int pyenv_check_installed(struct pyenv *p, char *const *versions, size_t n, struct rv_strv *paths)
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
	return r == -ENOMEM ? -ENOMEM : r < 0 ? -ENOENT : 0;
}

int pyenv_version_file_write(struct pyenv *p, int argc, char **argv)
{
	bool force = false;
	int i = ctl_force_flag(argc, argv, 1, &force);
	const char *file = i < argc ? argv[i] : "";
	char **versions = argv + i + 1;
	int n = argc - i - 1;
	if (n < 1 || !*versions[0] || !*file)
		return pyenv_usage_error(p->ctl, "version-file-write");
	if (!force) {
		int r = pyenv_check_installed(p, versions, (size_t)n, NULL);
		if (r)
			return r == -ENOMEM ? pyenv_oom(p->ctl) : 1;
	}
	int r = rv_vfile_write(file, versions, (size_t)n);
	if (r < 0) {
		pyenv_errf("%s: %s: %s", p->ctl->prog, file, strerror(-r));
		return 1;
	}
	return 0;
}

int pyenv_cmd_root(struct pyenv *p, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("%s\n", p->rv.root);
	return 0;
}

int pyenv_cmd_rehash(struct pyenv *p, int argc, char **argv)
{
	(void)p;
	(void)argc;
	(void)argv;
	return 0; /* pyenvfs computes the shims: nothing to do */
}

int pyenv_cmd_sh_rehash(struct pyenv *p, int argc, char **argv)
{
	int status = pyenv_cmd_rehash(p, argc, argv);
	const char *shell = getenv("PYENV_SHELL");
	if (!shell || !*shell)
		shell = getenv("SHELL");
	shell = rv_basename(shell ? shell : "");
	/* pyenv's tells the shell to forget the paths it hashed; fish and pwsh hash none */
	if (strcmp(shell, "fish") != 0 && strcmp(shell, "pwsh") != 0)
		printf("hash -r 2>/dev/null || true\n");
	return status;
}

int pyenv_cmd_version_file(struct pyenv *p, int argc, char **argv)
{
	char *f = NULL;
	if (argc > 1 && *argv[1]) {
		int r = rv_vfile_find(argv[1], &f);
		if (r == -ENOMEM)
			return pyenv_oom(p->ctl);
		if (r < 0)
			return 1;
	} else if (!(f = rv_version_file(&p->rv))) {
		return pyenv_oom(p->ctl);
	}
	printf("%s\n", f);
	free(f);
	return 0;
}

int pyenv_cmd_version_file_read(struct pyenv *p, int argc, char **argv)
{
	const char *file = argc > 1 ? argv[1] : "";
	struct rv_vfile vf = {0};
	int r = rv_vfile_read(&vf, file, p->rv.root, p->rv.pwd);
	if (r == -ENOMEM)
		return pyenv_oom(p->ctl);
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

int pyenv_cmd_version_file_write(struct pyenv *p, int argc, char **argv)
{
	return pyenv_version_file_write(p, argc, argv);
}

int pyenv_cmd_version_name(struct pyenv *p, int argc, char **argv)
{
	bool force = false;
	ctl_force_flag(argc, argv, 1, &force);
	struct pyenv_selection sel;
	if (pyenv_version_name(p, force, &sel) < 0)
		return pyenv_oom(p->ctl);
	if (sel.exited)
		return sel.status;
	char *joined = rv_strv_join(&sel.names, ":");
	rv_strv_clear(&sel.names);
	if (!joined)
		return pyenv_oom(p->ctl);
	printf("%s\n", joined);
	free(joined);
	return sel.status;
}

int pyenv_cmd_version_origin(struct pyenv *p, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	char *o = pyenv_origin(p);
	if (!o)
		return pyenv_oom(p->ctl);
	printf("%s\n", o);
	free(o);
	return 0;
}

int pyenv_complete_version(const struct ctl *ctl, void *ctx, const struct ctl_command *cmd,
			   int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct pyenv *p = ctx;
	struct pyenv_selection sel;
	if (pyenv_version_name(p, false, &sel) < 0 || pyenv_resplit(&sel.names) < 0)
		return pyenv_oom(ctl);
	rv_strv_clear(&sel.names);
	ctl_complete_words(cmd);
	return 0;
}

int pyenv_cmd_version(struct pyenv *p, int argc, char **argv)
{
	struct pyenv_selection sel;
	if (pyenv_version_name(p, false, &sel) < 0 || pyenv_resplit(&sel.names) < 0)
		return pyenv_oom(p->ctl);
	bool bare = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--complete") == 0) {
			ctl_complete_words(p->cmd);
			rv_strv_clear(&sel.names);
			return 0;
		} else if (strcmp(argv[i], "--bare") == 0) {
			bare = true;
		} else {
			rv_strv_clear(&sel.names);
			return pyenv_usage_error(p->ctl, "version");
		}
	}
	int status = sel.status;
	for (size_t i = 0; i < sel.names.n && status >= 0; i++) {
		char *o = bare ? NULL : pyenv_origin(p);
		if (bare)
			printf("%s\n", sel.names.v[i]);
		else if (o)
			printf("%s (set by %s)\n", sel.names.v[i], o);
		else
			status = -ENOMEM;
		free(o);
	}
	rv_strv_clear(&sel.names);
	return status < 0 ? pyenv_oom(p->ctl) : status;
}
