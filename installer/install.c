#include "installer/install.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <limits.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/path.h"
#include "installer/extract.h"
#include "installer/fixup.h"
#include "installer/fsutil.h"
#include "installer/inflate.h"
#include "installer/stream.h"

#define STREAM_CAPACITY (4u << 20)
#define FILE_CHUNK      (256u << 10)

struct job {
	const struct pyi_install_opts *o;
	const struct pyi_build *b;
	struct pyi_result *r;
	size_t index;
	char versions[PATH_MAX];
	char tmp_base[PATH_MAX];
	char tmpdir[PATH_MAX];
	char cache_file[PATH_MAX]; /* "" without a cache */
	char cache_part[PATH_MAX];

	/* one attempt */
	int part_fd; /* the locked partial download, -1 when not caching */
	EVP_MD_CTX *md;
	struct pyi_stream *stream;
	bool stream_open;
	int64_t pos;           /* bytes streamed and hashed */
	unsigned char head[8]; /* the first bytes, held until sniffed */
	size_t head_len;
	bool sniffed;
	struct pyi_stream *xstream; /* inflater -> extractor */
	struct pyi_err zerr; /* the inflater's */
	bool from_cache;
	struct timespec last_report;
	struct pyi_err xerr; /* the extractor's */
	int dirfd;
};

static bool cancelled(const struct job *j)
{
	return j->o->cancelled && j->o->cancelled(j->o->user);
}

static void report(struct job *j, enum pyi_phase phase, int64_t done, int64_t total)
{
	if (!j->o->progress)
		return;
	struct pyi_progress p = {
		.job = j->index,
		.name = j->b->name,
		.url = j->r->url,
		.phase = phase,
		.done = done,
		.total = total,
		.from_cache = j->from_cache,
	};
	j->o->progress(j->o->user, &p);
}

bool pyi_install_cache_name(const char *url, char *buf, size_t size)
{
	const char *q = strpbrk(url, "?#");
	size_t end = q ? (size_t)(q - url) : strlen(url);
	size_t start = end;
	while (start > 0 && url[start - 1] != '/')
		start--;
	size_t n = 0;
	for (size_t i = start; i < end; i++) {
		unsigned c = (unsigned char)url[i];
		unsigned hi, lo;
		if (c == '%' && i + 2 < end && sscanf(url + i + 1, "%1x%1x", &hi, &lo) == 2) {
			c = hi * 16 + lo;
			i += 2;
		}
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '+' || c == '-';
		if (n + 1 >= size)
			return false;
		buf[n++] = ok ? (char)c : '_';
	}
	if (n == 0 || (n == 1 && buf[0] == '.') || (n == 2 && buf[0] == '.' && buf[1] == '.'))
		return false;
	buf[n] = '\0';
	return true;
}

/* --- the producer side: every byte of the archive passes through here --- */

/* Hands archive bytes to the inflater thread. */
static void push(struct job *j, const unsigned char *p, size_t n)
{
	if (n > 0 && j->stream_open && !pyi_stream_write(j->stream, p, n))
		j->stream_open = false; /* the pipeline stopped; keep hashing */
}

static bool feed(struct job *j, const void *buf, size_t n, struct pyi_err *err)
{
	EVP_DigestUpdate(j->md, buf, n);
	if (j->part_fd >= 0) {
		const char *p = buf;
		size_t left = n;
		off_t off = j->pos;
		while (left > 0) {
			ssize_t w = pwrite(j->part_fd, p, left, off);
			if (w <= 0) {
				/* the cache is a convenience: stop caching, go on */
				close(j->part_fd);
				j->part_fd = -1;
				unlink(j->cache_part);
				break;
			}
			p += w;
			left -= (size_t)w;
			off += w;
		}
	}
	j->pos += (int64_t)n;
	const unsigned char *p = buf;
	if (!j->sniffed) {
		/* hold the first bytes until they tell what this is */
		size_t k = sizeof(j->head) - j->head_len;
		if (k > n)
			k = n;
		memcpy(j->head + j->head_len, p, k);
		j->head_len += k;
		p += k;
		n -= k;
		enum pyi_sniff s = pyi_archive_sniff(j->head, j->head_len);
		if (s == PYI_SNIFF_HTML)
			return pyi_err_set(err, PYI_E_CONTENT,
					   "%s sent an HTML page, not the archive (a login page, "
					   "a proxy or a wrong --mirror?)",
					   j->r->url);
		if (s == PYI_SNIFF_OTHER)
			return pyi_err_set(err, PYI_E_CONTENT,
					   "%s is not a compressed tar archive (it starts with "
					   "bytes %02x %02x %02x %02x)",
					   j->r->url, j->head[0], j->head[1], j->head[2],
					   j->head[3]);
		if (s == PYI_SNIFF_SHORT)
			return true; /* all n bytes are held in head */
		j->sniffed = true;
		push(j, j->head, j->head_len);
	}
	push(j, p, n);
	return true;
}

