/*
 * fuzz_jsonl.c - JSON Lines input (indexer/jsonl.h) and, behind it, the
 * JSON reader (common/json.h).
 *
 * Input: an option byte (bit 0: write the rest gzip-compressed), then the
 * bytes of a .jsonl file, read with jsonl_read.  Each record handed out
 * keeps the header's promises: a name FILE#ID with an id of 1 to
 * JSONL_ID_MAX bytes without control characters, a line number that
 * ascends, sidecar-valid metadata; the records and the bad lines together
 * are at most the lines of the file, and the report is NUL-terminated.
 */
#include "fuzz.h"

#include "annotate.h"
#include "date.h"
#include "jsonl.h"

#include <string.h>
#include <zlib.h>

typedef struct seen {
    const char *path;
    uint64_t docs, last_line;
} seen;

static int sink(void *ctx, const jsonl_doc *doc)
{
    seen *s = ctx;
    size_t n = strlen(s->path);
    FUZZ_CHECK(!strncmp(doc->name, s->path, n) && doc->name[n] == '#');
    size_t idn = strlen(doc->name + n + 1);
    FUZZ_CHECK(idn >= 1 && idn <= JSONL_ID_MAX);
    for (const char *p = doc->name + n + 1; *p; p++) FUZZ_CHECK((unsigned char)*p >= 0x20);
    FUZZ_CHECK(doc->line > s->last_line);
    s->last_line = doc->line;
    FUZZ_CHECK(doc->text != NULL);
    const meta_info *mi = doc->mi;
    FUZZ_CHECK(mi->year == 0 || (mi->year >= ANN_YEAR_MIN && mi->year <= ANN_YEAR_MAX));
    FUZZ_CHECK(mi->month >= 0 && mi->month <= 12 && (mi->month || !mi->day));
    FUZZ_CHECK(mi->day == 0 || mi->day <= date_days_in_month(mi->year, mi->month));
    FUZZ_CHECK(memchr(mi->title, '\0', sizeof mi->title) != NULL);
    s->docs++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    int gz = data[0] & 1;
    data++;
    size--;
    char path[4096];
    fuzz_path(path, sizeof path, "docs.jsonl");
    if (gz) {
        gzFile f = gzopen(path, "wb");
        if (!f) return 0;
        int ok = size == 0 || gzwrite(f, data, (unsigned)size) == (int)size;
        if (gzclose(f) != Z_OK || !ok) return 0;
    } else if (fuzz_write(path, data, size)) {
        return 0;
    }
    uint64_t lines = 1;
    for (size_t i = 0; i < size; i++) lines += data[i] == '\n';
    seen s = {path, 0, 0};
    doc_info info;
    zs_diag d;
    zs_diag_clear(&d);
    int rc = jsonl_read(path, fuzz_gaz(), sink, &s, &info, &d);
    FUZZ_CHECK(rc == ZS_OK || rc == ZS_ETOOBIG);
    if (rc) FUZZ_CHECK(d.code == rc && d.msg[0] != '\0');
    FUZZ_CHECK(s.docs + info.bad_lines <= lines);
    FUZZ_CHECK(memchr(info.bad_report, '\0', sizeof info.bad_report) != NULL);
    FUZZ_CHECK((info.bad_lines == 0) == (info.bad_report[0] == '\0'));
    return 0;
}
