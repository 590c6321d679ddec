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
#include "config.h"
#include "fs/ops.h"
#include "fs/watch.h"

struct options {
	const char *root, *shim, *mountpoint;
	bool foreground, debug, no_inotify, auto_unmount;
	int poll_ms;
	double timeout;
	char *fuse_opts; /* comma list from -o, ours removed */
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
	"      --poll-interval MS  re-read interval when inotify cannot be used (1000)\n"
	"      --no-inotify      always poll instead of using inotify\n"
	"      --cache-timeout S how long the kernel caches entries and misses (86400)\n"
	"  -h, --help            show this help and exit\n"
	"  -V, --version         show the version and exit\n"
	"\n"
	"Without -f, pyenvfs returns once the mount is live and serves in the background.\n"
	"Stop it with `fusermount3 -u MOUNTPOINT`, SIGTERM or SIGINT.\n";

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

/* Returns -1 to continue, else the exit status. */
static int parse(int argc, char **argv, struct options *o)
{
	enum { OPT_POLL = 256, OPT_NO_INOTIFY, OPT_TIMEOUT };
	static const struct option longopts[] = {
		{"root", required_argument, NULL, 'r'},
		{"shim", required_argument, NULL, 's'},
		{"foreground", no_argument, NULL, 'f'},
		{"debug", no_argument, NULL, 'd'},
		{"poll-interval", required_argument, NULL, OPT_POLL},
		{"no-inotify", no_argument, NULL, OPT_NO_INOTIFY},
		{"cache-timeout", required_argument, NULL, OPT_TIMEOUT},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "r:s:fdo:hV", longopts, NULL)) != -1) {
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
	}
	if (optind != argc - 1) {
		fprintf(stderr, "pyenvfs: %s\nTry 'pyenvfs --help' for more information.\n",
			optind < argc ? "too many arguments" : "missing MOUNTPOINT");
		return 2;
	}
	o->mountpoint = argv[optind];
	return -1;
}

