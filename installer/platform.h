/* pyi_platform: which python-build-standalone builds run here, named as the
 * index names them: os "linux"/"darwin", arch "x86_64"/"aarch64"/..., libc
 * "gnu"/"musl"/"none". */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct pyi_platform {
	char os[16];
	char arch[16];
	char libc[16];
};

/* Fills p for the running machine (uname; glibc vs musl from the C library
 * this program runs on). */
void pyi_platform_detect(struct pyi_platform *p);

/* Parses "OS-ARCH-LIBC" (e.g. "linux-x86_64-musl") into p. */
bool pyi_platform_parse(const char *s, struct pyi_platform *p);

/* Writes "OS-ARCH-LIBC" into buf. */
void pyi_platform_format(const struct pyi_platform *p, char *buf, size_t size);
