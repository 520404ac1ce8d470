/*
 * meta.h - the optional metadata sidecar of an input file.
 *
 * For an input FILE, a file FILE.meta.json next to it may give what the
 * text does not say plainly:
 *
 *   {"date": "2024-01-21", "city": "郑州", "title": "..."}
 *
 * `date` is YYYY, YYYY-MM or YYYY-MM-DD (only the year is used: the year
 * relative words such as 今年 refer to, and the year of passages that name
 * none); `city` is a place name or division code the gazetteer knows (the
 * topic of the whole document); `title` is kept for display.  Unknown keys
 * are ignored.  A sidecar that is not such an object is an error for its
 * file (reported, the file is skipped): a wrong sidecar should not be
 * silently ignored.
 */
#ifndef ZS_META_H
#define ZS_META_H

#include "annotate.h"
#include "err.h"
#include "gazetteer.h"

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

#endif
