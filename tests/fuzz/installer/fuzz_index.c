/* Fuzzes pyi_index_parse and what is done with a parsed index: selection,
 * suggestions, names. Invariants: a selected build runs on the platform,
 * matches the request and has a checksum. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "installer/index.h"

static const char *const requests[] = {"3", "3.12", "3.12.1", "3.13t", "3.14.0rc1", "x", "3.1"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pyi_index *idx = NULL;
	struct pyi_err err = {0};
	if (!pyi_index_parse((const char *)data, size, &idx, &err)) {
		if (idx || err.code == PYI_OK || !err.msg[0])
			abort();
		return 0;
	}
	static const struct pyi_platform plats[] = {{"linux", "x86_64", "gnu"},
						    {"linux", "aarch64", "musl"},
						    {"darwin", "aarch64", "none"}};
	for (size_t p = 0; p < sizeof(plats) / sizeof(plats[0]); p++) {
		for (size_t r = 0; r < sizeof(requests) / sizeof(requests[0]); r++) {
			pyi_err_clear(&err);
			const struct pyi_build *b =
				pyi_index_select(idx, &plats[p], requests[r], &err);
			struct pyi_request req;
			if (b &&
			    (!pyi_build_runs_on(b, &plats[p]) || !b->sha256 ||
			     strlen(b->sha256) != 64 || !pyi_request_parse(requests[r], &req) ||
			     !pyi_request_matches(&req, &b->version)))
				abort();
			if (!b && err.code == PYI_OK)
				abort();
			char names[4][32];
			size_t n = pyi_index_suggest(idx, &plats[p], requests[r], names, 4);
			if (n > 4)
				abort();
			for (size_t i = 0; i < n; i++)
				if (!memchr(names[i], '\0', 32))
					abort();
		}
	}
	for (size_t i = 0; i < pyi_index_size(idx); i++) {
		const struct pyi_build *b = pyi_index_at(idx, i);
		if (!b->url || !b->key || !b->build || !b->name[0])
			abort();
		if (i > 0 && pyi_version_cmp(&pyi_index_at(idx, i - 1)->version, &b->version) > 0)
			abort();
	}
	pyi_index_destroy(idx);
	return 0;
}
