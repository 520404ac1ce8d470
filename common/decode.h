/* decode.h - TEMPORARY UTF-8-only stand-in for the streaming decoder being
 * written on branch h-decode; same API.  To be replaced. */
#ifndef ZS_DECODE_H
#define ZS_DECODE_H

#include "buf.h"
#include "err.h"
#include "vec.h"

#include <stddef.h>
#include <stdint.h>

typedef struct dec dec;

typedef struct dec_opts {
    const char *encoding;
    int strict;
} dec_opts;

typedef struct dec_info {
    const char *encoding;
    uint64_t replaced;
    uint64_t first_bad;
    uint64_t consumed;
} dec_info;

int dec_new(dec **out, const dec_opts *o, zs_diag *d);
int dec_feed(dec *dc, const uint8_t *in, size_t n, int last, buf *out, u64vec *offs, zs_diag *d);
void dec_report(const dec *dc, dec_info *info);
void dec_free(dec *dc);

#endif