static bool throttle(struct job *j)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	int64_t ms = (now.tv_sec - j->last_report.tv_sec) * 1000 +
		     (now.tv_nsec - j->last_report.tv_nsec) / 1000000;
	if (ms < 100)
		return false;
	j->last_report = now;
	return true;
}

static bool sink_begin(void *ctx, long status, const char *ctype, int64_t total,
		       struct pyi_err *err)
{
	struct job *j = ctx;
	(void)status;
	if (ctype && strncasecmp(ctype, "text/html", 9) == 0)
		return pyi_err_set(err, PYI_E_CONTENT,
				   "%s sent an HTML page (Content-Type: %s), not the archive (a "
				   "login page, a proxy or a wrong --mirror?)",
				   j->r->url, ctype);
	report(j, PYI_PHASE_DOWNLOAD, j->pos, total);
	return true;
}

static bool sink_data(void *ctx, const void *buf, size_t n, struct pyi_err *err)
{
	return feed(ctx, buf, n, err);
}

static bool sink_progress(void *ctx, int64_t done, int64_t total)
{
	struct job *j = ctx;
	if (cancelled(j))
		return false;
	if (throttle(j))
		report(j, PYI_PHASE_DOWNLOAD, done, total);
	return true;
}

/* Streams a local file (the cache) from offset `from` through feed(). */
static bool feed_file(struct job *j, int fd, int64_t from, int64_t size, struct pyi_err *err)
{
	unsigned char *buf = malloc(FILE_CHUNK);
	if (!buf)
		return pyi_err_set(err, PYI_E_IO, "out of memory");
	bool ok = true;
	int64_t off = from;
	while (ok && off < size) {
		ssize_t n = pread(fd, buf, FILE_CHUNK, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ok = pyi_err_set(err, PYI_E_IO, "cannot read the cached download: %s",
					 n < 0 ? strerror(errno) : "unexpected end");
			break;
		}
		/* feed() would append these bytes to the part file again */
		int part = j->part_fd;
		j->part_fd = -1;
		ok = feed(j, buf, (size_t)n, err);
		j->part_fd = part;
		off += n;
		if (cancelled(j))
			ok = pyi_err_set(err, PYI_E_CANCELLED, "cancelled");
		else if (throttle(j))
			report(j, PYI_PHASE_DOWNLOAD, off, size);
	}
	free(buf);
	return ok;
}

/* --- the extractor thread --- */

static ssize_t stream_read(void *ctx, void *buf, size_t max)
{
	struct job *j = ctx;
	return pyi_stream_read(j->xstream, buf, max);
}

static bool extract_cancelled(void *ctx)
{
	return cancelled(ctx);
}

static void *extractor_main(void *ctx)
{
	struct job *j = ctx;
	pyi_extract(j->dirfd, j->b->flavor, stream_read, j, extract_cancelled, j, NULL, &j->xerr);
	pyi_stream_close_read(j->xstream);
	return NULL;
}

/* --- after a verified download --- */

static void add_link(int bindir, const char *link, const char *const *targets)
{
	struct stat st;
	if (fstatat(bindir, link, &st, AT_SYMLINK_NOFOLLOW) == 0)
		return;
	for (; *targets; targets++)
		if (fstatat(bindir, *targets, &st, 0) == 0 && S_ISREG(st.st_mode)) {
			symlinkat(*targets, bindir, link);
			return;
		}
}

