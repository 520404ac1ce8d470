/* update.c - add, sync and remove (see update.h). */
#include "update.h"

#include "commit.h"
#include "cover.h"
#include "index.h"
#include "merge.h"
#include "tomb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define UPD_PATH_MAX 4096

/* A live document of the index, by its normalized name. */
typedef struct upd_entry {
    char *key;        /* cover_norm of the stored path, keep_id */
    const char *path; /* the stored path, in the segment's map */
    size_t path_len;
    uint32_t seg, doc;
    uint64_t src_size, src_hash;
    int64_t src_mtime;
    int seen; /* met in the inputs (sync) */
} upd_entry;

typedef struct upd_state {
    zindex *ix;
    upd_entry *e;
    size_t n;
    uint8_t **del; /* per segment: the deleted documents after this run */
    int *changed;  /* per segment: del differs from the index's */
    char cwd[UPD_PATH_MAX];
    int jsonl;
    upd_report *rep;
    zs_diag *d;
} upd_state;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const upd_entry *)a)->key, ((const upd_entry *)b)->key);
}

/* The live documents of the index, sorted by key. */
static int load_entries(upd_state *u)
{
    zindex *ix = u->ix;
    size_t cap = ix->ndocs ? ix->ndocs : 1;
    u->e = calloc(cap, sizeof *u->e);
    u->del = calloc(ix->nsegs ? ix->nsegs : 1, sizeof *u->del);
    u->changed = calloc(ix->nsegs ? ix->nsegs : 1, sizeof *u->changed);
    if (!u->e || !u->del || !u->changed) return ZS_ENOMEM;
    for (size_t si = 0; si < ix->nsegs; si++) {
        segment *s = ix->segs[si];
        u->del[si] = calloc(tomb_bytes(s->ndocs) + 1, 1);
        if (!u->del[si]) return ZS_ENOMEM;
        if (ix->deleted[si]) memcpy(u->del[si], ix->deleted[si], tomb_bytes(s->ndocs));
        for (uint32_t k = 0; k < s->ndocs; k++) {
            if (tomb_has(u->del[si], k)) continue;
            seg_doc_info di;
            int rc = seg_doc(s, k, &di, u->d);
            if (rc) return rc;
            if (u->n == cap) return zs_fail(u->d, ZS_ECORRUPT, "index corrupt: document counts");
            char tmp[COVER_PATH_MAX];
            size_t len = cover_norm(u->cwd, di.path, di.path_len, 1, tmp, sizeof tmp);
            upd_entry *e = &u->e[u->n];
            e->key = strndup(len ? tmp : "", len);
            if (!e->key) return ZS_ENOMEM;
            e->path = di.path;
            e->path_len = di.path_len;
            e->seg = (uint32_t)si;
            e->doc = k;
            e->src_size = di.src_size;
            e->src_mtime = di.src_mtime;
            e->src_hash = di.src_hash;
            u->n++;
        }
    }
    if (u->n) qsort(u->e, u->n, sizeof *u->e, cmp_entry);
    return ZS_OK;
}

static void free_state(upd_state *u)
{
    for (size_t i = 0; i < u->n; i++) free(u->e[i].key);
    free(u->e);
    if (u->del)
        for (size_t i = 0; i < u->ix->nsegs; i++) free(u->del[i]);
    free(u->del);
    free(u->changed);
}

