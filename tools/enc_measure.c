/*
 * enc_measure.c - print the encoding the decoder detects (decode.h) for each
 * sample read from stdin, one name a line.  A sample is a 4-byte
 * little-endian length and that many bytes, fed to a fresh decoder as a
 * whole file.  Built and run by tools/enc_measure.py; not part of the
 * product.
 */
#include "decode.h"
#include "err.h"

#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    unsigned char h[4];
    uint8_t *s = NULL;
    while (fread(h, 1, 4, stdin) == 4) {
        size_t n = (size_t)h[0] | (size_t)h[1] << 8 | (size_t)h[2] << 16 | (size_t)h[3] << 24;
        uint8_t *q = realloc(s, n ? n : 1);
        if (!q || fread(q, 1, n, stdin) != n) {
            free(q ? q : s);
            fprintf(stderr, "enc_measure: bad input\n");
            return 2;
        }
        s = q;
        dec *dc;
        zs_diag d;
        zs_diag_clear(&d);
        buf out;
        u64vec offs;
        buf_init(&out);
        u64vec_init(&offs);
        dec_info info = {0};
        int rc = dec_new(&dc, NULL, &d);
        if (!rc) rc = dec_feed(dc, s, n, 1, &out, &offs, &d);
        if (dc) dec_report(dc, &info);
        printf("%s\n", rc ? "error" : info.encoding);
        dec_free(dc);
        buf_free(&out);
        u64vec_free(&offs);
    }
    free(s);
    return 0;
}