/* bin/python and friends, as pyenv's own builds have them. */
static void add_unversioned_links(struct job *j)
{
	char bin[PATH_MAX];
	if (!pyi_fs_join(bin, sizeof(bin), j->tmpdir, "bin"))
		return;
	int fd = open(bin, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	char mm[32], mmt[32];
	snprintf(mm, sizeof(mm), "python%d.%d", j->b->version.major, j->b->version.minor);
	snprintf(mmt, sizeof(mmt), "python%d.%dt", j->b->version.major, j->b->version.minor);
	add_link(fd, "python", (const char *const[]){"python3", mm, mmt, NULL});
	add_link(fd, "pip", (const char *const[]){"pip3", NULL});
	add_link(fd, "pydoc", (const char *const[]){"pydoc3", NULL});
	add_link(fd, "idle", (const char *const[]){"idle3", NULL});
	add_link(fd, "python-config", (const char *const[]){"python3-config", NULL});
	close(fd);
}

static bool write_record(struct job *j, struct pyi_err *err)
{
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_t *rec = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "name", j->b->name, "key",
				j->b->key, "url", j->r->url, "sha256", j->b->sha256, "build",
				j->b->build, "installed_at", when);
	char path[PATH_MAX];
	bool ok = rec && pyi_fs_join(path, sizeof(path), j->tmpdir, PYI_RECORD_NAME) &&
		  json_dump_file(rec, path, JSON_INDENT(2) | JSON_SORT_KEYS) == 0;
	json_decref(rec);
	if (!ok)
		return pyi_err_set(err, PYI_E_IO, "cannot write %s/%s", j->tmpdir, PYI_RECORD_NAME);
	return true;
}

static bool commit(struct job *j, struct pyi_err *err)
{
	if (chmod(j->tmpdir, 0755) != 0)
		return pyi_err_set(err, PYI_E_IO, "cannot chmod %s: %s", j->tmpdir,
				   strerror(errno));
	add_unversioned_links(j);
	if (!pyi_fixup_run(&(struct pyi_fixup_opts){j->tmpdir, j->r->path, j->b->build, NULL}, err))
		return false;
	if (!write_record(j, err))
		return false;
	struct stat st;
	if (j->o->force && lstat(j->r->path, &st) == 0) {
		if (renameat2(AT_FDCWD, j->tmpdir, AT_FDCWD, j->r->path, RENAME_EXCHANGE) != 0)
			return pyi_err_set(err, PYI_E_IO, "cannot replace %s: %s", j->r->path,
					   strerror(errno));
		/* tmpdir now holds the old version; the caller removes it */
		return true;
	}
	if (rename(j->tmpdir, j->r->path) != 0) {
		if (errno == EEXIST || errno == ENOTEMPTY)
			return pyi_err_set(
				err, PYI_E_IO,
				"%s appeared while installing (another tool?); use -f to "
				"replace it",
				j->r->path);
		return pyi_err_set(err, PYI_E_IO, "cannot move the new version to %s: %s",
				   j->r->path, strerror(errno));
	}
	j->tmpdir[0] = '\0';
	return true;
}

/* Removes <tmp_base>/<name>.tmp-* and .rm-* left by killed runs (we hold
 * the version's lock, so none of them is in use). */
static void remove_stale(struct job *j)
{
	DIR *d = opendir(j->tmp_base);
	if (!d)
		return;
	size_t nlen = strlen(j->b->name);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, j->b->name, nlen) != 0)
			continue;
		const char *rest = e->d_name + nlen;
		if (strncmp(rest, ".tmp-", 5) != 0 && strncmp(rest, ".rm-", 4) != 0)
			continue;
		char path[PATH_MAX];
		if (pyi_fs_join(path, sizeof(path), j->tmp_base, e->d_name))
			pyi_fs_rmtree(path, NULL);
	}
	closedir(d);
}

