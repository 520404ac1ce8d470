/*
 * segment.h - reading one segment file: its statistics, dictionary,
 * postings, passage table, stored text and documents (docs/FORMAT.md).
 *
 * seg_open checks the container (zfile.h), the presence and sizes of every
 * section, and the pages of the small sections it keeps using (statistics,
 * lengths, indexes); other pages are checked when first read.  Everything
 * returned points into the segment's map or into buffers the caller owns;
 * pointers into the map stay valid until seg_close.  A segment keeps one
 * inflated text block cached, so it is not safe for concurrent use.
 */
#ifndef ZS_SEGMENT_H
#define ZS_SEGMENT_H

#include "buf.h"
#include "bytes.h"
#include "charlist.h"
#include "dict.h"
#include "err.h"
#include "postings.h"
#include "factcol.h"
#include "format.h"
#include "labelcol.h"
#include "setcol.h"
#include "textpack.h"
#include "zfile.h"

#include <stddef.h>
#include <stdint.h>

typedef struct seg_passage_info {
    uint32_t doc;     /* document id in the segment */
    uint32_t ordinal; /* passage number within its document */
    uint64_t src_start, src_end;
    int kind;        /* FMT_KIND_BODY / FMT_KIND_HEADING */
    uint64_t ext_id; /* 0 when none */
} seg_passage_info;

typedef struct seg_doc_info {
    const char *path; /* not NUL-terminated: path_len bytes in the map */
    size_t path_len;
    uint64_t size;
    int64_t mtime;
    uint64_t hash;
    const char *encoding;
    size_t encoding_len;
    uint64_t replaced;
    uint32_t date;     /* YYYYMMDD, unknown parts 0; 0 = none (date.h) */
    const char *title; /* not NUL-terminated: title_len bytes in the map; 0 = none */
    size_t title_len;
    /* identity of the source (add and sync compare it): the file's size and
     * mtime (for a JSON Lines record: its file's), and the hash of the
     * content (of a record: of its line) */
    uint64_t src_size;
    int64_t src_mtime;
    uint64_t src_hash;
    const char *url; /* a record's url, url_len bytes in the map; 0 = none */
    size_t url_len;
    const char *extra; /* a record's other keys as a JSON object; 0 = none */
    size_t extra_len;
    uint32_t first_pid, npassages;
} seg_doc_info;

/* Where a passage's text lies in the inflated text block. */
typedef struct seg_text_span {
    uint32_t at, len;
} seg_text_span;

/* One decoded passage record (PSG). */
typedef struct seg_psg_rec {
    uint64_t start, stop, ext;
    int kind;
} seg_psg_rec;

typedef struct segment {
    zf_reader *zr;
    uint64_t id;
    uint32_t npassages, ndocs;
    uint64_t total_tokens, nterms;
    uint32_t flags, passage_max;
    uint64_t created;
    dict_reader dict;
    zf_slice post, dl, dlx, psg, psgidx, text, textidx, textdict, docs, docidx, docdates;
    uint32_t ntextblocks;
    uint32_t *char_cp, *char_df; /* sorted by code point */
    uint32_t nchars;
    zf_slice charlists_sec;       /* CHARLISTS */
    charlist_dir charlists;       /* its directory */
    sc_reader cities, years;      /* per-passage place codes and years */
    sc_cursor city_cur, year_cur; /* seg_sets: reading passages in order is linear */
    factcol_reader facts;         /* opened on first use: seg_facts */
    int facts_open;
    labelcol_reader labels; /* opened on first use: seg_labels */
    int labels_open;
    /* deleted passages (tomb.h), set by the index that opened the segment
     * (index.h): bit p of dead[p / 8]; NULL when none is deleted */
    uint8_t *dead;
    uint32_t *dead_ids; /* the same passages, ascending */
    uint32_t ndead;
    /* the last inflated text block */
    buf tblock;
    buf tpacked;         /* its packed form, as inflated (textpack.h) */
    textpack_dec tchars; /* the symbols of the packed form (TEXTCHARS) */
    int64_t tblock_id;
    seg_text_span *tspan; /* its passages' texts, from passage tfirst */
    size_t tspan_cap;
    uint32_t tfirst, tcount;
    /* the last decoded passage block (FMT_PSG_BLOCK records) */
    seg_psg_rec pblock[FMT_PSG_BLOCK];
    int64_t pblock_id;
} segment;

/* Open and check the segment file at `path`.  Errors: ZS_ENOTFOUND,
 * ZS_EIO, ZS_ECORRUPT, ZS_EVERSION, ZS_ENOMEM (messages name the file). */
int seg_open(segment **out, const char *path, zs_diag *d);

/* Close (NULL is fine). */
void seg_close(segment *s);

