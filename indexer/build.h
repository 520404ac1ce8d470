/*
 * build.h - `zhindex build`: input files -> a new index, committed
 * atomically.
 *
 * The index directory is locked (flock on INDEX/LOCK) for the whole build,
 * so two builds cannot interleave.  All passages go into one new segment,
 * written under a temporary name and renamed when complete; then the
 * manifest is replaced (manifest.h), and only then are the old segments and
 * any leftovers of interrupted builds removed.  Until the manifest is
 * replaced, readers see the old index; a failed or interrupted build leaves
 * it untouched.
 *
 * A directory that exists but does not look like an index (other files
 * than an index's own) is refused rather than written into.
 *
 * No silent replacement: a build replaces the whole index, so a build onto
 * an index holding documents that the inputs do not cover (cover.h: the
 * stored path is an input PATH, lies under one or is a record PATH#ID of
 * one, compared as absolute, lexically normal paths) is refused (ZS_EINVAL,
 * saying how many it would drop) unless opts.replace.  So a rebuild of the
 * same PATHs goes through even when files were added or removed below
 * them, and a build of another folder does not.
 *
 * Problems with single input files are reported through the events and the
 * file is skipped; the build goes on.  A build in which no input file could
 * be used does not touch the index.
 */
#ifndef ZS_BUILD_H
#define ZS_BUILD_H

#include "document.h"
#include "err.h"
#include "factann.h"
#include "gazetteer.h"
#include "segwrite.h"
#include "walk.h"

#include <stddef.h>
#include <stdint.h>

typedef struct build_opts {
    const char *index_dir;
    const char *glob; /* names to pick up inside directories */
    doc_opts doc;
    size_t mem_budget; /* bytes for the inverter */
    int zlevel;        /* zlib level of the stored text */
    int default_year;  /* --year: for documents whose text dates nothing; 0 = none */
    int replace;       /* --replace: drop documents the inputs do not cover */
    int threads;       /* --threads: 2 = a second thread inverts (segwrite.h) */
    int no_merge;      /* --no-merge (add, sync, remove): no merge policy after the commit */
} build_opts;

typedef struct build_report {
    uint64_t files_total; /* files found */
    uint64_t files_indexed;
    uint64_t files_skipped;   /* unreadable, undecodable, missing */
    uint64_t files_unchanged; /* add, sync: as stored (build_filter.skip_file) */
    uint64_t docs_unchanged;  /* add, sync: JSON Lines records as stored (skip_record) */
    uint64_t files_partial;   /* indexed up to an error (counted in files_indexed too) */
    uint64_t docs;            /* documents indexed (a JSON Lines file holds many) */
    uint64_t lines_skipped;   /* TSV or JSON Lines lines skipped (document.h, jsonl.h) */
    uint64_t passages, tokens, terms;
    uint64_t input_bytes; /* bytes of the files indexed */
    uint64_t index_bytes; /* size of the new segment */
    uint64_t text_raw, text_stored;
    uint32_t runs;
    double seconds;
} build_report;

typedef struct build_events {
    void *ctx;
    /* a file was skipped: name and reason */
    void (*skipped)(void *ctx, const char *path, const char *why);
    /* something about a file worth knowing (invalid sequences replaced) */
    void (*warning)(void *ctx, const char *path, const char *what);
    /* after each file: files done/total, bytes done/total */
    void (*progress)(void *ctx, uint64_t files, uint64_t nfiles, uint64_t bytes, uint64_t nbytes);
} build_events;

/* Build an index of `inputs` (files and directories).  Returns ZS_OK when
 * an index was committed (some files may have been skipped: see the
 * report), ZS_ENOTFOUND when no input file could be used (index
 * untouched), ZS_EBUSY when another build holds the lock, ZS_EINVAL for a
 * directory that is not an index or an index the build would replace
 * without opts.replace (the index is untouched), or an I/O error. */
int build_run(const build_opts *o, char *const *inputs, size_t ninputs, const build_events *ev,
              build_report *rep, zs_diag *d);

/* ---- the parts that add and sync (update.h) share with build ---- */

/* What add and sync decide about each input (update.h); NULL in build. */
typedef struct build_filter {
    void *ctx;
    /* before a file is read: non-zero when it is unchanged (not read;
     * counted in files_unchanged) */
    int (*skip_file)(void *ctx, const char *path);
    /* before a JSON Lines record is indexed: non-zero when it is unchanged
     * (counted in docs_unchanged); `hash` is its line's (jsonl.h) */
    int (*skip_record)(void *ctx, const char *name, uint64_t hash);
    /* a document named `name` went into the new segment; an error stops */
    int (*indexed)(void *ctx, const char *name);
} build_filter;

/* Where build_feed writes, and to whom it reports. */
typedef struct build_env {
    sw *w;
    const gaz *g;
    factann_ctx *facts;
    const build_events *ev;
    const build_filter *flt; /* may be NULL */
    build_report *rep;
    zs_diag *d;
} build_env;

/* Walk the inputs (warnings counted as skipped files) and name the
 * sidecars that will not be read.  Errors: ZS_ENOMEM.  Free files with
 * walk_free. */
int build_walk(const build_opts *o, char *const *inputs, size_t ninputs, const build_events *ev,
               build_report *rep, walk_list *files);

/* Index `files` into env->w, asking env->flt (when set) what to skip.
 * Problems of single files are reported and counted in env->rep; returns
 * only fatal errors (the segment writer's, ZS_ENOMEM), with env->d. */
int build_feed(const build_opts *o, build_env *env, const walk_list *files);

/* Fill the report's segment figures from sw_finish's statistics and the
 * size of DIR/SEGNAME. */
void build_report_segment(build_report *rep, const sw_stats *st, const char *dir,
                          const char *segname);

#endif
