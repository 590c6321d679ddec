/* libFuzzer target: the .tool-versions parser over arbitrary bytes. Checks its invariants:
 * words are never empty and hold no blank or '#', a malformed entry is never safe, the safe
 * count adds up, and the return says whether a python line was seen. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "resolver/tool_versions.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rv_vfile vf = {0};
	int r = rv_toolv_parse(&vf, (const char *)data, size, "/nonexistent-root", "/");
	if (r < 0 || r > 1 || (r == 0 && vf.n))
		abort();
	size_t safe = 0, line = 0;
	for (size_t i = 0; i < vf.n; i++) {
		const struct rv_vfile_word *w = &vf.words[i];
		if (!w->malformed && (!*w->word || strpbrk(w->word, " \t\r\n#")))
			abort();
		if (w->malformed && w->safe)
			abort();
		if (w->line < line || w->line == 0) /* in file order */
			abort();
		line = w->line;
		safe += w->safe;
	}
	if (safe != vf.n_safe)
		abort();
	rv_vfile_finish(&vf);
	return 0;
}
