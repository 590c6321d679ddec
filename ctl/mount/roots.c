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

bool mnt_roots_poll_text(const struct pc_status *info, int i, char *buf, size_t n)
{
	const struct pc_status_scan *s = info ? pc_status_scan_of(info, i) : NULL;
	if (!s || !s->polled)
		return false;
	if (!s->polls) {
		snprintf(buf, n, "polled every %ld ms (not polled yet)", info->poll_ms);
		return true;
	}
	snprintf(buf, n,
		 "polled every %ld ms, last re-read %.2f ms (mean %.2f ms, longest %.2f ms over "
		 "%lld poll%s)",
		 info->poll_ms, s->last_us / 1000.0, s->total_us / 1000.0 / (double)s->polls,
		 s->max_us / 1000.0, s->polls, s->polls == 1 ? "" : "s");
	return true;
}

/* How extra root i is kept current, after ", " (nothing for the fallback: nothing is). */
static void watching(const char *path, enum mnt_roots_source src, const struct pc_status *info,
		     size_t i, char *buf, size_t n)
{
	bool net = pc_root_is_network(path);
	char poll[256];
	buf[0] = '\0';
	if (src == MNT_ROOTS_FALLBACK)
		return;
	if (info && info->nscans && pc_status_scan_of(info, (int)i + 1)) {
		bool polled = mnt_roots_poll_text(info, (int)i + 1, poll, sizeof(poll));
		snprintf(buf, n, ", %s%s", polled && net ? "on a network file system: " : "",
			 polled ? poll : "inotify");
		return;
	}
	snprintf(buf, n, "%s", net ? ", on a network file system: polled" : ", inotify");
}

static void describe_one(struct pc_roots *roots, size_t i, enum mnt_roots_source src,
			 const struct pc_status *info, mnt_roots_fn *fn, void *ctx)
{
	const char *path = pc_roots_path(roots, i);
	char line[PATH_MAX + 512], how[320];
	long n = 0;
	enum pc_root_kind kind = pc_roots_kind(roots, i);
	if (kind == PC_ROOT_MISSING) {
		const struct pc_status_scan *s = info ? pc_status_scan_of(info, (int)i + 1) : NULL;
		snprintf(how, sizeof(how), " every %ld ms", s && s->polled ? info->poll_ms : 0);
		snprintf(line, sizeof(line), "extra root %s: does not exist (yet)%s%s", path,
			 src == MNT_ROOTS_FALLBACK ? "" : ": polled for",
			 s && s->polled ? how : "");
		fn(ctx, MNT_ROOTS_NOTE, line);
		return;
	}
	if (kind == PC_ROOT_PYENV)
		pc_shim_walk(path, count_version, &n);
	else
		n = count_uv(path, fn, ctx);
	watching(path, src, info, i, how, sizeof(how));
	snprintf(line, sizeof(line), "extra root %s: %s, %ld version%s%s", path,
		 kind == PC_ROOT_PYENV ? "a pyenv root" : "a uv python directory", n,
		 n == 1 ? "" : "s", how);
	fn(ctx, MNT_ROOTS_OK, line);
}

int mnt_roots_describe(const char *root, enum mnt_roots_source src, const struct pc_status *info,
		       mnt_roots_fn *fn, void *ctx)
{
	struct pc_roots *roots = NULL;
	struct pc_msg msg = {""};
	char file[PATH_MAX + 32], line[PATH_MAX + 320], poll[256];
	if (mnt_roots_poll_text(info, 0, poll, sizeof(poll))) {
		snprintf(line, sizeof(line), "PYENV_ROOT %s: %s%s", root,
			 pc_root_is_network(root) ? "on a network file system: " : "", poll);
		fn(ctx, MNT_ROOTS_OK, line);
	}
	snprintf(file, sizeof(file), "%s/%s", root, PC_ROOTS_FILE);
	int r = src != MNT_ROOTS_ENV
			? pc_roots_read_file(file, &roots)
			: pc_roots_parse(getenv("PYENVFS_ROOTS"), root, NULL, &roots, &msg);
	if (r < 0 && (src == MNT_ROOTS_ENV || r != -ENOENT)) {
		snprintf(line, sizeof(line), "PYENVFS_ROOTS: %s",
			 msg.text[0] ? msg.text : strerror(-r));
		fn(ctx, MNT_ROOTS_PROBLEM, line);
		return 1;
	}
	for (size_t i = 0; i < pc_roots_count(roots); i++)
		describe_one(roots, i, src, info, fn, ctx);
	pc_roots_destroy(roots);
	return 0;
}
