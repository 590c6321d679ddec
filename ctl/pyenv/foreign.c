/* Programs that answer for pyenv's commands in a plugin script's place (foreign.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl/proc.h"
#include "ctl/pyenv/foreign.h"
#include "ctl/pyenv/plugin.h"
#include "resolver/path.h"
#include "resolver/which.h"

char *pyenv_foreign(const struct pyenv *p, const char *name)
{
	if (!p->ctl->direct)
		return NULL;
	const char *path = getenv("PATH");
	char *cmd = rv_strf("pyenv-%s", name), *found = NULL;
	if (cmd && path && *path && rv_search_path(path, cmd, &found) == 0 && found &&
	    pyenv_plugin_is_ours(p->ctl, found)) {
		free(found);
		found = NULL;
	}
	free(cmd);
	return found;
}

/* The child's side: fds as io says, then exec. Never returns. */
static void child(const char *path, char *const *argv, const char *set_env, int io, int out)
{
	int nul = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (io & PYENV_FOREIGN_OUT)
		dup2(out, 1);
	else if (io & PYENV_FOREIGN_NO_OUT)
		dup2(nul, 1);
	if (io & PYENV_FOREIGN_NO_ERR)
		dup2(nul, 2);
	if (set_env)
		putenv((char *)set_env);
	signal(SIGPIPE, SIG_DFL);
	execv(path, argv);
	int e = errno;
	fprintf(stderr, "%s: %s\n", path, strerror(e));
	_exit(e == ENOENT ? 127 : 126);
}

char *pyenv_subst_read(int fd)
{
	char *buf = NULL, chunk[4096];
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	ssize_t n;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0 || (n < 0 && errno == EINTR))
		for (ssize_t i = 0; m && i < n; i++)
			if (chunk[i])
				putc(chunk[i], m);
	if (!m || fclose(m) != 0) {
		free(buf);
		return NULL;
	}
	while (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	return buf;
}

/* Runs it; returns the exit status. */
static int run(const char *path, char *const *argv, const char *set_env, int io, char **out)
{
	int fds[2] = {-1, -1};
	if ((io & PYENV_FOREIGN_OUT) && pipe2(fds, O_CLOEXEC) < 0)
		return 126;
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid == 0)
		child(path, argv, set_env, io, fds[1]);
	if (fds[1] >= 0)
		close(fds[1]);
	if (pid > 0 && fds[0] >= 0)
		*out = pyenv_subst_read(fds[0]);
	if (fds[0] >= 0)
		close(fds[0]);
	return pid < 0 ? 126 : ctl_wait_status(pid);
}

bool pyenv_foreign_call(const struct pyenv *p, const char *name, char *const *args,
			const char *set_env, int io, char **out, int *status)
{
	char *path = pyenv_foreign(p, name);
	if (!path)
		return false;
	size_t n = 0;
	while (args && args[n])
		n++;
	char **argv = calloc(n + 2, sizeof(*argv));
	char *argv0 = rv_strf("pyenv-%s", name);
	if (out)
		*out = NULL;
	if (!argv || !argv0) {
		*status = 1;
	} else {
		argv[0] = argv0;
		for (size_t i = 0; i < n; i++)
			argv[i + 1] = args[i];
		*status = run(path, argv, set_env, io, out);
	}
	free(argv0);
	free(argv);
	free(path);
	return true;
}
