/* tomb.c - reading and writing tombstone files (see tomb.h). */
#include "tomb.h"

#include "buf.h"
#include "bytes.h"
#include "format.h"
#include "manifest.h"
#include "zfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TOMB_PATH_MAX 4096
#define TOMB_HEAD     16

static uint32_t popcount8(uint8_t b)
{
    uint32_t n = 0;
    for (; b; b &= (uint8_t)(b - 1)) n++;
    return n;
}

int tomb_read(const char *dir, uint64_t seg_id, uint64_t del_id, uint32_t ndocs, int verify,
              uint8_t **bits, uint32_t *ndel, zs_diag *d)
{
    *bits = NULL;
    *ndel = 0;
    char name[64], path[TOMB_PATH_MAX];
    man_tomb_name(seg_id, del_id, name, sizeof name);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    zf_reader *r;
    int rc = zf_open(&r, path, FMT_KIND_TOMB, FMT_VERSION, d);
    if (rc) return rc;
    if (verify) rc = zf_verify_all(r, d);
    zf_slice s = {0};
    if (!rc) rc = zf_section_checked(r, TOMB_SECTION, &s, d);
    size_t nb = tomb_bytes(ndocs);
    if (rc == ZS_ENOTFOUND || (!rc && (s.len != TOMB_HEAD + nb || zf_id(r) != del_id ||
                                       le_get64(s.p) != seg_id || le_get32(s.p + 8) != ndocs)))
        rc = zs_fail(d, ZS_ECORRUPT, "index corrupt: %s: not the tombstones of its segment", path);
    uint8_t *b = NULL;
    if (!rc && !(b = malloc(nb ? nb : 1))) rc = ZS_ENOMEM;
    if (!rc) {
        memcpy(b, s.p + TOMB_HEAD, nb);
        uint32_t n = 0;
        for (size_t i = 0; i < nb; i++) n += popcount8(b[i]);
        int stray = (ndocs & 7) && (b[nb - 1] >> (ndocs & 7));
        if (stray || n != le_get32(s.p + 12))
            rc = zs_fail(d, ZS_ECORRUPT, "index corrupt: %s: deleted-document count", path);
        else
            *ndel = n;
    }
    zf_close(r);
    if (rc) {
        free(b);
        return rc;
    }
    *bits = b;
    return ZS_OK;
}

int tomb_write(const char *dir, uint64_t seg_id, uint64_t del_id, uint32_t ndocs,
               const uint8_t *bits, zs_diag *d)
{
    char name[64], path[TOMB_PATH_MAX], tmp[TOMB_PATH_MAX + 8];
    man_tomb_name(seg_id, del_id, name, sizeof name);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    size_t nb = tomb_bytes(ndocs);
    uint32_t n = 0;
    for (size_t i = 0; i < nb; i++) n += popcount8(bits[i]);
    buf b;
    buf_init(&b);
    int rc = le_buf64(&b, seg_id);
    if (!rc) rc = le_buf32(&b, ndocs);
    if (!rc) rc = le_buf32(&b, n);
    if (!rc) rc = buf_add(&b, bits, nb);
    zf_writer *w = NULL;
    if (!rc) rc = zf_create(&w, tmp, FMT_KIND_TOMB, FMT_VERSION, del_id, d);
    if (!rc) {
        zf_section_begin(w, TOMB_SECTION);
        zf_write(w, b.data, b.len);
        zf_section_end(w);
        rc = zf_finish(w, d); /* fsyncs */
    }
    buf_free(&b);
    if (!rc && rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        rc = zs_fail(d, ZS_EIO, "%s: cannot rename: %s", tmp, strerror(e));
    }
    return rc;
}
