/*
 * dump.h - `zhindex dump`: one term's postings, or one section of every
 * segment, as plain text (as LMDB's mdb_dump and FTS5's fts5_decode look
 * inside their files when something is wrong).
 *
 * dump_term prints, for each segment of the index in manifest order:
 *
 *   segment FILE: df N, list B bytes at O, flags F     (or "segment FILE: absent")
 *     passage G (local L): tf T, positions P1 P2 ...
 *
 * one `passage` line per posting, passages ascending; G is the global
 * passage id (zhsearch's numbering), L the id within the segment, the
 * positions are code point indexes in the passage text (docs/FORMAT.md
 * "What is indexed").  A last line says `total df N`: the number of passages
 * holding the term, which is what `zhsearch --count` says for a query of
 * that one term.
 *
 * dump_section prints, for each segment, a line
 *
 *   segment FILE: section NAME (id I): N bytes at body offset O
 *
 * then the section decoded, one item a line, where that is cheap (STATS,
 * DOCS, DOCIDX, DOCDATES, DL, DLX, PSG, PSGIDX, TEXT, TEXTIDX, TERMS,
 * TERMIDX, CHARS, LABELS), else as a hex dump with offsets in the section:
 *
 *   00000000: 5a48 5345 4152 4348 0300 0000 5345 4731  ZHSEARCH....SEG1
 *
 * Terms and texts are printed as their bytes, except bytes below 0x20 and
 * 0x7f, which are written \xHH (a field term is \x01c4101).
 *
 * Both only read; they return an error code and print nothing but the dump
 * (main says what went wrong).  Errors: ZS_ENOTFOUND (dump_section: no
 * such section; d's message lists the names), ZS_ECORRUPT (a damaged
 * list or section, naming the file), ZS_ENOMEM, ZS_EIO (writing `out`).
 */
#ifndef ZS_DUMP_H
#define ZS_DUMP_H

#include "err.h"
#include "index.h"

#include <stdio.h>

/* Print the postings of `term` (len bytes, as stored: folded, see
 * docs/FORMAT.md) in every segment of `ix`. */
int dump_term(zindex *ix, const char *term, size_t len, FILE *out, zs_diag *d);

/* Print the section called `name` (a FORMAT.md name such as TERMS or
 * POSTINGS, any case) of every segment of `ix`. */
int dump_section(zindex *ix, const char *name, FILE *out, zs_diag *d);

/* Decode the escapes \xHH and \\ of a term given on the command line into
 * `out` (cap bytes); its length in *len.  Errors: ZS_EINVAL (a bad escape,
 * or longer than cap). */
int dump_unescape(const char *s, char *out, size_t cap, size_t *len);

#endif
