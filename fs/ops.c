#include "fs/ops.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/status.h"

#define ROOT_INO FUSE_ROOT_ID

static struct fs_ctx *ctx_of(fuse_req_t req)
{
	return fuse_req_userdata(req);
}

int fs_ctx_set_content(struct fs_ctx *ctx, const char *shim, const char *root)
{
	size_t rlen = strlen(root);
	/* the kernel splits the line at the first blank and strips trailing blanks */
	if (strpbrk(shim, " \t\n") || strchr(root, '\n') ||
	    (rlen && (root[rlen - 1] == ' ' || root[rlen - 1] == '\t')))
		return -EINVAL;
	char *s = NULL;
	int n = asprintf(&s, "#!%s %s\n", shim, root);
	if (n < 0)
		return -ENOMEM;
	if (n > 255) { /* BINPRM_BUF_SIZE is 256 including the NUL */
		free(s);
		return -ENAMETOOLONG;
	}
	free(ctx->content);
	ctx->content = s;
	ctx->content_len = (size_t)n;
	return 0;
}

static struct timespec ns_to_ts(long long ns)
{
	return (struct timespec){.tv_sec = ns / 1000000000LL, .tv_nsec = ns % 1000000000LL};
}

/* What every inode shares: owner, block size; times all set to t. */
static void base_attr(struct fs_ctx *ctx, struct stat *st, uint64_t ino, mode_t mode,
		      struct timespec t)
{
	memset(st, 0, sizeof(*st));
	st->st_ino = ino;
	st->st_mode = mode;
	st->st_nlink = S_ISDIR(mode) ? 2 : 1;
	st->st_uid = ctx->uid;
	st->st_gid = ctx->gid;
	st->st_blksize = 4096;
	st->st_atim = st->st_mtim = st->st_ctim = t;
}

static void dir_attr(struct fs_ctx *ctx, struct stat *st)
{
	base_attr(ctx, st, ROOT_INO, S_IFDIR | 0755, ns_to_ts(atomic_load(&ctx->dir_mtime_ns)));
	st->st_atim = ctx->started;
}

static void entry_attr(struct fs_ctx *ctx, uint64_t ino, struct stat *st)
{
	base_attr(ctx, st, ino, S_IFREG | 0555, ctx->started);
	st->st_size = (off_t)ctx->content_len;
	st->st_blocks = 1;
}

static void scratch_stat(struct fs_ctx *ctx, const struct fs_scratch_attr *a, struct stat *st)
{
	base_attr(ctx, st, a->ino, S_IFREG | a->mode, a->mtime);
	st->st_ctim = a->ctime;
	st->st_size = a->size;
	st->st_blocks = (a->size + 511) / 512;
}

/* A scratch file is only ever changed through the kernel, but its attributes are not
 * cached so that what `diff` stats is what it reads. */
static void reply_scratch_entry(fuse_req_t req, const struct fs_scratch_attr *a)
{
	struct fuse_entry_param e = {.ino = a->ino};
	scratch_stat(ctx_of(req), a, &e.attr);
	fuse_reply_entry(req, &e);
}

static void op_init(void *userdata, struct fuse_conn_info *conn)
{
	(void)userdata;
	/* Entries never change content; scratch files are not cached anyway. */
	conn->want &= ~FUSE_CAP_AUTO_INVAL_DATA;
	/* truncating open must reach setattr (EROFS for entries), not our ENOSYS open */
	conn->want &= ~FUSE_CAP_ATOMIC_O_TRUNC;
	if (conn->capable & FUSE_CAP_PARALLEL_DIROPS)
		conn->want |= FUSE_CAP_PARALLEL_DIROPS;
}

static void op_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct fs_ctx *ctx = ctx_of(req);
	if (parent != ROOT_INO) {
		fuse_reply_err(req, ENOTDIR);
		return;
	}
	struct fs_scratch_attr a;
	if (fs_scratch_kind_of(name) != FS_SCRATCH_NONE &&
	    fs_scratch_lookup(ctx->scratch, name, &a) == 0) {
		reply_scratch_entry(req, &a);
		return;
	}
	struct fuse_entry_param e = {.entry_timeout = ctx->timeout, .attr_timeout = ctx->timeout};
	struct fs_snapshot *snap = fs_published_get(&ctx->published);
	const struct fs_entry *ent = fs_snapshot_find(snap, name);
	if (ent) {
		e.ino = ent->ino;
		entry_attr(ctx, ent->ino, &e.attr);
	}
	/* a miss: ino 0 makes the kernel cache a negative dentry for entry_timeout */
	fuse_reply_entry(req, &e);
	fs_snapshot_unref(snap);
}

