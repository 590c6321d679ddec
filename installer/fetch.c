#include "installer/fetch.h"

#include <curl/curl.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

struct transfer {
	const struct pyi_fetch_sink *sink;
	struct pyi_err *err;
	CURL *curl;
	const char *url;
	bool is_file;
	int64_t pos;         /* absolute offset of the next byte to deliver */
	int64_t from;        /* where this attempt's request started */
	int64_t skip;        /* bytes of this response to drop (Range ignored) */
	int64_t total;       /* size of the whole resource, -1 unknown */
	int64_t range_start; /* this response's Content-Range, -1 none */
	int64_t range_total;
	bool begun;
	bool sink_failed;
	bool cancelled;
};

bool pyi_fetch_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

bool pyi_fetch_is_url(const char *s)
{
	return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0 ||
	       strncasecmp(s, "file://", 7) == 0;
}

const char *pyi_fetch_proxy_for(const char *url, const char *(*getenv_fn)(const char *))
{
	const char *colon = strstr(url, "://");
	if (!colon || (size_t)(colon - url) > 10)
		return NULL;
	char scheme[16];
	size_t n = (size_t)(colon - url);
	for (size_t i = 0; i < n; i++)
		scheme[i] = (char)tolower((unsigned char)url[i]);
	scheme[n] = '\0';
	if (strcmp(scheme, "file") == 0)
		return NULL;
	char name[32];
	const char *v;
	snprintf(name, sizeof(name), "%s_proxy", scheme);
	if ((v = getenv_fn(name)) && *v)
		return v;
	for (char *p = name; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	if ((v = getenv_fn(name)) && *v)
		return v;
	if ((v = getenv_fn("all_proxy")) && *v)
		return v;
	if ((v = getenv_fn("ALL_PROXY")) && *v)
		return v;
	return NULL;
}

char *pyi_fetch_mirror_url(const char *url, const char *mirror)
{
	static const char *const upstream[] = {
		PYI_UPSTREAM_PREFIX,
		"https://github.com/indygreg/python-build-standalone/releases/download",
	};
	if (mirror && *mirror) {
		size_t mlen = strlen(mirror);
		while (mlen > 0 && mirror[mlen - 1] == '/')
			mlen--;
		for (size_t i = 0; i < sizeof(upstream) / sizeof(upstream[0]); i++) {
			size_t plen = strlen(upstream[i]);
			if (strncmp(url, upstream[i], plen) != 0 || url[plen] != '/')
				continue;
			char *out;
			if (asprintf(&out, "%.*s%s", (int)mlen, mirror, url + plen) < 0)
				return NULL;
			return out;
		}
	}
	return strdup(url);
}

static const char *real_getenv(const char *name)
{
	return getenv(name);
}

static size_t header_cb(char *line, size_t size, size_t nitems, void *ctx)
{
	struct transfer *t = ctx;
	size_t n = size * nitems;
	if (n >= 5 && strncmp(line, "HTTP/", 5) == 0) {
		t->range_start = -1;
		t->range_total = -1;
	} else if (n > 14 && strncasecmp(line, "Content-Range:", 14) == 0) {
		char buf[128];
		size_t k = n - 14 < sizeof(buf) - 1 ? n - 14 : sizeof(buf) - 1;
		memcpy(buf, line + 14, k);
		buf[k] = '\0';
		long long a, b, tot;
		if (sscanf(buf, " bytes %lld-%lld/%lld", &a, &b, &tot) == 3) {
			t->range_start = a;
			t->range_total = tot;
		} else if (sscanf(buf, " bytes %lld-%lld/*", &a, &b) == 2) {
			t->range_start = a;
			t->range_total = -1;
		} else if (sscanf(buf, " bytes */%lld", &tot) == 1) {
			t->range_total = tot; /* with 416: the size of the whole */
		}
	}
	return n;
}

static bool begin_response(struct transfer *t)
{
	long status = 0;
	curl_off_t cl = -1;
	char *ct = NULL;
	curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(t->curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &cl);
	curl_easy_getinfo(t->curl, CURLINFO_CONTENT_TYPE, &ct);
	t->skip = 0;
	if (t->from > 0 && status == 206) {
		if (t->range_start != t->from) {
			t->sink_failed = true;
			return pyi_err_set(
				t->err, PYI_E_CONTENT,
				"%s: the server answered a Range request for byte %" PRId64
				" with another range",
				t->url, t->from);
		}
		t->total = t->range_total >= 0 ? t->range_total : (cl >= 0 ? t->from + cl : -1);
	} else if (t->from > 0 && !t->is_file) {
		/* the server ignored Range and sends it all again */
		t->skip = t->from;
		t->total = cl >= 0 ? cl : -1;
	} else {
		t->total = cl >= 0 ? t->from + cl : -1;
	}
	if (t->sink->begin && !t->sink->begin(t->sink->ctx, status, ct, t->total, t->err)) {
		t->sink_failed = true;
		return false;
	}
	return true;
}

static size_t write_cb(char *data, size_t size, size_t nmemb, void *ctx)
{
	struct transfer *t = ctx;
	size_t n = size * nmemb, used = n;
	if (!t->begun) {
		t->begun = true;
		if (!begin_response(t))
			return 0;
	}
	if (t->skip > 0) {
		size_t drop = (int64_t)n < t->skip ? n : (size_t)t->skip;
		t->skip -= (int64_t)drop;
		data += drop;
		n -= drop;
	}
	if (n > 0) {
		if (!t->sink->data(t->sink->ctx, data, n, t->err)) {
			t->sink_failed = true;
			return 0;
		}
		t->pos += (int64_t)n;
	}
	return used;
}

static int xferinfo_cb(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
		       curl_off_t ulnow)
{
	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	struct transfer *t = ctx;
	if (t->sink->progress && !t->sink->progress(t->sink->ctx, t->pos, t->total)) {
		t->cancelled = true;
		return 1;
	}
	return 0;
}

static bool retryable(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_PARTIAL_FILE:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_HTTP3:
		return true;
	default:
		return false;
	}
}

