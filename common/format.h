/*
 * format.h - constants of the on-disk format.  docs/FORMAT.md is the
 * normative description; this header mirrors it and checks its limits at
 * compile time.  Any change to what these constants describe bumps
 * FMT_VERSION, which readers check on open (zfile.h).
 */
#ifndef ZS_FORMAT_H
#define ZS_FORMAT_H

#include "postings.h"
#include "zfile.h"

#include <assert.h>

/* Version of every file of an index (header field "format version").
 * 4: terms, gazetteer matches and fact fields fold traditional characters
 * to simplified ones (uchar.h uc_t2s), so a version 3 index has other terms
 * for the same text.  5: tombstone files, 32-byte manifest entries, and
 * each document's source identity, url and extra keys (docs/FORMAT.md).
 * 6: stored text deflated as UTF-16LE (textpack.h; TEXTIDX's reserved word
 * holds the packed length).  7: fact columns in variable-width records, a
 * series decoded on use (factcol.h).  8: stored text packed as ranks in
 * the segment's table of characters and frequent pairs (textpack.h, TEXTCHARS)
 * instead of UTF-16LE, and PFor blocks with packed exceptions and a
 * one-byte header (pfor.h).  9: CHARLISTS, the passages and tfs of each
 * character in at least a third of the passages, with block impacts
 * (charlist.h): an index of version 8 is refused, rebuild it. */
#define FMT_VERSION 9

/* File kinds (header field "kind"), four ASCII bytes read little-endian. */
#define FMT_KIND_SEGMENT  0x31474553u /* "SEG1" */
#define FMT_KIND_MANIFEST 0x4E414D5Au /* "ZMAN" */
#define FMT_KIND_TOMB     0x314C4544u /* "DEL1": deleted documents of a segment (tomb.h) */

/* Sections of a segment file. */
enum fmt_section {
    FMT_SEC_STATS = 1,      /* segment statistics (fixed fields) */
    FMT_SEC_DOCS = 2,       /* document records */
    FMT_SEC_DOCIDX = 3,     /* u64 offset of each document record */
    FMT_SEC_DL = 4,         /* u16 length in tokens of each passage */
    FMT_SEC_PSG = 5,        /* passage records, in blocks */
    FMT_SEC_PSGIDX = 6,     /* per passage block: u64 offset */
    FMT_SEC_TEXT = 7,       /* stored passage text: raw deflate blocks */
    FMT_SEC_TEXTIDX = 8,    /* per text block: first passage, offset, sizes */
    FMT_SEC_POSTINGS = 9,   /* postings lists */
    FMT_SEC_TERMS = 10,     /* term dictionary blocks */
    FMT_SEC_TERMIDX = 11,   /* term dictionary block index */
    FMT_SEC_CHARS = 12,     /* document frequency of each CJK character */
    FMT_SEC_TEXTDICT = 13,  /* preset deflate dictionary of the text blocks */
    FMT_SEC_DLX = 14,       /* passage lengths of 255 tokens and more */
    FMT_SEC_CITYSETS = 15,  /* distinct sets of place codes (setcol.h) */
    FMT_SEC_CITYCOL = 16,   /* the place-code set of each passage, in runs */
    FMT_SEC_YEARSETS = 17,  /* distinct sets of years */
    FMT_SEC_YEARCOL = 18,   /* the year set of each passage, in runs */
    FMT_SEC_FACTKEYS = 19,  /* numeric fact series: field, unit, count (factcol.h) */
    FMT_SEC_FACTVALS = 20,  /* fact bounds lo, hi, sorted by lo within each series */
    FMT_SEC_FACTREFS = 21,  /* passage, own place, own year, qualifier, type, dir, confidence */
    FMT_SEC_DOCDATES = 22,  /* u32 date (YYYYMMDD, date.h) of each document */
    FMT_SEC_LABELS = 23,    /* distinct chapter and article labels (labelcol.h) */
    FMT_SEC_CHAPSETS = 24,  /* chapter label id sets of passages */
    FMT_SEC_CHAPCOL = 25,   /* the chapter of each passage, in runs */
    FMT_SEC_ARTSETS = 26,   /* article label id sets */
    FMT_SEC_ARTCOL = 27,    /* the article of each passage, in runs */
    FMT_SEC_TEXTCHARS = 28, /* symbols of the packed text by rank (textpack.h) */
    FMT_SEC_CHARLISTS = 29  /* frequent characters' passages and tfs (charlist.h) */
};

