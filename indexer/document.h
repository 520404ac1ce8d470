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
 * Input formats:
 *   text   any text file (the default); encoding detected or given;
 *   tsv    pre-cut passages, one per line: id<TAB>city<TAB>year<TAB>text
 *          (the peer benchmark's format, UTF-8); each line is one passage
 *          with its external id; city and year are kept for annotation;
 *          lines are always repaired as PDF text (they have no line
 *          structure to judge by, and the benchmark's come from PDF pages
 *          too);
 *   jsonl  one document per line, a JSON object (jsonl.h reads the lines
 *          and hands each text to doc_read_text).
 *
 * Every format may be gzip-compressed: files are read through zlib, which
 * reads a file without the gzip magic as it is, whatever its name.  Byte
 * offsets (passage sources, error messages) and the hash are then of the
 * decompressed content; doc_info.size stays the file's size on disk.
 */
#ifndef ZS_DOCUMENT_H
#define ZS_DOCUMENT_H

#include "buf.h"
#include "err.h"
#include "passage.h"

#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

/* Decoded text normalized at a time (bytes). */
#define DOC_CHUNK (4u << 20)
/* Bytes read from the file at a time. */
#define DOC_READ (1u << 20)
/* Longest line of a TSV input. */
#define DOC_TSV_LINE_MAX (16u << 20)
/* zlib's buffer for reading a file (bytes): larger than its 8 KiB default,
 * so that a compressed file is inflated in long runs. */
#define DOC_GZ_BUFFER (128u << 10)
/* Longest encoding name kept. */
#define DOC_ENC_MAX 32

typedef enum doc_format { DOC_TEXT, DOC_TSV, DOC_JSONL } doc_format;

typedef struct doc_opts {
    const char *encoding; /* NULL: detect */
    int strict;           /* invalid sequences are an error */
    doc_format format;
    psg_opts psg;
} doc_opts;

/* TSV (and JSON Lines) lines with a bad id or year, or without four fields, are skipped;
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
    uint64_t hash; /* FNV-1a 64 of the content (decompressed) */
    char encoding[DOC_ENC_MAX];
    uint64_t replaced;  /* invalid sequences replaced by U+FFFD */
    uint64_t first_bad; /* source offset of the first one */
    uint64_t passages;
    uint64_t bad_lines;                  /* TSV or JSON Lines lines skipped (bad fields) */
    char bad_report[DOC_TSV_BAD_REPORT]; /* "line 3: id \"-5\" is not ...; line 7: ..." */
} doc_info;

/* Called with the passages of one chunk; `meta` is NULL for text input, or
 * one entry per passage for TSV input.  A non-zero return stops reading
 * and is returned. */
typedef int (*doc_sink)(void *ctx, const psg_list *l, const doc_meta *meta);

/* Read `path` (format text or tsv, gzip or not) and hand its passages to `sink`.  Fills `info`
 * (also on error, as far as it got).  Errors: ZS_ENOTFOUND, ZS_EIO, ZS_EENCODING (strict mode, or
 * an unknown encoding), ZS_EINVAL (not a regular file), ZS_ENOMEM; the message names the file and,
 * where it applies, the byte offset. */
int doc_read(const char *path, const doc_opts *o, doc_sink sink, void *ctx, doc_info *info,
             zs_diag *d);

/* Read the text of one document held in memory (a JSON Lines record's
 * "text"), UTF-8, as doc_read reads a text file: the same chunks, the same
 * passages, offsets into text[0, len).  `name` is only for messages.
 * Fills `info` (size = len, hash of the text; mtime 0).  Errors as
 * doc_read's. */
int doc_read_text(const char *name, const char *text, size_t len, const doc_opts *o, doc_sink sink,
                  void *ctx, doc_info *info, zs_diag *d);

/* FNV-1a 64 (the hash of a document's content): doc_fnv1a(DOC_FNV_OFFSET,
 * p, n) hashes p[0, n); feeding pieces in turn hashes their concatenation. */
#define DOC_FNV_OFFSET 0xCBF29CE484222325ull
uint64_t doc_fnv1a(uint64_t h, const void *p, size_t n);

/* The hash doc_read would store for `path` (of its decompressed content),
 * without decoding it: what add and sync use to confirm that a file whose
 * mtime changed did change.  Errors: those of doc_open, ZS_EIO. */
int doc_hash_file(const char *path, uint64_t *hash, zs_diag *d);

/* ---- for line-oriented readers (TSV here, JSON Lines in jsonl.c) ---- */

/* Open `path` for reading through zlib (gzip or plain), after checking it
 * is a regular file; fills info's size, mtime and the hash's seed (the
 * rest zeroed).  Caller closes *out with gzclose.  Errors: ZS_ENOTFOUND,
 * ZS_EIO, ZS_EINVAL (not a regular file), ZS_ENOMEM. */
int doc_open(const char *path, gzFile *out, doc_info *info, zs_diag *d);

/* The next line of `gz` (its '\n' dropped) into `line`; *nl says whether a
 * '\n' ended it (0 with an empty line: the end).  The line's bytes go into
 * info->hash.  `off` (the line's offset) is for messages.  Errors:
 * ZS_ETOOBIG (a line longer than DOC_TSV_LINE_MAX), ZS_EIO (a read error or
 * a damaged gzip stream), ZS_ENOMEM. */
int doc_getline(gzFile gz, const char *path, uint64_t off, buf *line, int *nl, doc_info *info,
                zs_diag *d);

/* Count a skipped line and name it (with `why`) in info->bad_report if it
 * is one of the first DOC_TSV_BAD_SHOWN. */
void doc_note_bad_line(doc_info *info, uint64_t lineno, const char *why);

#endif