/* Sleeps about ms milliseconds, asking the sink's progress callback every
 * 50 ms whether to stop. Returns false when cancelled. */
static bool backoff(struct transfer *t, long ms)
{
	while (ms > 0) {
		long step = ms < 50 ? ms : 50;
		struct timespec ts = {0, step * 1000000L};
		nanosleep(&ts, NULL);
		ms -= step;
		if (t->sink->progress && !t->sink->progress(t->sink->ctx, t->pos, t->total))
			return false;
	}
	return true;
}

/* opts (NULL: none) with the defaults for what it leaves unset. */
static struct pyi_fetch_opts with_defaults(const struct pyi_fetch_opts *opts)
{
	struct pyi_fetch_opts o = opts ? *opts : (struct pyi_fetch_opts){0};
	if (o.connect_timeout_s <= 0)
		o.connect_timeout_s = 15;
	if (o.low_speed_bytes <= 0)
		o.low_speed_bytes = 1024;
	if (o.low_speed_time_s <= 0)
		o.low_speed_time_s = 30;
	if (o.retries < 0)
		o.retries = 3;
	if (o.retry_delay_ms <= 0)
		o.retry_delay_ms = 500;
	return o;
}

/* Sets up t->curl for t->url with o: protocols, redirects, timeouts, the callbacks
 * into t, the proxy from the environment; errors go to errbuf. */
static void setup_curl(struct transfer *t, const struct pyi_fetch_opts *o, char *errbuf)
{
	CURL *c = t->curl;
	curl_easy_setopt(c, CURLOPT_URL, t->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,file");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
	curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, o->connect_timeout_s);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, o->low_speed_bytes);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, o->low_speed_time_s);
	curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(c, CURLOPT_BUFFERSIZE, 256L * 1024);
	curl_easy_setopt(c, CURLOPT_USERAGENT, o->user_agent ? o->user_agent : "pyenvfs");
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, t);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, xferinfo_cb);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, t);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	const char *proxy = pyi_fetch_proxy_for(t->url, real_getenv);
	if (proxy)
		curl_easy_setopt(c, CURLOPT_PROXY, proxy);
	const char *noproxy = getenv("no_proxy");
	if (!noproxy || !*noproxy)
		noproxy = getenv("NO_PROXY");
	if (noproxy && *noproxy)
		curl_easy_setopt(c, CURLOPT_NOPROXY, noproxy);
}

/* One request from t->pos on (a Range request when resuming). */
static CURLcode perform(struct transfer *t, char *errbuf)
{
	char range[32];
	t->from = t->pos;
	t->begun = false;
	t->skip = 0;
	errbuf[0] = '\0';
	if (t->pos > 0) {
		snprintf(range, sizeof(range), "%" PRId64 "-", t->pos);
		curl_easy_setopt(t->curl, CURLOPT_RANGE, range);
	} else {
		curl_easy_setopt(t->curl, CURLOPT_RANGE, NULL);
	}
	return curl_easy_perform(t->curl);
}

enum outcome { FETCHED, FAILED, RETRY };

/* What request number `attempt` ending with rc means: the whole resource arrived,
 * a failure (said in t->err), or a failure worth retrying. */