int main(int argc, char **argv)
{
	struct options o = {.poll_ms = 1000, .timeout = 86400, .auto_unmount = true};
	struct fs_ctx ctx = {0};
	struct fs_watcher *watcher = NULL;
	struct fuse_session *se = NULL;
	struct fuse_args args = FUSE_ARGS_INIT(0, NULL);
	char *root = NULL, *shim = NULL, *mountpoint = NULL, *mount_opts = NULL;
	bool published = false, handlers = false, mounted = false;
	int status = 1, r, fuse_fd_last = -1;

	r = parse(argc, argv, &o);
	if (r >= 0) {
		free(o.fuse_opts);
		return r;
	}

	struct pc_msg msg = {""};
	r = pc_root(o.root ? o.root : getenv("PYENV_ROOT"), getenv("HOME"), &root, &msg);
	if (r < 0) {
		logmsg(LOG_ERR, "%s", msg.text);
		goto out;
	}
	const char *shim_arg = o.shim ? o.shim : getenv("PYENVFS_SHIM");
	if (!shim_arg || !*shim_arg)
		shim_arg = PYENVFS_SHIM_PATH;
	shim = pc_absolute(shim_arg);
	mountpoint = realpath(o.mountpoint, NULL);
	if (!root || !shim) {
		logmsg(LOG_ERR, "out of memory");
		goto out;
	}
	if (!mountpoint) {
		logmsg(LOG_ERR, "mount point %s: %s", o.mountpoint, strerror(errno));
		goto out;
	}
	if (access(shim, X_OK) < 0) {
		logmsg(LOG_ERR, "shim helper %s: %s", shim, strerror(errno));
		goto out;
	}

	ctx.root = root;
	ctx.shim = shim;
	ctx.uid = getuid();
	ctx.gid = getgid();
	ctx.timeout = o.timeout;
	clock_gettime(CLOCK_REALTIME, &ctx.started);
	atomic_init(&ctx.dir_mtime_ns, ctx.started.tv_sec * 1000000000LL + ctx.started.tv_nsec);
	r = fs_ctx_set_content(&ctx, shim, root);
	if (r < 0) {
		logmsg(LOG_ERR, "cannot make entries \"#!%s %s\": %s", shim, root,
		       r == -ENAMETOOLONG ? "longer than the kernel's 255-byte shebang line"
		       : r == -EINVAL ? "the shim path has blanks, the root ends with one, or a "
					"path has a newline"
				      : strerror(-r));
		goto out;
	}
	ctx.scratch = fs_scratch_create(ctx.content);
	if (!ctx.scratch)
		goto out;

	struct fs_watcher_config wcfg = {
		.root = root,
		.poll_ms = o.poll_ms,
		.debounce_ms = 2,
		.max_delay_ms = 20,
		.no_inotify = o.no_inotify,
		.published = &ctx.published,
		.changed = fs_ctx_changed,
		.report = report,
		.ctx = &ctx,
	};
	struct fs_snapshot *first = NULL;
	watcher = fs_watcher_create(&wcfg, &first, &r);
	if (!watcher) {
		logmsg(LOG_ERR, "cannot watch %s: %s", root, strerror(-r));
		goto out;
	}
	fs_published_init(&ctx.published, first);
	published = true;

	if (asprintf(&mount_opts, "fsname=pyenvfs,subtype=pyenvfs,default_permissions%s%s%s",
		     o.auto_unmount ? ",auto_unmount" : "", o.fuse_opts ? "," : "",
		     o.fuse_opts ? o.fuse_opts : "") < 0)
		goto out;
	if (fuse_opt_add_arg(&args, argv[0]) || fuse_opt_add_arg(&args, "-o") ||
	    fuse_opt_add_arg(&args, mount_opts) || (o.debug && fuse_opt_add_arg(&args, "-d")))
		goto out;
	se = fuse_session_new(&args, &fs_ops, sizeof(fs_ops), &ctx);
	if (!se)
		goto out; /* libfuse said why on stderr */
	if (fuse_set_signal_handlers(se) != 0)
		goto out;
	handlers = true;
	if (fuse_session_mount(se, mountpoint) != 0)
		goto out;
	mounted = true;
	fuse_fd_last = dup_above_all(fuse_session_fd(se));
	if (fuse_fd_last < 0)
		logmsg(LOG_WARNING, "cannot duplicate the FUSE descriptor: %s", strerror(errno));
	if (!o.foreground) {
		openlog("pyenvfs", LOG_PID, LOG_DAEMON);
		log_stderr = false;
	}
	if (fuse_daemonize(o.foreground) != 0)
		goto out;
	atomic_store(&ctx.se, se);

	/* the watcher thread must not take the signals meant to stop the loop */
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	r = fs_watcher_start(watcher);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r < 0) {
		logmsg(LOG_ERR, "cannot start the watcher: %s", strerror(-r));
		goto out;
	}
	logmsg(LOG_INFO, "serving %s on %s (%s)", root, mountpoint,
	       fs_watcher_polling(watcher) ? "polling" : "inotify");
	/* 0, or the number of the signal that stopped it: both are a clean exit */
	r = fuse_session_loop(se);
	if (r < 0)
		logmsg(LOG_ERR, "session loop: %s", strerror(-r));
	status = r < 0 ? 1 : 0;
out:
	/* Stop notifying (waiting for one in flight, but not forever: it may be blocked
	 * in the kernel on a lookup no one will answer now), unmount, then drop our last
	 * reference to /dev/fuse so the connection is gone and such a notification
	 * returns; then the watcher can be joined. */
	fs_ctx_quiesce(&ctx, 1000);
	if (mounted)
		fuse_session_unmount(se);
	if (fuse_fd_last >= 0)
		close(fuse_fd_last);
	fuse_fd_last = -1;
	fs_watcher_destroy(watcher);
	if (handlers)
		fuse_remove_signal_handlers(se);
	if (se)
		fuse_session_destroy(se);
	fuse_opt_free_args(&args);
	if (published)
		fs_published_finish(&ctx.published);
	fs_scratch_destroy(ctx.scratch);
	free(ctx.content);
	free(mount_opts);
	free(o.fuse_opts);
	free(root);
	free(shim);
	free(mountpoint);
	return status;
}
