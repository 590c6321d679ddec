#include "installer/extract.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "installer/archpath.h"

#define READ_CHUNK (256 * 1024)

struct extractor {
	int root;
	char cached_dir[PATH_MAX]; /* relative path of cached_fd; "" for none */
	int cached_fd;
	pyi_extract_read_fn *read_fn;
	void *read_ctx;
	pyi_cancelled_fn *cancelled;
	void *cancel_ctx;
	unsigned char *buf;
	bool read_failed;
	struct pyi_extract_stats *stats;
	struct pyi_err *err;
};

enum pyi_sniff pyi_archive_sniff(const void *buf, size_t n)
{
	const unsigned char *p = buf;
	size_t i = 0;
	if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return PYI_SNIFF_ARCHIVE;
	if (n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd)
		return PYI_SNIFF_ARCHIVE;
	if (n >= 3 && p[0] == 'B' && p[1] == 'Z' && p[2] == 'h')
		return PYI_SNIFF_ARCHIVE;
	if (n >= 6 && memcmp(p,
			     "\xfd"
			     "7zXZ\0",
			     6) == 0)
		return PYI_SNIFF_ARCHIVE;
	if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		i = 3; /* UTF-8 byte order mark */
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;
	if (i < n && p[i] == '<')
		return PYI_SNIFF_HTML;
	if (n < 6)
		return PYI_SNIFF_SHORT;
	return PYI_SNIFF_OTHER;
}

static ssize_t read_cb(struct archive *a, void *ctx, const void **out)
{
	struct extractor *ex = ctx;
	if (ex->cancelled && ex->cancelled(ex->cancel_ctx)) {
		archive_set_error(a, ECANCELED, "cancelled");
		return -1;
	}
	ssize_t n = ex->read_fn(ex->read_ctx, ex->buf, READ_CHUNK);
	if (n < 0) {
		ex->read_failed = true;
		archive_set_error(a, EIO, "the download failed");
		return -1;
	}
	*out = ex->buf;
	return n;
}

/* Opens the directory rel (relative to root, "" for root itself) without
 * following symbolic links, creating missing components when create is set.
 * Returns an fd the caller closes, or -1 with err set. */
static int walk(struct extractor *ex, const char *rel, bool create, const char *entry)
{
	int fd = fcntl(ex->root, F_DUPFD_CLOEXEC, 0);
	if (fd < 0) {
		pyi_err_set(ex->err, PYI_E_IO, "cannot open the extraction directory: %s",
			    strerror(errno));
		return -1;
	}
	char comp[NAME_MAX + 1];
	const char *p = rel;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (n > NAME_MAX) {
			pyi_err_set(ex->err, PYI_E_ARCHIVE,
				    "unsafe archive: entry `%s': name too long", entry);
			goto fail;
		}
		memcpy(comp, p, n);
		comp[n] = '\0';
		p += n;
		if (*p == '/')
			p++;
		int next = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0 && errno == ENOENT && create) {
			if (mkdirat(fd, comp, 0755) != 0 && errno != EEXIST) {
				pyi_err_set(ex->err, PYI_E_IO, "cannot create %s: %s", rel,
					    strerror(errno));
				goto fail;
			}
			next = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		}
		if (next < 0) {
			if (errno == ELOOP || errno == ENOTDIR)
				pyi_err_set(
					ex->err, PYI_E_ARCHIVE,
					"unsafe archive: entry `%s' goes through a symbolic link "
					"or a file",
					entry);
			else
				pyi_err_set(ex->err, PYI_E_IO, "cannot open %s: %s", rel,
					    strerror(errno));
			goto fail;
		}
		close(fd);
		fd = next;
	}
	return fd;
fail:
	close(fd);
	return -1;
}

/* The parent directory of rel, created as needed, cached across entries
 * (archives list a directory's files together). Sets *leaf. The fd belongs
 * to the cache. */
