/*
 * document.h - one input file -> its passages: read, decode (decode.h),
 * normalize (normalize.h), cut (passage.h).
 *
 * Files are read in pieces and decoded as a stream, and the decoded text is
 * normalized in chunks of about DOC_CHUNK bytes cut at a blank line (or a
 * line end) so that memory stays bounded whatever the file size; a file
 * smaller than a chunk (nearly all) is one chunk.  The sink receives the
 * passages of each chunk in order.  The first chunk decides for the whole
 * document whether it is PDF text to repair or clean text
 * (norm_measure/norm_decide) and whether it is a law text (psg_split);
 * later chunks keep both.
 *
 * Two input formats:
 *   text   any text file (the default); encoding detected or given;
 *   tsv    pre-cut passages, one per line: id<TAB>city<TAB>year<TAB>text
 *          (the peer benchmark's format, UTF-8); each line is one passage
 *          with its external id; city and year are kept for annotation;
 *          lines are always repaired as PDF text (they have no line
 *          structure to judge by, and the benchmark's come from PDF pages
 *          too).
 */
#ifndef ZS_DOCUMENT_H
#define ZS_DOCUMENT_H

#include "err.h"
#include "passage.h"

#include <stddef.h>
#include <stdint.h>

/* Decoded text normalized at a time (bytes). */
#define DOC_CHUNK (4u << 20)
/* Bytes read from the file at a time. */
#define DOC_READ (1u << 20)
/* Longest line of a TSV input. */
#define DOC_TSV_LINE_MAX (16u << 20)
/* Longest encoding name kept. */
#define DOC_ENC_MAX 32

typedef enum doc_format { DOC_TEXT, DOC_TSV } doc_format;

typedef struct doc_opts {
    const char *encoding; /* NULL: detect */
    int strict;           /* invalid sequences are an error */
    doc_format format;
    psg_opts psg;
} doc_opts;

/* TSV lines with a bad id or year, or without four fields, are skipped;
 * the first DOC_TSV_BAD_SHOWN are named by line number in
 * doc_info.bad_report (the count says how many more), so a file of bad
 * lines gives a short message, not one line each. */
#define DOC_TSV_BAD_SHOWN  5
#define DOC_TSV_BAD_REPORT 512

/* Per passage of a TSV input: what the line said besides the text. */
typedef struct doc_meta {
    const char *city; /* may be empty */
    size_t city_len;
    int year; /* 0 when not given */
} doc_meta;

typedef struct doc_info {
    uint64_t size;
    int64_t mtime;
    uint64_t hash; /* FNV-1a 64 of the bytes */
    char encoding[DOC_ENC_MAX];
    uint64_t replaced;  /* invalid sequences replaced by U+FFFD */
    uint64_t first_bad; /* source offset of the first one */
    uint64_t passages;
    uint64_t bad_lines;                  /* TSV lines skipped (bad fields) */
    char bad_report[DOC_TSV_BAD_REPORT]; /* "line 3: id \"-5\" is not ...; line 7: ..." */
} doc_info;

/* Called with the passages of one chunk; `meta` is NULL for text input, or
 * one entry per passage for TSV input.  A non-zero return stops reading
 * and is returned. */
typedef int (*doc_sink)(void *ctx, const psg_list *l, const doc_meta *meta);

/* Read `path` and hand its passages to `sink`.  Fills `info` (also on
 * error, as far as it got).  Errors: ZS_ENOTFOUND, ZS_EIO, ZS_EENCODING
 * (strict mode, or an unknown encoding), ZS_EINVAL (not a regular file),
 * ZS_ENOMEM; the message names the file and, where it applies, the byte
 * offset. */
int doc_read(const char *path, const doc_opts *o, doc_sink sink, void *ctx, doc_info *info,
             zs_diag *d);

#endif
