/* mount/doctor: `pyenvfs-ctl doctor`, the checks of what pyenvfs needs on this machine.
 * A command: it prints its findings (ctl/mount/probe.h says the error convention). */
#pragma once

#include "ctl/ctl.h"
#include "ctl/mount/probe.h"

/* Runs every check for `paths`, printing one line per check to stdout ("ok", "note" or
 * "PROBLEM", each problem followed by a "fix:" line with the command that fixes it) and a
 * summary. Returns the number of problems. */
int mnt_doctor(const struct ctl *ctl, const struct mnt_paths *paths);