static int parent_of(struct extractor *ex, const char *rel, const char **leaf, const char *entry)
{
	const char *slash = strrchr(rel, '/');
	char dir[PATH_MAX];
	size_t n = slash ? (size_t)(slash - rel) : 0;
	memcpy(dir, rel, n);
	dir[n] = '\0';
	*leaf = slash ? slash + 1 : rel;
	if (ex->cached_fd >= 0 && strcmp(dir, ex->cached_dir) == 0)
		return ex->cached_fd;
	int fd = walk(ex, dir, true, entry);
	if (fd < 0)
		return -1;
	if (ex->cached_fd >= 0)
		close(ex->cached_fd);
	ex->cached_fd = fd;
	memcpy(ex->cached_dir, dir, n + 1);
	return fd;
}

static void forget_cache(struct extractor *ex)
{
	if (ex->cached_fd >= 0)
		close(ex->cached_fd);
	ex->cached_fd = -1;
	ex->cached_dir[0] = '\0';
}

static mode_t safe_perm(mode_t perm)
{
	return (perm & 0755) | 0600;
}

static bool write_all(int fd, const void *buf, size_t n, int64_t off)
{
	const char *p = buf;
	while (n > 0) {
		ssize_t w = pwrite(fd, p, n, off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		p += w;
		n -= (size_t)w;
		off += w;
	}
	return true;
}

static bool make_dir(struct extractor *ex, const char *rel, struct archive_entry *e,
		     const char *entry)
{
	const char *leaf;
	int pfd = parent_of(ex, rel, &leaf, entry);
	if (pfd < 0)
		return false;
	mode_t perm = (archive_entry_perm(e) & 0755) | 0700;
	if (mkdirat(pfd, leaf, perm) == 0)
		return true;
	struct stat st;
	if (errno == EEXIST && fstatat(pfd, leaf, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (S_ISDIR(st.st_mode))
			return true;
		return pyi_err_set(ex->err, PYI_E_ARCHIVE,
				   "unsafe archive: directory entry `%s' replaces a file or link",
				   entry);
	}
	return pyi_err_set(ex->err, PYI_E_IO, "cannot create %s: %s", rel, strerror(errno));
}

/* Removes an earlier entry of the same name (archives may repeat names);
 * never a directory. */
static bool replace_existing(struct extractor *ex, int pfd, const char *leaf, const char *entry)
{
	if (unlinkat(pfd, leaf, 0) == 0)
		return true;
	if (errno == EISDIR || errno == EPERM)
		return pyi_err_set(ex->err, PYI_E_ARCHIVE,
				   "unsafe archive: entry `%s' replaces a directory", entry);
	return pyi_err_set(ex->err, PYI_E_IO, "cannot replace %s: %s", entry, strerror(errno));
}

static bool make_file(struct extractor *ex, struct archive *a, const char *rel,
		      struct archive_entry *e, const char *entry)
{
	const char *leaf;
	int pfd = parent_of(ex, rel, &leaf, entry);
	if (pfd < 0)
		return false;
	int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
	int fd = openat(pfd, leaf, flags, 0600);
	if (fd < 0 && errno == EEXIST) {
		if (!replace_existing(ex, pfd, leaf, entry))
			return false;
		fd = openat(pfd, leaf, flags, 0600);
	}
	if (fd < 0)
		return pyi_err_set(ex->err, PYI_E_IO, "cannot create %s: %s", rel, strerror(errno));
	bool ok = false;
	int64_t end = 0;
	for (;;) {
		const void *buf;
		size_t size;
		la_int64_t off;
		int r = archive_read_data_block(a, &buf, &size, &off);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			pyi_err_set(ex->err, PYI_E_ARCHIVE, "bad archive at `%s': %s", entry,
				    archive_error_string(a));
			goto out;
		}
		if (!write_all(fd, buf, size, off)) {
			pyi_err_set(ex->err, PYI_E_IO, "cannot write %s: %s", rel, strerror(errno));
			goto out;
		}
		ex->stats->bytes += size;
		if (off + (int64_t)size > end)
			end = off + (int64_t)size;
	}
	if (archive_entry_size_is_set(e) && archive_entry_size(e) > end &&
	    ftruncate(fd, archive_entry_size(e)) != 0) {
		pyi_err_set(ex->err, PYI_E_IO, "cannot write %s: %s", rel, strerror(errno));
		goto out;
	}
	if (fchmod(fd, safe_perm(archive_entry_perm(e))) != 0) {
		pyi_err_set(ex->err, PYI_E_IO, "cannot chmod %s: %s", rel, strerror(errno));
		goto out;
	}
	if (archive_entry_mtime_is_set(e)) {
		struct timespec ts[2];
		ts[0].tv_sec = ts[1].tv_sec = archive_entry_mtime(e);
		ts[0].tv_nsec = ts[1].tv_nsec = archive_entry_mtime_nsec(e);
		futimens(fd, ts);
	}
	ok = true;
out:
	if (close(fd) != 0 && ok) {
		ok = pyi_err_set(ex->err, PYI_E_IO, "cannot write %s: %s", rel, strerror(errno));
	}
	return ok;
}

static bool make_symlink(struct extractor *ex, const char *rel, const char *target,
			 const char *entry)
{
	if (!target || !pyi_archpath_symlink_ok(rel, target))
		return pyi_err_set(ex->err, PYI_E_ARCHIVE,
				   "unsafe archive: symbolic link `%s' -> `%s' leaves the tree",
				   entry, target ? target : "");
	const char *leaf;
	int pfd = parent_of(ex, rel, &leaf, entry);
	if (pfd < 0)
		return false;
	if (symlinkat(target, pfd, leaf) != 0 && errno == EEXIST) {
		if (!replace_existing(ex, pfd, leaf, entry))
			return false;
		if (symlinkat(target, pfd, leaf) == 0)
			return true;
	} else {
		return true;
	}
	return pyi_err_set(ex->err, PYI_E_IO, "cannot create %s: %s", rel, strerror(errno));
}

static bool make_hardlink(struct extractor *ex, const char *rel, const char *linkname,
			  enum pyi_flavor flavor, const char *entry)
{
	char target[PATH_MAX];
	const char *prefix = flavor == PYI_FLAVOR_FULL ? "python/install" : "python";
	enum pyi_archpath_verdict v = pyi_archpath_map(linkname, prefix, 0, target, sizeof(target));
	if (v != PYI_ARCHPATH_OK)
		return pyi_err_set(ex->err, PYI_E_ARCHIVE,
				   "unsafe archive: hard link `%s' -> `%s' leaves the tree", entry,
				   linkname);
	char tdir[PATH_MAX];
	const char *slash = strrchr(target, '/');
	size_t n = slash ? (size_t)(slash - target) : 0;
	memcpy(tdir, target, n);
	tdir[n] = '\0';
	const char *tleaf = slash ? slash + 1 : target;
	int tfd = walk(ex, tdir, false, entry);
	if (tfd < 0)
		return false;
	const char *leaf;
	bool ok = true;
	int pfd = parent_of(ex, rel, &leaf, entry);
	if (pfd < 0) {
		ok = false;
	} else if (linkat(tfd, tleaf, pfd, leaf, 0) != 0) {
		if (errno == EEXIST && replace_existing(ex, pfd, leaf, entry) &&
		    linkat(tfd, tleaf, pfd, leaf, 0) == 0)
			ok = true;
		else
			ok = pyi_err_set(ex->err, PYI_E_ARCHIVE,
					 "bad archive: hard link `%s' -> `%s': %s", entry, linkname,
					 strerror(errno));
	}
	close(tfd);
	return ok;
}

static bool extract_entry(struct extractor *ex, struct archive *a, struct archive_entry *e,
			  enum pyi_flavor flavor)
{
	const char *entry = archive_entry_pathname(e);
	const char *prefix = flavor == PYI_FLAVOR_FULL ? "python/install" : "python";
	char rel[PATH_MAX];
	enum pyi_archpath_verdict v =
		pyi_archpath_map(entry, prefix, flavor == PYI_FLAVOR_FULL, rel, sizeof(rel));
	if (v == PYI_ARCHPATH_TOP || v == PYI_ARCHPATH_SKIP)
		return true;
	if (v != PYI_ARCHPATH_OK)
		return pyi_err_set(ex->err, PYI_E_ARCHIVE, "unsafe archive: entry `%s' is %s",
				   entry ? entry : "", pyi_archpath_reason(v));
	ex->stats->entries++;
	const char *hardlink = archive_entry_hardlink(e);
	if (hardlink)
		return make_hardlink(ex, rel, hardlink, flavor, entry);
	switch (archive_entry_filetype(e)) {
	case AE_IFDIR:
		return make_dir(ex, rel, e, entry);
	case AE_IFREG:
		return make_file(ex, a, rel, e, entry);
	case AE_IFLNK:
		return make_symlink(ex, rel, archive_entry_symlink(e), entry);
	default:
		return pyi_err_set(ex->err, PYI_E_ARCHIVE,
				   "unsafe archive: entry `%s' is a device, fifo or socket", entry);
	}
}

/* libarchive's reading of ex's stream: a tar, gzip, zstd, xz or bzip2 compressed.
 * False, with ex->err set unless cancelled, when it cannot be opened. */
static bool open_archive(struct extractor *ex, struct archive *a)
{
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_format_tar(a);
	if (archive_read_open(a, ex, NULL, read_cb, NULL) != ARCHIVE_OK) {
		if (!(ex->cancelled && ex->cancelled(ex->cancel_ctx)))
			pyi_err_set(ex->err, PYI_E_ARCHIVE, "bad archive: %s", archive_error_string(a));
		return false;
	}
	return true;
}

/* Extracts every entry of a. False, with ex->err set unless cancelled, on the first
 * failure. */
static bool extract_entries(struct extractor *ex, struct archive *a, enum pyi_flavor flavor)
{
	for (;;) {
		struct archive_entry *e;
		int r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			return true;
		if (r < ARCHIVE_WARN) {
			if (!(ex->cancelled && ex->cancelled(ex->cancel_ctx)))
				pyi_err_set(ex->err, PYI_E_ARCHIVE, "bad archive: %s",
					    archive_error_string(a));
			return false;
		}
		if (!extract_entry(ex, a, e, flavor))
			return false;
	}
}

bool pyi_extract(int dirfd, enum pyi_flavor flavor, pyi_extract_read_fn *read_fn, void *read_ctx,
		 pyi_cancelled_fn *cancelled, void *cancel_ctx, struct pyi_extract_stats *stats,
		 struct pyi_err *err)
{
	struct pyi_extract_stats dummy;
	struct extractor ex = {
		.root = dirfd,
		.cached_fd = -1,
		.read_fn = read_fn,
		.read_ctx = read_ctx,
		.cancelled = cancelled,
		.cancel_ctx = cancel_ctx,
		.stats = stats ? stats : &dummy,
		.err = err,
	};
	memset(ex.stats, 0, sizeof(*ex.stats));
	bool ok = false;
	struct archive *a = archive_read_new();
	ex.buf = malloc(READ_CHUNK);
	if (!a || !ex.buf) {
		pyi_err_set(err, PYI_E_IO, "out of memory");
		goto out;
	}
	if (!open_archive(&ex, a) || !extract_entries(&ex, a, flavor))
		goto out;
	if (ex.stats->entries == 0) {
		pyi_err_set(err, PYI_E_ARCHIVE, "bad archive: no python/ directory in it");
		goto out;
	}
	ok = true;
out:
	if (!ok && cancelled && cancelled(cancel_ctx))
		pyi_err_set(err, PYI_E_CANCELLED, "cancelled");
	else if (!ok && ex.read_failed && err) {
		err->code = PYI_OK; /* libarchive's words for it hide the cause */
		pyi_err_set(err, PYI_E_ARCHIVE, "bad archive: the download failed");
	}
	forget_cache(&ex);
	archive_read_free(a);
	free(ex.buf);
	return ok;
}
