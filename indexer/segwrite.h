/*
 * segwrite.h - writing one segment file: documents and passages in, a
 * complete, fsynced segment out (docs/FORMAT.md, "Segment file").
 *
 * The stored text is compressed and written as passages arrive (it is the
 * first section); passage records, lengths and documents are kept in memory
 * (a few bytes per passage); tokens go to the inverter (invert.h), whose
 * merge writes the postings and the dictionary at the end.  The file is
 * written under a temporary name and renamed to its final name only when
 * complete, so a segment file that exists under its final name is whole.
 *
 * Passage ids are assigned in arrival order from 0.
 */
#ifndef ZS_SEGWRITE_H
#define ZS_SEGWRITE_H

#include "err.h"

#include <stddef.h>
#include <stdint.h>

typedef struct sw sw;

typedef struct sw_opts {
    size_t mem_budget;    /* bytes for the inverter */
    int zlevel;           /* zlib level for stored text */
    uint32_t passage_max; /* recorded in the segment's statistics */
    int threads;          /* > 1: passages are tokenized and inverted by a
                           * second thread and their text compressed by a
                           * third (relay.h), the segment staying the same
                           * byte for byte; 1: all in the caller's */
} sw_opts;

typedef struct sw_doc {
    const char *path;     /* as given on the command line, UTF-8 */
    uint64_t size;        /* bytes */
    int64_t mtime;        /* seconds since the epoch */
    uint64_t hash;        /* FNV-1a 64 of the content */
    const char *encoding; /* detected or given */
    uint64_t replaced;    /* invalid sequences replaced while decoding */
    uint32_t date;        /* YYYYMMDD, unknown parts 0 (20240000: the year only); 0 = none
                           * (date.h; an invalid date is stored as 0) */
    const char *title;    /* UTF-8, may be NULL; cut to FMT_TITLE_MAX bytes */
    size_t title_len;
    /* the source's identity (segment.h seg_doc_info): for a file the same
     * as size, mtime and hash; for a JSON Lines record its file's size and
     * mtime and the hash of its line */
    uint64_t src_size;
    int64_t src_mtime;
    uint64_t src_hash;
    const char *url; /* may be NULL; not stored beyond FMT_URL_MAX bytes */
    size_t url_len;
    const char *extra; /* a JSON object, may be NULL; not stored beyond FMT_EXTRA_MAX */
    size_t extra_len;
} sw_doc;

/* A numeric fact of a passage (fct.h), with what the annotator resolved. */
typedef struct sw_fact {
    const char *field, *unit; /* UTF-8; unit may be empty */
    size_t field_len, unit_len;
    double lo, hi;  /* bounds (fct.h) */
    uint32_t place; /* a place code the fact names itself, 0 = none */
    uint16_t year;  /* a year the fact names itself, 0 = none */
    uint16_t qual;  /* FCT_Q_* flags */
    uint8_t type;   /* FCT_T_* */
    uint8_t dir;    /* FCT_D_* */
    uint8_t conf;   /* confidence * 255 */
} sw_fact;

typedef struct sw_passage {
    const char *text; /* normalized text, UTF-8 */
    size_t len;
    uint64_t src_start, src_end; /* byte range in the document's file */
    int kind;                    /* FMT_KIND_BODY or FMT_KIND_HEADING */
    uint64_t ext_id;             /* external id (passages TSV); 0 = none */
    const uint32_t *codes;       /* place codes (cities and provinces), ascending */
    size_t ncodes;
    const uint16_t *years; /* years, ascending */
    size_t nyears;
    const sw_fact *facts; /* numeric facts (any order) */
    size_t nfacts;
    /* law texts: chapter ("第一章 总则") and article ("第四十五条"), UTF-8,
     * length 0 = none; cut to LABELCOL_MAX bytes */
    const char *chapter, *article;
    size_t chapter_len, article_len;
} sw_passage;

typedef struct sw_stats {
    uint32_t passages, docs;
    uint64_t tokens;
    uint64_t text_raw, text_stored; /* stored text before and after zlib */
    uint64_t terms, postings;
    uint32_t runs;
} sw_stats;

/* Start segment `id` in directory `dir`: creates "seg-ID.zhs.tmp" and a
 * scratch directory "tmp-ID" for run files.  Errors: ZS_EIO, ZS_ENOMEM,
 * ZS_EINVAL (options). */
int sw_open(sw **out, const char *dir, uint64_t id, const sw_opts *o, zs_diag *d);

/* Start a document; passages added until sw_doc_end belong to it. */
int sw_doc_begin(sw *w);

/* Add a passage of the open document: stores its text, records it, and
 * indexes its tokens.  The passage is copied: its memory is the caller's.
 * Errors: ZS_ENOMEM, ZS_EIO, ZS_ETOOBIG; with a second thread an error
 * may belong to an earlier passage, and is returned by the next call that
 * takes a diag or by sw_finish.  Any error leaves the segment unusable:
 * sw_abort it. */
int sw_add_passage(sw *w, const sw_passage *p, zs_diag *d);

/* Close the open document and record it (its hash and encoding are known
 * only once it has been read).  A document may have no passages.  With a
 * second thread, an error of an earlier passage may be returned here (its
 * message in `d`). */
int sw_doc_end(sw *w, const sw_doc *doc, zs_diag *d);

/* Forget the open document, which must have no passages (a file that
 * could not be read at all). */
int sw_doc_cancel(sw *w);

/* Write the remaining sections, fsync, rename to "seg-ID.zhs", remove the
 * scratch directory, and free `w`.  The final file name (without
 * directory) goes to name_out (room for 64 bytes).  On error everything is
 * removed; `w` is freed either way. */
int sw_finish(sw *w, char *name_out, sw_stats *st, zs_diag *d);

/* Remove everything written and free `w` (NULL is fine). */
void sw_abort(sw *w);

/* Number of passages added so far (the id the next one gets). */
uint32_t sw_npassages(const sw *w);

#endif
