/* err.c - error code words and diagnostic formatting (see err.h). */
#include "err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *zs_strerror(int code)
{
    switch (code) {
    case ZS_OK:
        return "success";
    case ZS_ENOMEM:
        return "out of memory";
    case ZS_EIO:
        return "input/output error";
    case ZS_EINVAL:
        return "invalid argument";
    case ZS_ECORRUPT:
        return "index corrupt";
    case ZS_EVERSION:
        return "unsupported format version";
    case ZS_EENCODING:
        return "encoding error";
    case ZS_ENOTFOUND:
        return "not found";
    case ZS_ETOOBIG:
        return "too large";
    case ZS_EBUSY:
        return "index busy";
    default:
        return "unknown error";
    }
}

int zs_fail(zs_diag *d, int code, const char *fmt, ...)
{
    if (d) {
        va_list ap;
        va_start(ap, fmt);
        d->code = code;
        vsnprintf(d->msg, sizeof d->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

void zs_diag_prefix(zs_diag *d, const char *fmt, ...)
{
    if (!d || !d->msg[0]) return;
    char head[ZS_DIAG_MAX], old[ZS_DIAG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    memcpy(old, d->msg, sizeof old);
    snprintf(d->msg, sizeof d->msg, "%s: %s", head, old);
}

void zs_diag_clear(zs_diag *d)
{
    if (!d) return;
    d->code = ZS_OK;
    d->msg[0] = '\0';
}

int zs_from_errno(int e)
{
    if (e == ENOMEM) return ZS_ENOMEM;
    return e == ENOENT ? ZS_ENOTFOUND : ZS_EIO;
}
