/* The envs `uninstall' takes along (uninstall_envs.h). */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctl/uninstall_envs.h"
#include "installer/uninstall.h"

/* Removes versions/name; an absent one is no error. */
static bool remove_entry(const char *prog, const char *root, const char *name)
{
	struct pyi_err err = {0};
	if (pyi_uninstall(root, name, &err) || err.code == PYI_E_NOTFOUND)
		return true;
	fprintf(stderr, "%s: %s\n", prog, err.msg);
	return false;
}

/* The raw target of the symlink path (`readlink'), or "" when it is none. */
static void link_target(const char *path, char *buf, size_t size)
{
	ssize_t n = readlink(path, buf, size - 1);
	buf[n > 0 ? n : 0] = '\0';
}

/* "V/envs/E" when target is root/versions/V/envs/E (pyenv-virtualenv-delete's test
 * `${ENV_PREFIX%/(star)/envs/(star)}' = root/versions), else NULL. */
static const char *env_of_target(const char *root, const char *target)
{
	size_t rl = strlen(root);
	if (strncmp(target, root, rl) != 0 || strncmp(target + rl, "/versions/", 10) != 0)
		return NULL;
	const char *rest = target + rl + 10, *envs = strstr(rest, "/envs/");
	if (!envs || envs == rest || memchr(rest, '/', (size_t)(envs - rest)) ||
	    strchr(envs + 6, '/') || !envs[6])
		return NULL;
	return rest;
}

/* A real version: the versions/E links that point at its envs/E. */
static bool remove_env_links(const char *prog, const char *root, const char *version)
{
	char envs[PATH_MAX];
	snprintf(envs, sizeof(envs), "%s/versions/%s/envs", root, version);
	DIR *d = opendir(envs);
	struct dirent *e;
	bool ok = true;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.' && (!e->d_name[1] || !strcmp(e->d_name, "..")))
			continue;
		char link[PATH_MAX], target[PATH_MAX], want[PATH_MAX];
		int n1 = snprintf(link, sizeof(link), "%s/versions/%s", root, e->d_name);
		int n2 = snprintf(want, sizeof(want), "%s/%s", envs, e->d_name);
		if (n1 < 0 || n2 < 0 || (size_t)n1 >= sizeof(link) || (size_t)n2 >= sizeof(want))
			continue;
		link_target(link, target, sizeof(target));
		if (strcmp(target, want) == 0)
			ok &= remove_entry(prog, root, e->d_name);
	}
	if (d)
		closedir(d);
	return ok;
}

bool ctl_uninstall_envs(const char *prog, const char *root, const char *definition)
{
	const char *name = strrchr(definition, '/');
	name = name ? name + 1 : definition;
	char path[PATH_MAX], target[PATH_MAX], want[PATH_MAX];
	int n1 = snprintf(path, sizeof(path), "%s/versions/%s", root, name);
	int n2 = snprintf(want, sizeof(want), "%s/versions/%s", root, definition);
	if (n1 < 0 || n2 < 0 || (size_t)n1 >= sizeof(path) || (size_t)n2 >= sizeof(want))
		return true;
	if (strstr(definition, "/envs/")) {
		/* pyenv-virtualenv-delete V/envs/E: the env, and versions/E when it links there */
		link_target(path, target, sizeof(target));
		bool ok = remove_entry(prog, root, definition);
		return ok && (strcmp(target, want) != 0 || remove_entry(prog, root, name));
	}
	struct stat st;
	if (!*name || lstat(path, &st) != 0)
		return true;
	if (!S_ISLNK(st.st_mode))
		return remove_env_links(prog, root, name);
	link_target(path, target, sizeof(target));
	const char *env = env_of_target(root, target);
	return !env || (remove_entry(prog, root, env) && remove_entry(prog, root, name));
}
