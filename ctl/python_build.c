/* python-build for the names the index lacks (python_build.h). */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl/proc.h"
#include "ctl/python_build.h"
#include "resolver/path.h"
#include "resolver/strv.h"
#include "resolver/which.h"

extern char **environ;

/* path when it is an executable file, else NULL (path freed) */
static char *executable(char *path)
{
	if (path && rv_is_file(path) && rv_is_exec(path))
		return path;
	free(path);
	return NULL;
}

char *ctl_python_build_find(const char *root)
{
	char *pb = executable(rv_strf("%s/plugins/python-build/bin/python-build", root));
	const char *path = getenv("PATH");
	if (!pb && path && *path)
		rv_search_path(path, "python-build", &pb);
	return pb;
}

bool ctl_python_build_knows(const char *pb, const char *name)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0)
		return false;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	char *argv[] = {(char *)pb, "--definitions", NULL};
	pid_t pid;
	int e = posix_spawn(&pid, pb, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	FILE *f = e == 0 ? fdopen(fds[0], "r") : NULL;
	bool known = false;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while (f && (n = getline(&line, &cap, f)) >= 0) {
		line[strcspn(line, "\n")] = '\0';
		known |= strcmp(line, name) == 0;
	}
	free(line);
	if (f)
		fclose(f);
	else
		close(fds[0]);
	return e == 0 && ctl_wait_status(pid) == 0 && known;
}

int ctl_python_build_run(const char *prog, const char *pb, const char *name, const char *root)
{
	char *prefix = rv_strf("%s/versions/%s", root, name);
	char *argv[] = {(char *)pb, (char *)name, prefix, NULL};
	pid_t pid;
	fflush(stdout);
	fflush(stderr);
	int e = prefix ? posix_spawn(&pid, pb, NULL, NULL, argv, environ) : ENOMEM;
	free(prefix);
	if (e != 0) {
		fprintf(stderr, "%s: cannot run %s: %s\n", prog, pb, strerror(e));
		return 127;
	}
	return ctl_wait_status(pid);
}
