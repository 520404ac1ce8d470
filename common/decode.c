/* decode.c - TEMPORARY UTF-8-only stand-in (see decode.h). */
#include "decode.h"

#include "utf8.h"

#include <stdlib.h>
#include <string.h>

struct dec {
    int strict;
    uint64_t consumed, replaced, first_bad;
    uint8_t pend[4];
    size_t npend;
    int first;
};

int dec_new(dec **out, const dec_opts *o, zs_diag *d)
{
    (void)d;
    dec *dc = calloc(1, sizeof *dc);
    if (!dc) return ZS_ENOMEM;
    dc->strict = o->strict;
    dc->first = 1;
    *out = dc;
    return ZS_OK;
}

int dec_feed(dec *dc, const uint8_t *in, size_t n, int last, buf *out, u64vec *offs, zs_diag *d)
{
    uint8_t *tmp = malloc(dc->npend + n + 1);
    if (!tmp) return ZS_ENOMEM;
    memcpy(tmp, dc->pend, dc->npend);
    memcpy(tmp + dc->npend, in, n);
    size_t len = dc->npend + n;
    uint64_t base = dc->consumed - dc->npend;
    size_t i = 0;
    if (dc->first && len >= 3 && tmp[0] == 0xEF && tmp[1] == 0xBB && tmp[2] == 0xBF) i = 3;
    if (len >= 3 || last) dc->first = 0;
    int rc = ZS_OK;
    while (i < len) {
        uint32_t cp;
        int k = u8_decode(tmp + i, tmp + len, &cp);
        if (!k) {
            if (!last && len - i < 4) break; /* maybe incomplete */
            if (dc->strict) {
                rc = zs_fail(d, ZS_EENCODING, "offset %llu: invalid UTF-8 sequence",
                             (unsigned long long)(base + i));
                break;
            }
            if (!dc->replaced) dc->first_bad = base + i;
            dc->replaced++;
            cp = U8_REPLACEMENT;
            k = 1;
        }
        if (cp == 0) cp = ' ';
        uint8_t enc[4];
        buf_add(out, enc, (size_t)u8_encode(cp, enc));
        u64vec_push(offs, base + i);
        i += (size_t)k;
    }
    dc->npend = len - i;
    memcpy(dc->pend, tmp + i, dc->npend);
    dc->consumed += n;
    free(tmp);
    return rc;
}

void dec_report(const dec *dc, dec_info *info)
{
    info->encoding = "UTF-8";
    info->replaced = dc->replaced;
    info->first_bad = dc->first_bad;
    info->consumed = dc->consumed;
}

void dec_free(dec *dc)
{
    free(dc);
}
