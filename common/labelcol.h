/*
 * labelcol.h - the chapter and article labels of passages (law texts:
 * "第一章 总则", "第四十五条"), stored compactly.
 *
 *   LABELS   u32 nlabels, then nlabels x {varint len, bytes[len]}: the
 *            distinct labels of the segment, UTF-8, 1..LABELCOL_MAX bytes,
 *            numbered from 0 in order of first use
 *   CHAPSETS, CHAPCOL   a set column (setcol.h): each passage's chapter as
 *            a set of at most one label id (empty: no chapter)
 *   ARTSETS, ARTCOL     the same for articles
 *
 * Why: most passages (news) have no label, and a law's passages share their
 * chapter for long runs, so the columns cost a few bytes per run; labels
 * such as 第一条 or 第一章 总则 recur in every law and are stored once.
 */
#ifndef ZS_LABELCOL_H
#define ZS_LABELCOL_H

#include "buf.h"
#include "err.h"
#include "setcol.h"
#include "vec.h"
#include "zfile.h"

#include <stddef.h>
#include <stdint.h>

/* Longest label kept, in bytes (longer ones are cut at a character
 * boundary): a chapter heading with its title, 第十二章 法律责任, is under
 * 40 bytes; a long one is a misread line, not a label. */
#define LABELCOL_MAX 96

/* Section ids of the four parts (format.h). */
typedef struct labelcol_sections {
    uint32_t labels, chap_sets, chap_col, art_sets, art_col;
} labelcol_sections;

typedef struct labelcol_writer {
    buf text;       /* encoded labels, back to back: varint len, bytes */
    u32vec off;     /* offset of each label's bytes in `text` */
    u32vec len;     /* length of each label */
    uint32_t *hash; /* label id + 1; 0 = empty slot */
    uint32_t hcap;
    sc_writer chapters, articles;
} labelcol_writer;

void labelcol_writer_init(labelcol_writer *w);
void labelcol_writer_free(labelcol_writer *w);

/* Bytes the writer holds (labels, hash and both columns, as allocated). */
size_t labelcol_writer_mem(const labelcol_writer *w);

/* The labels of the next passage (length 0 = none; a label is cut to
 * LABELCOL_MAX bytes, or before a byte that is not UTF-8, at a character
 * boundary).  Errors: ZS_ENOMEM. */
int labelcol_add(labelcol_writer *w, const char *chapter, size_t chapter_len, const char *article,
                 size_t article_len);

/* Write the five sections. */
int labelcol_write(labelcol_writer *w, zf_writer *zw, const labelcol_sections *sec);

typedef struct labelcol_reader {
    const uint8_t *text; /* LABELS after its count */
    uint32_t *off;       /* per label: offset of its bytes in `text` */
    uint32_t *len;       /* per label: its length */
    uint32_t n;
    sc_reader chapters, articles;
    /* cursors kept between calls: reading passages in order is linear */
    sc_cursor chap_cur, art_cur;
} labelcol_reader;

/* Open and check the labels (every label within bounds, UTF-8, at most
 * LABELCOL_MAX bytes) and the columns (setcol.h).  Errors: ZS_ECORRUPT,
 * ZS_ENOMEM. */
int labelcol_open(labelcol_reader *r, zf_reader *zr, const labelcol_sections *sec,
                  uint32_t npassages, zs_diag *d);
void labelcol_close(labelcol_reader *r);

/* A label: bytes in the segment's map (not NUL-terminated); len 0 = none. */
typedef struct labelcol_label {
    const char *p;
    size_t len;
} labelcol_label;

/* The chapter and article of passage `pid`.  Errors: ZS_ECORRUPT (a set
 * with more than one id, an id beyond the labels), ZS_EINVAL (pid out of
 * range). */
int labelcol_get(labelcol_reader *r, uint32_t pid, labelcol_label *chapter,
                 labelcol_label *article);

#endif
