/* build.c - building and committing a new index (see build.h). */
#include "build.h"

#include "factann.h"

#include "annotate.h"
#include "commit.h"
#include "cover.h"
#include "format.h"
#include "gazetteer.h"
#include "jsonl.h"
#include "manifest.h"
#include "meta.h"
#include "segment.h"
#include "segwrite.h"
#include "uchar.h"
#include "tomb.h"
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BUILD_PATH_MAX 4096
/* Documents of a JSON Lines file between two progress reports. */
#define BUILD_PROGRESS_DOCS 256

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* The rule against silent replacement: a build onto an index that holds
 * documents the inputs do not cover (cover.h) would drop them, and is
 * refused unless --replace.  Segments that cannot be read are not counted:
 * a damaged index is replaced, as a damaged manifest is. */
static int check_replace(const char *dir, const manifest *old, char *const *inputs, size_t ninputs,
                         zs_diag *d)
{
    uint64_t dropped = 0, total = 0;
    char first[256] = "";
    cover cv;
    int rc = cover_init(&cv, inputs, ninputs);
    for (size_t i = 0; i < old->nsegs && !rc; i++) {
        char name[64], path[BUILD_PATH_MAX];
        man_segment_name(old->segs[i].id, name, sizeof name);
        snprintf(path, sizeof path, "%s/%s", dir, name);
        segment *s;
        zs_diag sd;
        int src = seg_open(&s, path, &sd);
        if (src == ZS_ENOMEM) rc = src;
        if (src) continue;
        /* deleted documents are not dropped by the build: they are gone */
        uint8_t *dead = NULL;
        uint32_t ndead;
        if (old->segs[i].del_id && tomb_read(dir, old->segs[i].id, old->segs[i].del_id, s->ndocs, 0,
                                             &dead, &ndead, &sd) == ZS_ENOMEM)
            rc = ZS_ENOMEM;
        for (uint32_t k = 0; k < s->ndocs && !rc; k++) {
            if (tomb_has(dead, k)) continue;
            seg_doc_info di;
            int drc = seg_doc(s, k, &di, &sd);
            if (drc == ZS_ENOMEM) rc = drc;
            if (drc) continue;
            total++;
            if (cover_has(&cv, di.path, di.path_len)) continue;
            if (!dropped++)
                snprintf(first, sizeof first, "%.*s", di.path_len > 200 ? 200 : (int)di.path_len,
                         di.path);
        }
        free(dead);
        seg_close(s);
    }
    cover_free(&cv);
    if (rc) return zs_fail(d, rc, "%s: %s", dir, zs_strerror(rc));
    if (dropped)
        return zs_fail(d, ZS_EINVAL,
                       "%s holds %llu document%s (of %llu) from paths that are not among the "
                       "inputs, such as %s; this build would drop them. Give --replace to "
                       "replace the index anyway, or use zhindex add or sync to update it in "
                       "place",
                       dir, (unsigned long long)dropped, dropped == 1 ? "" : "s",
                       (unsigned long long)total, first);
    return ZS_OK;
}

typedef struct sink_ctx {
    sw *w;
    const gaz *g;
    ann_doc_meta meta;
    factann_ctx *facts;
    int err; /* an error of the segment writer: fatal for the build */
    zs_diag *d;
    const meta_info *mi;        /* the document's sidecar */
    meta_doc doc;               /* its date and title, from the first chunk */
    char title[META_TITLE_MAX]; /* the sidecar's title in the simplified fold, for meta */
} sink_ctx;

