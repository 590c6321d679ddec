#pragma once
/*
 * fs_ops: the libfuse low-level operations of the shims filesystem. Inode 1 is the
 * directory; inodes 2..FS_SCRATCH_INO_BASE-1 are entries (all alike: read-only
 * regular files, mode 0555, whose content is the shebang line to the shim helper, so
 * any entry inode answers the same whether or not its name is still listed);
 * FS_SCRATCH_INO_BASE and up are fs_scratch files.
 *
 * Kernel caching: hits and misses (ino 0, a negative dentry) are cached for `timeout`
 * seconds, open answers ENOSYS (no open round trips for entries; opendir is answered,
 * see op_opendir), entries are never direct_io; the listing is cached (cache_readdir). Handlers
 * never block: they read the published snapshot (a reference held only while answering) and the
 * scratch table.
 */
#define FUSE_USE_VERSION 314
#include <fuse_lowlevel.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "fs/fallback.h"
#include "fs/scratch.h"
#include "fs/snapshot.h"
#include "fs/watch.h"

struct fs_ctx {
	struct fs_published published;
	struct fs_scratch *scratch;
	struct fs_fallback *fallback; /* or NULL: handed every new snapshot by fs_ctx_changed */
	struct fs_watcher *watcher;   /* or NULL: its polling figures go into the status */
	/* for notifications: set once serving, NULL again when stopping */
	_Atomic(struct fuse_session *) se;
	atomic_int notifying; /* notifications in flight (see fs_ctx_quiesce) */
	const char *root, *shim;
	char *content; /* "#!<shim> <root>\n" */
	size_t content_len;
	uid_t uid;
	gid_t gid;
	struct timespec started;   /* the entries' times */
	atomic_llong dir_mtime_ns; /* the directory's mtime: last change of the listing */
	double timeout;            /* seconds the kernel may cache entries and misses */
};

/* The operations table; userdata is a struct fs_ctx. */
extern const struct fuse_lowlevel_ops fs_ops;

/* Builds the entries' content for shim and root into ctx->content.
 * -ENAMETOOLONG when the line would not fit the kernel's 256-byte shebang buffer,
 * -EINVAL when shim contains blanks, root ends with one or either contains a newline,
 * -ENOMEM. */
int fs_ctx_set_content(struct fs_ctx *ctx, const char *shim, const char *root);

/* Tells the kernel that names appeared or vanished and the listing changed, and hands the
 * new snapshot to the fallback writer (fs_watcher_config.changed). Must not be called from
 * a request handler. */
void fs_ctx_changed(void *ctx, const char *const *names, size_t count);

/* Stops notifications: none starts after this returns, and it waits (at most
 * max_ms) for those in flight, so the session's descriptor can be closed. */
void fs_ctx_quiesce(struct fs_ctx *ctx, int max_ms);

/* Writes the status text (common/status.h: pid, root, shim, commands, versions, and the
 * watcher's polling figures) into buf; returns its length (like snprintf). */
size_t fs_ctx_status(struct fs_ctx *ctx, char *buf, size_t size);
