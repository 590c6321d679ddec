#pragma once
/*
 * fs_fallback: the static fallback. The directory under the mount point (reached through a
 * descriptor opened before mounting) holds a plain copy of the entries, the same one-line
 * "#!<shim> <root>" files with mode 0555, so that when no daemon serves (killed, crashed,
 * ended by the watchdog) the shims still resolve exactly, only not live.
 *
 * A thread of its own does the writing: fs_fallback_update() only swaps a snapshot pointer
 * under a short mutex, so neither request handlers nor the watcher ever wait on the
 * directory. Updates are debounced (written once quiet for debounce_ms); every file is
 * written to a temporary name and renamed, so a crash mid-write leaves no half file.
 * Files of ours (watchdog/entry.h) for names that are no longer listed are removed; anything else in the
 * directory (pyenv's own shims of other names, its .pyenv-shim lock) is left alone.
 */
#include <stdbool.h>
#include <stddef.h>

#include "fs/snapshot.h"

struct fs_fallback;

struct fs_fallback_config {
	int dirfd;           /* the directory under the mount point; the fallback owns it */
	const char *content; /* an entry's content, copied */
	size_t content_len;
	int debounce_ms;
	/* Called from the thread with a message worth logging (syslog priority). */
	void (*report)(void *ctx, int priority, const char *message);
	void *ctx;
};

/* A fallback writer (not started). NULL with *err a negative errno (cfg->dirfd is then
 * closed). */
struct fs_fallback *fs_fallback_create(const struct fs_fallback_config *cfg, int *err);

/* Starts the thread. Returns 0 or a negative errno. */
int fs_fallback_start(struct fs_fallback *fb);

/* Makes the names listed in snap what the directory should hold (they are copied: no
 * reference to snap is kept); returns at once. */
void fs_fallback_update(struct fs_fallback *fb, const struct fs_snapshot *snap);

/* Writes what is pending (waiting at most max_ms for a write in progress), stops the thread,
 * closes the descriptor and frees everything. Accepts NULL. */
void fs_fallback_destroy(struct fs_fallback *fb, int max_ms);

/* Brings the directory dirfd in line with names (count of them, sorted by strcmp) right
 * now, in the calling thread: writes the entries whose file is missing or differs, removes
 * the files of ours (wd_entry_file_is_ours) for other names. Returns 0 or the first
 * negative errno (it goes on past errors). */
int fs_fallback_sync(int dirfd, const char *const *names, size_t count, const char *content,
		     size_t content_len);