/* Tag the passages of a chunk (cities, years) and add them. */
static int add_passages(void *ctx, const psg_list *l, const doc_meta *meta)
{
    sink_ctx *c = ctx;
    ann_tags *tags = calloc(l->n ? l->n : 1, sizeof *tags);
    if (!tags) return c->err = ZS_ENOMEM;
    int rc = ZS_OK;
    if (meta) {
        for (size_t i = 0; i < l->n; i++)
            ann_from_columns(c->g, meta[i].city, meta[i].city_len, meta[i].year, &tags[i]);
        meta_doc_chunk(&c->doc, c->mi, l, NULL);
    } else {
        ann_doc_out out;
        rc = ann_passages(c->g, &c->meta, l, tags, &out);
        if (!rc) meta_doc_chunk(&c->doc, c->mi, l, &out);
    }
    for (size_t i = 0; i < l->n && !rc; i++) {
        const psg_passage *p = &l->v[i];
        size_t nfacts = 0;
        rc =
            factann_passage(c->facts, c->g, l->text.data + p->text_off, p->text_len, &nfacts, c->d);
        if (rc) break;
        sw_passage sp = {psg_written(l, p),
                         p->text_len,
                         p->src_start,
                         p->src_end,
                         p->kind == NORM_HEADING ? FMT_KIND_HEADING : FMT_KIND_BODY,
                         p->ext_id,
                         tags[i].codes,
                         tags[i].ncodes,
                         tags[i].years,
                         tags[i].nyears,
                         c->facts->v,
                         nfacts,
                         p->chapter_len ? l->labels.data + p->chapter_off : NULL,
                         p->article_len ? l->labels.data + p->article_off : NULL,
                         p->chapter_len,
                         p->article_len};
        rc = sw_add_passage(c->w, &sp, c->d);
    }
    free(tags);
    if (rc) c->err = rc;
    return rc;
}

/* The annotator's view of a document's metadata (a sidecar's or a JSON
 * Lines record's): the same for both, so that they annotate alike. */
static void ann_meta_of(const meta_info *mi, int default_year, sink_ctx *sc)
{
    ann_doc_meta *out = &sc->meta;
    out->city = mi->city;
    out->year = mi->year;
    out->month = mi->month;
    out->day = mi->day;
    out->default_year = default_year;
    /* the annotator reads the title for places as it reads the text: in
     * the simplified fold (鄭州 is 郑州); the title stored stays as written */
    memcpy(sc->title, mi->title, sizeof sc->title);
    uc_t2s_utf8(sc->title, strlen(sc->title));
    out->title = sc->title[0] ? sc->title : NULL;
    out->title_len = strlen(sc->title);
}

/* Reports about the documents of a JSON Lines file, named FILE#ID. */
static void warn_replaced(const build_events *ev, const char *name, const doc_info *info)
{
    if (!info->replaced || !ev->warning) return;
    char msg[160];
    snprintf(msg, sizeof msg,
             "%llu invalid %s sequence%s replaced with U+FFFD (first at offset %llu)",
             (unsigned long long)info->replaced, info->encoding, info->replaced == 1 ? "" : "s",
             (unsigned long long)info->first_bad);
    ev->warning(ev->ctx, name, msg);
}

/* Seconds before the moment a file is read in which a change of the file
 * is taken as possibly racing the read: file timestamps come from the
 * kernel's coarse clock, up to a tick behind time(). */
#define BUILD_RACY_SLACK 1

/* The src_mtime to store for a file of `mtime` whose reading began at
 * `t_read` (time() before its stat).  mtimes are stored in whole seconds,
 * so a file changed again after the read, in that same second, and of the
 * same size would look unchanged to add and sync forever; such a file's
 * mtime is stored as FMT_MTIME_RACY, and they hash it (git's racy-git
 * rule: an mtime not before the moment of reading proves nothing). */
static int64_t stored_mtime(int64_t mtime, time_t t_read)
{
    return mtime >= (int64_t)t_read - BUILD_RACY_SLACK ? FMT_MTIME_RACY : mtime;
}

/* What a JSON Lines file's records need to become documents. */
typedef struct jsonl_ctx {
    const build_opts *o;
    const build_events *ev;
    build_report *rep;
    sw *w;
    const gaz *g;
    factann_ctx *facts;
    int64_t mtime;     /* the file's */
    int64_t src_mtime; /* as stored for its records: stored_mtime */
    uint64_t fsize;    /* the file's size as stored (compressed, if it is) */
    /* progress: files done/total, bytes of the files before this one, all */
    uint64_t file_no, nfiles, bytes_before, total_bytes;
    zs_diag *d;
    int fatal; /* an error of the segment writer (or ENOMEM): the build stops */
    const build_filter *flt;
} jsonl_ctx;