static void hex(const unsigned char *md, unsigned n, char *out)
{
	for (unsigned i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", md[i]);
	out[2 * n] = '\0';
}

static void drop_cache(struct job *j)
{
	if (j->cache_file[0]) {
		unlink(j->cache_file);
		unlink(j->cache_part);
	}
}

/* Resets j's per-attempt state, then creates the attempt's temp dir (j->tmpdir, open
 * as j->dirfd), digest and streams. False, with err set, on failure; what was made
 * is undone by attempt_finish(). */
static bool attempt_setup(struct job *j, struct pyi_err *err)
{
	j->part_fd = -1;
	j->dirfd = -1;
	j->pos = 0;
	j->head_len = 0;
	j->sniffed = false;
	pyi_err_clear(&j->zerr);
	j->from_cache = false;
	j->stream_open = true;
	pyi_err_clear(&j->xerr);
	char tmpl[PATH_MAX];
	if (snprintf(tmpl, sizeof(tmpl), "%s/%s.tmp-XXXXXX", j->tmp_base, j->b->name) >=
	    (int)sizeof(tmpl))
		return pyi_err_set(err, PYI_E_IO, "path too long: %s", j->tmp_base);
	if (!mkdtemp(tmpl))
		return pyi_err_set(err, PYI_E_IO, "cannot create a temp dir in %s: %s", j->tmp_base,
				   strerror(errno));
	memcpy(j->tmpdir, tmpl, sizeof(tmpl));
	j->dirfd = open(j->tmpdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	j->md = EVP_MD_CTX_new();
	j->stream = pyi_stream_create(STREAM_CAPACITY);
	j->xstream = pyi_stream_create(STREAM_CAPACITY);
	if (j->dirfd < 0 || !j->md || !j->stream || !j->xstream ||
	    !EVP_DigestInit_ex(j->md, EVP_sha256(), NULL))
		return pyi_err_set(err, PYI_E_IO, "cannot start the install: %s", strerror(errno));
	return true;
}

/* With a cache: opens and locks the partial download (j->part_fd; -1 when another
 * process downloads it), empties it unless allow_cache, and feeds the bytes it holds.
 * *offset: where the download resumes. */
static bool feed_part(struct job *j, bool allow_cache, bool *used_cache, int64_t *offset,
		      struct pyi_err *err)
{
	struct stat st;
	j->part_fd = open(j->cache_part, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (j->part_fd >= 0 && flock(j->part_fd, LOCK_EX | LOCK_NB) != 0) {
		close(j->part_fd); /* another process downloads it: go uncached */
		j->part_fd = -1;
	}
	if (j->part_fd >= 0 && !allow_cache && ftruncate(j->part_fd, 0) != 0) {
		close(j->part_fd);
		j->part_fd = -1;
	}
	if (j->part_fd >= 0 && fstat(j->part_fd, &st) == 0 && st.st_size > 0) {
		*used_cache = j->from_cache = true;
		*offset = st.st_size;
		return feed_file(j, j->part_fd, 0, *offset, err);
	}
	return true;
}

/* The producer: feeds the whole archive through feed() from the cached file, else
 * from the partial download and then the network, else from the network. */
static bool produce(struct job *j, bool allow_cache, bool *used_cache, struct pyi_err *err)
{
	bool produced;
	struct stat st;
	int cfd = -1;
	if (allow_cache && j->cache_file[0] &&
	    (cfd = open(j->cache_file, O_RDONLY | O_CLOEXEC)) >= 0 && fstat(cfd, &st) == 0) {
		*used_cache = j->from_cache = true;
		report(j, PYI_PHASE_DOWNLOAD, 0, st.st_size);
		produced = feed_file(j, cfd, 0, st.st_size, err);
		if (produced)
			report(j, PYI_PHASE_DOWNLOAD, st.st_size, st.st_size);
	} else {
		int64_t offset = 0;
		produced = !j->cache_file[0] || feed_part(j, allow_cache, used_cache, &offset, err);
		if (produced) {
			struct pyi_fetch_sink sink = {
				.begin = sink_begin,
				.data = sink_data,
				.progress = sink_progress,
				.ctx = j,
			};
			produced = pyi_fetch(j->r->url, offset, &j->o->fetch, &sink, err);
		}
	}
	if (cfd >= 0)
		close(cfd);
	if (produced && !j->sniffed)
		produced = pyi_err_set(err, PYI_E_CONTENT,
				       "%s is empty or too short to be an archive", j->r->url);
	return produced;
}

/* Once the whole archive went through: its SHA-256 is the index's (else the cache
 * is dropped), it inflated and extracted without error, and no one cancelled. Then
 * the completed partial download becomes the cached file. */
static bool verify(struct job *j, struct pyi_err *err)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	char got[2 * EVP_MAX_MD_SIZE + 1];
	EVP_DigestFinal_ex(j->md, md, &mdlen);
	hex(md, mdlen, got);
	if (strcmp(got, j->b->sha256) != 0) {
		pyi_err_set(err, PYI_E_CHECKSUM, "SHA-256 mismatch for %s: expected %s, got %s",
			    j->r->url, j->b->sha256, got);
		drop_cache(j);
		return false;
	}
	if (j->zerr.code != PYI_OK)
		return pyi_err_set(err, j->zerr.code, "%s", j->zerr.msg);
	if (j->xerr.code != PYI_OK)
		return pyi_err_set(err, j->xerr.code, "%s", j->xerr.msg);
	if (cancelled(j))
		return pyi_err_set(err, PYI_E_CANCELLED, "cancelled");
	if (j->part_fd >= 0 && rename(j->cache_part, j->cache_file) != 0)
		unlink(j->cache_part);
	return true;
}

/* Undoes attempt_setup() and stops the pipeline: the inflater (when not NULL) and the
 * extractor thread (when th is not NULL) are told to stop and joined. */
static void attempt_finish(struct job *j, struct pyi_inflater *inflater, pthread_t *th)
{
	if (inflater || th) {
		pyi_stream_close_write(j->stream, true);
		pyi_stream_close_read(j->stream);
		pyi_stream_close_write(j->xstream, true);
		pyi_stream_close_read(j->xstream);
	}
	if (inflater)
		pyi_inflater_join(inflater, &j->zerr);
	if (th)
		pthread_join(*th, NULL);
	if (j->part_fd >= 0)
		close(j->part_fd);
	j->part_fd = -1;
	if (j->dirfd >= 0)
		close(j->dirfd);
	EVP_MD_CTX_free(j->md);
	j->md = NULL;
	pyi_stream_destroy(j->stream);
	j->stream = NULL;
	pyi_stream_destroy(j->xstream);
	j->xstream = NULL;
	if (j->tmpdir[0])
		pyi_fs_rmtree(j->tmpdir, NULL);
	j->tmpdir[0] = '\0';
}

/* One attempt: stream the archive (cache and/or network) into a fresh temp
 * dir, verify, commit. *used_cache tells whether cached bytes were used. */
static bool attempt(struct job *j, bool allow_cache, bool *used_cache, struct pyi_err *err)
{
	bool ok = false, thread = false;
	pthread_t th;
	struct pyi_inflater *inflater = NULL;
	*used_cache = false;
	if (!attempt_setup(j, err))
		goto out;
	/* three threads: this one downloads and hashes, the inflater
	 * decompresses, the extractor writes files */
	if (pthread_create(&th, NULL, extractor_main, j) != 0) {
		pyi_err_set(err, PYI_E_IO, "cannot start a thread");
		goto out;
	}
	thread = true;
	inflater = pyi_inflater_start(j->stream, j->xstream);
	if (!inflater) {
		pyi_err_set(err, PYI_E_IO, "cannot start a thread");
		goto out;
	}
	bool produced = produce(j, allow_cache, used_cache, err);
	if (produced)
		report(j, PYI_PHASE_EXTRACT, j->pos, j->pos);
	pyi_stream_close_write(j->stream, !produced);
	if (!pyi_inflater_join(inflater, &j->zerr))
		pyi_err_set(&j->zerr, PYI_E_ARCHIVE, "bad archive"); /* when it said nothing */
	inflater = NULL;
	pthread_join(th, NULL);
	thread = false;
	ok = produced && verify(j, err) && commit(j, err);
out:
	attempt_finish(j, inflater, thread ? &th : NULL);
	return ok;
}

static void on_lock_wait(void *ctx)
{
	struct job *j = ctx;
	report(j, PYI_PHASE_WAIT_LOCK, 0, -1);
}

static bool lock_cancelled(void *ctx)
{
	return cancelled(ctx);
}

/* Sets j's URL (after the mirror), version and temp paths (creating versions/ and
 * the temp base) and cache paths (none when the cache cannot be used). */
static bool job_paths(struct job *j, struct pyi_err *err)
{
	const struct pyi_install_opts *o = j->o;
	const struct pyi_build *b = j->b;
	struct pyi_result *r = j->r;
	char *url = pyi_fetch_mirror_url(b->url, o->mirror);
	if (!url || snprintf(r->url, sizeof(r->url), "%s", url) >= (int)sizeof(r->url)) {
		free(url);
		return pyi_err_set(err, PYI_E_USAGE, "URL too long: %s", b->url);
	}
	free(url);
	if (!b->sha256)
		return pyi_err_set(err, PYI_E_INDEX, "the index has no SHA-256 for %s", b->name);
	if (!pyi_fs_join(j->versions, sizeof(j->versions), o->root, "versions") ||
	    !pyi_fs_join(r->path, sizeof(r->path), j->versions, b->name))
		return pyi_err_set(err, PYI_E_IO, "path too long: %s", o->root);
	int e = pc_mkdir_p(j->versions, 0755);
	if (e < 0)
		return pyi_err_set(err, PYI_E_IO, "cannot create %s: %s", j->versions, strerror(-e));
	if (!pyi_fs_tmp_base(j->versions, j->tmp_base, sizeof(j->tmp_base), err))
		return false;
	char cname[NAME_MAX - 8];
	if (o->cache_dir && pc_mkdir_p(o->cache_dir, 0755) == 0 &&
	    pyi_install_cache_name(r->url, cname, sizeof(cname))) {
		char part[NAME_MAX];
		snprintf(part, sizeof(part), "%s.part", cname);
		if (!pyi_fs_join(j->cache_file, sizeof(j->cache_file), o->cache_dir, cname) ||
		    !pyi_fs_join(j->cache_part, sizeof(j->cache_part), o->cache_dir, part))
			j->cache_file[0] = '\0';
	}
	return true;
}

bool pyi_install(const struct pyi_install_opts *o, const struct pyi_build *b, size_t job,
		 struct pyi_result *r)
{
	struct job *j = calloc(1, sizeof(*j));
	memset(r, 0, sizeof(*r));
	r->outcome = PYI_FAILED;
	struct pyi_err *err = &r->err;
	int lock = -1;
	if (!j)
		return pyi_err_set(err, PYI_E_IO, "out of memory");
	j->o = o;
	j->b = b;
	j->r = r;
	j->index = job;
	j->part_fd = -1;
	if (!job_paths(j, err))
		goto out;
	lock = pyi_fs_lock(j->tmp_base, b->name, on_lock_wait, lock_cancelled, j, err);
	if (lock < 0)
		goto out;
	struct stat st;
	if (!o->force && lstat(r->path, &st) == 0) {
		r->outcome = PYI_ALREADY_INSTALLED;
		report(j, PYI_PHASE_DONE, 0, 0);
		goto out;
	}
	remove_stale(j);
	bool used_cache;
	if (attempt(j, true, &used_cache, err)) {
		r->outcome = PYI_INSTALLED;
	} else if (used_cache && (err->code == PYI_E_CHECKSUM || err->code == PYI_E_ARCHIVE ||
				  err->code == PYI_E_CONTENT || err->code == PYI_E_HTTP)) {
		/* the cached bytes may be what is wrong: once more from scratch */
		drop_cache(j);
		pyi_err_clear(err);
		if (attempt(j, false, &used_cache, err))
			r->outcome = PYI_INSTALLED;
	}
	if (r->outcome == PYI_INSTALLED)
		report(j, PYI_PHASE_DONE, j->pos, j->pos);
out:
	if (lock >= 0)
		close(lock);
	free(j);
	return r->outcome != PYI_FAILED;
}

struct many_arg {
	const struct pyi_install_opts *o;
	const struct pyi_build *b;
	size_t job;
	struct pyi_result *r;
};

static void *many_main(void *ctx)
{
	struct many_arg *a = ctx;
	pyi_install(a->o, a->b, a->job, a->r);
	return NULL;
}

bool pyi_install_many(const struct pyi_install_opts *o, const struct pyi_build *const *builds,
		      size_t n, struct pyi_result *results)
{
	if (n == 1)
		return pyi_install(o, builds[0], 0, &results[0]);
	struct many_arg *args = calloc(n, sizeof(*args));
	pthread_t *th = calloc(n, sizeof(*th));
	bool *started = calloc(n, sizeof(*started));
	bool ok = true;
	if (!args || !th || !started) {
		for (size_t i = 0; i < n; i++)
			ok &= pyi_install(o, builds[i], i, &results[i]);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		args[i] = (struct many_arg){o, builds[i], i, &results[i]};
		started[i] = pthread_create(&th[i], NULL, many_main, &args[i]) == 0;
		if (!started[i])
			pyi_install(o, builds[i], i, &results[i]);
	}
	for (size_t i = 0; i < n; i++) {
		if (started[i])
			pthread_join(th[i], NULL);
		ok &= results[i].outcome != PYI_FAILED;
	}
out:
	free(args);
	free(th);
	free(started);
	return ok;
}
