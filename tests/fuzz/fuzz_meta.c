/*
 * fuzz_meta.c - the metadata sidecar (indexer/meta.h).
 *
 * Input: the bytes of FILE.meta.json, written next to a document in the
 * scratch directory and read with meta_read, then turned into what the
 * document record stores (meta_doc_chunk, as for TSV input: no annotator).
 * A sidecar is read or refused with ZS_EINVAL; what is read keeps the
 * header's promises: a date with a year in the annotator's range, a month
 * and a day of that month, a city the gazetteer knows, a NUL-terminated
 * title.
 */
#include "fuzz.h"

#include "annotate.h"
#include "date.h"
#include "format.h"
#include "meta.h"
#include "passage.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char doc[4096], side[4096 + 16];
    fuzz_path(doc, sizeof doc, "doc.txt");
    snprintf(side, sizeof side, "%s.meta.json", doc);
    if (fuzz_write(side, data, size)) return 0;
    meta_info mi;
    zs_diag d;
    zs_diag_clear(&d);
    int rc = meta_read(fuzz_gaz(), doc, &mi, &d);
    FUZZ_CHECK(rc == ZS_OK || rc == ZS_EINVAL);
    if (rc) {
        FUZZ_CHECK(d.code == rc && d.msg[0] != '\0');
        return 0;
    }
    FUZZ_CHECK(mi.found == 1);
    FUZZ_CHECK(mi.year == 0 || (mi.year >= ANN_YEAR_MIN && mi.year <= ANN_YEAR_MAX));
    FUZZ_CHECK(mi.month >= 0 && mi.month <= 12 && (mi.month || !mi.day));
    FUZZ_CHECK(mi.day == 0 || mi.day <= date_days_in_month(mi.year, mi.month));
    const gaz_unit *u;
    FUZZ_CHECK(mi.city == 0 || gaz_unit_by_code(fuzz_gaz(), mi.city, &u) == 0);
    FUZZ_CHECK(memchr(mi.title, '\0', sizeof mi.title) != NULL);
    psg_list l;
    psg_list_init(&l);
    meta_doc md;
    memset(&md, 0, sizeof md);
    meta_doc_chunk(&md, &mi, &l, NULL);
    FUZZ_CHECK(md.title_len <= FMT_TITLE_MAX && md.title[md.title_len] == '\0');
    FUZZ_CHECK(md.date == 0 || date_valid(md.date));
    FUZZ_CHECK(mi.year == 0 || md.date / 10000 == (uint32_t)mi.year);
    psg_list_free(&l);
    return 0;
}