/* The first entry whose key is >= key (u->n when none). */
static size_t lower_bound(const upd_state *u, const char *key)
{
    size_t lo = 0, hi = u->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(u->e[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static upd_entry *find(const upd_state *u, const char *name)
{
    char key[COVER_PATH_MAX];
    if (!cover_norm(u->cwd, name, strlen(name), 1, key, sizeof key)) return NULL;
    size_t i = lower_bound(u, key);
    return i < u->n && !strcmp(u->e[i].key, key) ? &u->e[i] : NULL;
}

static void delete_entry(upd_state *u, upd_entry *e)
{
    if (tomb_has(u->del[e->seg], e->doc)) return;
    tomb_set(u->del[e->seg], e->doc);
    u->changed[e->seg] = 1;
}

/* A JSON Lines file is unchanged when its size and mtime are those stored
 * with any of its live records. */
static int skip_jsonl(upd_state *u, const char *path, const struct stat *st)
{
    char key[COVER_PATH_MAX];
    size_t len = cover_norm(u->cwd, path, strlen(path), 0, key, sizeof key - 1);
    if (!len) return 0;
    key[len] = '#';
    key[len + 1] = '\0';
    size_t i = lower_bound(u, key), j = i;
    int same = 0;
    for (; j < u->n && !strncmp(u->e[j].key, key, len + 1); j++)
        same |= u->e[j].src_size == (uint64_t)st->st_size && u->e[j].src_mtime == st->st_mtime;
    if (same)
        for (; i < j; i++) u->e[i].seen = 1;
    return same;
}

static int skip_file(void *ctx, const char *path)
{
    upd_state *u = ctx;
    struct stat st;
    if (stat(path, &st) != 0) return 0; /* read, and reported as missing */
    if (u->jsonl) return skip_jsonl(u, path, &st);
    upd_entry *e = find(u, path);
    if (!e) return 0;
    e->seen = 1;
    if (e->src_size != (uint64_t)st.st_size) return 0;
    if (e->src_mtime == st.st_mtime) return 1;
    /* touched: the content decides (a file that cannot be hashed is read,
     * and reported then) */
    uint64_t h;
    zs_diag hd;
    return doc_hash_file(path, &h, &hd) == ZS_OK && h == e->src_hash;
}

static int skip_record(void *ctx, const char *name, uint64_t hash)
{
    upd_state *u = ctx;
    upd_entry *e = find(u, name);
    if (!e) return 0;
    e->seen = 1;
    return e->src_hash == hash;
}

static int indexed(void *ctx, const char *name)
{
    upd_state *u = ctx;
    upd_entry *e = find(u, name);
    if (e && !tomb_has(u->del[e->seg], e->doc)) {
        delete_entry(u, e);
        u->rep->docs_replaced++;
    }
    return ZS_OK;
}

/* Does entry e match one of the ids of remove --id: its whole name, or
 * the record id after its '#'? */
static int id_matches(const upd_entry *e, char *const *ids, size_t n)
{
    const char *hash = memchr(e->path, '#', e->path_len);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(ids[i]);
        if (len == e->path_len && !memcmp(ids[i], e->path, len)) return 1;
        if (hash && (size_t)(e->path + e->path_len - hash - 1) == len &&
            !memcmp(hash + 1, ids[i], len))
            return 1;
    }
    return 0;
}

/* remove, and the second half of sync: delete what the inputs say. */
static int delete_matching(upd_state *u, upd_mode mode, char *const *inputs, size_t ninputs,
                           int by_id)
{
    cover cv;
    int rc = cover_init(&cv, inputs, ninputs);
    for (size_t i = 0; i < u->n && !rc; i++) {
        upd_entry *e = &u->e[i];
        if (tomb_has(u->del[e->seg], e->doc)) continue;
        int hit;
        if (mode == UPD_SYNC)
            hit = !e->seen && cover_has(&cv, e->path, e->path_len);
        else
            hit = by_id ? id_matches(e, inputs, ninputs) : cover_has(&cv, e->path, e->path_len);
        if (!hit) continue;
        delete_entry(u, e);
        u->rep->docs_removed++;
    }
    cover_free(&cv);
    return rc;
}

/* The new manifest: the old segments with their new tombstones (written
 * here; a segment with every document deleted is left out), then the new
 * segment when there is one. */
static int next_manifest(upd_state *u, const man_segment *added, manifest *m)
{
    zindex *ix = u->ix;
    m->generation = ix->man.generation + 1;
    m->next_id = added ? added->id + 1 : ix->man.next_id;
    m->segs = calloc(ix->nsegs + 1, sizeof *m->segs);
    if (!m->segs) return ZS_ENOMEM;
    m->nsegs = 0;
    for (size_t si = 0; si < ix->nsegs; si++) {
        man_segment ms = ix->man.segs[si];
        segment *s = ix->segs[si];
        if (u->changed[si]) {
            uint32_t ndocs = 0, npsg = 0;
            for (uint32_t k = 0; k < s->ndocs; k++) {
                if (!tomb_has(u->del[si], k)) continue;
                ndocs++;
                uint32_t end = k + 1 < s->ndocs ? seg_doc_first(s, k + 1) : s->npassages;
                npsg += end - seg_doc_first(s, k);
            }
            if (ndocs == s->ndocs) continue; /* nothing left of it */
            int rc = tomb_write(ix->dir, ms.id, m->generation, s->ndocs, u->del[si], u->d);
            if (rc) return rc;
            ms.del_id = m->generation;
            ms.ndel_docs = ndocs;
            ms.ndel_passages = npsg;
        }
        m->segs[m->nsegs++] = ms;
    }
    if (added) m->segs[m->nsegs++] = *added;
    return ZS_OK;
}

typedef struct keyed {
    char *key;
    size_t at;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->at > y->at) - (x->at < y->at);
}

/* One file given twice under two spellings (c/a.txt and ./c/a.txt, the
 * walk keeps both) would become two live documents of one name: keep the
 * first, in walk order. */
static int drop_same_files(const upd_state *u, walk_list *todo)
{
    size_t total = todo->n;
    keyed *k = calloc(total ? total : 1, sizeof *k);
    char *keep = calloc(todo->n ? todo->n : 1, 1);
    int rc = k && keep ? ZS_OK : ZS_ENOMEM;
    char tmp[COVER_PATH_MAX];
    for (size_t i = 0; i < todo->n && !rc; i++) {
        size_t len = cover_norm(u->cwd, todo->paths[i], strlen(todo->paths[i]), 0, tmp, sizeof tmp);
        k[i].key = strndup(len ? tmp : todo->paths[i], len ? len : strlen(todo->paths[i]));
        k[i].at = i;
        if (!k[i].key) rc = ZS_ENOMEM;
    }
    if (!rc) {
        qsort(k, todo->n, sizeof *k, cmp_keyed);
        for (size_t i = 0; i < todo->n; i++) keep[k[i].at] = !i || strcmp(k[i - 1].key, k[i].key);
        size_t n = 0;
        for (size_t i = 0; i < todo->n; i++)
            if (keep[i]) todo->paths[n++] = todo->paths[i];
        todo->n = n;
    }
    for (size_t i = 0; k && i < total; i++) free(k[i].key);
    free(k);
    free(keep);
    return rc;
}

/* add and sync: index what changed into a new segment (*added, or
 * added->id 0 when nothing was indexed). */
static int index_changes(upd_state *u, const build_opts *o, const walk_list *files,
                         const build_events *ev, man_segment *added, char *segname)
{
    memset(added, 0, sizeof *added);
    /* the files to read: a no-op add or sync stops here, having only
     * stat'ed them (no gazetteer, no segment writer) */
    walk_list todo = {0};
    todo.paths = calloc(files->n ? files->n : 1, sizeof *todo.paths);
    if (!todo.paths) return ZS_ENOMEM;
    for (size_t i = 0; i < files->n; i++) {
        if (skip_file(u, files->paths[i]))
            u->rep->b.files_unchanged++;
        else
            todo.paths[todo.n++] = files->paths[i];
    }
    int rc = drop_same_files(u, &todo);
    if (rc) {
        free(todo.paths);
        return rc;
    }
    if (todo.n == 0) {
        free(todo.paths);
        return ZS_OK;
    }
    gaz *g = NULL;
    if (gaz_open(&g)) {
        free(todo.paths);
        return ZS_ENOMEM;
    }
    sw_opts so = {o->mem_budget, o->zlevel, o->doc.psg.max_cps, o->threads};
    factann_ctx facts;
    factann_init(&facts);
    uint64_t id = u->ix->man.next_id ? u->ix->man.next_id : 1;
    sw *w = NULL;
    rc = sw_open(&w, o->index_dir, id, &so, u->d);
    build_filter flt = {u, NULL, skip_record, indexed};
    build_env env = {w, g, &facts, ev, &flt, &u->rep->b, u->d};
    if (!rc) rc = build_feed(o, &env, &todo);
    free(todo.paths); /* borrowed from files */
    sw_stats st;
    if (rc || u->rep->b.docs == 0) {
        sw_abort(w);
    } else {
        rc = sw_finish(w, segname, &st, u->d);
        if (!rc) {
            build_report_segment(&u->rep->b, &st, o->index_dir, segname);
            *added = (man_segment){id, st.passages, st.docs, 0, 0, 0};
        }
    }
    factann_free(&facts);
    gaz_free(g);
    return rc;
}

static int has_manifest(const char *dir)
{
    char man[UPD_PATH_MAX];
    snprintf(man, sizeof man, "%s/%s", dir, MAN_FILE);
    struct stat st;
    return stat(man, &st) == 0;
}

/* Every PATH of a sync must exist: a missing one would delete its tree. */
static int check_sync_paths(char *const *inputs, size_t n, zs_diag *d)
{
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(inputs[i], &st) != 0)
            return zs_fail(d, ZS_ENOTFOUND,
                           "%s: does not exist; sync would delete every document under it "
                           "(use zhindex remove for that); the index was not changed",
                           inputs[i]);
    }
    return ZS_OK;
}