static void op_forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup)
{
	/* entries are stateless: only scratch files live by their lookup count */
	if (fs_scratch_owns(ino))
		fs_scratch_forget(ctx_of(req)->scratch, ino, nlookup);
	fuse_reply_none(req);
}

static void op_forget_multi(fuse_req_t req, size_t count, struct fuse_forget_data *forgets)
{
	for (size_t i = 0; i < count; i++)
		if (fs_scratch_owns(forgets[i].ino))
			fs_scratch_forget(ctx_of(req)->scratch, forgets[i].ino, forgets[i].nlookup);
	fuse_reply_none(req);
}

static void op_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void)fi;
	struct fs_ctx *ctx = ctx_of(req);
	struct stat st;
	if (ino == ROOT_INO) {
		dir_attr(ctx, &st);
		fuse_reply_attr(req, &st, ctx->timeout);
	} else if (fs_scratch_owns(ino)) {
		struct fs_scratch_attr a;
		int r = fs_scratch_getattr(ctx->scratch, ino, &a);
		if (r < 0) {
			fuse_reply_err(req, -r);
			return;
		}
		scratch_stat(ctx, &a, &st);
		fuse_reply_attr(req, &st, 0);
	} else {
		entry_attr(ctx, ino, &st);
		fuse_reply_attr(req, &st, ctx->timeout);
	}
}

static void op_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr, int to_set,
		       struct fuse_file_info *fi)
{
	(void)fi;
	struct fs_ctx *ctx = ctx_of(req);
	if (!fs_scratch_owns(ino)) {
		fuse_reply_err(req, EROFS);
		return;
	}
	if (to_set & (FUSE_SET_ATTR_UID | FUSE_SET_ATTR_GID)) {
		fuse_reply_err(req, EPERM);
		return;
	}
	mode_t mode = attr->st_mode;
	off_t size = attr->st_size;
	struct fs_scratch_attr a;
	int r = fs_scratch_setattr(ctx->scratch, ino, (to_set & FUSE_SET_ATTR_MODE) ? &mode : NULL,
				   (to_set & FUSE_SET_ATTR_SIZE) ? &size : NULL, &a);
	if (r < 0) {
		fuse_reply_err(req, -r);
		return;
	}
	struct stat st;
	scratch_stat(ctx, &a, &st);
	fuse_reply_attr(req, &st, 0);
}

static void op_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void)ino;
	(void)fi;
	/* With FUSE_CAP_NO_OPEN_SUPPORT this means "success, never ask again". */
	fuse_reply_err(req, ENOSYS);
}

/* Not ENOSYS (FUSE_CAP_NO_OPENDIR_SUPPORT): fusermount3's auto_unmount unmounts a dead
 * daemon's mount only when opening the mount point fails with ENOTCONN, and with no
 * opendir round trip that open succeeds even on a dead connection. Opening the
 * directory is not on the exec path; the listing itself stays cached by the kernel
 * until the watcher invalidates it. */
static void op_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	if (ino != ROOT_INO) {
		fuse_reply_err(req, ENOTDIR);
		return;
	}
	fi->fh = 0;
	fi->cache_readdir = 1;
	fi->keep_cache = 1;
	fuse_reply_open(req, fi);
}

static void op_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void)ino;
	(void)fi;
	fuse_reply_err(req, 0);
}

static void op_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void)ino;
	(void)fi;
	fuse_reply_err(req, 0);
}

static void op_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		    struct fuse_file_info *fi)
{
	(void)fi;
	struct fs_ctx *ctx = ctx_of(req);
	if (ino == ROOT_INO) {
		fuse_reply_err(req, EISDIR);
		return;
	}
	if (!fs_scratch_owns(ino)) {
		size_t len = ctx->content_len;
		size_t from = off < 0 || (size_t)off >= len ? len : (size_t)off;
		size_t n = len - from < size ? len - from : size;
		fuse_reply_buf(req, ctx->content + from, n);
		return;
	}
	char *buf = malloc(size ? size : 1);
	if (!buf) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	ssize_t n = fs_scratch_read(ctx->scratch, ino, buf, size, off);
	if (n < 0)
		fuse_reply_err(req, (int)-n);
	else
		fuse_reply_buf(req, buf, (size_t)n);
	free(buf);
}

static void op_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size, off_t off,
		     struct fuse_file_info *fi)
{
	(void)fi;
	if (!fs_scratch_owns(ino)) {
		fuse_reply_err(req, EROFS);
		return;
	}
	ssize_t n = fs_scratch_write(ctx_of(req)->scratch, ino, buf, size, off);
	if (n < 0)
		fuse_reply_err(req, (int)-n);
	else
		fuse_reply_write(req, (size_t)n);
}

