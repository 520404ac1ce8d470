/*
 * fuzz_tomb.c - reading tombstone files (common/tomb.h), and opening,
 * searching and checking an index whose segment has them (common/index.h,
 * indexer/inspect.h).
 *
 * Input: the bytes of a tombstone file "del-SSSSSS-TTTTTT.zhd" (seeds:
 * tombstones zhindex remove wrote).  Its checksums are recomputed
 * (fuzz_reseal), so a mutation reaches the parser behind them.
 *
 * 1. Written under the name its own header and section give (segment id
 *    and document count from the section, tombstone id from the header),
 *    it is read with tomb_read, without and with verification.  A read
 *    keeps tomb.h's promises: the bitmap's set bits are the count given,
 *    none at or beyond ndocs; a verified read gives what an unverified
 *    one does; the bitmap written again with tomb_write reads back the
 *    same; the same file asked for as another segment's, or with another
 *    document count, is refused as corrupt.  A refusal has a message.
 * 2. As the tombstones of segment 1 of the small index (fuzz_build_index),
 *    named by a MANIFEST with the counts they give (the deleted passages
 *    counted from the segment's documents), the index is opened, searched
 *    and checked (fuzz_check_index).
 *
 * Any other outcome is fine but a crash, a leak or undefined behaviour.
 */
#include "fuzz.h"

#include "err.h"
#include "manifest.h"
#include "tomb.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Documents of the small index's one segment (it holds 2). */
#define FUZZ_TOMB_MAX_DOCS 64
#define FUZZ_TOMB_HEAD     16 /* u64 segment_id, u32 ndocs, u32 ndeleted */

static uint64_t get_le(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--) v = v << 8 | p[i];
    return v;
}

/* What the file says of itself: its header id (the tombstone id), and from
 * its TOMB_SECTION the segment id, document count and deleted count (0
 * where it does not hold them). */
typedef struct tomb_claim {
    uint64_t del_id, seg_id;
    uint32_t ndocs, ndel;
} tomb_claim;

static tomb_claim claims(const uint8_t *f, size_t len)
{
    tomb_claim c = {0, 0, 0, 0};
    if (len < 64) return c;
    c.del_id = get_le(f + 32, 8);
    uint64_t body = get_le(f + 16, 8), nsec = get_le(f + 28, 4);
    if (body > len - 64 || nsec > (len - 64 - body) / 32) return c;
    for (uint64_t i = 0; i < nsec; i++) {
        const uint8_t *e = f + 64 + body + 32 * i;
        uint64_t off = get_le(e + 8, 8);
        if (get_le(e, 4) != TOMB_SECTION || off > body || body - off < FUZZ_TOMB_HEAD) continue;
        c.seg_id = get_le(f + 64 + off, 8);
        c.ndocs = (uint32_t)get_le(f + 64 + off + 8, 4);
        c.ndel = (uint32_t)get_le(f + 64 + off + 12, 4);
        break;
    }
    return c;
}

/* tomb_read, and the promises of its header checked. */
static int read_checked(const char *dir, uint64_t seg, uint64_t del, uint32_t ndocs, int verify,
                        uint8_t **bits, uint32_t *ndel)
{
    zs_diag d;
    zs_diag_clear(&d);
    int rc = tomb_read(dir, seg, del, ndocs, verify, bits, ndel, &d);
    if (rc) {
        FUZZ_CHECK(*bits == NULL && *ndel == 0);
        FUZZ_CHECK(rc == ZS_ENOMEM || d.msg[0] != '\0');
        return rc;
    }
    FUZZ_CHECK(*bits != NULL);
    uint32_t n = 0;
    for (uint32_t k = 0; k < ndocs; k++) n += (uint32_t)tomb_has(*bits, k);
    FUZZ_CHECK(n == *ndel && n <= ndocs);
    size_t nb = tomb_bytes(ndocs);
    if (ndocs & 7) FUZZ_CHECK(((*bits)[nb - 1] >> (ndocs & 7)) == 0);
    return rc;
}

