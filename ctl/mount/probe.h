/* mount/probe: where pyenvfs is (or should be) mounted and in what state the mount is.
 * Reads the environment, /proc/self/mountinfo, stat(2) and the daemon's status xattr
 * (common/status.h); changes nothing.
 *
 * Error convention of ctl/mount/: probe.c and daemon.c are libraries: they print nothing,
 * return a negative errno on failure and, where the errno cannot say what failed, write
 * the message into a struct pc_msg (common/msg.h). cmd_mount.c and doctor.c are the
 * commands: they print and return exit statuses. */
#pragma once

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "common/msg.h"
#include "common/status.h"

/* The root and the mountpoint one pyenvfs-ctl command acts on. */
struct mnt_paths {
	char root[PATH_MAX];       /* the absolute root: pc_root() (common/root.h) */
	char mountpoint[PATH_MAX]; /* the argument, else <root>/shims; canonical parent */
};

/* Fills `out` from the optional MOUNTPOINT argument (NULL for the default) and the
 * environment (PYENV_ROOT, HOME). The mountpoint's parent is made canonical with
 * realpath(3) when it exists (the mountpoint itself is not resolved: a stale mount cannot
 * be stat'ed). Returns 0, or a negative errno with the message in msg. */
int mnt_paths_resolve(const char *mountpoint_arg, struct mnt_paths *out, struct pc_msg *msg);

enum mnt_state {
	MNT_NOT_MOUNTED, /* nothing mounted on the mountpoint */
	MNT_LIVE,        /* pyenvfs mounted, its daemon answers */
	MNT_STALE,       /* a FUSE mount whose daemon is gone: ENOTCONN or ECONNABORTED */
	MNT_FOREIGN,     /* something else is mounted there, or the daemon does not answer */
};

struct mnt_status {
	enum mnt_state state;
	char fstype[64];      /* from mountinfo when mounted, e.g. "fuse.pyenvfs" */
	int error;            /* the errno behind STALE or FOREIGN, else 0 */
	struct pc_status info; /* what the daemon says about itself; valid when LIVE */
};

/* How long the daemon may take to answer a probe before it counts as hung. */
#define MNT_PROBE_TIMEOUT_MS 5000

/* Probes `mountpoint` (an absolute path as from mnt_paths_resolve). Never fails: anything
 * unexpected is MNT_FOREIGN with `error` set — ETIMEDOUT for a daemon that does not answer
 * (the questions are asked in a child process that is killed after MNT_PROBE_TIMEOUT_MS). */
void mnt_probe(const char *mountpoint, struct mnt_status *st);

/* Whether `mountpoint` appears as a mount point in the mountinfo text `mountinfo` (the
 * content of /proc/self/mountinfo). When it does and fstype is not NULL, the topmost
 * mount's type is copied there. */
bool mnt_mountinfo_find(const char *mountinfo, const char *mountpoint, char *fstype,
			size_t fstype_len);

/* Reads a whole small file (a /proc file) into a new NUL-terminated buffer *out, which the
 * caller frees. Returns 0 or a negative errno (*out is NULL then). */
int mnt_read_file(const char *path, char **out);

/* Counts the names in `dir` other than "." and ".."; a negative errno if it cannot be
 * read. */
long mnt_count_entries(const char *dir);

/* Why a MNT_FOREIGN mount is not a live pyenvfs, in words ("fuse.sshfs: Operation not
 * supported", "the daemon does not answer within 5 s"); written to buf, which is returned. */
const char *mnt_foreign_reason(const struct mnt_status *st, char *buf, size_t len);

/* A short word for the state: "mounted", "not mounted", "stale", "foreign". */
const char *mnt_state_name(enum mnt_state state);