static void op_create(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode,
		      struct fuse_file_info *fi)
{
	struct fs_ctx *ctx = ctx_of(req);
	if (parent != ROOT_INO) {
		fuse_reply_err(req, ENOTDIR);
		return;
	}
	struct fs_snapshot *snap = fs_published_get(&ctx->published);
	bool listed = fs_snapshot_find(snap, name) != NULL;
	/* a name some bin directory has without it being executable: pyenv rehash
	 * creates a shim for it, we drop it */
	bool sink = !listed && fs_scratch_kind_of(name) == FS_SCRATCH_NONE &&
		    fs_snapshot_has_other(snap, name);
	fs_snapshot_unref(snap);
	if (listed) {
		fuse_reply_err(req, EROFS);
		return;
	}
	struct fs_scratch_attr a;
	int r = fs_scratch_make(ctx->scratch, name, mode, sink, (fi->flags & O_EXCL) != 0, &a);
	if (r < 0) {
		fuse_reply_err(req, -r);
		return;
	}
	struct fuse_entry_param e = {.ino = a.ino};
	scratch_stat(ctx, &a, &e.attr);
	fi->fh = 0;
	fi->direct_io = 0;
	fi->keep_cache = 0;
	if (fuse_reply_create(req, &e, fi) != 0)
		fs_scratch_forget(ctx->scratch, a.ino, 1);
}

static void op_unlink(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct fs_ctx *ctx = ctx_of(req);
	if (parent != ROOT_INO) {
		fuse_reply_err(req, ENOTDIR);
		return;
	}
	if (fs_scratch_unlink(ctx->scratch, name) == 0) {
		fuse_reply_err(req, 0);
		return;
	}
	struct fs_snapshot *snap = fs_published_get(&ctx->published);
	bool listed = fs_snapshot_find(snap, name) != NULL;
	fs_snapshot_unref(snap);
	fuse_reply_err(req, listed ? EROFS : ENOENT);
}

static void op_erofs_entry(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	(void)parent;
	(void)name;
	fuse_reply_err(req, EROFS);
}

static void op_mkdir(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode)
{
	(void)mode;
	op_erofs_entry(req, parent, name);
}

static void op_mknod(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode, dev_t rdev)
{
	(void)mode;
	(void)rdev;
	op_erofs_entry(req, parent, name);
}

static void op_symlink(fuse_req_t req, const char *link, fuse_ino_t parent, const char *name)
{
	(void)link;
	op_erofs_entry(req, parent, name);
}

static void op_link(fuse_req_t req, fuse_ino_t ino, fuse_ino_t newparent, const char *newname)
{
	(void)ino;
	op_erofs_entry(req, newparent, newname);
}

static void op_rename(fuse_req_t req, fuse_ino_t parent, const char *name, fuse_ino_t newparent,
		      const char *newname, unsigned int flags)
{
	(void)newparent;
	(void)newname;
	(void)flags;
	op_erofs_entry(req, parent, name);
}

/* Directory offsets: 0 and 1 are "." and "..", then the listed entries in name order.
 * Scratch files are found by lookup but never listed: the listing is always the computed
 * one (and a concurrent `pyenv rehash` globbing the directory cannot remove another's
 * mktemp probe). Stateless, so a listing read across a change may skip or repeat a
 * name, as with any directory that changes while read. */
static void op_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		       struct fuse_file_info *fi)
{
	(void)fi;
	struct fs_ctx *ctx = ctx_of(req);
	if (ino != ROOT_INO) {
		fuse_reply_err(req, ENOTDIR);
		return;
	}
	char *buf = malloc(size);
	if (!buf) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	struct fs_snapshot *snap = fs_published_get(&ctx->published);
	size_t count = fs_snapshot_count(snap);
	size_t used = 0;
	size_t i = off < 0 ? 0 : (size_t)off;
	struct stat st = {0};
	for (; i < 2 + count; i++) {
		const char *nm;
		if (i < 2) {
			nm = i == 0 ? "." : "..";
			st.st_ino = ROOT_INO;
			st.st_mode = S_IFDIR;
		} else {
			const struct fs_entry *e = fs_snapshot_entry(snap, i - 2);
			nm = e->name;
			st.st_ino = e->ino;
			st.st_mode = S_IFREG;
		}
		size_t need =
			fuse_add_direntry(req, buf + used, size - used, nm, &st, (off_t)i + 1);
		if (need > size - used)
			break;
		used += need;
	}
	fuse_reply_buf(req, buf, used);
	fs_snapshot_unref(snap);
	free(buf);
}