static int run_locked(const build_opts *o, upd_mode mode, char *const *inputs, size_t ninputs,
                      int by_id, const build_events *ev, const walk_list *files, upd_report *rep,
                      zs_diag *d)
{
    upd_state u;
    memset(&u, 0, sizeof u);
    u.rep = rep;
    u.d = d;
    u.jsonl = o->doc.format == DOC_JSONL;
    if (!getcwd(u.cwd, sizeof u.cwd)) u.cwd[0] = '\0';
    int rc = ZS_OK;
    if (mode != UPD_REMOVE && !has_manifest(o->index_dir)) {
        /* add or sync into a new index: as a build would, but by add's rules */
        u.ix = calloc(1, sizeof *u.ix);
        if (!u.ix || !(u.ix->dir = strdup(o->index_dir))) rc = ZS_ENOMEM;
    } else {
        rc = ix_open(&u.ix, o->index_dir, d);
    }
    if (rc) {
        ix_close(u.ix);
        return rc;
    }
    rc = load_entries(&u);
    man_segment added = {0};
    char segname[64] = "";
    if (!rc && mode != UPD_REMOVE) rc = index_changes(&u, o, files, ev, &added, segname);
    if (!rc && mode != UPD_ADD) rc = delete_matching(&u, mode, inputs, ninputs, by_id);
    if (!rc && mode == UPD_REMOVE && !rep->docs_removed)
        rc = zs_fail(d, ZS_ENOTFOUND, "no document of %s matches; the index was not changed",
                     o->index_dir);
    int any = added.id != 0;
    /* (after a failed load_entries, u.changed may be NULL) */
    for (size_t si = 0; !rc && si < u.ix->nsegs && !any; si++) any = u.changed[si];
    manifest m = {0};
    if (!rc && any) {
        rc = next_manifest(&u, added.id ? &added : NULL, &m);
        if (!rc) rc = cmt_commit(o->index_dir, &m, d);
        if (!rc) rep->generation = m.generation;
    }
    if (rc && added.id) { /* not committed: the new segment goes */
        char path[UPD_PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", o->index_dir, segname);
        unlink(path);
    }
    free(m.segs);
    free_state(&u);
    ix_close(u.ix);
    return rc;
}

int upd_run(const build_opts *o, upd_mode mode, char *const *inputs, size_t ninputs, int by_id,
            const build_events *ev, upd_report *rep, zs_diag *d)
{
    memset(rep, 0, sizeof *rep);
    double t0 = now();
    walk_list files = {0};
    int rc = ZS_OK;
    if (mode == UPD_SYNC) rc = check_sync_paths(inputs, ninputs, d);
    if (!rc && mode != UPD_REMOVE) rc = build_walk(o, inputs, ninputs, ev, &rep->b, &files);
    if (!rc && mode == UPD_ADD && files.n == 0)
        rc = zs_fail(d, ZS_ENOTFOUND, "no usable input files; the index was not changed");
    if (!rc && mode == UPD_REMOVE && !has_manifest(o->index_dir))
        rc = zs_fail(d, ZS_ENOTFOUND, "%s: no index here (build one with zhindex build)",
                     o->index_dir);
    if (!rc && mode != UPD_REMOVE) rc = cmt_prepare_dir(o->index_dir, d);
    int lockfd = -1;
    if (!rc) rc = cmt_lock(o->index_dir, &lockfd, d);
    if (!rc) {
        rep->leftovers = cmt_sweep(o->index_dir);
        rc = run_locked(o, mode, inputs, ninputs, by_id, ev, &files, rep, d);
    }
    if (!rc && rep->generation && !o->no_merge) {
        sw_opts so = {o->mem_budget, o->zlevel, o->doc.psg.max_cps, o->threads};
        /* the change is committed: a failed merge leaves it so */
        rep->merge_rc = mrg_policy_run(o->index_dir, &so, &rep->merges, &rep->generation, d);
    }
    if (lockfd >= 0) close(lockfd);
    walk_free(&files);
    rep->seconds = now() - t0;
    return rc;
}
