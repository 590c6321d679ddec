#pragma once
/*
 * wd_probe: asks a pyenvfs mount a real question on a deadline. A thread of its own sends
 * the request (getxattr of the status attribute on the mount's root, which the kernel never
 * answers from a cache), so a daemon that does not answer only keeps that thread waiting;
 * the caller gets WD_PROBE_TIMEOUT when the deadline passes and can end the connection,
 * which returns the request.
 */
#include <stdbool.h>

enum wd_probe_result {
	WD_PROBE_OK,      /* the daemon answered in time */
	WD_PROBE_TIMEOUT, /* it did not answer within the deadline */
	WD_PROBE_DEAD,    /* the connection is gone: ENOTCONN or ECONNABORTED */
	WD_PROBE_GONE,    /* no pyenvfs is mounted there (any more) */
	WD_PROBE_ERROR,   /* something else failed; errno-style code in err */
};

struct wd_answer {
	long pid;                  /* the daemon's, from its status (OK) */
	unsigned dev_major, dev_minor; /* the mount's device, from mountinfo */
	int err;
};

struct wd_probe;

/* A prober for mountpoint (an absolute path), its thread started. NULL with errno set. */
struct wd_probe *wd_probe_create(const char *mountpoint);

/* Stops the thread and frees everything; when a request is still waiting (the connection
 * could not be ended), the thread is left to the process's exit. Accepts NULL. */
void wd_probe_destroy(struct wd_probe *p);

/* Probes once, waiting at most timeout_ms for the answer. A probe that timed out must have
 * returned (wd_probe_idle) before the next one is sent: until then this returns
 * WD_PROBE_TIMEOUT at once. */
enum wd_probe_result wd_probe_run(struct wd_probe *p, int timeout_ms, struct wd_answer *ans);

/* Waits up to timeout_ms for a request that timed out to return. Returns true when the
 * prober is idle. */
bool wd_probe_idle(struct wd_probe *p, int timeout_ms);

/* Finds the topmost mount on mountpoint in /proc/self/mountinfo. Returns 1 and fills
 * fstype and the device when there is one, 0 when there is none, a negative errno. */
int wd_mountinfo(const char *mountpoint, char *fstype, int fstype_len, unsigned *major,
		 unsigned *minor);
