/* Captures stdout or stderr into a temporary file (capture.h). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "capture.h"

static int saved[3] = {-1, -1, -1};
static FILE *files[3];

void cap_begin(int fd)
{
	fflush(fd == 1 ? stdout : stderr);
	files[fd] = tmpfile();
	saved[fd] = dup(fd);
	dup2(fileno(files[fd]), fd);
}

char *cap_end(int fd)
{
	fflush(fd == 1 ? stdout : stderr);
	dup2(saved[fd], fd);
	close(saved[fd]);
	FILE *f = files[fd];
	long n = ftell(f);
	char *buf = calloc(1, (size_t)n + 1);
	rewind(f);
	if (n > 0 && fread(buf, 1, (size_t)n, f) != (size_t)n)
		buf[0] = '\0';
	fclose(f);
	return buf;
}
