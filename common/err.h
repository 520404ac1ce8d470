/*
 * err.h - error codes and diagnostics shared by every module.
 *
 * Every fallible function returns an int: ZS_OK (0) on success or one of the
 * negative ZS_E* codes below.  Results travel through out-parameters.  A
 * function that can say more than its code (which file, which byte offset,
 * what was wrong) also takes a `zs_diag *` and fills it on failure; callers
 * that do not care pass NULL.  Only main() prints and exits.
 *
 * Corruption of on-disk data (ZS_ECORRUPT) is kept apart from bad arguments
 * (ZS_EINVAL) and from our own bugs (assert), as in SQLite.
 */
#ifndef ZS_ERR_H
#define ZS_ERR_H

#include <stddef.h>

enum {
    ZS_OK = 0,
    ZS_ENOMEM = -1,    /* allocation failed */
    ZS_EIO = -2,       /* read, write, open, rename, fsync, mmap failed */
    ZS_EINVAL = -3,    /* bad argument or malformed user input (query, option) */
    ZS_ECORRUPT = -4,  /* on-disk data fails a check: magic, CRC, bounds */
    ZS_EVERSION = -5,  /* on-disk format version we do not read */
    ZS_EENCODING = -6, /* undecodable text under --strict, unknown encoding */
    ZS_ENOTFOUND = -7, /* a named thing does not exist (file, index, field) */
    ZS_ETOOBIG = -8,   /* input exceeds a documented limit */
    ZS_EBUSY = -9      /* another writer holds the index lock */
};

/* Longest diagnostic message kept; longer ones are truncated. */
#define ZS_DIAG_MAX 512

/* A diagnostic: the code plus a human-readable message such as
 * "corpus/a.txt: offset 1234: invalid GB18030 sequence". */
typedef struct zs_diag {
    int code;
    char msg[ZS_DIAG_MAX];
} zs_diag;

/* Words for an error code ("out of memory", "index corrupt", ...).  Never
 * NULL; the string is static. */
const char *zs_strerror(int code);

/* Record `code` and a printf-style message in `d` (which may be NULL) and
 * return `code`, so that failing paths can say `return zs_fail(d, ...)`. */
int zs_fail(zs_diag *d, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Put `prefix: ` in front of the message already in `d` (no-op when d is
 * NULL or empty).  Used to add the file name at an outer layer. */
void zs_diag_prefix(zs_diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The code for a failed system call's errno: ZS_ENOMEM for ENOMEM (the
 * kernel or libc ran out of memory: the caller must stop, not skip the
 * file), ZS_ENOTFOUND for ENOENT, ZS_EIO for everything else. */
int zs_from_errno(int e);

/* Clear a diagnostic. */
void zs_diag_clear(zs_diag *d);

#endif
