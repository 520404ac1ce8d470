/*
 * fuzz_manifest.c - reading the MANIFEST (common/manifest.h) and opening
 * the index it describes (common/index.h).
 *
 * Input: the bytes of a MANIFEST (seeds: manifests zhindex wrote).  Its
 * checksums are recomputed (fuzz_reseal), so a mutation reaches the parser
 * behind them.  It replaces the MANIFEST of a small index built once per
 * process (segment 1), which is then read (man_read), verified
 * (man_verify), opened, searched and checked (fuzz_check_index).  Any
 * outcome is fine but a crash, a leak or undefined behaviour; a manifest
 * that reads keeps the header's limits.
 */
#include "fuzz.h"

#include "manifest.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int built;
    char dir[4096], path[4200];
    fuzz_path(dir, sizeof dir, "index");
    if (!built && fuzz_build_index(dir)) abort();
    built = 1;
    uint8_t *f = malloc(size ? size : 1);
    if (!f) return 0;
    memcpy(f, data, size);
    fuzz_reseal(f, size);
    snprintf(path, sizeof path, "%s/%s", dir, MAN_FILE);
    if (fuzz_write(path, f, size) == 0) {
        manifest m;
        zs_diag d;
        if (man_read(dir, &m, &d) == ZS_OK) {
            FUZZ_CHECK(m.nsegs <= MAN_MAX_SEGMENTS);
            man_free(&m);
        }
        man_verify(dir, &d);
        fuzz_check_index(dir);
    }
    free(f);
    return 0;
}
