/* Captures what the code under test writes to stdout or stderr. */
#pragma once

/* Starts capturing fd (1 or 2). */
void cap_begin(int fd);
/* Stops capturing fd; what was written, malloc'ed. */
char *cap_end(int fd);
