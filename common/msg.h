/* pc_msg: the message sink of the error convention that common/ and the ctl/ libraries
 * (ctl/mount/probe.h, ctl/mount/daemon.h) follow.
 *
 * A function that can fail returns 0 (or a count) on success and a negative errno on
 * failure. When the errno alone cannot say what failed (which path, which variable), it
 * also takes a `struct pc_msg *` and, for every failure it returns, writes one line there,
 * without the program's prefix and without a newline; the caller prints it
 * ("%s: %s\n", prog, msg.text) or drops it. A NULL sink is allowed everywhere: no message
 * is wanted. Commands (ctl's cmd_*.c) print and return exit statuses instead. */
#pragma once

#include <limits.h>

/* Room for a message that names a path or two. */
#define PC_MSG_MAX (2 * PATH_MAX + 256)

struct pc_msg {
	char text[PC_MSG_MAX]; /* "" until a message is set */
};

/* Sets the message (printf-style, truncated to fit). msg may be NULL: then nothing. */
void pc_msg_set(struct pc_msg *msg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
