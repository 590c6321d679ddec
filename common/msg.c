/* pc_msg: see msg.h. */
#include "common/msg.h"

#include <stdarg.h>
#include <stdio.h>

void pc_msg_set(struct pc_msg *msg, const char *fmt, ...)
{
	if (!msg)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg->text, sizeof(msg->text), fmt, ap);
	va_end(ap);
}