static enum outcome outcome(struct transfer *t, CURLcode rc, int attempt, int retries,
			    const char *errbuf)
{
	if (rc == CURLE_OK && !t->begun) {
		/* an empty body: still tell the sink what came */
		t->begun = true;
		if (!begin_response(t))
			return FAILED;
	}
	if (rc == CURLE_OK)
		return FETCHED;
	if (t->sink_failed)
		return FAILED;
	if (t->cancelled || rc == CURLE_ABORTED_BY_CALLBACK) {
		pyi_err_set(t->err, PYI_E_CANCELLED, "cancelled");
		return FAILED;
	}
	if (rc == CURLE_HTTP_RETURNED_ERROR) {
		long status = 0;
		curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
		if (status == 416 && t->pos > 0 && t->range_total == t->pos) {
			/* a resume at the very end: everything is here already */
			t->total = t->pos;
			return FETCHED;
		}
		pyi_err_set(t->err, PYI_E_HTTP, "the server answered HTTP %ld for %s", status,
			    t->url);
		return FAILED;
	}
	if (rc == CURLE_RANGE_ERROR || rc == CURLE_BAD_DOWNLOAD_RESUME) {
		pyi_err_set(t->err, PYI_E_HTTP, "cannot resume %s at byte %" PRId64 ": %s", t->url,
			    t->pos, errbuf[0] ? errbuf : curl_easy_strerror(rc));
		return FAILED;
	}
	if (!retryable(rc) || attempt >= retries) {
		pyi_err_set(t->err, PYI_E_NETWORK, "download of %s failed%s: %s", t->url,
			    attempt > 0 ? " after retries" : "",
			    errbuf[0] ? errbuf : curl_easy_strerror(rc));
		return FAILED;
	}
	return RETRY;
}

bool pyi_fetch(const char *url, int64_t offset, const struct pyi_fetch_opts *opts,
	       const struct pyi_fetch_sink *sink, struct pyi_err *err)
{
	struct pyi_fetch_opts o = with_defaults(opts);
	struct transfer t = {
		.sink = sink,
		.err = err,
		.url = url,
		.is_file = strncasecmp(url, "file://", 7) == 0,
		.pos = offset,
		.total = -1,
		.range_start = -1,
		.range_total = -1,
	};
	char errbuf[CURL_ERROR_SIZE];
	t.curl = curl_easy_init();
	if (!t.curl)
		return pyi_err_set(err, PYI_E_IO, "cannot start libcurl");
	setup_curl(&t, &o, errbuf);

	unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid() ^ (unsigned)(uintptr_t)&t;
	enum outcome out;
	for (int attempt = 0;; attempt++) {
		out = outcome(&t, perform(&t, errbuf), attempt, o.retries, errbuf);
		if (out != RETRY)
			break;
		long delay = o.retry_delay_ms << attempt;
		delay = delay / 2 + (long)(rand_r(&seed) % (unsigned)(delay + 1));
		if (!backoff(&t, delay)) {
			pyi_err_set(err, PYI_E_CANCELLED, "cancelled");
			out = FAILED;
			break;
		}
	}
	curl_easy_cleanup(t.curl);
	return out == FETCHED;
}

struct membuf {
	char *buf;
	size_t len, cap, max;
	const char *url;
};

static bool mem_data(void *ctx, const void *data, size_t n, struct pyi_err *err)
{
	struct membuf *m = ctx;
	if (m->len + n + 1 > m->max)
		return pyi_err_set(err, PYI_E_CONTENT, "%s is larger than %zu bytes", m->url,
				   m->max);
	if (m->len + n + 1 > m->cap) {
		size_t ncap = m->cap ? m->cap : 65536;
		while (ncap < m->len + n + 1)
			ncap *= 2;
		char *nbuf = realloc(m->buf, ncap);
		if (!nbuf)
			return pyi_err_set(err, PYI_E_IO, "out of memory");
		m->buf = nbuf;
		m->cap = ncap;
	}
	memcpy(m->buf + m->len, data, n);
	m->len += n;
	return true;
}

bool pyi_fetch_to_memory(const char *url, size_t max, const struct pyi_fetch_opts *opts, char **buf,
			 size_t *len, struct pyi_err *err)
{
	struct membuf m = {.max = max, .url = url};
	struct pyi_fetch_sink sink = {.data = mem_data, .ctx = &m};
	*buf = NULL;
	*len = 0;
	if (!pyi_fetch(url, 0, opts, &sink, err) || !mem_data(&m, "", 0, err)) {
		free(m.buf);
		return false;
	}
	m.buf[m.len] = '\0';
	*buf = m.buf;
	*len = m.len;
	return true;
}