/* One record -> one document, as a text file with its sidecar would be. */
static int record_doc(jsonl_ctx *jc, const jsonl_doc *jd)
{
    const build_filter *flt = jc->flt;
    if (flt && flt->skip_record && flt->skip_record(flt->ctx, jd->name, jd->hash)) {
        jc->rep->docs_unchanged++;
        return ZS_OK;
    }
    sink_ctx sc = {jc->w, jc->g, {0}, jc->facts, 0, jc->d, jd->mi, {0}, ""};
    ann_meta_of(jd->mi, jc->o->default_year, &sc);
    int rc = sw_doc_begin(jc->w);
    if (rc) return rc;
    uint32_t before = sw_npassages(jc->w);
    doc_info info;
    zs_diag fd;
    zs_diag_clear(&fd);
    int frc =
        doc_read_text(jd->name, jd->text, jd->text_len, &jc->o->doc, add_passages, &sc, &info, &fd);
    if (sc.err || frc == ZS_ENOMEM) return sc.err ? sc.err : frc; /* fatal: stop */
    int partial = frc && sw_npassages(jc->w) != before;
    if (frc && !partial) {
        if ((rc = sw_doc_cancel(jc->w))) return rc;
    } else {
        sw_doc sd = {jd->name,         info.size,     jc->mtime,     info.hash,
                     "UTF-8",          info.replaced, sc.doc.date,   sc.doc.title,
                     sc.doc.title_len, jc->fsize,     jc->src_mtime, jd->hash,
                     jd->url,          jd->url_len,   jd->extra,     jd->extra_len};
        rc = sw_doc_end(jc->w, &sd, jc->d);
        if (!rc && flt && flt->indexed) rc = flt->indexed(flt->ctx, jd->name);
        if (rc) return rc;
        jc->rep->docs++;
    }
    if (frc) {
        /* a record the decoder refused (--strict): a bad line of its file */
        char why[ZS_DIAG_MAX + 64];
        snprintf(why, sizeof why, "%s%s", fd.msg[0] ? fd.msg : zs_strerror(frc),
                 partial ? " (indexed up to there)" : "");
        jc->rep->lines_skipped++;
        if (jc->ev->skipped) jc->ev->skipped(jc->ev->ctx, jd->name, why);
    } else {
        warn_replaced(jc->ev, jd->name, &info);
    }
    /* a JSON Lines file may be the whole corpus: progress within it */
    if (jc->ev->progress && jc->rep->docs % BUILD_PROGRESS_DOCS == 0)
        jc->ev->progress(jc->ev->ctx, jc->file_no, jc->nfiles, jc->bytes_before + jd->file_off,
                         jc->total_bytes);
    return ZS_OK;
}

static int add_record(void *ctx, const jsonl_doc *jd)
{
    jsonl_ctx *jc = ctx;
    int rc = record_doc(jc, jd);
    if (rc) jc->fatal = rc;
    return rc;
}

/* Index the records of the JSON Lines file `path`; its problems are
 * reported and counted like a TSV file's.  Returns only fatal errors. */
