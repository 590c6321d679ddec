#include "installer/platform.h"

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

static void copy(char *dst, size_t size, const char *src)
{
	size_t n = 0;
	while (n + 1 < size && src[n]) {
		dst[n] = src[n];
		n++;
	}
	dst[n] = '\0';
}

/* The C library this process runs on: glibc answers confstr(); musl does
 * not know _CS_GNU_LIBC_VERSION. */
static const char *detect_libc(void)
{
#ifdef _CS_GNU_LIBC_VERSION
	char buf[64];
	if (confstr(_CS_GNU_LIBC_VERSION, buf, sizeof(buf)) > 0 && strncmp(buf, "glibc", 5) == 0)
		return "gnu";
#endif
	return "musl";
}

void pyi_platform_detect(struct pyi_platform *p)
{
	struct utsname u;
	memset(p, 0, sizeof(*p));
	if (uname(&u) != 0)
		memset(&u, 0, sizeof(u));
	const char *arch = u.machine;
	if (strcmp(arch, "arm64") == 0)
		arch = "aarch64";
	else if (strcmp(arch, "amd64") == 0)
		arch = "x86_64";
	copy(p->arch, sizeof(p->arch), arch);
#if defined(__APPLE__)
	copy(p->os, sizeof(p->os), "darwin");
	copy(p->libc, sizeof(p->libc), "none");
#else
	copy(p->os, sizeof(p->os), "linux");
	copy(p->libc, sizeof(p->libc), detect_libc());
#endif
}

bool pyi_platform_parse(const char *s, struct pyi_platform *p)
{
	memset(p, 0, sizeof(*p));
	const char *a = strchr(s, '-');
	const char *l = a ? strrchr(s, '-') : NULL;
	if (!a || l == a || a == s || !l[1])
		return false;
	size_t nos = (size_t)(a - s), narch = (size_t)(l - a - 1);
	if (nos >= sizeof(p->os) || narch >= sizeof(p->arch) || strlen(l + 1) >= sizeof(p->libc))
		return false;
	memcpy(p->os, s, nos);
	memcpy(p->arch, a + 1, narch);
	copy(p->libc, sizeof(p->libc), l + 1);
	return true;
}

void pyi_platform_format(const struct pyi_platform *p, char *buf, size_t size)
{
	snprintf(buf, size, "%s-%s-%s", p->os, p->arch, p->libc);
}