/* Look up a term. ZS_ENOTFOUND when absent. */
int seg_find(segment *s, const char *term, size_t len, dict_entry *e, zs_diag *d);

/* Open a cursor on the postings of a dictionary entry (checks its pages).
 * The cursor must be closed with post_close. */
int seg_cursor(segment *s, const dict_entry *e, post_cursor *c, zs_diag *d);

/* Number of passages containing CJK character `cp` (0 when none). */
uint32_t seg_char_df(const segment *s, uint32_t cp);

/* Open `c` on the list of CJK character `cp` (CHARLISTS; its pages are
 * checked), whose df is seg_char_df's.  The cursor reads the map: valid
 * until seg_close, nothing to free.  Errors: ZS_ENOTFOUND (the character
 * has no list: it is in fewer than 1 / CHARLIST_SHARE of the passages),
 * ZS_ECORRUPT. */
int seg_char_list(segment *s, uint32_t cp, charlist_cursor *c, zs_diag *d);

/* Length of a passage listed in DLX (its DL byte is FMT_DL_ESC). */
uint32_t seg_dl_long(const segment *s, uint32_t pid);

/* Length in tokens of passage `pid` (< npassages). */
static inline uint32_t seg_dl(const segment *s, uint32_t pid)
{
    uint32_t v = s->dl.p[pid];
    return v < 255 ? v : seg_dl_long(s, pid);
}

/* Is passage `pid` deleted (its document has a tombstone)?  A deleted
 * passage is never a hit, never counted and takes no part in BM25's
 * statistics (index.h). */
static inline int seg_dead(const segment *s, uint32_t pid)
{
    return s->dead && (s->dead[pid >> 3] >> (pid & 7) & 1);
}

/* The document a passage belongs to. */
uint32_t seg_doc_of(const segment *s, uint32_t pid);

/* The first passage of document `doc` (< ndocs) as DOCIDX says (seg_doc
 * checks the order; a caller walking documents must not trust it to
 * increase). */
static inline uint32_t seg_doc_first(const segment *s, uint32_t doc)
{
    return le_get32(s->docidx.p + (size_t)doc * 16);
}

/* The stored date of document `doc` (< ndocs), read in place: YYYYMMDD
 * with unknown parts 0, 0 = none.  Not checked (seg_doc and zhindex check
 * do): a damaged value only makes a date filter miss. */
static inline uint32_t seg_doc_date(const segment *s, uint32_t doc)
{
    return le_get32(s->docdates.p + (size_t)doc * 4);
}

/* Facts about passage `pid`.  Errors: ZS_EINVAL (pid out of range),
 * ZS_ECORRUPT. */
int seg_passage(segment *s, uint32_t pid, seg_passage_info *out, zs_diag *d);

/* The stored text of passage `pid`, written to `out` (replacing its
 * contents).  Errors: ZS_EINVAL, ZS_ECORRUPT, ZS_ENOMEM. */
int seg_text(segment *s, uint32_t pid, buf *out, zs_diag *d);

/* Facts about document `doc`, its date and title included.  Errors:
 * ZS_EINVAL (doc out of range), ZS_ECORRUPT. */
int seg_doc(segment *s, uint32_t doc, seg_doc_info *out, zs_diag *d);

/* The segment's numeric facts (factcol.h), opened on the first call (a
 * query without conditions never reads them).  Not thread-safe.  Errors:
 * ZS_ECORRUPT, ZS_ENOMEM. */
int seg_facts(segment *s, const factcol_reader **out, zs_diag *d);

/* Decode the entries of fact series si (si < the reader's n) on first use
 * (factcol_load); seg_facts must have succeeded.  Not thread-safe.
 * Errors: ZS_ECORRUPT, ZS_ENOMEM. */
int seg_fact_series(segment *s, size_t si, zs_diag *d);

/* seg_facts, then every series decoded and checked (merging, zhindex
 * check).  Errors: ZS_ECORRUPT, ZS_ENOMEM. */
int seg_facts_all(segment *s, const factcol_reader **out, zs_diag *d);

/* The set ids of passage pid's cities and years (sc_values on s->cities /
 * s->years lists them), read with cursors kept in the segment, so that
 * reading passages in increasing order is linear.  Errors: ZS_EINVAL (pid
 * out of range), ZS_ECORRUPT. */
int seg_sets(segment *s, uint32_t pid, uint32_t *cities, uint32_t *years);

/* The chapter and article labels of passage `pid` (len 0 = none; bytes in
 * the map).  The labels are opened on the first call.  Not thread-safe.
 * Errors: ZS_EINVAL (pid out of range), ZS_ECORRUPT, ZS_ENOMEM. */
int seg_labels(segment *s, uint32_t pid, labelcol_label *chapter, labelcol_label *article,
               zs_diag *d);

#endif
