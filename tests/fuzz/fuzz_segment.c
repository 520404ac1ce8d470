/*
 * fuzz_segment.c - opening, searching and checking a segment file
 * (common/segment.h and the readers behind it: zfile, dictionary,
 * postings, passages, stored text, documents, place/year/label columns,
 * facts).
 *
 * Input: the bytes of a segment file (seeds: segments zhindex built).  Its
 * checksums are recomputed (fuzz_reseal), so a mutation reaches the
 * parsers behind them instead of failing the CRC.  It is written into an
 * index directory under the name its header's id gives, with a MANIFEST
 * naming it with the counts its STATS section gives (so that the index
 * opens as far as the segment allows), then opened, searched and checked
 * (fuzz_check_index).  Any outcome is fine but a crash, a leak or
 * undefined behaviour.
 */
#include "fuzz.h"

#include "manifest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static uint64_t get_le(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--) v = v << 8 | p[i];
    return v;
}

/* The passage and document counts of the STATS section (docs/FORMAT.md),
 * 0 where the file does not hold them. */
static void stats_counts(const uint8_t *f, size_t len, uint32_t *np, uint32_t *nd)
{
    *np = *nd = 0;
    if (len < 64) return;
    uint64_t body = get_le(f + 16, 8), nsec = get_le(f + 28, 4);
    if (body > len - 64 || nsec > (len - 64 - body) / 32) return;
    for (uint64_t i = 0; i < nsec; i++) {
        const uint8_t *e = f + 64 + body + 32 * i;
        uint64_t off = get_le(e + 8, 8);
        if (get_le(e, 4) != 1 || off > body || body - off < 8) continue;
        *np = (uint32_t)get_le(f + 64 + off, 4);
        *nd = (uint32_t)get_le(f + 64 + off + 4, 4);
        return;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char written[64]; /* the segment file now in the directory */
    static man_segment listed;
    static int have_manifest;
    char dir[4096], path[4200], name[64];
    fuzz_path(dir, sizeof dir, "index");
    if (mkdir(dir, 0755) && errno != EEXIST) abort();
    uint8_t *f = malloc(size ? size : 1);
    if (!f) return 0;
    memcpy(f, data, size);
    fuzz_reseal(f, size);
    man_segment seg = {size >= 64 ? get_le(f + 32, 8) : 1, 0, 0, 0, 0, 0};
    stats_counts(f, size, &seg.npassages, &seg.ndocs);
    man_segment_name(seg.id, name, sizeof name);
    if (written[0] && strcmp(written, name)) {
        snprintf(path, sizeof path, "%s/%s", dir, written);
        remove(path);
        written[0] = '\0';
    }
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int ok = fuzz_write(path, f, size) == 0;
    if (ok) snprintf(written, sizeof written, "%s", name);
    /* man_write syncs to disk: only when the listing changes */
    if (ok && (!have_manifest || seg.id != listed.id || seg.npassages != listed.npassages ||
               seg.ndocs != listed.ndocs)) {
        manifest m = {1, seg.id + (seg.id < UINT64_MAX), &seg, 1};
        zs_diag d;
        have_manifest = ok = man_write(dir, &m, &d) == ZS_OK;
        listed = seg;
    }
    if (ok) fuzz_check_index(dir);
    free(f);
    return 0;
}
