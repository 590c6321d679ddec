/* config: pyenvfs's settings file, $XDG_CONFIG_HOME/pyenvfs/config (else
 * ~/.config/pyenvfs/config). Its lines are NAME=VALUE (blanks around NAME and VALUE are
 * ignored, VALUE may be in '' or "" quotes; lines starting with '#' or ';' and blank
 * lines are skipped), the names those of pyenvfs's environment variables
 * (PYENVFS_AUTO_INSTALL, PYENVFS_TOOL_VERSIONS): the syntax of a systemd EnvironmentFile,
 * so the user unit reads the same file. The environment wins over the file. */
#pragma once

#include "resolver/strv.h"

/* The file's path from XDG_CONFIG_HOME or HOME (either may be NULL). Malloc'ed; NULL when
 * both are unset or empty (errno 0) or on ENOMEM. */
char *rv_config_path(const char *xdg_config_home, const char *home);

/* The last value given to name in the file at path. Returns 0 with *value malloc'ed,
 * -ENOENT when the file or the name is missing, another -errno when it cannot be read
 * (64 KiB at most), -ENOMEM. Lines that are not NAME=VALUE get
 * "<prog>: FILE line N: not NAME=VALUE: ignored" in msgs. */
int rv_config_read(const char *path, const char *name, char **value, const char *prog,
		   struct rv_strv *msgs);

/* The setting name: getenv(name) when set, else rv_config_read of rv_config_path's file
 * (a read error other than -ENOENT goes to msgs as "<prog>: FILE: error"). Returns 0 with
 * *value malloc'ed, -ENOENT when neither sets it, -ENOMEM. */
int rv_setting(const char *name, char **value, const char *prog, struct rv_strv *msgs);
