/*
 * pyenvfs: mounts the pyenv shims filesystem. See pyenvfs(1).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "common/path.h"
#include "common/root.h"
#include "common/roots.h"
#include "config.h"
#include "fs/fallback.h"
#include "fs/ops.h"
#include "fs/roots.h"
#include "fs/supervise.h"
#include "fs/watch.h"
#include "watchdog/state.h"

struct options {
	const char *root, *shim, *mountpoint;
	bool foreground, debug, no_inotify, auto_unmount;
	bool no_fallback, watchdog_only;
	int poll_ms;
	double timeout;
	double watchdog_timeout; /* seconds; 0: no watchdog */
	char *fuse_opts;         /* comma list from -o, ours removed */
};

static const char usage_text[] =
	"Usage: pyenvfs [OPTION]... MOUNTPOINT\n"
	"Mount the pyenv shims filesystem: one entry per executable in\n"
	"ROOT/versions/*/bin and ROOT/versions/*/envs/*/bin, kept current by inotify.\n"
	"\n"
	"  -r, --root DIR        pyenv root (default: $PYENV_ROOT, else ~/.pyenv)\n"
	"  -s, --shim PATH       shim helper the entries run (default: $PYENVFS_SHIM, else\n"
	"                        " PYENVFS_SHIM_PATH ")\n"
	"  -f, --foreground      stay in the foreground, log to stderr\n"
	"  -d, --debug           log every FUSE request (implies -f)\n"
	"  -o OPT[,OPT...]       mount options: allow_other, noauto_unmount, and the other\n"
	"                        FUSE mount options (default_permissions, auto_unmount on)\n"
	"      --poll-interval MS  re-read interval of what inotify cannot watch: a root\n"
	"                        on NFS or FUSE, a missing root, everything without\n"
	"                        inotify (1000)\n"
	"      --no-inotify      always poll instead of using inotify\n"
	"      --cache-timeout S how long the kernel caches entries and misses (86400)\n"
	"      --watchdog-timeout S  the deadline of the watchdog's probes (default:\n"
	"                        $PYENVFS_WATCHDOG_TIMEOUT, else 3); 0 turns it off\n"
	"      --no-watchdog     start no watchdog (same as --watchdog-timeout 0)\n"
	"      --watchdog-only   mount nothing: start a watchdog for the live mount on\n"
	"                        MOUNTPOINT (one that lost its own) and exit\n"
	"      --no-fallback     keep no static copy of the entries under the mount point\n"
	"  -h, --help            show this help and exit\n"
	"  -V, --version         show the version and exit\n"
	"\n"
	"Without -f, pyenvfs returns once the mount is live and serves in the background.\n"
	"Stop it with `fusermount3 -u MOUNTPOINT`, SIGTERM or SIGINT.\n"
	"A watchdog (pyenvfs-watchdog) ends and replaces a daemon that stops answering.\n";

static bool log_stderr = true;

