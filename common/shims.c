/* pc_shims: see shims.h. */
#include "common/shims.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static bool dot_or_dotdot(const char *name)
{
	return name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
}

bool pc_shim_dir_name_counts(const char *name)
{
	return name[0] != '.';
}

bool pc_shim_dir_entry_counts(int dirfd, const struct dirent *de)
{
	if (!pc_shim_dir_name_counts(de->d_name))
		return false;
	if (de->d_type == DT_DIR)
		return true;
	if (de->d_type != DT_LNK && de->d_type != DT_UNKNOWN)
		return false;
	struct stat st;
	return fstatat(dirfd, de->d_name, &st, 0) == 0 && S_ISDIR(st.st_mode);
}

bool pc_shim_entry_is_shim(int dirfd, const struct dirent *de)
{
	if (dot_or_dotdot(de->d_name) || de->d_type == DT_DIR)
		return false;
	struct stat st;
	return fstatat(dirfd, de->d_name, &st, 0) == 0 && !S_ISDIR(st.st_mode) &&
	       (st.st_mode & 0111);
}

static bool join(char *out, const char *dir, const char *name)
{
	int n = snprintf(out, PATH_MAX, "%s/%s", dir, name);
	return n >= 0 && n < PATH_MAX;
}

/* Visits dir's children that count as kind. Returns 0 or the visitor's negative errno. */
static int each_dir(const char *dir, enum pc_shim_dir kind, pc_shim_visit_fn *visit, void *ctx)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int r = kind == PC_SHIM_ENV ? visit(ctx, PC_SHIM_ENVS, dir) : 0;
	struct dirent *de;
	while (r == 0 && (de = readdir(d))) {
		char path[PATH_MAX], envs[PATH_MAX];
		if (!pc_shim_dir_entry_counts(dirfd(d), de) || !join(path, dir, de->d_name))
			continue;
		r = visit(ctx, kind, path);
		if (r == 0 && kind == PC_SHIM_VERSION && join(envs, path, "envs"))
			r = each_dir(envs, PC_SHIM_ENV, visit, ctx);
	}
	closedir(d);
	return r;
}

int pc_shim_walk(const char *root, pc_shim_visit_fn *visit, void *ctx)
{
	char versions[PATH_MAX];
	if (!join(versions, root, "versions"))
		return 0;
	return each_dir(versions, PC_SHIM_VERSION, visit, ctx);
}

int pc_shim_each_in_bin(const char *bindir, pc_shim_name_fn *fn, void *ctx)
{
	DIR *d = opendir(bindir);
	if (!d)
		return 0;
	int r = 0;
	struct dirent *de;
	while (r == 0 && (de = readdir(d)))
		if (pc_shim_entry_is_shim(dirfd(d), de))
			r = fn(ctx, de->d_name);
	closedir(d);
	return r;
}
