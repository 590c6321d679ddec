/* pyi_extract: unpacks a python-build-standalone tar archive (gzip, zstd or
 * xz) into an empty directory, safely: entries go through pyi_archpath; only
 * directories, regular files, hard links inside the tree and symbolic links
 * that stay inside it are written (devices, fifos and sockets are refused);
 * no path component is followed through a symbolic link; owners are never
 * restored and permissions lose set-id bits and group/other write. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "installer/pyi_err.h"
#include "installer/index.h"

/* Supplies the archive bytes: copies up to max into buf, returns the count,
 * 0 at the end, -1 on a failure already reported elsewhere. */
typedef ssize_t pyi_extract_read_fn(void *ctx, void *buf, size_t max);

/* Returns true when the caller wants to stop. */
typedef bool pyi_cancelled_fn(void *ctx);

enum pyi_sniff {
	PYI_SNIFF_ARCHIVE, /* gzip, zstd, xz or bzip2 magic */
	PYI_SNIFF_HTML,    /* starts like an HTML/XML page */
	PYI_SNIFF_OTHER,
	PYI_SNIFF_SHORT, /* fewer than 6 bytes: cannot tell yet */
};

/* What the first bytes of a download look like. */
enum pyi_sniff pyi_archive_sniff(const void *buf, size_t n);

struct pyi_extract_stats {
	uint64_t entries;
	uint64_t bytes; /* file contents written */
};

/* Extracts the archive read through read_fn into the directory dirfd (which
 * should be empty), stripping "python/" (install_only flavors) or
 * "python/install/" (full). cancelled may be NULL. Returns false with err
 * set (PYI_E_ARCHIVE for a corrupt or unsafe archive, PYI_E_IO for local
 * write errors, PYI_E_CANCELLED) on failure; what was written stays for the
 * caller to remove. */
bool pyi_extract(int dirfd, enum pyi_flavor flavor, pyi_extract_read_fn *read_fn, void *read_ctx,
		 pyi_cancelled_fn *cancelled, void *cancel_ctx, struct pyi_extract_stats *stats,
		 struct pyi_err *err);
