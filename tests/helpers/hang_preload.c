/*
 * hang_preload: makes the pyenvfs daemon deadlock on purpose, for the watchdog's tests.
 * LD_PRELOADed into the daemon with PYENVFS_TEST_HANG=FILE: while FILE exists, the request
 * handler that next replies to a lookup, getattr or getxattr locks a mutex it already holds
 * and never returns, so the daemon (one thread serves every request) answers nothing more.
 * A FILE that says "once" is removed first, so only that daemon hangs, not the next one.
 * Test code only: nothing of it is in the daemon.
 */
#define FUSE_USE_VERSION 314
#include <dlfcn.h>
#include <fuse_lowlevel.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t hang_lock = PTHREAD_MUTEX_INITIALIZER;

static void maybe_hang(void)
{
	const char *path = getenv("PYENVFS_TEST_HANG");
	if (!path || access(path, F_OK) != 0)
		return;
	char buf[16] = "";
	FILE *f = fopen(path, "r");
	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = 0;
		fclose(f);
	}
	if (strncmp(buf, "once", 4) == 0 && unlink(path) != 0)
		return; /* another thread took it */
	pthread_mutex_lock(&hang_lock);
	pthread_mutex_lock(&hang_lock); /* a real self-deadlock (a normal mutex) */
}

#define NEXT(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))

int fuse_reply_entry(fuse_req_t req, const struct fuse_entry_param *e)
{
	maybe_hang();
	return NEXT(fuse_reply_entry)(req, e);
}

int fuse_reply_attr(fuse_req_t req, const struct stat *attr, double timeout)
{
	maybe_hang();
	return NEXT(fuse_reply_attr)(req, attr, timeout);
}

int fuse_reply_buf(fuse_req_t req, const char *buf, size_t size)
{
	maybe_hang();
	return NEXT(fuse_reply_buf)(req, buf, size);
}

int fuse_reply_xattr(fuse_req_t req, size_t count)
{
	maybe_hang();
	return NEXT(fuse_reply_xattr)(req, count);
}