static int index_jsonl(jsonl_ctx *jc, const char *path, uint64_t *done_bytes)
{
    doc_info info;
    zs_diag fd;
    zs_diag_clear(&fd);
    jc->mtime = 0;
    jc->src_mtime = FMT_MTIME_RACY;
    jc->fsize = 0;
    time_t t_read = time(NULL);
    struct stat st;
    if (stat(path, &st) == 0) {
        jc->mtime = (int64_t)st.st_mtime;
        jc->src_mtime = stored_mtime(jc->mtime, t_read);
        jc->fsize = (uint64_t)st.st_size;
    }
    uint64_t docs0 = jc->rep->docs;
    int rc = jsonl_read(path, jc->g, add_record, jc, &info, &fd);
    *done_bytes += info.size;
    if (jc->fatal || rc == ZS_ENOMEM) {
        if (!jc->d->msg[0]) zs_fail(jc->d, rc, "%s", fd.msg[0] ? fd.msg : zs_strerror(rc));
        return rc;
    }
    build_report *rep = jc->rep;
    if (rc) {
        /* the file could not be read to its end: what came before stays */
        char why[ZS_DIAG_MAX + 64];
        int partial = rep->docs != docs0;
        snprintf(why, sizeof why, "%s%s", fd.msg[0] ? fd.msg : zs_strerror(rc),
                 partial ? " (indexed up to there)" : "");
        if (partial) {
            rep->files_indexed++;
            rep->files_partial++;
        } else {
            rep->files_skipped++;
        }
        if (jc->ev->skipped) jc->ev->skipped(jc->ev->ctx, path, why);
    } else {
        rep->files_indexed++;
        rep->input_bytes += info.size;
    }
    rep->lines_skipped += info.bad_lines;
    if (info.bad_lines && jc->ev->warning) {
        char msg[DOC_TSV_BAD_REPORT + 64];
        snprintf(msg, sizeof msg, "%llu line%s skipped: %s%s", (unsigned long long)info.bad_lines,
                 info.bad_lines == 1 ? "" : "s", info.bad_report,
                 info.bad_lines > DOC_TSV_BAD_SHOWN ? "; ..." : "");
        jc->ev->warning(jc->ev->ctx, path, msg);
    }
    return ZS_OK;
}

/* What the walk's warnings go to: each one is an entry skipped, counted
 * with its message so that the summary and the exit status agree with
 * what was said. */
typedef struct walk_ctx {
    const build_events *ev;
    build_report *rep;
} walk_ctx;

static void walk_warn(void *ctx, const char *path, const char *why)
{
    walk_ctx *wc = ctx;
    wc->rep->files_skipped++;
    if (wc->ev->skipped) wc->ev->skipped(wc->ev->ctx, path, why);
}

/* The input files, walked before the index directory is touched. */
static int walk_inputs(const build_opts *o, char *const *inputs, size_t ninputs, walk_ctx *wc,
                       walk_list *files)
{
    int rc = ZS_OK;
    for (size_t i = 0; i < ninputs && rc != ZS_ENOMEM; i++) {
        int wrc = walk_add(files, inputs[i], o->glob, walk_warn, wc);
        if (wrc == ZS_ENOMEM) rc = wrc; /* a missing input was warned and counted */
    }
    walk_finish(files);
    return rc;
}

/* Name the sidecars that will not be read: those of no input file (a
 * naming slip: "a.txt.meta.json" beside "a.md", "a.meta.json" beside
 * "a.txt"), and with JSON Lines input all of them. */
static void warn_sidecars(const build_opts *o, const walk_list *files, const build_events *ev)
{
    if (!ev->warning) return;
    for (size_t i = 0; i < files->nside; i++) {
        const char *side = files->sidecars[i], *likely;
        char msg[BUILD_PATH_MAX + 160];
        if (o->doc.format == DOC_JSONL) {
            ev->warning(ev->ctx, side,
                        "sidecar not read: JSON Lines records carry their own metadata");
        } else if (walk_orphan(files, side, &likely)) {
            size_t k = (size_t)snprintf(msg, sizeof msg,
                                        "sidecar of no input file (its file is missing or not "
                                        "taken by --include); not read");
            if (likely && k < sizeof msg)
                snprintf(msg + k, sizeof msg - k, "; for %s it should be named %s.meta.json",
                         likely, likely);
            ev->warning(ev->ctx, side, msg);
        }
    }
}

/* Index one text or TSV file into the writer: its sidecar, its passages,
 * its document.  Problems of the file are reported and counted; returns
 * only fatal errors. */
