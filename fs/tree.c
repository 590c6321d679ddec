#include "fs/tree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/shims.h"
#include "fs/names.h"
#include "fs/roots.h"

/* K_EXTRA: a root of PYENVFS_ROOTS: a pyenv root (its one kid K_VERSIONS) or a uv python
 * directory (its kids the uv entries, as K_VERSION), decided at each read (fs/roots.c). */
enum kind { K_ROOT, K_VERSIONS, K_VERSION, K_ENVS, K_ENV, K_BIN, K_EXTRA };

struct bin_ent {
	struct fs_name *rec;
	ino_t ino; /* readdir's d_ino */
	bool exec;
};

/* A poll's re-read of a bin directory: none when the directory's mtime and ctime are those
 * of the last read and every entry was executable then (names come and go only with the
 * directory's times, unless they were within RACY_SECONDS of that read); else it stats only the names that are new, not executable or under
 * another inode than at the last read. Every POLL_FULL_EVERY-th poll of a root reads and
 * stats them all (so a chmod -x of an existing executable is seen within that many
 * polls). */
#define POLL_FULL_EVERY 10
#define RACY_SECONDS 2

struct node {
	enum kind kind;
	struct node *parent;
	char *path;
	const char *name; /* the last component of path */
	bool exists;      /* a directory is there (as last read) */
	bool dirty;       /* an event says its contents changed */
	bool watch_failed;
	dev_t dev;
	ino_t ino;
	int wd;
	struct node **kids;
	size_t nkids, capkids;
	struct bin_ent *ents; /* K_BIN: sorted by name */
	size_t nents;
	struct timespec mtim, ctim; /* K_BIN: the directory's when ents were read */
	bool racy; /* K_BIN: those times were too recent to tell a later change apart */
};

struct wdpair {
	int wd;
	struct node *node;
};

/* A root the tree reads: PYENV_ROOT (tops[0], a K_ROOT node) or an extra root (K_EXTRA). */
struct top {
	struct node *node;
	bool forced;  /* polled whatever its file system (fs_tree_add_root) */
	bool network; /* on a file system whose other machines' changes inotify misses */
	bool redo;    /* a poll: re-read it whole at the next sync */
	bool probed;  /* network was decided for the directory (dev) there */
	dev_t dev;
	unsigned long long dirs, polls;
	long long last_ns, max_ns, total_ns;
};

struct fs_tree {
	int fd;
	struct top *tops; /* PYENV_ROOT, then the extra roots in order */
	size_t ntops;
	size_t cur;    /* the top being synced: its directories are counted */
	bool trusting; /* a poll's re-read: see POLL_FULL_EVERY */
	struct fs_names *names;
	bool all_dirty;
	bool oom;
	size_t watch_failures;
	struct wdpair *wds; /* sorted by wd; a wd may be shared (symlinked versions) */
	size_t nwds, capwds;
	/* changes of the current sync */
	const struct fs_name **changed;
	size_t nchanged, capchanged;
	const char **changed_names;
	bool index_changed;
	size_t live; /* names with any_count > 0 */
};

/* Event mask per kind. Structural directories only care about children appearing,
 * vanishing or being renamed; bin directories also about mode changes. */
#define STRUCT_MASK                                                                                \
	(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF |     \
	 IN_ONLYDIR | IN_MASK_ADD)
#define BIN_MASK (STRUCT_MASK | IN_ATTRIB)

static void *grow(void *arr, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return arr;
	size_t ncap = *cap ? *cap * 2 : 8;
	while (ncap < need)
		ncap *= 2;
	void *p = realloc(arr, ncap * elem);
	if (p)
		*cap = ncap;
	return p;
}

static struct node *node_new(struct node *parent, enum kind kind, const char *path,
			     const char *leaf)
{
	struct node *n = calloc(1, sizeof(*n));
	if (!n)
		return NULL;
	if (leaf) {
		size_t a = strlen(path), b = strlen(leaf);
		n->path = malloc(a + b + 2);
		if (n->path) {
			memcpy(n->path, path, a);
			n->path[a] = '/';
			memcpy(n->path + a + 1, leaf, b + 1);
		}
	} else {
		n->path = strdup(path);
	}
	if (!n->path) {
		free(n);
		return NULL;
	}
	const char *slash = strrchr(n->path, '/');
	n->name = slash ? slash + 1 : n->path;
	n->kind = kind;
	n->parent = parent;
	n->wd = -1;
	return n;
}

