#pragma once
/*
 * wd_entry: recognising the files pyenvfs writes as its static fallback under the mount
 * point ("#!<dir>/pyenvfs-shim <root>\n"), as opposed to pyenv's own shims and anything
 * else. The daemon's fallback writer removes only files of ours; pyenvfs-ctl tells the
 * user what lies in the directory.
 */
#include <stdbool.h>
#include <stddef.h>

/* Whether data (a file's first len bytes) is an entry some pyenvfs wrote: exactly one line
 * "#!<dir>/pyenvfs-shim <root>\n". */
bool wd_entry_is_ours(const char *data, size_t len);

/* Reads the start of the regular file name in the directory dirfd (symlinks are not
 * followed) into buf; returns the length read, or -1. */
long wd_entry_read(int dirfd, const char *name, char *buf, size_t size);

/* Whether the file name in the directory dirfd is a regular file of ours (symlinks are not
 * followed). */
bool wd_entry_file_is_ours(int dirfd, const char *name);

/* What a directory holds: files of ours, pyenv's rehash lock .pyenv-shim, and the other
 * names ("." and ".." not counted). */
struct wd_entry_counts {
	long ours, others;
	bool lock;
};

/* Counts what the directory path holds. Returns 0 or a negative errno. */
int wd_entry_count(const char *path, struct wd_entry_counts *out);