static int feed_file(const build_opts *o, build_env *env, const char *path, uint64_t *done_bytes)
{
    build_report *rep = env->rep;
    const build_events *ev = env->ev;
    const build_filter *flt = env->flt;
    doc_info info;
    zs_diag fd;
    zs_diag_clear(&fd);
    meta_info mi;
    sink_ctx sc = {env->w, env->g, {0}, env->facts, 0, env->d, &mi, {0}, ""};
    int metarc = meta_read(env->g, path, &mi, &fd);
    if (metarc == ZS_ENOMEM)
        return zs_fail(env->d, ZS_ENOMEM, "%s", fd.msg[0] ? fd.msg : zs_strerror(metarc));
    if (metarc) {
        rep->files_skipped++;
        if (ev->skipped) ev->skipped(ev->ctx, path, fd.msg);
        return ZS_OK;
    }
    ann_meta_of(&mi, o->default_year, &sc);
    int rc = sw_doc_begin(env->w);
    if (rc) return rc;
    uint32_t before = sw_npassages(env->w);
    time_t t_read = time(NULL);
    int frc = doc_read(path, &o->doc, add_passages, &sc, &info, &fd);
    *done_bytes += info.size;
    if (sc.err || frc == ZS_ENOMEM)
        return sc.err ? sc.err : frc; /* the segment cannot be trusted */
    int partial = frc && sw_npassages(env->w) != before;
    if (frc && !partial) {
        rc = sw_doc_cancel(env->w);
    } else {
        sw_doc sd = {path,
                     info.size,
                     info.mtime,
                     info.hash,
                     info.encoding,
                     info.replaced,
                     sc.doc.date,
                     sc.doc.title,
                     sc.doc.title_len,
                     info.size,
                     stored_mtime(info.mtime, t_read),
                     info.hash,
                     NULL,
                     0,
                     NULL,
                     0};
        rc = sw_doc_end(env->w, &sd, env->d);
        if (!rc && flt && flt->indexed) rc = flt->indexed(flt->ctx, path);
        rep->docs++;
    }
    if (rc) return rc;
    if (frc) {
        char why[ZS_DIAG_MAX + 64];
        snprintf(why, sizeof why, "%s%s", fd.msg[0] ? fd.msg : zs_strerror(frc),
                 partial ? " (indexed up to there)" : "");
        if (partial) {
            rep->files_indexed++;
            rep->files_partial++;
        } else {
            rep->files_skipped++;
        }
        if (ev->skipped) ev->skipped(ev->ctx, path, why);
        return ZS_OK;
    }
    rep->files_indexed++;
    rep->input_bytes += info.size;
    warn_replaced(ev, path, &info);
    rep->lines_skipped += info.bad_lines;
    if (info.bad_lines && ev->warning) {
        char msg[DOC_TSV_BAD_REPORT + 64];
        snprintf(msg, sizeof msg, "%llu line%s skipped: %s%s", (unsigned long long)info.bad_lines,
                 info.bad_lines == 1 ? "" : "s", info.bad_report,
                 info.bad_lines > DOC_TSV_BAD_SHOWN ? "; ..." : "");
        ev->warning(ev->ctx, path, msg);
    }
    return ZS_OK;
}

int build_feed(const build_opts *o, build_env *env, const walk_list *files)
{
    uint64_t total_bytes = 0, done_bytes = 0;
    for (size_t i = 0; i < files->n; i++) {
        struct stat st;
        if (stat(files->paths[i], &st) == 0) total_bytes += (uint64_t)st.st_size;
    }
    const build_events *ev = env->ev;
    const build_filter *flt = env->flt;
    int rc = ZS_OK;
    for (size_t i = 0; i < files->n && !rc; i++) {
        const char *path = files->paths[i];
        if (flt && flt->skip_file && flt->skip_file(flt->ctx, path)) {
            env->rep->files_unchanged++;
            continue;
        }
        if (o->doc.format == DOC_JSONL) {
            jsonl_ctx jc = {o, ev, env->rep, env->w,     env->g,      env->facts, 0, 0,
                            0, i,  files->n, done_bytes, total_bytes, env->d,     0, flt};
            rc = index_jsonl(&jc, path, &done_bytes);
        } else {
            rc = feed_file(o, env, path, &done_bytes);
        }
        if (!rc && ev->progress) ev->progress(ev->ctx, i + 1, files->n, done_bytes, total_bytes);
    }
    return rc;
}

