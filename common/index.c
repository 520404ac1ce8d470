/* index.c - opening an index as a set of segments (see index.h). */
#include "index.h"

#include "tomb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IX_PATH_MAX 4096

static void close_segments(zindex *ix)
{
    for (size_t i = 0; i < ix->nsegs; i++) {
        seg_close(ix->segs[i]);
        free(ix->deleted[i]);
    }
    free(ix->deleted);
    ix->deleted = NULL;
    free(ix->segs);
    free(ix->seg_base);
    ix->segs = NULL;
    ix->seg_base = NULL;
    ix->nsegs = 0;
    man_free(&ix->man);
}

/* Read the tombstones of segment i and mark its deleted passages; their
 * tokens go to *dead_tokens.  The counts must be the manifest's. */
static int load_tombs(zindex *ix, size_t i, uint64_t *dead_tokens, zs_diag *d)
{
    segment *s = ix->segs[i];
    const man_segment *ms = &ix->man.segs[i];
    uint32_t ndel;
    int rc = tomb_read(ix->dir, ms->id, ms->del_id, s->ndocs, 0, &ix->deleted[i], &ndel, d);
    if (rc) return rc;
    s->dead = calloc(tomb_bytes(s->npassages) + 1, 1);
    if (!s->dead) return ZS_ENOMEM;
    for (uint32_t doc = 0; doc < s->ndocs; doc++) {
        if (!tomb_has(ix->deleted[i], doc)) continue;
        uint32_t first = seg_doc_first(s, doc);
        uint32_t end = doc + 1 < s->ndocs ? seg_doc_first(s, doc + 1) : s->npassages;
        if (end > s->npassages || first > end)
            return zs_fail(d, ZS_ECORRUPT, "index corrupt: %s: document index order",
                           zf_path(s->zr));
        for (uint32_t p = first; p < end; p++) {
            s->dead[p >> 3] |= (uint8_t)(1u << (p & 7));
            *dead_tokens += seg_dl(s, p);
        }
        s->ndead += end - first;
    }
    if (ndel != ms->ndel_docs || s->ndead != ms->ndel_passages)
        return zs_fail(d, ZS_ECORRUPT, "index corrupt: %s: deletions do not match %s",
                       zf_path(s->zr), MAN_FILE);
    s->dead_ids = calloc(s->ndead ? s->ndead : 1, sizeof *s->dead_ids);
    if (!s->dead_ids) return ZS_ENOMEM;
    uint32_t k = 0;
    for (uint32_t p = 0; p < s->npassages && k < s->ndead; p++)
        if (seg_dead(s, p)) s->dead_ids[k++] = p;
    return ZS_OK;
}

/* Open the segments ix->man names, with their tombstones. */
static int open_segments(zindex *ix, zs_diag *d)
{
    int rc;
    size_t n = ix->man.nsegs;
    ix->segs = calloc(n ? n : 1, sizeof *ix->segs);
    ix->seg_base = calloc(n ? n : 1, sizeof *ix->seg_base);
    ix->deleted = calloc(n ? n : 1, sizeof *ix->deleted);
    if (!ix->segs || !ix->seg_base || !ix->deleted) return ZS_ENOMEM;
    ix->npassages = ix->ndocs = ix->total_tokens = ix->nids = ix->ndeleted = 0;
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
        uint64_t dead_tokens = 0;
        if (ix->man.segs[i].del_id) {
            rc = load_tombs(ix, i, &dead_tokens, d);
            if (rc) return rc;
        }
        ix->seg_base[i] = ix->nids;
        ix->nids += s->npassages;
        ix->npassages += s->npassages - s->ndead;
        ix->ndocs += s->ndocs - ix->man.segs[i].ndel_docs;
        ix->ndeleted += ix->man.segs[i].ndel_docs;
        ix->total_tokens += s->total_tokens - dead_tokens;
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
