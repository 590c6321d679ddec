/* pyenv's hooks (pyenv-hooks, `source` in each command), run through bash (hooks.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ctl/pyenv/hooks.h"
#include "ctl/pyenv/output.h"
#include "ctl/pyenv/plugin.h"
#include "resolver/hooks.h"

extern char **environ;

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

/* The hooks run with our pyenv-libexec first in PATH, as pyenv's main script has its
 * libexec (hooks call pyenv-version-name and the like); it leaves PATH again after. Under
 * `set -e', as every pyenv command that sources hooks runs: a hook's failing command ends
 * the command with its status. */
static const char script[] =
	"set -e\n"
	"__pyenvfs_x=$_PYENVFS_LIBEXEC; unset _PYENVFS_LIBEXEC; PATH=\"$__pyenvfs_x:$PATH\"\n"
	"__pyenvfs_n=$1; shift; __pyenvfs_h=(\"${@:1:$__pyenvfs_n}\"); shift \"$__pyenvfs_n\"\n"
	"for __pyenvfs_s in \"${__pyenvfs_h[@]}\"; do source \"$__pyenvfs_s\"; done\n"
	"case $PATH in \"$__pyenvfs_x:\"*) PATH=${PATH#\"$__pyenvfs_x:\"} ;; esac\n"
	"unset __pyenvfs_n __pyenvfs_h __pyenvfs_s __pyenvfs_x\n"
	"{ printf 'OK\\0'\n"
	"  for __pyenvfs_v in $_PYENVFS_OUT; do\n"
	"    if [ -n \"${!__pyenvfs_v+x}\" ]; then printf 's%s\\0' \"${!__pyenvfs_v}\"; else "
	"printf 'u\\0'; fi\n"
	"  done\n"
	"  if [ -n \"$_PYENVFS_ENV\" ]; then unset _PYENVFS_OUT _PYENVFS_ENV; env -0; fi\n"
	"} >&3\n";

/* The hooks' environment: ours with call->vars set, and what the script reads back. */
static int hook_env(const struct pyenv *p, const struct pyenv_hook_call *call,
		    struct rv_strv *env)
{
	char libexec[PATH_MAX];
	int r = rv_strv_pushf(env, "_PYENVFS_LIBEXEC=%s",
			      pyenv_libexec_dir(p->ctl, libexec, sizeof(libexec)));
	for (char **e = environ; *e && r >= 0; e++) {
		bool skip = false;
		for (size_t i = 0; i < call->n_vars; i++) {
			size_t l = strlen(call->vars[i].name);
			if (strncmp(*e, call->vars[i].name, l) == 0 && (*e)[l] == '=')
				skip = true;
		}
		if (!skip)
			r = rv_strv_push(env, *e);
	}
	for (size_t i = 0; i < call->n_vars && r >= 0; i++)
		if (call->vars[i].value)
			r = rv_strv_pushf(env, "%s=%s", call->vars[i].name, call->vars[i].value);
	struct rv_strv outs = {0};
	for (size_t i = 0; i < call->n_out && r >= 0; i++)
		r = rv_strv_push(&outs, call->out_names[i]);
	char *outlist = rv_strv_join(&outs, " ");
	rv_strv_clear(&outs);
	if (r >= 0)
		r = rv_strv_pushf(env, "_PYENVFS_OUT=%s", outlist ? outlist : "");
	free(outlist);
	if (r >= 0 && call->out_env)
		r = rv_strv_push(env, "_PYENVFS_ENV=1");
	return r;
}

/* bash -c SCRIPT bash N HOOK... */
static int hook_argv(const struct rv_strv *hooks, struct rv_strv *argv)
{
	int r = rv_strv_push(argv, "bash");
	if (r >= 0)
		r = rv_strv_push(argv, "-c");
	if (r >= 0)
		r = rv_strv_push(argv, script);
	if (r >= 0)
		r = rv_strv_push(argv, "bash");
	if (r >= 0)
		r = rv_strv_pushf(argv, "%zu", hooks->n);
	for (size_t i = 0; i < hooks->n && r >= 0; i++)
		r = rv_strv_push(argv, hooks->v[i]);
	return r;
}