static void logmsg(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void logmsg(int prio, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (log_stderr) {
		fputs("pyenvfs: ", stderr);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	} else {
		vsyslog(prio, fmt, ap);
	}
	va_end(ap);
}

static void report(void *ctx, int prio, const char *msg)
{
	(void)ctx;
	logmsg(prio, "%s", msg);
}

/*
 * Returns a duplicate of fd numbered above every open descriptor, or -1.
 *
 * Why: with auto_unmount, fusermount3 waits for its socket to the daemon to close and
 * then unmounts only if opening the mount point fails with ENOTCONN. When the daemon is
 * killed, the kernel runs the final releases of its files in reverse order of closing
 * (last fd first), so the socket (opened after /dev/fuse) would be released before
 * /dev/fuse: fusermount3 then races the connection's abort, its open gets ECONNABORTED
 * and the dead mount stays. A /dev/fuse reference on the highest fd is released first.
 */
static int dup_above_all(int fd)
{
	int max = fd;
	DIR *d = opendir("/proc/self/fd");
	if (d) {
		struct dirent *de;
		while ((de = readdir(d)))
			if (atoi(de->d_name) > max)
				max = atoi(de->d_name);
		closedir(d);
	}
	return fcntl(fd, F_DUPFD_CLOEXEC, max + 1);
}

/* Appends the comma list `opts` to o->fuse_opts, keeping back the ones we handle. */
static int take_fuse_opts(struct options *o, const char *opts)
{
	char *copy = strdup(opts), *save = NULL;
	if (!copy)
		return -ENOMEM;
	for (char *opt = strtok_r(copy, ",", &save); opt; opt = strtok_r(NULL, ",", &save)) {
		if (strcmp(opt, "noauto_unmount") == 0) {
			o->auto_unmount = false;
			continue;
		}
		if (strcmp(opt, "auto_unmount") == 0) {
			o->auto_unmount = true;
			continue;
		}
		char *joined;
		if (asprintf(&joined, "%s%s%s", o->fuse_opts ? o->fuse_opts : "",
			     o->fuse_opts ? "," : "", opt) < 0) {
			free(copy);
			return -ENOMEM;
		}
		free(o->fuse_opts);
		o->fuse_opts = joined;
	}
	free(copy);
	return 0;
}

enum {
	OPT_POLL = 256,
	OPT_NO_INOTIFY,
	OPT_TIMEOUT,
	OPT_WD_TIMEOUT,
	OPT_NO_WD,
	OPT_WD_ONLY,
	OPT_NO_FALLBACK
};

/* The watchdog's deadline from s (seconds, 0 for none); -1 when s is not one. */
static double watchdog_seconds(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	return *s && !*end && v >= 0 && v <= 3600 ? v : -1;
}

/* --watchdog-timeout, --no-watchdog, --watchdog-only, --no-fallback. Returns 0, or -1 after
 * saying what is wrong. */
static int parse_watchdog_opt(int c, const char *arg, struct options *o)
{
	if (c == OPT_WD_TIMEOUT && (o->watchdog_timeout = watchdog_seconds(arg)) < 0) {
		fprintf(stderr, "pyenvfs: invalid --watchdog-timeout: %s\n", arg);
		return -1;
	}
	if (c == OPT_NO_WD)
		o->watchdog_timeout = 0;
	if (c == OPT_WD_ONLY)
		o->watchdog_only = true;
	if (c == OPT_NO_FALLBACK)
		o->no_fallback = true;
	return 0;
}

/* Takes getopt's option c (with optarg) into o. Returns -1 to continue, else the
 * exit status. */
static int parse_option(int c, struct options *o)
{
	char *end;
	switch (c) {
	case 'r':
		o->root = optarg;
		break;
	case 's':
		o->shim = optarg;
		break;
	case 'f':
		o->foreground = true;
		break;
	case 'd':
		o->debug = o->foreground = true;
		break;
	case 'o':
		if (take_fuse_opts(o, optarg) < 0)
			return 1;
		break;
	case OPT_POLL:
		o->poll_ms = (int)strtol(optarg, &end, 10);
		if (*end || o->poll_ms <= 0) {
			fprintf(stderr, "pyenvfs: invalid --poll-interval: %s\n", optarg);
			return 2;
		}
		break;
	case OPT_NO_INOTIFY:
		o->no_inotify = true;
		break;
	case OPT_TIMEOUT:
		o->timeout = strtod(optarg, &end);
		if (*end || o->timeout < 0) {
			fprintf(stderr, "pyenvfs: invalid --cache-timeout: %s\n", optarg);
			return 2;
		}
		break;
	case OPT_WD_TIMEOUT:
	case OPT_NO_WD:
	case OPT_WD_ONLY:
	case OPT_NO_FALLBACK:
		if (parse_watchdog_opt(c, optarg, o) < 0)
			return 2;
		break;
	case 'h':
		fputs(usage_text, stdout);
		return 0;
	case 'V':
		puts("pyenvfs " PYENVFS_VERSION);
		return 0;
	default:
		fputs("Try 'pyenvfs --help' for more information.\n", stderr);
		return 2;
	}
	return -1;
}

/* Returns -1 to continue, else the exit status. */
static int parse(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{"root", required_argument, NULL, 'r'},
		{"shim", required_argument, NULL, 's'},
		{"foreground", no_argument, NULL, 'f'},
		{"debug", no_argument, NULL, 'd'},
		{"poll-interval", required_argument, NULL, OPT_POLL},
		{"no-inotify", no_argument, NULL, OPT_NO_INOTIFY},
		{"cache-timeout", required_argument, NULL, OPT_TIMEOUT},
		{"watchdog-timeout", required_argument, NULL, OPT_WD_TIMEOUT},
		{"no-watchdog", no_argument, NULL, OPT_NO_WD},
		{"watchdog-only", no_argument, NULL, OPT_WD_ONLY},
		{"no-fallback", no_argument, NULL, OPT_NO_FALLBACK},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "r:s:fdo:hV", longopts, NULL)) != -1) {
		int r = parse_option(c, o);
		if (r >= 0)
			return r;
	}
	if (optind != argc - 1) {
		fprintf(stderr, "pyenvfs: %s\nTry 'pyenvfs --help' for more information.\n",
			optind < argc ? "too many arguments" : "missing MOUNTPOINT");
		return 2;
	}
	o->mountpoint = argv[optind];
	return -1;
}

