/* pyi_fetch: downloads with libcurl. Follows redirects, fails on HTTP
 * errors, bounds the connect time and the idle time (a low-speed limit, no
 * total timeout), retries network errors with backoff and jitter, resuming
 * with a Range request (and skipping what a server that ignores Range sends
 * again). Proxies come from the environment, upper-case names included. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "installer/pyi_err.h"

struct pyi_fetch_opts {
	long connect_timeout_s; /* 0: 15 */
	long low_speed_bytes;   /* abort below this rate... 0: 1024 */
	long low_speed_time_s;  /* ...sustained this long; 0: 30 */
	int retries;            /* extra attempts after network errors; <0: 3 */
	long retry_delay_ms;    /* first backoff, doubled each time, +-50% jitter; 0: 500 */
	const char *user_agent; /* NULL: "pyenvfs" */
};

/* Where the bytes go. Each callback returns false to stop the transfer;
 * data and begin then set err. */
struct pyi_fetch_sink {
	/* Before the first body byte of each attempt: the HTTP status (0 for
	 * file://), the Content-Type (may be NULL) and the full size of the
	 * resource (-1 if unknown). NULL is fine. */
	bool (*begin)(void *ctx, long status, const char *content_type, int64_t total,
		      struct pyi_err *err);
	/* The next n bytes of the resource, in order, each byte once. */
	bool (*data)(void *ctx, const void *buf, size_t n, struct pyi_err *err);
	/* Now and then (also while waiting to retry): bytes delivered so far
	 * (counting from offset 0 of the resource) and the total (-1 if
	 * unknown). Returning false cancels (PYI_E_CANCELLED). NULL is fine. */
	bool (*progress)(void *ctx, int64_t done, int64_t total);
	void *ctx;
};

/* Calls curl_global_init once; call it before any thread uses pyi_fetch. */
bool pyi_fetch_global_init(void);

/* Fetches url from byte offset onward into sink. A resume request answered
 * 416 whose Content-Range gives offset as the size is success with nothing
 * to add. Returns false with err set
 * (PYI_E_HTTP "HTTP 404 ... from URL", PYI_E_NETWORK after the retries,
 * PYI_E_CANCELLED, or the sink's own error). */
bool pyi_fetch(const char *url, int64_t offset, const struct pyi_fetch_opts *opts,
	       const struct pyi_fetch_sink *sink, struct pyi_err *err);

/* Fetches url whole into a new NUL-terminated buffer (*buf, *len; free()
 * it), refusing more than max bytes. */
bool pyi_fetch_to_memory(const char *url, size_t max, const struct pyi_fetch_opts *opts, char **buf,
			 size_t *len, struct pyi_err *err);

/* True when s is a URL pyi_fetch handles (http, https, file). */
bool pyi_fetch_is_url(const char *s);

/* The proxy for url from the environment (read through getenv_fn):
 * <scheme>_proxy, <SCHEME>_PROXY, all_proxy, ALL_PROXY — the lower-case
 * name first. NULL when none is set or for file:// URLs. */
const char *pyi_fetch_proxy_for(const char *url, const char *(*getenv_fn)(const char *));

/* The upstream release URL prefix that --mirror replaces. */
#define PYI_UPSTREAM_PREFIX "https://github.com/astral-sh/python-build-standalone/releases/download"

/* url with the upstream release prefix (PYI_UPSTREAM_PREFIX, or the older
 * indygreg/ one) replaced by mirror (trailing slashes ignored). A url
 * outside upstream is returned unchanged. New string (free()); NULL when out
 * of memory. */
char *pyi_fetch_mirror_url(const char *url, const char *mirror);