/* Part 1: the file read as what it says it is, and as what it is not. */
static void read_as_claimed(const uint8_t *f, size_t size, const tomb_claim *c)
{
    char dir[4096], path[4200], name[64];
    fuzz_path(dir, sizeof dir, "tombs");
    if (mkdir(dir, 0755) && errno != EEXIST) abort();
    man_tomb_name(c->seg_id, c->del_id, name, sizeof name);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (fuzz_write(path, f, size) != 0) return;
    uint8_t *plain = NULL, *checked = NULL, *again = NULL;
    uint32_t np = 0, nc = 0, na = 0;
    int rp = read_checked(dir, c->seg_id, c->del_id, c->ndocs, 0, &plain, &np);
    int rv = read_checked(dir, c->seg_id, c->del_id, c->ndocs, 1, &checked, &nc);
    size_t nb = tomb_bytes(c->ndocs);
    if (!rv) FUZZ_CHECK(!rp && np == nc && !memcmp(plain, checked, nb));
    if (!rp) {
        /* the same bytes under another segment's name */
        char moved[4200];
        uint8_t *other = NULL;
        uint32_t no = 0;
        man_tomb_name(c->seg_id + 1, c->del_id, name, sizeof name);
        snprintf(moved, sizeof moved, "%s/%s", dir, name);
        if (fuzz_write(moved, f, size) == 0)
            FUZZ_CHECK(read_checked(dir, c->seg_id + 1, c->del_id, c->ndocs, 0, &other, &no) != 0);
        remove(moved);
        if (c->ndocs < UINT32_MAX)
            FUZZ_CHECK(read_checked(dir, c->seg_id, c->del_id, c->ndocs + 1, 0, &other, &no) != 0);
        /* written again, read back the same */
        zs_diag d;
        zs_diag_clear(&d);
        remove(path);
        if (tomb_write(dir, c->seg_id, c->del_id, c->ndocs, plain, &d) == ZS_OK) {
            FUZZ_CHECK(read_checked(dir, c->seg_id, c->del_id, c->ndocs, 1, &again, &na) == 0);
            FUZZ_CHECK(na == np && !memcmp(again, plain, nb));
        }
    }
    remove(path);
    free(plain);
    free(checked);
    free(again);
}

/* The small index's segment 1: its counts and each document's first
 * passage, read once. */
typedef struct base_seg {
    uint32_t npassages, ndocs;
    uint32_t first[FUZZ_TOMB_MAX_DOCS + 1]; /* first[ndocs] = npassages */
} base_seg;

static void load_base(const char *dir, base_seg *b)
{
    if (fuzz_build_index(dir)) abort();
    zindex *ix;
    zs_diag d;
    if (ix_open(&ix, dir, &d) || ix->nsegs != 1 || ix->segs[0]->ndocs > FUZZ_TOMB_MAX_DOCS) abort();
    const segment *s = ix->segs[0];
    b->npassages = s->npassages;
    b->ndocs = s->ndocs;
    for (uint32_t k = 0; k < s->ndocs; k++) b->first[k] = seg_doc_first(s, k);
    b->first[s->ndocs] = s->npassages;
    ix_close(ix);
}

/* Part 2: the file as the tombstones of the small index's segment. */
static void open_as_index(const uint8_t *f, size_t size, const tomb_claim *c)
{
    static base_seg base;
    static int built;
    static char written[64];   /* the tombstone file now in the directory */
    static man_segment listed; /* what the MANIFEST now says */
    char dir[4096], path[4200], name[64];
    fuzz_path(dir, sizeof dir, "index");
    if (!built) load_base(dir, &base);
    built = 1;
    if (c->del_id == 0) return; /* a manifest names no tombstone 0 */
    man_tomb_name(1, c->del_id, name, sizeof name);
    if (written[0] && strcmp(written, name)) {
        snprintf(path, sizeof path, "%s/%s", dir, written);
        remove(path);
        written[0] = '\0';
    }
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (fuzz_write(path, f, size) != 0) return;
    snprintf(written, sizeof written, "%s", name);
    /* the counts the manifest gives: those of the bitmap when it reads,
     * else the file's own claim (bounded as man_read requires) */
    man_segment seg = {1, base.npassages, base.ndocs, c->del_id, 0, 0};
    uint8_t *bits = NULL;
    uint32_t ndel = 0;
    if (read_checked(dir, 1, c->del_id, base.ndocs, 0, &bits, &ndel) == ZS_OK) {
        seg.ndel_docs = ndel;
        for (uint32_t k = 0; k < base.ndocs; k++)
            if (tomb_has(bits, k)) seg.ndel_passages += base.first[k + 1] - base.first[k];
    } else {
        seg.ndel_docs = c->ndel <= base.ndocs ? c->ndel : base.ndocs;
    }
    free(bits);
    int ok = 1;
    /* man_write syncs to disk: only when the listing changes */
    if (seg.del_id != listed.del_id || seg.ndel_docs != listed.ndel_docs ||
        seg.ndel_passages != listed.ndel_passages || listed.id != 1) {
        manifest m = {2, 2, &seg, 1};
        zs_diag d;
        ok = man_write(dir, &m, &d) == ZS_OK;
        listed = ok ? seg : (man_segment){0, 0, 0, 0, 0, 0};
    }
    if (ok) fuzz_check_index(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *f = malloc(size ? size : 1);
    if (!f) return 0;
    memcpy(f, data, size);
    fuzz_reseal(f, size);
    tomb_claim c = claims(f, size);
    read_as_claimed(f, size, &c);
    open_as_index(f, size, &c);
    free(f);
    return 0;
}
