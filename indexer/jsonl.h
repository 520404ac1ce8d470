/*
 * jsonl.h - JSON Lines input (--format jsonl): one JSON object per line,
 * one document each, with the metadata a sidecar would give (meta.h):
 *
 *   {"id": "cctv-20220101-00", "text": "央视网消息……", "title": "…",
 *    "date": "2022-01-01", "city": "郑州", "url": "https://…"}
 *
 *   id     required; a string (1 to JSONL_ID_MAX bytes, no control
 *          characters) or a whole number (its digits as written).  The
 *          document is named FILE#ID (FILE as the walk gives it), which is
 *          its `doc` in every output; an id repeated in one file is a bad
 *          line (7 and "7" are the same id).
 *   text   required, a string: read as a text file holding exactly these
 *          bytes would be (document.h doc_read_text), so passages, cities,
 *          years and offsets are those of FILE.txt with a FILE.txt.meta.json
 *          sidecar; passage offsets count bytes of the text.
 *   title, date, city   optional: as in a sidecar, through the same
 *          meta_field (null = not given).
 *   url    optional, a string (at most FMT_URL_MAX bytes) or null; stored
 *          with the document and shown by zhsearch.
 *   Other keys are kept as they were written (strings re-escaped), in
 *   file order, as one JSON object (at most FMT_EXTRA_MAX bytes, else the
 *   line is bad), stored with the document ("extra" in zhsearch's JSON).
 *
 * A bad line (not a JSON object, no id or text, a value meta_field
 * refuses, a repeated id) is skipped and counted in doc_info.bad_lines,
 * the first DOC_TSV_BAD_SHOWN named with their line numbers and reasons in
 * doc_info.bad_report; the other lines are read.  Blank lines are skipped
 * silently.  The file may be gzip-compressed (document.h).
 */
#ifndef ZS_JSONL_H
#define ZS_JSONL_H

#include "document.h"
#include "err.h"
#include "gazetteer.h"
#include "meta.h"

#include <stddef.h>
#include <stdint.h>

/* Longest id: an identity, not content, but a URL may serve as one. */
#define JSONL_ID_MAX 1024

/* One record, as jsonl_read hands it out.  Everything is borrowed until
 * the sink returns. */
typedef struct jsonl_doc {
    uint64_t line;    /* 1-based */
    const char *name; /* FILE#ID, NUL-terminated */
    const char *text; /* the "text" value, unescaped */
    size_t text_len;
    const meta_info *mi; /* title, date and city (found = 1) */
    uint64_t file_off;   /* bytes of the file (compressed, if it is) read so far */
    const char *url;     /* the url, or NULL */
    size_t url_len;
    const char *extra; /* the other keys as a JSON object "{...}", or NULL */
    size_t extra_len;
    uint64_t hash; /* FNV-1a 64 of the line's bytes: the record's identity for add and sync */
} jsonl_doc;

/* Called for each good line; a non-zero return stops reading and is
 * returned by jsonl_read. */
typedef int (*jsonl_sink)(void *ctx, const jsonl_doc *doc);

/* Read the JSON Lines file `path` (through the gazetteer `g`, for cities)
 * and hand each good record to `sink` in file order.  Fills `info` (also
 * on error, as far as it got): the file's size and mtime, the hash of its
 * content, bad lines.  Errors: those of doc_open and doc_getline; the
 * sink's. */
int jsonl_read(const char *path, const gaz *g, jsonl_sink sink, void *ctx, doc_info *info,
               zs_diag *d);

#endif