/* The daemon's state, from setup to cleanup. */
struct daemon {
	struct fs_ctx ctx;
	struct fs_watcher *watcher;
	struct fuse_session *se;
	struct fuse_args args;
	char *root, *shim, *mountpoint, *mount_opts;
	struct pc_roots *roots; /* PYENVFS_ROOTS (fs/roots.h) */
	int fuse_fd_last;
};

/* Sets d's root (--root, $PYENV_ROOT, else ~/.pyenv), shim helper and mount point,
 * all absolute. False, said why, on failure. */
static bool resolve_paths(struct daemon *d, const struct options *o)
{
	struct pc_msg msg = {""};
	if (pc_root(o->root ? o->root : getenv("PYENV_ROOT"), getenv("HOME"), &d->root, &msg) < 0) {
		logmsg(LOG_ERR, "%s", msg.text);
		return false;
	}
	const char *shim_arg = o->shim ? o->shim : getenv("PYENVFS_SHIM");
	if (!shim_arg || !*shim_arg)
		shim_arg = PYENVFS_SHIM_PATH;
	d->shim = pc_absolute(shim_arg);
	d->mountpoint = realpath(o->mountpoint, NULL);
	if (!d->root || !d->shim) {
		logmsg(LOG_ERR, "out of memory");
		return false;
	}
	if (!d->mountpoint) {
		logmsg(LOG_ERR, "mount point %s: %s", o->mountpoint, strerror(errno));
		return false;
	}
	if (access(d->shim, X_OK) < 0) {
		logmsg(LOG_ERR, "shim helper %s: %s", d->shim, strerror(errno));
		return false;
	}
	return true;
}

/* The writer of the static fallback into the directory under mountpoint (opened now, before
 * mounting over it), or NULL when there is none. */
static struct fs_fallback *make_fallback(const struct options *o, const char *mountpoint,
					 const struct fs_ctx *ctx)
{
	if (o->no_fallback || o->watchdog_only)
		return NULL;
	int fd = open(mountpoint, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		logmsg(LOG_WARNING, "no static fallback: %s: %s", mountpoint, strerror(errno));
		return NULL;
	}
	struct fs_fallback_config cfg = {
		.dirfd = fd,
		.content = ctx->content,
		.content_len = ctx->content_len,
		.debounce_ms = 200,
		.report = report,
	};
	int r;
	struct fs_fallback *fb = fs_fallback_create(&cfg, &r);
	if (!fb)
		logmsg(LOG_WARNING, "no static fallback: %s", strerror(-r));
	return fb;
}

/* Fills d->ctx for d's paths: times, the entries' content, the scratch area. False,
 * said why, on failure (the content may be set: free it). */
static bool setup_ctx(struct daemon *d, const struct options *o)
{
	struct fs_ctx *ctx = &d->ctx;
	ctx->root = d->root;
	ctx->shim = d->shim;
	ctx->uid = getuid();
	ctx->gid = getgid();
	ctx->timeout = o->timeout;
	clock_gettime(CLOCK_REALTIME, &ctx->started);
	atomic_init(&ctx->dir_mtime_ns, ctx->started.tv_sec * 1000000000LL + ctx->started.tv_nsec);
	int r = fs_ctx_set_content(ctx, d->shim, d->root);
	if (r < 0) {
		logmsg(LOG_ERR, "cannot make entries \"#!%s %s\": %s", d->shim, d->root,
		       r == -ENAMETOOLONG ? "longer than the kernel's 255-byte shebang line"
		       : r == -EINVAL ? "the shim path has blanks, the root ends with one, or a "
					"path has a newline"
				      : strerror(-r));
		return false;
	}
	ctx->scratch = fs_scratch_create(ctx->content);
	ctx->fallback = make_fallback(o, d->mountpoint, ctx);
	return ctx->scratch != NULL;
}

/* Creates d->watcher (not started) and publishes its first snapshot. False, said
 * why, on failure. */