size_t fs_ctx_status(struct fs_ctx *ctx, char *buf, size_t size)
{
	struct pc_status st = {.pid = (long)getpid()};
	snprintf(st.root, sizeof(st.root), "%s", ctx->root);
	snprintf(st.shim, sizeof(st.shim), "%s", ctx->shim);
	struct fs_snapshot *snap = fs_published_get(&ctx->published);
	st.commands = (long)fs_snapshot_count(snap);
	st.versions = (long)fs_snapshot_versions(snap);
	fs_snapshot_unref(snap);
	if (ctx->watcher)
		fs_watcher_status(ctx->watcher, &st);
	return pc_status_format(&st, buf, size);
}

static void op_getxattr(fuse_req_t req, fuse_ino_t ino, const char *name, size_t size)
{
	if (ino != ROOT_INO || strcmp(name, PC_STATUS_XATTR) != 0) {
		fuse_reply_err(req, ENODATA);
		return;
	}
	char buf[PC_STATUS_MAX];
	size_t len = fs_ctx_status(ctx_of(req), buf, sizeof(buf));
	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	if (size == 0)
		fuse_reply_xattr(req, len);
	else if (size < len)
		fuse_reply_err(req, ERANGE);
	else
		fuse_reply_buf(req, buf, len);
}

static void op_listxattr(fuse_req_t req, fuse_ino_t ino, size_t size)
{
	static const char list[] = PC_STATUS_XATTR;
	size_t len = ino == ROOT_INO ? sizeof(list) : 0;
	if (size == 0)
		fuse_reply_xattr(req, len);
	else if (size < len)
		fuse_reply_err(req, ERANGE);
	else
		fuse_reply_buf(req, list, len);
}

static void op_setxattr(fuse_req_t req, fuse_ino_t ino, const char *name, const char *value,
			size_t size, int flags)
{
	(void)ino;
	(void)name;
	(void)value;
	(void)size;
	(void)flags;
	fuse_reply_err(req, fs_scratch_owns(ino) ? ENOTSUP : EROFS);
}

static void op_removexattr(fuse_req_t req, fuse_ino_t ino, const char *name)
{
	(void)name;
	fuse_reply_err(req, fs_scratch_owns(ino) ? ENODATA : EROFS);
}

static void op_statfs(fuse_req_t req, fuse_ino_t ino)
{
	(void)ino;
	struct fs_snapshot *snap = fs_published_get(&ctx_of(req)->published);
	struct statvfs sv = {
		.f_bsize = 4096,
		.f_frsize = 4096,
		.f_files = fs_snapshot_count(snap) + 1,
		.f_namemax = 255,
	};
	fs_snapshot_unref(snap);
	fuse_reply_statfs(req, &sv);
}

void fs_ctx_changed(void *arg, const char *const *names, size_t count)
{
	struct fs_ctx *ctx = arg;
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	atomic_store(&ctx->dir_mtime_ns, now.tv_sec * 1000000000LL + now.tv_nsec);
	atomic_fetch_add(&ctx->notifying, 1);
	struct fuse_session *se = atomic_load(&ctx->se);
	if (se) {
		/* -ENOENT for a name the kernel does not cache is harmless */
		for (size_t i = 0; i < count; i++)
			fuse_lowlevel_notify_inval_entry(se, ROOT_INO, names[i], strlen(names[i]));
		fuse_lowlevel_notify_inval_inode(se, ROOT_INO, 0, 0);
	}
	atomic_fetch_sub(&ctx->notifying, 1);
	if (ctx->fallback) {
		struct fs_snapshot *snap = fs_published_get(&ctx->published);
		fs_fallback_update(ctx->fallback, snap);
		fs_snapshot_unref(snap);
	}
}

void fs_ctx_quiesce(struct fs_ctx *ctx, int max_ms)
{
	atomic_store(&ctx->se, NULL);
	for (int i = 0; i < max_ms * 10 && atomic_load(&ctx->notifying) > 0; i++)
		nanosleep(&(struct timespec){0, 100000}, NULL);
}

const struct fuse_lowlevel_ops fs_ops = {
	.init = op_init,
	.lookup = op_lookup,
	.forget = op_forget,
	.forget_multi = op_forget_multi,
	.getattr = op_getattr,
	.setattr = op_setattr,
	.mknod = op_mknod,
	.mkdir = op_mkdir,
	.unlink = op_unlink,
	.rmdir = op_erofs_entry,
	.symlink = op_symlink,
	.rename = op_rename,
	.link = op_link,
	.open = op_open,
	.read = op_read,
	.write = op_write,
	.release = op_release,
	.opendir = op_opendir,
	.releasedir = op_releasedir,
	.readdir = op_readdir,
	.statfs = op_statfs,
	.setxattr = op_setxattr,
	.getxattr = op_getxattr,
	.listxattr = op_listxattr,
	.removexattr = op_removexattr,
	.create = op_create,
};