/* Field terms: filters are terms of the inverted index whose first byte
 * (below 0x20) no text term can have.  A passage about Zhengzhou has the
 * terms "\x01c4101" (its city) and "\x01c41" (its province); one about 2024
 * has "\x01y2024".  Each occurs once, at position 0, and does not count in
 * the passage's length. */
#define FMT_FIELD_BYTE 0x01
#define FMT_FIELD_CITY 'c'
#define FMT_FIELD_YEAR 'y'
/* Longest field term: the two bytes and up to ten digits. */
#define FMT_FIELD_TERM_MAX 12

/* Write the field term of `kind` and `value` to out (FMT_FIELD_TERM_MAX
 * bytes of room); returns its length. */
static inline size_t fmt_field_term(char kind, uint32_t value, char *out)
{
    char digits[10];
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    out[0] = FMT_FIELD_BYTE;
    out[1] = kind;
    for (size_t i = 0; i < n; i++) out[2 + i] = digits[n - 1 - i];
    return n + 2;
}

/* Passage records come in blocks of this many, each block coded column by
 * column with PFor and starting from absolute values, so one passage costs
 * one block decode. */
#define FMT_PSG_BLOCK 128
/* Uncompressed size a stored-text block aims at: zlib compresses Chinese
 * news about 3x at 64 KiB against 2.6x at 16 KiB (measured on the 100 MB
 * benchmark corpus), and one block inflates in about 0.2 ms. */
#define FMT_TEXT_BLOCK 65536
/* Passage lengths below this fit the one-byte DL table; the others are
 * FMT_DL_ESC there and listed in DLX.  With passages of 40-300 tokens
 * nearly all fit, and BM25 reads one byte per candidate. */
#define FMT_DL_ESC 255
/* Stored text (UTF-8) sampled for the table of characters (textpack.h)
 * and the preset dictionary, and the dictionary's size: 32 pieces spread
 * over the packed sample make 64 KiB blocks of Chinese news 4.5% smaller
 * (measured), at no cost to reading.  A sample of 8 MiB made no better
 * table or dictionary than 4 (real100 and real1g, within 0.5 %). */
#define FMT_TEXT_SAMPLE      (4u << 20)
#define FMT_TEXT_DICT        32768
#define FMT_TEXT_DICT_PIECES 32
/* Passage block modes (first byte of each block). */
#define FMT_PSG_PFOR   0 /* columns coded with PFor */
#define FMT_PSG_VARINT 1 /* records as varints (values beyond 32 bits) */
#define FMT_PSG_EXT    2 /* flag: the block has an external id column */
/* STATS flags. */
#define FMT_STAT_EXT_IDS 1u /* passages carry external ids */
/* Passages per segment: ids are u32 and POST_END is reserved. */
#define FMT_MAX_PASSAGES (UINT32_MAX - 1)

/* The src_mtime of a document (DOCS) whose file may have changed after it
 * was read, within the same second (its mtime is the second in which it
 * was read, the second before, or later: indexer/build.c stored_mtime): no file has this mtime, so
 * zhindex add and sync never take its size and mtime as "unchanged" and hash the file instead
 * (git's racily clean entries, Documentation/technical/racy-git.txt). */
#define FMT_MTIME_RACY INT64_MIN

/* Longest document title stored, in bytes (cut at a character boundary):
 * a headline is under 100 characters; a longer "title" is a paragraph
 * taken for one, and one line of output is enough to show it. */
#define FMT_TITLE_MAX 256
/* Longest `url` of a JSON Lines record stored (longer ones are not stored:
 * a URL is an address, not content). */
#define FMT_URL_MAX 4096
/* Longest JSON text of a record's other keys stored ("extra"): they are
 * metadata, shown with every hit; a record whose other keys are longer
 * keeps none of them (and is reported). */
#define FMT_EXTRA_MAX 16384
/* Years a passage may carry (YEARSETS, the y field terms): the annotator
 * (indexer/years.h) and the year filters of the searcher both keep to it. */
#define FMT_YEAR_MIN 1900
#define FMT_YEAR_MAX 2100

/* Passage kinds stored in the passage records. */
#define FMT_KIND_BODY    0
#define FMT_KIND_HEADING 1

static_assert(FMT_PSG_BLOCK == PFOR_BLOCK, "passage columns are single PFor blocks");
static_assert(POST_BLOCK == 128, "FORMAT.md describes 128-posting blocks");
static_assert(ZF_PAGE == 65536, "FORMAT.md describes 64 KiB pages");

#endif