static bool setup_watcher(struct daemon *d, const struct options *o)
{
	struct pc_msg msg = {""};
	if (pc_roots_parse(getenv("PYENVFS_ROOTS"), d->root, d->mountpoint, &d->roots, &msg) < 0) {
		logmsg(LOG_ERR, "PYENVFS_ROOTS: %s", msg.text);
		return false;
	}
	for (size_t i = 0; i < pc_roots_count(d->roots); i++)
		if (pc_roots_kind(d->roots, i) == PC_ROOT_MISSING)
			logmsg(LOG_WARNING, "PYENVFS_ROOTS: %s does not exist (yet): watched for",
			       pc_roots_path(d->roots, i));
	struct fs_watcher_config wcfg = {
		.root = d->root,
		.roots = d->roots,
		.poll_ms = o->poll_ms,
		.debounce_ms = 2,
		.max_delay_ms = 20,
		.no_inotify = o->no_inotify,
		.published = &d->ctx.published,
		.changed = fs_ctx_changed,
		.report = report,
		.ctx = &d->ctx,
	};
	struct fs_snapshot *first = NULL;
	int r;
	d->watcher = fs_watcher_create(&wcfg, &first, &r);
	if (!d->watcher) {
		logmsg(LOG_ERR, "cannot watch %s: %s", d->root, strerror(-r));
		return false;
	}
	if (d->ctx.fallback)
		fs_fallback_update(d->ctx.fallback, first);
	fs_published_init(&d->ctx.published, first);
	d->ctx.watcher = d->watcher;
	return true;
}

/* Builds d->args (argv0 plus our mount options) and creates d->se. False on failure
 * (libfuse says why on stderr). */
static bool create_session(struct daemon *d, const struct options *o, const char *argv0)
{
	if (asprintf(&d->mount_opts, "fsname=pyenvfs,subtype=pyenvfs,default_permissions%s%s%s",
		     o->auto_unmount ? ",auto_unmount" : "", o->fuse_opts ? "," : "",
		     o->fuse_opts ? o->fuse_opts : "") < 0) {
		d->mount_opts = NULL;
		return false;
	}
	if (fuse_opt_add_arg(&d->args, argv0) || fuse_opt_add_arg(&d->args, "-o") ||
	    fuse_opt_add_arg(&d->args, d->mount_opts) ||
	    (o->debug && fuse_opt_add_arg(&d->args, "-d")))
		return false;
	d->se = fuse_session_new(&d->args, &fs_ops, sizeof(fs_ops), &d->ctx);
	return d->se != NULL;
}

/* Once mounted: writes the roots file, keeps a /dev/fuse reference on the highest fd (see
 * dup_above_all), moves logging to syslog unless in the foreground, and daemonises. False
 * on failure. */
static bool daemonise(struct daemon *d, const struct options *o)
{
	/* mounted: the shims' roots are written before `pyenvfs` returns (fs/roots.h) */
	struct pc_msg msg = {""};
	if (fs_roots_write_file(d->root, d->roots, &msg) < 0) {
		logmsg(LOG_ERR, "cannot record the roots for the shim: %s", msg.text);
		return false;
	}
	d->fuse_fd_last = dup_above_all(fuse_session_fd(d->se));
	if (d->fuse_fd_last < 0)
		logmsg(LOG_WARNING, "cannot duplicate the FUSE descriptor: %s", strerror(errno));
	if (!o->foreground) {
		openlog("pyenvfs", LOG_PID, LOG_DAEMON);
		log_stderr = false;
	}
	if (fuse_daemonize(o->foreground) != 0)
		return false;
	atomic_store(&d->ctx.se, d->se);
	return true;
}

/* Starts the watchdog of d's mount (pid: the serving process, 0 when not known). */
static int start_watchdog(const struct options *o, const struct daemon *d, pid_t pid)
{
	struct fs_supervise_config cfg = {
		.root = d->root,
		.shim = d->shim,
		.mountpoint = d->mountpoint,
		.cache_timeout = o->timeout,
		.poll_ms = o->poll_ms,
		.no_inotify = o->no_inotify,
		.no_fallback = o->no_fallback,
		.auto_unmount = o->auto_unmount,
		.fuse_opts = o->fuse_opts,
		.watchdog_timeout = o->watchdog_timeout,
		.no_remount = o->foreground && !o->watchdog_only,
		.use_syslog = !log_stderr || o->watchdog_only,
		.detach_stdio = o->watchdog_only,
		.daemon_pid = pid,
	};
	int r = fs_supervise_start(&cfg);
	if (r < 0)
		logmsg(LOG_WARNING, "cannot start the watchdog: %s",
		       r == -ENOENT ? "pyenvfs-watchdog not found" : strerror(-r));
	return r;
}

/* Starts the watcher and serves until unmounted or signalled. Returns the exit
 * status. */
