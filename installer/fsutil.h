/* pyi_fs: small file system helpers the installer shares. */
#pragma once

#include <stdbool.h>

#include "installer/pyi_err.h"

/* Removes path and everything under it, never following symbolic links or
 * crossing into other file systems. A missing path is success. False on failure,
 * with err set to PYI_E_IO "deleting PATH failed: REASON" (the first failure;
 * removal goes on past it). */
bool pyi_fs_rmtree(const char *path, struct pyi_err *err);

/* Writes "<dir>/<name>" into buf; false if it does not fit. */
bool pyi_fs_join(char *buf, unsigned long size, const char *dir, const char *name);

/* Where temp dirs and locks for versions_dir go: ".pyenvfs-tmp" next to the
 * real (symlink-resolved) versions directory, so that it is on the same
 * file system and outside versions/. Creates it. Writes its path to buf. */
bool pyi_fs_tmp_base(const char *versions_dir, char *buf, unsigned long size, struct pyi_err *err);

/* Serializes installs and uninstalls of one version: takes an exclusive
 * lock on <tmp_base>/<name>.lock, waiting for it. When the lock is busy,
 * on_wait (may be NULL) is called once before waiting; cancelled (may be
 * NULL) is polled while waiting. Returns the lock's fd (close it to
 * release) or -1 with err set. */
int pyi_fs_lock(const char *tmp_base, const char *name, void (*on_wait)(void *),
		bool (*cancelled)(void *), void *ctx, struct pyi_err *err);
