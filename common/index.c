/* index.c - opening an index as a set of segments (see index.h). */
#include "index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IX_PATH_MAX 4096

static void close_segments(zindex *ix)
{
    for (size_t i = 0; i < ix->nsegs; i++) seg_close(ix->segs[i]);
    free(ix->segs);
    free(ix->seg_base);
    ix->segs = NULL;
    ix->seg_base = NULL;
    ix->nsegs = 0;
    man_free(&ix->man);
}

/* Open the segments ix->man names. */
static int open_segments(zindex *ix, zs_diag *d)
{
    int rc;
    size_t n = ix->man.nsegs;
    ix->segs = calloc(n ? n : 1, sizeof *ix->segs);
    ix->seg_base = calloc(n ? n : 1, sizeof *ix->seg_base);
    if (!ix->segs || !ix->seg_base) return ZS_ENOMEM;
    ix->npassages = ix->ndocs = ix->total_tokens = 0;
    for (size_t i = 0; i < n; i++) {
        char name[64], path[IX_PATH_MAX];
        man_segment_name(ix->man.segs[i].id, name, sizeof name);
        snprintf(path, sizeof path, "%s/%s", ix->dir, name);
        rc = seg_open(&ix->segs[i], path, d);
        if (rc) return rc;
        ix->nsegs = i + 1;
        segment *s = ix->segs[i];
        if (s->npassages != ix->man.segs[i].npassages || s->ndocs != ix->man.segs[i].ndocs)
            return zs_fail(d, ZS_ECORRUPT, "index corrupt: %s: does not match %s", path, MAN_FILE);
        ix->seg_base[i] = ix->npassages;
        ix->npassages += s->npassages;
        ix->ndocs += s->ndocs;
        ix->total_tokens += s->total_tokens;
    }
    return ZS_OK;
}

/* One attempt: read the manifest and open its segments. */
static int open_once(zindex *ix, zs_diag *d)
{
    int rc = man_read(ix->dir, &ix->man, d);
    if (rc == ZS_ENOTFOUND)
        return zs_fail(d, rc, "%s: no index here (no %s; build one with zhindex build)", ix->dir,
                       MAN_FILE);
    return rc ? rc : open_segments(ix, d);
}

int ix_open(zindex **out, const char *dir, zs_diag *d)
{
    *out = NULL;
    zindex *ix = calloc(1, sizeof *ix);
    if (!ix) return ZS_ENOMEM;
    ix->dir = strdup(dir);
    if (!ix->dir) {
        free(ix);
        return ZS_ENOMEM;
    }
    int rc = ZS_OK;
    for (int attempt = 0; attempt < IX_OPEN_RETRIES; attempt++) {
        rc = open_once(ix, d);
        if (rc != ZS_ENOTFOUND || attempt + 1 == IX_OPEN_RETRIES) break;
        /* a segment vanished: a writer committed meanwhile; read again
         * (but a missing manifest is final) */
        if (!ix->man.nsegs && !ix->segs) break;
        close_segments(ix);
        zs_diag_clear(d);
    }
    if (rc == ZS_ENOTFOUND && ix->man.nsegs) {
        /* the manifest read the last time names a segment that is still not
         * there: not a commit in between (that would have been seen by now)
         * but a damaged manifest or a deleted file */
        char why[ZS_DIAG_MAX];
        snprintf(why, sizeof why, "%s", d && d->msg[0] ? d->msg : "a segment is missing");
        rc = zs_fail(d, ZS_ECORRUPT, "index corrupt: %s/%s: names a missing segment (%s)", ix->dir,
                     MAN_FILE, why);
    }
    if (rc) {
        ix_close(ix);
        return rc;
    }
    *out = ix;
    return ZS_OK;
}

int ix_reopen(const zindex *src, zindex **out, zs_diag *d)
{
    *out = NULL;
    zindex *ix = calloc(1, sizeof *ix);
    if (!ix) return ZS_ENOMEM;
    ix->dir = strdup(src->dir);
    ix->man = src->man;
    ix->man.segs = malloc((src->man.nsegs ? src->man.nsegs : 1) * sizeof *ix->man.segs);
    if (!ix->dir || !ix->man.segs) {
        ix->man.nsegs = 0;
        ix_close(ix);
        return ZS_ENOMEM;
    }
    if (src->man.nsegs) memcpy(ix->man.segs, src->man.segs, src->man.nsegs * sizeof *ix->man.segs);
    int rc = open_segments(ix, d);
    if (rc) {
        ix_close(ix);
        return rc;
    }
    *out = ix;
    return ZS_OK;
}

void ix_close(zindex *ix)
{
    if (!ix) return;
    close_segments(ix);
    free(ix->dir);
    free(ix);
}

double ix_avgdl(const zindex *ix)
{
    return ix->npassages ? (double)ix->total_tokens / (double)ix->npassages : 1.0;
}

size_t ix_segment_of(const zindex *ix, uint64_t gid, uint32_t *local)
{
    size_t lo = 0, hi = ix->nsegs;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (ix->seg_base[mid] <= gid)
            lo = mid;
        else
            hi = mid;
    }
    *local = (uint32_t)(gid - ix->seg_base[lo]);
    return lo;
}
