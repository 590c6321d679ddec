/* mount_probe: where pyenvfs is (or should be) mounted and in what state the mount is.
 * Reads the environment, /proc/self/mountinfo, stat(2) and the daemon's status xattr;
 * changes nothing. */
#pragma once

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

/* The root and the mountpoint one pyenvfs-ctl command acts on. */
struct mnt_paths {
	char root[PATH_MAX];       /* $PYENV_ROOT, else ~/.pyenv; absolute */
	char mountpoint[PATH_MAX]; /* the argument, else <root>/shims; canonical parent */
};

/* Fills `out` from the optional MOUNTPOINT argument (NULL for the default) and the
 * environment. The mountpoint's parent is made canonical with realpath(3) when it exists
 * (the mountpoint itself is not resolved: a stale mount cannot be stat'ed). Returns 0, or
 * a negative errno with a message in err. */
int mnt_paths_resolve(const char *mountpoint_arg, struct mnt_paths *out, char *err, size_t errlen);

enum mnt_state {
	MNT_NOT_MOUNTED, /* nothing mounted on the mountpoint */
	MNT_LIVE,        /* pyenvfs mounted, its daemon answers */
	MNT_STALE,       /* a FUSE mount whose daemon is gone: ENOTCONN or ECONNABORTED */
	MNT_FOREIGN,     /* something else is mounted there, or the daemon does not answer */
};

/* What the daemon says about itself (getxattr "user.pyenvfs.status"). */
struct mnt_info {
	long pid;
	long commands;
	long versions;
	char root[PATH_MAX];
	char shim[PATH_MAX];
};

struct mnt_status {
	enum mnt_state state;
	char fstype[64];      /* from mountinfo when mounted, e.g. "fuse.pyenvfs" */
	int error;            /* the errno behind STALE or FOREIGN, else 0 */
	struct mnt_info info; /* valid when LIVE */
};

/* How long the daemon may take to answer a probe before it counts as hung. */
#define MNT_PROBE_TIMEOUT_MS 5000

/* Probes `mountpoint` (an absolute path as from mnt_paths_resolve). Never fails: anything
 * unexpected is MNT_FOREIGN with `error` set — ETIMEDOUT for a daemon that does not answer
 * (the questions are asked in a child process that is killed after MNT_PROBE_TIMEOUT_MS). */
void mnt_probe(const char *mountpoint, struct mnt_status *st);

/* Parses the daemon's status text ("key=value" lines). Unknown keys are ignored. Returns
 * true when pid, root, commands and versions were all present. */
bool mnt_info_parse(const char *text, struct mnt_info *info);

/* Whether `mountpoint` appears as a mount point in the mountinfo text `mountinfo` (the
 * content of /proc/self/mountinfo). When it does and fstype is not NULL, the topmost
 * mount's type is copied there. */
bool mnt_mountinfo_find(const char *mountinfo, const char *mountpoint, char *fstype,
			size_t fstype_len);

/* Reads a whole small file (a /proc file) into a new NUL-terminated buffer; NULL with errno
 * on failure. The caller frees it. */
char *mnt_read_file(const char *path);

/* Counts the names in `dir` other than "." and ".."; -1 with errno if it cannot be read. */
long mnt_count_entries(const char *dir);

/* Why a MNT_FOREIGN mount is not a live pyenvfs, in words ("fuse.sshfs: Operation not
 * supported", "the daemon does not answer within 5 s"); written to buf, which is returned. */
const char *mnt_foreign_reason(const struct mnt_status *st, char *buf, size_t len);

/* A short word for the state: "mounted", "not mounted", "stale", "foreign". */
const char *mnt_state_name(enum mnt_state state);
