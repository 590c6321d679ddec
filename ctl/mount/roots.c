/* mount/roots: see roots.h. */
#include "ctl/mount/roots.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/roots.h"
#include "common/shims.h"

static int count_version(void *count, enum pc_shim_dir kind, const char *path)
{
	(void)path;
	*(long *)count += kind == PC_SHIM_VERSION;
	return 0;
}

/* Counts the uv versions of dir, reporting each build that is skipped. */
static long count_uv(const char *dir, mnt_roots_fn *fn, void *ctx)
{
	DIR *d = opendir(dir);
	long n = 0;
	char name[256], line[512];
	struct dirent *de;
	while (d && (de = readdir(d))) {
		int r = pc_uv_version_name(de->d_name, name, sizeof(name));
		n += r == 0;
		if (r == -ENOTSUP) {
			snprintf(line, sizeof(line),
				 "%s/%s: skipped (uv's name does not say the version pyenv names "
				 "it by)",
				 dir, de->d_name);
			fn(ctx, MNT_ROOTS_NOTE, line);
		}
	}
	if (d)
		closedir(d);
	return n;
}

static void describe_one(struct pc_roots *roots, size_t i, mnt_roots_fn *fn, void *ctx)
{
	const char *path = pc_roots_path(roots, i);
	char line[PATH_MAX + 256];
	long n = 0;
	enum pc_root_kind kind = pc_roots_kind(roots, i);
	if (kind == PC_ROOT_MISSING) {
		snprintf(line, sizeof(line), "extra root %s: does not exist (yet): polled for", path);
		fn(ctx, MNT_ROOTS_NOTE, line);
		return;
	}
	if (kind == PC_ROOT_PYENV)
		pc_shim_walk(path, count_version, &n);
	else
		n = count_uv(path, fn, ctx);
	bool net = pc_root_is_network(path);
	snprintf(line, sizeof(line), "extra root %s: %s, %ld version%s%s", path,
		 kind == PC_ROOT_PYENV ? "a pyenv root" : "a uv python directory", n,
		 n == 1 ? "" : "s", net ? ", on a network file system: polled" : ", inotify");
	fn(ctx, MNT_ROOTS_OK, line);
}

int mnt_roots_describe(const char *root, bool mounted, mnt_roots_fn *fn, void *ctx)
{
	struct pc_roots *roots = NULL;
	struct pc_msg msg = {""};
	char file[PATH_MAX + 32];
	snprintf(file, sizeof(file), "%s/%s", root, PC_ROOTS_FILE);
	int r = mounted ? pc_roots_read_file(file, &roots)
			: pc_roots_parse(getenv("PYENVFS_ROOTS"), root, NULL, &roots, &msg);
	if (r < 0 && (!mounted || r != -ENOENT)) {
		char line[PC_MSG_MAX + 64];
		snprintf(line, sizeof(line), "PYENVFS_ROOTS: %s",
			 msg.text[0] ? msg.text : strerror(-r));
		fn(ctx, MNT_ROOTS_PROBLEM, line);
		return 1;
	}
	for (size_t i = 0; i < pc_roots_count(roots); i++)
		describe_one(roots, i, fn, ctx);
	pc_roots_destroy(roots);
	return 0;
}