int build_walk(const build_opts *o, char *const *inputs, size_t ninputs, const build_events *ev,
               build_report *rep, walk_list *files)
{
    walk_ctx wc = {ev, rep};
    int rc = walk_inputs(o, inputs, ninputs, &wc, files);
    rep->files_total = files->n;
    if (!rc) warn_sidecars(o, files, ev);
    return rc;
}

int build_run(const build_opts *o, char *const *inputs, size_t ninputs, const build_events *ev,
              build_report *rep, zs_diag *d)
{
    memset(rep, 0, sizeof *rep);
    double t0 = now();
    walk_list files = {0};
    walk_ctx wc = {ev, rep};
    int rc = walk_inputs(o, inputs, ninputs, &wc, &files);
    rep->files_total = files.n;
    /* nothing to index: the index (or its directory) is not even created */
    if (!rc && files.n == 0)
        rc = zs_fail(d, ZS_ENOTFOUND, "no usable input files; the index was not changed");
    if (!rc) rc = cmt_prepare_dir(o->index_dir, d);
    int lockfd = -1;
    if (!rc) rc = cmt_lock(o->index_dir, &lockfd, d);
    if (rc) {
        walk_free(&files);
        return rc;
    }
    cmt_sweep(o->index_dir);
    warn_sidecars(o, &files, ev);
    manifest old;
    memset(&old, 0, sizeof old);
    int mrc = man_read(o->index_dir, &old, d);
    if (mrc == ZS_ENOMEM) {
        rc = mrc; /* not damage: the build cannot go on */
    } else if (mrc && mrc != ZS_ENOTFOUND) {
        /* a damaged manifest: the new index replaces it */
        man_free(&old);
        memset(&old, 0, sizeof old);
    }
    if (!rc) zs_diag_clear(d);
    if (!rc && !o->replace) rc = check_replace(o->index_dir, &old, inputs, ninputs, d);
    uint64_t id = old.next_id ? old.next_id : 1;
    gaz *g = NULL;
    if (!rc && gaz_open(&g)) rc = ZS_ENOMEM;
    sw_opts so = {o->mem_budget, o->zlevel, o->doc.psg.max_cps, o->threads};
    factann_ctx facts;
    factann_init(&facts);
    sw *w = NULL;
    if (!rc) rc = sw_open(&w, o->index_dir, id, &so, d);
    build_env env = {w, g, &facts, ev, NULL, rep, d};
    if (!rc) rc = build_feed(o, &env, &files);
    if (!rc && rep->docs == 0)
        rc = zs_fail(d, ZS_ENOTFOUND, "no usable input files; the index was not changed");
    sw_stats st;
    char segname[64];
    if (rc) {
        sw_abort(w);
    } else {
        rc = sw_finish(w, segname, &st, d);
    }
    if (!rc) {
        manifest m = {old.generation + 1, id + 1, NULL, 1};
        man_segment seg = {id, st.passages, st.docs, 0, 0, 0};
        m.segs = &seg;
        rc = cmt_commit(o->index_dir, &m, d);
        build_report_segment(rep, &st, o->index_dir, segname);
        if (rc) {
            /* the new segment is not referenced: remove it */
            char path[BUILD_PATH_MAX];
            snprintf(path, sizeof path, "%s/%s", o->index_dir, segname);
            unlink(path);
        }
    }
    man_free(&old);
    factann_free(&facts);
    gaz_free(g);
    walk_free(&files);
    rep->seconds = now() - t0;
    close(lockfd);
    return rc;
}

void build_report_segment(build_report *rep, const sw_stats *st, const char *dir,
                          const char *segname)
{
    rep->passages = st->passages;
    rep->tokens = st->tokens;
    rep->terms = st->terms;
    rep->text_raw = st->text_raw;
    rep->text_stored = st->text_stored;
    rep->runs = st->runs;
    char path[BUILD_PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, segname);
    struct stat sst;
    if (stat(path, &sst) == 0) rep->index_bytes = (uint64_t)sst.st_size;
}