/* --- the wd table ------------------------------------------------------------------- */

static size_t wd_lower(const struct fs_tree *t, int wd)
{
	size_t lo = 0, hi = t->nwds;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->wds[mid].wd < wd)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int wd_insert(struct fs_tree *t, int wd, struct node *n)
{
	struct wdpair *p = grow(t->wds, &t->capwds, t->nwds + 1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	t->wds = p;
	size_t i = wd_lower(t, wd);
	memmove(&t->wds[i + 1], &t->wds[i], (t->nwds - i) * sizeof(*p));
	t->wds[i] = (struct wdpair){wd, n};
	t->nwds++;
	return 0;
}

/* Removes the (wd, n) pair; returns whether another node still uses wd. */
static bool wd_remove(struct fs_tree *t, int wd, const struct node *n)
{
	size_t i = wd_lower(t, wd);
	bool shared = false;
	for (size_t j = i; j < t->nwds && t->wds[j].wd == wd; j++) {
		if (t->wds[j].node == n) {
			memmove(&t->wds[j], &t->wds[j + 1], (t->nwds - j - 1) * sizeof(*t->wds));
			t->nwds--;
			j--;
		} else {
			shared = true;
		}
	}
	return shared;
}

static void unwatch(struct fs_tree *t, struct node *n, bool kernel_removed)
{
	if (n->watch_failed) {
		n->watch_failed = false;
		t->watch_failures--;
	}
	if (n->wd < 0)
		return;
	if (!wd_remove(t, n->wd, n) && !kernel_removed)
		inotify_rm_watch(t->fd, n->wd);
	n->wd = -1;
}

static void watch(struct fs_tree *t, struct node *n)
{
	if (t->fd < 0 || n->wd >= 0)
		return;
	int wd = inotify_add_watch(t->fd, n->path, n->kind == K_BIN ? BIN_MASK : STRUCT_MASK);
	if (wd >= 0 && wd_insert(t, wd, n) == 0) {
		n->wd = wd;
		if (n->watch_failed) {
			n->watch_failed = false;
			t->watch_failures--;
		}
		return;
	}
	if (wd < 0 && errno == ENOENT)
		return; /* vanished meanwhile: the parent's event follows */
	if (!n->watch_failed) {
		n->watch_failed = true;
		t->watch_failures++;
	}
}

/* --- counting ------------------------------------------------------------------------ */

static void note_changed(struct fs_tree *t, const struct fs_name *rec)
{
	const struct fs_name **p = grow(t->changed, &t->capchanged, t->nchanged + 1, sizeof(*p));
	if (!p) {
		t->oom = true;
		return;
	}
	t->changed = p;
	t->changed[t->nchanged++] = rec;
}

static void count_in(struct fs_tree *t, const struct bin_ent *e)
{
	if (e->rec->any_count++ == 0)
		t->live++;
	if (e->exec && e->rec->exec_count++ == 0)
		note_changed(t, e->rec);
	t->index_changed = true;
}

static void count_out(struct fs_tree *t, const struct bin_ent *e)
{
	if (--e->rec->any_count == 0)
		t->live--;
	if (e->exec && --e->rec->exec_count == 0)
		note_changed(t, e->rec);
	t->index_changed = true;
}

static int cmp_ent(const void *a, const void *b)
{
	return strcmp(((const struct bin_ent *)a)->rec->name,
		      ((const struct bin_ent *)b)->rec->name);
}

/* Replaces n's entries by ents (sorted), updating counts by the difference. */
static void set_ents(struct fs_tree *t, struct node *n, struct bin_ent *ents, size_t count)
{
	size_t i = 0, j = 0;
	while (i < n->nents || j < count) {
		int c = i == n->nents ? 1 : j == count ? -1 : cmp_ent(&n->ents[i], &ents[j]);
		if (c < 0) {
			count_out(t, &n->ents[i++]);
		} else if (c > 0) {
			count_in(t, &ents[j++]);
		} else {
			if (n->ents[i].exec != ents[j].exec) {
				count_out(t, &n->ents[i]);
				count_in(t, &ents[j]);
			}
			i++;
			j++;
		}
	}
	free(n->ents);
	n->ents = ents;
	n->nents = count;
}

/* n's entry named name as last read, or NULL. */
static const struct bin_ent *find_ent(const struct node *n, const char *name)
{
	size_t lo = 0, hi = n->nents;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(n->ents[mid].rec->name, name);
		if (c == 0)
			return &n->ents[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Whether the entry de of n (open as dfd) is a shim (common/shims.h); see POLL_FULL_EVERY. */
static bool is_shim(const struct fs_tree *t, const struct node *n, int dfd,
		    const struct dirent *de)
{
	const struct bin_ent *old = t->trusting ? find_ent(n, de->d_name) : NULL;
	if (old && old->exec && old->ino == de->d_ino)
		return true;
	return pc_shim_entry_is_shim(dfd, de);
}

static bool same_time(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec == b->tv_sec && a->tv_nsec == b->tv_nsec;
}

/* Whether a poll may keep n's entries as read (see POLL_FULL_EVERY): n's directory st has
 * the times of that read and all its entries were executable. */
static bool bin_unchanged(const struct fs_tree *t, const struct node *n, const struct stat *st)
{
	if (!t->trusting || n->racy || !same_time(&n->mtim, &st->st_mtim) ||
	    !same_time(&n->ctim, &st->st_ctim))
		return false;
	for (size_t i = 0; i < n->nents; i++)
		if (!n->ents[i].exec)
			return false;
	return true;
}

static void read_bin(struct fs_tree *t, struct node *n, const struct stat *st)
{
	/* a change in the same tick of the file system's clock as the one read keeps the
	 * times (racy git's problem): times of the last RACY_SECONDS are not trusted */
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	n->mtim = st->st_mtim;
	n->ctim = st->st_ctim;
	n->racy = now.tv_sec - RACY_SECONDS <= st->st_mtim.tv_sec ||
		  now.tv_sec - RACY_SECONDS <= st->st_ctim.tv_sec;
	struct bin_ent *ents = NULL;
	size_t count = 0, cap = 0;
	DIR *d = opendir(n->path);
	t->tops[t->cur].dirs++;
	if (d) {
		struct dirent *de;
		while ((de = readdir(d))) {
			const char *nm = de->d_name;
			if (nm[0] == '.' && (nm[1] == 0 || (nm[1] == '.' && nm[2] == 0)))
				continue;
			bool exec = is_shim(t, n, dirfd(d), de);
			struct bin_ent *p = grow(ents, &cap, count + 1, sizeof(*p));
			struct fs_name *rec = fs_names_intern(t->names, nm);
			if (!p || !rec) {
				ents = p ? p : ents;
				t->oom = true;
				break;
			}
			ents = p;
			ents[count++] = (struct bin_ent){rec, de->d_ino, exec};
		}
		closedir(d);
	}
	if (count > 1)
		qsort(ents, count, sizeof(*ents), cmp_ent);
	set_ents(t, n, ents, count);
}

/* --- structure ------------------------------------------------------------------------ */

static void clear(struct fs_tree *t, struct node *n);

static void node_destroy(struct fs_tree *t, struct node *n)
{
	if (!n)
		return;
	clear(t, n);
	free(n->kids);
	free(n->path);
	free(n);
}

/* Forgets everything read from n's directory: children, entries and the watch. */
static void clear(struct fs_tree *t, struct node *n)
{
	for (size_t i = 0; i < n->nkids; i++)
		node_destroy(t, n->kids[i]);
	n->nkids = 0;
	set_ents(t, n, NULL, 0);
	unwatch(t, n, false);
	n->exists = false;
	n->dirty = false;
}

static struct node *add_kid(struct fs_tree *t, struct node *n, enum kind kind, const char *leaf)
{
	struct node **p = grow(n->kids, &n->capkids, n->nkids + 1, sizeof(*p));
	if (!p) {
		t->oom = true;
		return NULL;
	}
	n->kids = p;
	struct node *kid = node_new(n, kind, n->path, leaf);
	if (!kid) {
		t->oom = true;
		return NULL;
	}
	n->kids[n->nkids++] = kid;
	return kid;
}

static struct node *find_kid(const struct node *n, const char *name)
{
	for (size_t i = 0; i < n->nkids; i++)
		if (strcmp(n->kids[i]->name, name) == 0)
			return n->kids[i];
	return NULL;
}

static void sync_node(struct fs_tree *t, struct node *n, bool deep);

static void visit(struct fs_tree *t, struct node *n)
{
	if (n->dirty) {
		sync_node(t, n, false);
		return;
	}
	for (size_t i = 0; i < n->nkids; i++)
		visit(t, n->kids[i]);
}

/* A fixed child (versions, bin, envs): synced whether or not it exists, kept as a node. */
static void sync_fixed(struct fs_tree *t, struct node *n, enum kind kind, const char *leaf,
		       bool deep)
{
	struct node *kid = find_kid(n, leaf);
	if (!kid)
		kid = add_kid(t, n, kind, leaf);
	if (kid)
		sync_node(t, kid, deep);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Children that are versions (envs) that count (common/shims.h). */
static void sync_dynamic(struct fs_tree *t, struct node *n, enum kind kind, bool deep)
{
	char **list = NULL;
	size_t count = 0, cap = 0;
	DIR *d = opendir(n->path);
	t->tops[t->cur].dirs++;
	if (d) {
		struct dirent *de;
		while ((de = readdir(d))) {
			if (!pc_shim_dir_entry_counts(dirfd(d), de) ||
			    (n->kind == K_EXTRA && !fs_roots_is_uv_entry(de->d_name)))
				continue;
			char **p = grow(list, &cap, count + 1, sizeof(*p));
			char *s = strdup(de->d_name);
			if (!p || !s) {
				list = p ? p : list;
				free(s);
				t->oom = true;
				break;
			}
			list = p;
			list[count++] = s;
		}
		closedir(d);
	}
	if (count > 1)
		qsort(list, count, sizeof(*list), cmp_str);
	/* drop children that are gone */
	size_t keep = 0;
	for (size_t i = 0; i < n->nkids; i++) {
		struct node *kid = n->kids[i];
		if (count && bsearch(&kid->name, list, count, sizeof(*list), cmp_str))
			n->kids[keep++] = kid;
		else
			node_destroy(t, kid);
	}
	n->nkids = keep;
	for (size_t i = 0; i < count; i++) {
		struct node *kid = find_kid(n, list[i]);
		if (!kid)
			kid = add_kid(t, n, kind, list[i]);
		if (kid)
			sync_node(t, kid, deep);
		free(list[i]);
	}
	free(list);
}

static void sync_node(struct fs_tree *t, struct node *n, bool deep)
{
	struct stat st;
	if (stat(n->path, &st) < 0 || !S_ISDIR(st.st_mode)) {
		if (n->exists || n->nkids || n->nents || n->wd >= 0)
			clear(t, n);
		/* a dynamic child that vanished is dropped by its parent's sync */
		return;
	}
	bool fresh = !n->exists || st.st_dev != n->dev || st.st_ino != n->ino;
	if (fresh) {
		clear(t, n);
		n->exists = true;
		n->dev = st.st_dev;
		n->ino = st.st_ino;
		if (n->kind == K_VERSION)
			t->index_changed = true;
	}
	/* A directory watched again after its watch was lost (deleted and created again
	 * under the same inode number, or the watch limit) may have changed unseen. */
	bool had_watch = n->wd >= 0;
	watch(t, n);
	if (!had_watch && n->wd >= 0)
		n->dirty = true;
	if (!fresh && !deep && !n->dirty) {
		for (size_t i = 0; i < n->nkids; i++)
			visit(t, n->kids[i]);
		return;
	}
	bool keep = !fresh && !n->dirty && n->kind == K_BIN && bin_unchanged(t, n, &st);
	n->dirty = false;
	switch (n->kind) {
	case K_ROOT:
		sync_fixed(t, n, K_VERSIONS, "versions", deep);
		break;
	case K_VERSIONS:
		sync_dynamic(t, n, K_VERSION, deep);
		break;
	case K_VERSION:
		sync_fixed(t, n, K_BIN, "bin", deep);
		sync_fixed(t, n, K_ENVS, "envs", deep);
		break;
	case K_ENVS:
		sync_dynamic(t, n, K_ENV, deep);
		break;
	case K_ENV:
		sync_fixed(t, n, K_BIN, "bin", deep);
		break;
	case K_BIN:
		if (!keep)
			read_bin(t, n, &st);
		break;
	case K_EXTRA:
		if (fs_roots_has_versions(n->path))
			sync_fixed(t, n, K_VERSIONS, "versions", deep);
		else
			sync_dynamic(t, n, K_VERSION, deep);
		break;
	}
}

/* --- public ----------------------------------------------------------------------------- */

/* Adds a top for node (NULL: out of memory). Returns 0 or -ENOMEM. */
static int add_top(struct fs_tree *t, struct node *node, bool forced)
{
	struct top *v = node ? realloc(t->tops, (t->ntops + 1) * sizeof(*v)) : NULL;
	if (!v) {
		node_destroy(t, node);
		return -ENOMEM;
	}
	t->tops = v;
	t->tops[t->ntops++] = (struct top){.node = node, .forced = forced};
	t->all_dirty = true;
	return 0;
}

struct fs_tree *fs_tree_create(const char *root, int inotify_fd)
{
	struct fs_tree *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->fd = inotify_fd;
	t->all_dirty = true;
	t->names = fs_names_create(2);
	if (!t->names || add_top(t, node_new(NULL, K_ROOT, root, NULL), false) < 0) {
		fs_tree_destroy(t);
		return NULL;
	}
	return t;
}

void fs_tree_destroy(struct fs_tree *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ntops; i++)
		node_destroy(t, t->tops[i].node);
	free(t->tops);
	fs_names_destroy(t->names);
	free(t->wds);
	free(t->changed);
	free(t->changed_names);
	free(t);
}

void fs_tree_mark_all(struct fs_tree *t)
{
	t->all_dirty = true;
}

/* Whether polls must re-read top whole: no inotify, polled by choice or by its file
 * system, or missing (its parent has no watch of ours). */
static bool top_polled(const struct fs_tree *t, const struct top *top)
{
	return t->fd < 0 || top->forced || top->network || !top->node->exists;
}

/* Marks every directory under n whose watch could not be added as dirty. */
static void mark_unwatched(struct node *n)
{
	if (n->watch_failed)
		n->dirty = true;
	for (size_t i = 0; i < n->nkids; i++)
		mark_unwatched(n->kids[i]);
}

void fs_tree_mark_poll(struct fs_tree *t)
{
	for (size_t i = 0; i < t->ntops; i++) {
		t->tops[i].redo = top_polled(t, &t->tops[i]);
		if (t->watch_failures && !t->tops[i].redo)
			mark_unwatched(t->tops[i].node);
	}
}

/* Whether an event about child `name` of a node of this kind can matter. */
static bool child_matters(enum kind kind, const char *name)
{
	switch (kind) {
	case K_ROOT:
		return strcmp(name, "versions") == 0;
	case K_VERSION:
		return strcmp(name, "bin") == 0 || strcmp(name, "envs") == 0;
	case K_ENV:
		return strcmp(name, "bin") == 0;
	case K_VERSIONS:
	case K_ENVS:
		return pc_shim_dir_name_counts(name);
	case K_BIN:
		return true;
	case K_EXTRA:
		return strcmp(name, "versions") == 0 || fs_roots_is_uv_entry(name);
	}
	return true;
}

void fs_tree_note_event(struct fs_tree *t, const struct inotify_event *ev)
{
	if (ev->mask & IN_Q_OVERFLOW) {
		t->all_dirty = true;
		return;
	}
	size_t i = wd_lower(t, ev->wd);
	while (i < t->nwds && t->wds[i].wd == ev->wd) {
		struct node *n = t->wds[i].node;
		if (ev->mask & (IN_IGNORED | IN_DELETE_SELF)) {
			/* the directory is gone and the kernel drops (or dropped) the watch;
			 * a directory found there later is read afresh */
			wd_remove(t, ev->wd, n);
			n->wd = -1;
			(n->parent ? n->parent : n)->dirty = true;
			continue; /* the pair at i was removed */
		}
		if (ev->mask & IN_MOVE_SELF)
			(n->parent ? n->parent : n)->dirty = true;
		else if (ev->len == 0 || child_matters(n->kind, ev->name))
			n->dirty = true;
		i++;
	}
}

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Syncs one top: whole (all, or a poll: timed), else what events marked. Then decides
 * again whether its file system is a network one, when the directory there is new. */
static void sync_top(struct fs_tree *t, struct top *top, bool all)
{
	struct node *n = top->node;
	if (top->redo) {
		long long start = now_ns();
		t->trusting = !all && top->polls % POLL_FULL_EVERY != 0;
		sync_node(t, n, true);
		t->trusting = false;
		long long took = now_ns() - start;
		top->polls++;
		top->last_ns = took;
		top->total_ns += took;
		if (took > top->max_ns)
			top->max_ns = took;
	} else if (all) {
		sync_node(t, n, true);
	} else {
		visit(t, n);
	}
	top->redo = false;
	if (n->exists && (!top->probed || n->dev != top->dev)) {
		top->network = fs_roots_is_polled(n->path);
		top->probed = true;
		top->dev = n->dev;
	}
}

int fs_tree_sync(struct fs_tree *t, struct fs_tree_changes *changes)
{
	t->nchanged = 0;
	t->index_changed = false;
	t->oom = false;
	unsigned before = fs_tree_versions(t);
	bool all = t->all_dirty;
	t->all_dirty = false;
	for (t->cur = 0; t->cur < t->ntops; t->cur++)
		sync_top(t, &t->tops[t->cur], all);
	t->cur = 0;
	if (fs_tree_versions(t) != before)
		t->index_changed = true;
	free(t->changed_names);
	t->changed_names = calloc(t->nchanged + 1, sizeof(*t->changed_names));
	if (!t->changed_names) {
		t->oom = true;
		t->nchanged = 0;
	}
	for (size_t i = 0; i < t->nchanged; i++)
		t->changed_names[i] = t->changed[i]->name;
	*changes = (struct fs_tree_changes){
		.names = t->changed_names,
		.count = t->nchanged,
		.index_changed = t->index_changed || t->nchanged > 0,
	};
	if (t->oom) {
		t->all_dirty = true; /* try again at the next tick */
		return -ENOMEM;
	}
	return 0;
}

bool fs_tree_needs_polling(const struct fs_tree *t)
{
	bool polled = false;
	for (size_t i = 0; i < t->ntops; i++)
		polled = polled || top_polled(t, &t->tops[i]);
	return polled || t->watch_failures > 0 || t->all_dirty;
}

/* The node whose kids are root's versions (root: a K_ROOT or K_EXTRA node). */
static const struct node *versions_node(const struct node *root)
{
	if (root->kind == K_EXTRA && (!root->nkids || root->kids[0]->kind != K_VERSIONS))
		return root;
	return root->nkids ? root->kids[0] : NULL;
}

static unsigned count_versions(const struct node *root)
{
	const struct node *v = versions_node(root);
	unsigned count = 0;
	if (v)
		for (size_t i = 0; i < v->nkids; i++)
			count += v->kids[i]->exists;
	return count;
}

unsigned fs_tree_versions(const struct fs_tree *t)
{
	unsigned count = 0;
	for (size_t i = 0; i < t->ntops; i++)
		count += count_versions(t->tops[i].node);
	return count;
}

int fs_tree_add_root(struct fs_tree *t, const char *path, bool polled)
{
	return add_top(t, node_new(NULL, K_EXTRA, path, NULL), polled);
}

size_t fs_tree_roots(const struct fs_tree *t)
{
	return t->ntops;
}

void fs_tree_root_stats(const struct fs_tree *t, size_t i, struct fs_tree_root_stats *out)
{
	const struct top *top = &t->tops[i];
	*out = (struct fs_tree_root_stats){
		.polled = top_polled(t, top),
		.dirs = top->dirs,
		.polls = top->polls,
		.last_ns = top->last_ns,
		.max_ns = top->max_ns,
		.total_ns = top->total_ns,
	};
}

struct fs_snapshot *fs_tree_snapshot(const struct fs_tree *t)
{
	return fs_snapshot_build(t->names, fs_tree_versions(t));
}

size_t fs_tree_watches(const struct fs_tree *t)
{
	return t->nwds;
}

void fs_tree_prune(struct fs_tree *t)
{
	/* names no bin directory has keep their inode number until they are many */
	if (fs_names_size(t->names) > 2 * t->live + 1024)
		fs_names_prune(t->names);
}
