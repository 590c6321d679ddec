/* The end of a child process as bash's $? tells it. */
#pragma once

#include <sys/types.h>

/* Waits for pid (through EINTR): its exit status, 128+N after signal N; 127 when it cannot
 * be waited for. */
int ctl_wait_status(pid_t pid);
