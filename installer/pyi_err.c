#include "installer/pyi_err.h"

#include <stdarg.h>
#include <stdio.h>

bool pyi_err_set(struct pyi_err *err, enum pyi_code code, const char *fmt, ...)
{
	if (!err || err->code != PYI_OK)
		return false;
	err->code = code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return false;
}

void pyi_err_clear(struct pyi_err *err)
{
	if (!err)
		return;
	err->code = PYI_OK;
	err->msg[0] = '\0';
}