static int serve(struct daemon *d, const struct options *o)
{
	/* the watcher thread must not take the signals meant to stop the loop */
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	int r = fs_watcher_start(d->watcher);
	if (r == 0 && d->ctx.fallback && fs_fallback_start(d->ctx.fallback) < 0)
		logmsg(LOG_WARNING, "cannot start the static fallback's writer");
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r < 0) {
		logmsg(LOG_ERR, "cannot start the watcher: %s", strerror(-r));
		return 1;
	}
	logmsg(LOG_INFO, "serving %s on %s (%s)", d->root, d->mountpoint,
	       fs_watcher_polling(d->watcher) ? "polling" : "inotify");
	if (o->watchdog_timeout > 0)
		start_watchdog(o, d, getpid());
	if (o->foreground)
		wd_notify("READY=1");
	/* 0, or the number of the signal that stopped it: both are a clean exit */
	r = fuse_session_loop(d->se);
	if (r < 0)
		logmsg(LOG_ERR, "session loop: %s", strerror(-r));
	else if (r > 0)
		logmsg(LOG_INFO, "stopped by signal %d", r);
	else /* ENODEV from /dev/fuse: nothing of ours ends the loop this way */
		logmsg(LOG_INFO, "%s was unmounted or its connection aborted", d->mountpoint);
	return r < 0 ? 1 : 0;
}

/* Stops notifying (waiting for one in flight, but not forever: it may be blocked in
 * the kernel on a lookup no one will answer now), unmounts, then drops our last
 * reference to /dev/fuse so the connection is gone and such a notification returns;
 * then joins and destroys the watcher. */
static void unmount(struct daemon *d)
{
	fs_ctx_quiesce(&d->ctx, 1000);
	fuse_session_unmount(d->se);
	/* the static fallback's entries stay under the mount point and resolve over the same
	 * roots: the file goes only when there is none (the next mount rewrites it) */
	if (!d->ctx.fallback)
		fs_roots_write_file(d->root, NULL, NULL);
	if (d->fuse_fd_last >= 0)
		close(d->fuse_fd_last);
	d->fuse_fd_last = -1;
	d->ctx.watcher = NULL;
	fs_watcher_destroy(d->watcher);
	d->watcher = NULL;
	fs_fallback_destroy(d->ctx.fallback, 2000);
	d->ctx.fallback = NULL;
}

/* $PYENVFS_WATCHDOG_TIMEOUT, else 3 s; -1 when the variable is not a number of seconds. */
static double default_watchdog_timeout(void)
{
	const char *env = getenv("PYENVFS_WATCHDOG_TIMEOUT");
	if (!env || !*env)
		return 3;
	double v = watchdog_seconds(env);
	if (v < 0)
		fprintf(stderr, "pyenvfs: invalid PYENVFS_WATCHDOG_TIMEOUT: %s\n", env);
	return v;
}

/* --watchdog-only: starts a watchdog for the live mount. Returns the exit status. */
static int watchdog_only(const struct options *o, const struct daemon *d)
{
	if (o->watchdog_timeout <= 0) {
		logmsg(LOG_ERR, "--watchdog-only with the watchdog turned off");
		return 1;
	}
	return start_watchdog(o, d, 0) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct options o = {.poll_ms = 1000, .timeout = 86400, .auto_unmount = true};
	struct daemon d = {.args = FUSE_ARGS_INIT(0, NULL), .fuse_fd_last = -1};
	int status = 1;

	o.watchdog_timeout = default_watchdog_timeout();
	int r = o.watchdog_timeout < 0 ? 2 : parse(argc, argv, &o);
	if (r >= 0) {
		free(o.fuse_opts);
		return r;
	}
	if (o.watchdog_only && resolve_paths(&d, &o))
		status = watchdog_only(&o, &d);
	if (o.watchdog_only || !resolve_paths(&d, &o) || !setup_ctx(&d, &o) ||
	    !setup_watcher(&d, &o))
		goto out_ctx;
	if (!create_session(&d, &o, argv[0]))
		goto out_watcher;
	if (fuse_set_signal_handlers(d.se) != 0)
		goto out_session;
	if (fuse_session_mount(d.se, d.mountpoint) != 0)
		goto out_handlers;
	if (daemonise(&d, &o))
		status = serve(&d, &o);
	unmount(&d);
out_handlers:
	fuse_remove_signal_handlers(d.se);
out_session:
	fuse_session_destroy(d.se);
out_watcher:
	fuse_opt_free_args(&d.args);
	/* when not mounted, the watcher never ran and nothing was notified: no unmount()
	 * was needed before the session went */
	d.ctx.watcher = NULL;
	fs_watcher_destroy(d.watcher);
	fs_published_finish(&d.ctx.published);
out_ctx:
	fs_fallback_destroy(d.ctx.fallback, 0);
	fs_scratch_destroy(d.ctx.scratch);
	free(d.ctx.content);
	free(d.mount_opts);
	free(o.fuse_opts);
	free(d.root);
	free(d.shim);
	free(d.mountpoint);
	pc_roots_destroy(d.roots);
	return status;
}
