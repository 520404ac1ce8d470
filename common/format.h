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

/* Version of every file of an index (header field "format version"). */
#define FMT_VERSION 1

/* File kinds (header field "kind"), four ASCII bytes read little-endian. */
#define FMT_KIND_SEGMENT  0x31474553u /* "SEG1" */
#define FMT_KIND_MANIFEST 0x4E414D5Au /* "ZMAN" */

/* Sections of a segment file. */
enum fmt_section {
    FMT_SEC_STATS = 1,     /* segment statistics (fixed fields) */
    FMT_SEC_DOCS = 2,      /* document records */
    FMT_SEC_DOCIDX = 3,    /* u64 offset of each document record */
    FMT_SEC_DL = 4,        /* u16 length in tokens of each passage */
    FMT_SEC_PSG = 5,       /* passage records, in blocks */
    FMT_SEC_PSGIDX = 6,    /* per passage block: u64 offset */
    FMT_SEC_TEXT = 7,      /* stored passage text: raw deflate blocks */
    FMT_SEC_TEXTIDX = 8,   /* per text block: first passage, offset, sizes */
    FMT_SEC_POSTINGS = 9,  /* postings lists */
    FMT_SEC_TERMS = 10,    /* term dictionary blocks */
    FMT_SEC_TERMIDX = 11,  /* term dictionary block index */
    FMT_SEC_CHARS = 12,    /* document frequency of each CJK character */
    FMT_SEC_TEXTDICT = 13, /* preset deflate dictionary of the text blocks */
    FMT_SEC_DLX = 14       /* passage lengths of 255 tokens and more */
};

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
/* Stored text sampled for the preset dictionary, and its size: a
 * dictionary of 32 pieces spread over the first 4 MiB of text makes 64 KiB
 * blocks of Chinese news 4.5% smaller (measured), at no cost to reading. */
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

/* Passage kinds stored in the passage records. */
#define FMT_KIND_BODY    0
#define FMT_KIND_HEADING 1

static_assert(FMT_PSG_BLOCK == PFOR_BLOCK, "passage columns are single PFor blocks");
static_assert(POST_BLOCK == 128, "FORMAT.md describes 128-posting blocks");
static_assert(ZF_PAGE == 65536, "FORMAT.md describes 64 KiB pages");

#endif
