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
    FMT_SEC_STATS = 1,    /* segment statistics (fixed fields) */
    FMT_SEC_DOCS = 2,     /* document records */
    FMT_SEC_DOCIDX = 3,   /* u64 offset of each document record */
    FMT_SEC_DL = 4,       /* u16 length in tokens of each passage */
    FMT_SEC_PSG = 5,      /* passage records, in blocks */
    FMT_SEC_PSGIDX = 6,   /* per passage block: u64 offset */
    FMT_SEC_TEXT = 7,     /* stored passage text: raw deflate blocks */
    FMT_SEC_TEXTIDX = 8,  /* per text block: first passage, offset, sizes */
    FMT_SEC_POSTINGS = 9, /* postings lists */
    FMT_SEC_TERMS = 10,   /* term dictionary blocks */
    FMT_SEC_TERMIDX = 11, /* term dictionary block index */
    FMT_SEC_CHARS = 12    /* document frequency of each CJK character */
};

/* Passage records come in blocks of this many, each block starting with
 * absolute values, so one passage costs one short block decode. */
#define FMT_PSG_BLOCK 64
/* Uncompressed size a stored-text block aims at: zlib compresses Chinese
 * news about 3x at 64 KiB against 2.6x at 16 KiB (measured on the 100 MB
 * benchmark corpus), and one block inflates in about 0.2 ms. */
#define FMT_TEXT_BLOCK 65536
/* Longest passage length recorded in FMT_SEC_DL. */
#define FMT_DL_MAX 65535
/* Passages per segment: ids are u32 and POST_END is reserved. */
#define FMT_MAX_PASSAGES (UINT32_MAX - 1)

/* Passage kinds stored in the passage records. */
#define FMT_KIND_BODY    0
#define FMT_KIND_HEADING 1

static_assert(FMT_PSG_BLOCK > 0 && FMT_PSG_BLOCK <= 256, "passage block fits a u8 count");
static_assert(POST_BLOCK == 128, "FORMAT.md describes 128-posting blocks");
static_assert(ZF_PAGE == 65536, "FORMAT.md describes 64 KiB pages");

#endif
