/* pyenv's hooks (pyenv-hooks, `source` in each command), run through bash. */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ctl/pyenv_cmds.h"

extern char **environ;

/* The hook scripts for cmd, in PYENV_HOOK_PATH order, each dir's in glob order. */
static int find_hooks(const struct pyenv *p, const char *cmd, struct rv_strv *out)
{
	const struct rv_strv *dirs = &p->hook_dirs;
	int r = 0;
	for (size_t i = 0; r >= 0 && i < dirs->n; i++) {
		char *pat = rv_strf("%s/%s/*.bash", dirs->v[i], cmd);
		if (!pat) {
			r = -ENOMEM;
			break;
		}
		glob_t g;
		if (glob(pat, 0, NULL, &g) == 0) {
			for (size_t j = 0; j < g.gl_pathc && r >= 0; j++) {
				char *real = realpath(g.gl_pathv[j], NULL);
				r = rv_strv_take(out, real ? real : strdup(g.gl_pathv[j]));
			}
			globfree(&g);
		}
		free(pat);
	}
	return r;
}

/* Reads everything from fd. */
static char *read_all(int fd, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		if (n == cap) {
			char *b = realloc(buf, cap * 2);
			if (!b)
				break;
			buf = b;
			cap *= 2;
		}
		ssize_t k = read(fd, buf + n, cap - n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			*len = n;
			return buf;
		}
		n += (size_t)k;
	}
	free(buf);
	return NULL;
}

static const char script[] =
	"__pyenvfs_n=$1; shift; __pyenvfs_h=(\"${@:1:$__pyenvfs_n}\"); shift \"$__pyenvfs_n\"\n"
	"for __pyenvfs_s in \"${__pyenvfs_h[@]}\"; do source \"$__pyenvfs_s\"; done\n"
	"unset __pyenvfs_n __pyenvfs_h __pyenvfs_s\n"
	"{ printf 'OK\\0'\n"
	"  for __pyenvfs_v in $_PYENVFS_OUT; do\n"
	"    if [ -n \"${!__pyenvfs_v+x}\" ]; then printf 's%s\\0' \"${!__pyenvfs_v}\"; else "
	"printf 'u\\0'; fi\n"
	"  done\n"
	"  if [ -n \"$_PYENVFS_ENV\" ]; then unset _PYENVFS_OUT _PYENVFS_ENV; env -0; fi\n"
	"} >&3\n";

int pyenv_hooks_run(const struct pyenv *p, const char *cmd, const struct pyenv_var *vars,
		    size_t n_vars, const char *const *out_names, size_t n_out, char **out_values,
		    char ***out_env, int *exit_status)
{
	struct rv_strv hooks = {0}, argv = {0}, env = {0};
	int r = find_hooks(p, cmd, &hooks);
	if (r < 0 || hooks.n == 0) {
		rv_strv_clear(&hooks);
		return -1;
	}
	/* the environment: ours, with vars set */
	for (char **e = environ; *e && r >= 0; e++) {
		bool skip = false;
		for (size_t i = 0; i < n_vars; i++) {
			size_t l = strlen(vars[i].name);
			if (strncmp(*e, vars[i].name, l) == 0 && (*e)[l] == '=')
				skip = true;
		}
		if (!skip)
			r = rv_strv_push(&env, *e);
	}
	for (size_t i = 0; i < n_vars && r >= 0; i++)
		if (vars[i].value)
			r = rv_strv_pushf(&env, "%s=%s", vars[i].name, vars[i].value);
	struct rv_strv outs = {0};
	for (size_t i = 0; i < n_out && r >= 0; i++)
		r = rv_strv_push(&outs, out_names[i]);
	char *outlist = rv_strv_join(&outs, " ");
	rv_strv_clear(&outs);
	if (r >= 0)
		r = rv_strv_pushf(&env, "_PYENVFS_OUT=%s", outlist ? outlist : "");
	free(outlist);
	if (r >= 0 && out_env)
		r = rv_strv_push(&env, "_PYENVFS_ENV=1");
	if (r >= 0)
		r = rv_strv_push(&argv, "bash");
	if (r >= 0)
		r = rv_strv_push(&argv, "-c");
	if (r >= 0)
		r = rv_strv_push(&argv, script);
	if (r >= 0)
		r = rv_strv_push(&argv, "bash");
	if (r >= 0)
		r = rv_strv_pushf(&argv, "%zu", hooks.n);
	for (size_t i = 0; i < hooks.n && r >= 0; i++)
		r = rv_strv_push(&argv, hooks.v[i]);
	int fds[2] = {-1, -1};
	if (r < 0 || pipe2(fds, O_CLOEXEC) < 0) {
		r = -1;
		goto fail;
	}
	fflush(stdout);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 3);
	pid_t pid;
	int e = posix_spawnp(&pid, "bash", &fa, NULL, argv.v, env.v);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (e != 0) {
		close(fds[0]);
		r = -1;
		goto fail;
	}
	size_t len = 0;
	char *data = read_all(fds[0], &len);
	close(fds[0]);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!data || len < 3 || memcmp(data, "OK", 3) != 0) {
		free(data);
		*exit_status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		r = 1;
		goto out;
	}
	size_t off = 3;
	for (size_t i = 0; i < n_out; i++) {
		out_values[i] = NULL;
		if (off >= len)
			continue;
		const char *f = data + off;
		size_t fl = strnlen(f, len - off);
		if (f[0] == 's')
			out_values[i] = strndup(f + 1, fl - 1);
		off += fl + 1;
	}
	if (out_env) {
		struct rv_strv ev = {0};
		while (off < len) {
			const char *f = data + off;
			size_t fl = strnlen(f, len - off);
			rv_strv_pushn(&ev, f, fl);
			off += fl + 1;
		}
		if (!ev.v)
			rv_strv_push(&ev, "");
		*out_env = ev.v;
	}
	free(data);
	r = 0;
	goto out;
fail:
	pyenv_errf("%s: cannot run the %s hooks: bash: %s", p->ctl->prog, cmd, strerror(errno));
	*exit_status = 1;
	r = 1;
out:
	rv_strv_clear(&hooks);
	rv_strv_clear(&argv);
	rv_strv_clear(&env);
	return r;
}
