/*
 * meta.h - the optional metadata sidecar of an input file.
 *
 * For an input FILE, a file FILE.meta.json next to it may give what the
 * text does not say plainly:
 *
 *   {"date": "2024-01-21", "city": "郑州", "title": "..."}
 *
 * `date` is YYYY, YYYY-MM or YYYY-MM-DD, validated (month 1-12, a day of
 * that month; the year 1900-2100): the document's date, stored in the index
 * and the year relative words such as 今年 refer to; `city` is a place name or division code the
 * gazetteer knows (the topic of the whole document); `title` is the document's title, stored and
 * shown (cut to META_TITLE_MAX - 1 bytes at a character boundary).  Values are strings or
 * numbers; null is the same as leaving the key out.  Unknown keys are ignored.  A sidecar that is
 * not such an object (json.h reads it, strictly) is an error for its file (reported, the file is
 * skipped): a wrong sidecar should not be silently ignored.
 *
 * A JSON Lines record (jsonl.h) gives the same keys for its document, read by the same
 * meta_field, so that they reach the annotator exactly as a sidecar's would.
 */
#ifndef ZS_META_H
#define ZS_META_H

#include "annotate.h"
#include "err.h"
#include "format.h"
#include "gazetteer.h"
#include "json.h"
#include "passage.h"

/* Longest sidecar read. */
#define META_MAX_BYTES 65536
#define META_TITLE_MAX 256

typedef struct meta_info {
    int found;                  /* a sidecar exists */
    int year;                   /* 0 = not given */
    int month, day;             /* 0 = not given */
    uint32_t city;              /* code, 0 = not given */
    char title[META_TITLE_MAX]; /* "" = not given */
} meta_info;

/* Read the sidecar of `doc_path` into *out (found = 0 when there is none).
 * Errors: ZS_EINVAL with a message naming the sidecar and the problem,
 * ZS_EIO. */
int meta_read(const gaz *g, const char *doc_path, meta_info *out, zs_diag *d);

/* Take one member of a sidecar or of a JSON Lines record into *out: date, city or title as
 * above; other keys are ignored.  Returns NULL, or why the value is refused (written to
 * why[cap], "date '2023-02-29': day 29 does not exist in 2023-02"). */
const char *meta_field(const gaz *g, const json_member *m, meta_info *out, char *why, size_t cap);

/* What a document's record stores (segwrite.h sw_doc), learnt from its
 * sidecar and from what the annotator said about its first chunk. */
typedef struct meta_doc {
    uint32_t date;                 /* YYYYMMDD, unknown parts 0; 0 = none */
    char title[FMT_TITLE_MAX + 1]; /* NUL-terminated; "" = none */
    size_t title_len;
    int done; /* the first chunk has been seen */
} meta_doc;

/* Fill *out from the document's first chunk `l` (later chunks change
 * nothing): the date is the annotator's (`o`, which prefers the sidecar's;
 * NULL for passages TSV input: the sidecar's), the title the sidecar's,
 * else the text of the chunk's headline passage (o->title_passage), cut
 * to FMT_TITLE_MAX bytes at a character boundary. */
void meta_doc_chunk(meta_doc *out, const meta_info *mi, const psg_list *l, const ann_doc_out *o);

#endif