/* Runs bash with fd 3 a pipe; *data: what it wrote there. Returns 0 (*wstatus its wait
 * status) or -1 with errno set. */
static int spawn_bash(char **argv, char **env, char **data, size_t *len, int *wstatus)
{
	int fds[2] = {-1, -1};
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	fflush(stdout);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 3);
	pid_t pid;
	int e = posix_spawnp(&pid, "bash", &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (e != 0) {
		close(fds[0]);
		return -1;
	}
	*data = read_all(fds[0], len);
	close(fds[0]);
	*wstatus = 0;
	while (waitpid(pid, wstatus, 0) < 0 && errno == EINTR)
		;
	return 0;
}

/* The script's answer after "OK\0": 's'VALUE or 'u' per out name, then env -0's. */
static void parse_answer(struct pyenv_hook_call *call, const char *data, size_t len)
{
	size_t off = 3;
	for (size_t i = 0; i < call->n_out; i++) {
		call->out_values[i] = NULL;
		if (off >= len)
			continue;
		const char *f = data + off;
		size_t fl = strnlen(f, len - off);
		if (f[0] == 's')
			call->out_values[i] = strndup(f + 1, fl - 1);
		off += fl + 1;
	}
	if (!call->out_env)
		return;
	struct rv_strv ev = {0};
	while (off < len) {
		const char *f = data + off;
		size_t fl = strnlen(f, len - off);
		rv_strv_pushn(&ev, f, fl);
		off += fl + 1;
	}
	if (!ev.v)
		rv_strv_push(&ev, "");
	*call->out_env = ev.v;
}

enum pyenv_hooks_result pyenv_hooks_run(const struct pyenv *p, struct pyenv_hook_call *call)
{
	struct rv_strv hooks = {0}, argv = {0}, env = {0};
	if (rv_hooks_find(&p->hook_dirs, call->cmd, &hooks) < 0 || hooks.n == 0) {
		rv_strv_clear(&hooks);
		return PYENV_HOOKS_NONE;
	}
	enum pyenv_hooks_result res = PYENV_HOOKS_EXITED;
	char *data = NULL;
	size_t len = 0;
	int st = 0;
	if (hook_env(p, call, &env) < 0 || hook_argv(&hooks, &argv) < 0 ||
	    spawn_bash(argv.v, env.v, &data, &len, &st) < 0) {
		pyenv_errf("%s: cannot run the %s hooks: bash: %s", p->ctl->prog, call->cmd,
			   strerror(errno));
		call->status = 1;
	} else if (!data || len < 3 || memcmp(data, "OK", 3) != 0) {
		call->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	} else {
		parse_answer(call, data, len);
		res = PYENV_HOOKS_RAN;
	}
	free(data);
	rv_strv_clear(&hooks);
	rv_strv_clear(&argv);
	rv_strv_clear(&env);
	return res;
}

bool pyenv_hooks_exist(const struct pyenv *p, const char *cmd)
{
	struct rv_strv hooks = {0};
	bool any = rv_hooks_find(&p->hook_dirs, cmd, &hooks) < 0 || hooks.n > 0;
	rv_strv_clear(&hooks);
	return any;
}

int pyenv_cmd_hooks(struct pyenv *p, int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	if (!*cmd)
		return pyenv_usage_error(p->ctl, "hooks");
	struct rv_strv hooks = {0};
	int r = rv_hooks_find(&p->hook_dirs, cmd, &hooks);
	if (r >= 0)
		pyenv_print_lines(&hooks);
	rv_strv_clear(&hooks);
	return r < 0 ? pyenv_oom(p->ctl) : 0;
}
