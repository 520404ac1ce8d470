/* merge.c - merging adjacent segments (see merge.h). */
#include "merge.h"

#include "commit.h"
#include "format.h"
#include "index.h"
#include "manifest.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MRG_PATH_MAX 4096

/* The facts of a segment by passage: entries of passage p are
 * idx[first[p] .. first[p + 1]), each with its series. */
typedef struct mrg_facts {
    const factcol_reader *fr;
    uint32_t *first;
    uint64_t *idx;
    uint32_t *series;
} mrg_facts;

static void facts_free(mrg_facts *f)
{
    free(f->first);
    free(f->idx);
    free(f->series);
}

static int facts_by_passage(segment *s, mrg_facts *f, zs_diag *d)
{
    memset(f, 0, sizeof *f);
    int rc = seg_facts_all(s, &f->fr, d);
    if (rc) return rc;
    uint64_t n = f->fr->nentries;
    f->first = calloc((size_t)s->npassages + 2, sizeof *f->first);
    f->idx = calloc(n ? n : 1, sizeof *f->idx);
    f->series = calloc(n ? n : 1, sizeof *f->series);
    if (!f->first || !f->idx || !f->series) return ZS_ENOMEM;
    for (uint64_t i = 0; i < n; i++) {
        factcol_entry e;
        factcol_get(f->fr, i, &e);
        if (e.passage >= s->npassages)
            return zs_fail(d, ZS_ECORRUPT, "index corrupt: %s: facts: passage id", zf_path(s->zr));
        f->first[e.passage + 2]++;
    }
    for (uint32_t p = 0; p < s->npassages; p++) f->first[p + 2] += f->first[p + 1];
    /* counting sort: entries keep their order within a passage */
    for (size_t k = 0; k < f->fr->n; k++)
        for (uint64_t i = f->fr->s[k].first; i < f->fr->s[k].first + f->fr->s[k].count; i++) {
            factcol_entry e;
            factcol_get(f->fr, i, &e);
            uint32_t at = f->first[e.passage + 1]++;
            f->idx[at] = i;
            f->series[at] = (uint32_t)k;
        }
    return ZS_OK;
}

/* What one passage needs to be written again. */
typedef struct mrg_psg {
    buf text;
    uint32_t codes[SC_MAX_SET], years32[SC_MAX_SET];
    uint16_t years[SC_MAX_SET];
    sw_fact *facts;
    size_t fcap;
} mrg_psg;

static int set_of(const sc_reader *r, sc_cursor *c, uint32_t pid, uint32_t *vals, size_t *n)
{
    uint32_t set;
    int rc = sc_get(c, pid, &set);
    if (!rc) rc = sc_values(r, set, vals, SC_MAX_SET, n);
    return rc;
}

static int copy_passage(segment *s, uint32_t pid, const mrg_facts *f, sc_cursor *cc, sc_cursor *yc,
                        mrg_psg *m, sw *w, zs_diag *d)
{
    seg_passage_info pi;
    labelcol_label ch, ar;
    size_t ncodes = 0, nyears = 0;
    int rc = seg_passage(s, pid, &pi, d);
    if (!rc) rc = seg_text(s, pid, &m->text, d);
    if (!rc) rc = set_of(&s->cities, cc, pid, m->codes, &ncodes);
    if (!rc) rc = set_of(&s->years, yc, pid, m->years32, &nyears);
    if (!rc) rc = seg_labels(s, pid, &ch, &ar, d);
    if (rc) return rc == ZS_ECORRUPT || rc == ZS_ENOMEM ? rc : ZS_ECORRUPT;
    for (size_t i = 0; i < nyears; i++) m->years[i] = (uint16_t)m->years32[i];
    size_t nf = f->first[pid + 1] - f->first[pid];
    if (nf > m->fcap) {
        sw_fact *t = realloc(m->facts, nf * sizeof *t);
        if (!t) return ZS_ENOMEM;
        m->facts = t;
        m->fcap = nf;
    }
    for (size_t i = 0; i < nf; i++) {
        uint32_t at = f->first[pid] + (uint32_t)i;
        factcol_entry e;
        factcol_get(f->fr, f->idx[at], &e);
        const factcol_series *sr = &f->fr->s[f->series[at]];
        m->facts[i] = (sw_fact){sr->field, sr->unit, sr->field_len, sr->unit_len, e.lo,  e.hi,
                                e.place,   e.year,   e.qual,        e.type,       e.dir, e.conf};
    }
    sw_passage sp = {m->text.data, m->text.len, pi.src_start, pi.src_end, pi.kind,  pi.ext_id,
                     m->codes,     ncodes,      m->years,     nyears,     m->facts, nf,
                     ch.p,         ar.p,        ch.len,       ar.len};
    return sw_add_passage(w, &sp, d);
}

static int copy_doc(segment *s, uint32_t doc, const mrg_facts *f, sc_cursor *cc, sc_cursor *yc,
                    mrg_psg *m, sw *w, zs_diag *d)
{
    seg_doc_info di;
    int rc = seg_doc(s, doc, &di, d);
    if (rc) return rc;
    char *path = strndup(di.path, di.path_len), *enc = strndup(di.encoding, di.encoding_len);
    if (!path || !enc) rc = ZS_ENOMEM;
    if (!rc) rc = sw_doc_begin(w);
    for (uint32_t p = di.first_pid; p < di.first_pid + di.npassages && !rc; p++)
        rc = copy_passage(s, p, f, cc, yc, m, w, d);
    sw_doc sd = {path,    di.size,    di.mtime,     di.hash,     enc,          di.replaced,
                 di.date, di.title,   di.title_len, di.src_size, di.src_mtime, di.src_hash,
                 di.url,  di.url_len, di.extra,     di.extra_len};
    if (!rc) rc = sw_doc_end(w, &sd, d);
    free(path);
    free(enc);
    return rc;
}

/* Write the live documents of segments [from, to) of ix as segment `id`. */
static int write_merged(zindex *ix, size_t from, size_t to, uint64_t id, const sw_opts *so,
                        sw_stats *st, char *segname, zs_diag *d)
{
    sw *w;
    int rc = sw_open(&w, ix->dir, id, so, d);
    if (rc) return rc;
    mrg_psg m;
    memset(&m, 0, sizeof m);
    buf_init(&m.text);
    for (size_t si = from; si < to && !rc; si++) {
        segment *s = ix->segs[si];
        mrg_facts f;
        rc = facts_by_passage(s, &f, d);
        sc_cursor cc, yc;
        sc_cursor_init(&cc, &s->cities);
        sc_cursor_init(&yc, &s->years);
        for (uint32_t k = 0; k < s->ndocs && !rc; k++)
            if (!ix_doc_deleted(ix, si, k)) rc = copy_doc(s, k, &f, &cc, &yc, &m, w, d);
        facts_free(&f);
    }
    buf_free(&m.text);
    free(m.facts);
    if (rc) {
        sw_abort(w);
        return rc;
    }
    return sw_finish(w, segname, st, d);
}

/* Merge segments [from, to) of the index `dir` in one commit. */
static int merge_run(const char *dir, size_t from, size_t to, const sw_opts *so,
                     uint64_t *generation, zs_diag *d)
{
    zindex *ix;
    int rc = ix_open(&ix, dir, d);
    if (rc) return rc;
    uint64_t id = ix->man.next_id;
    sw_stats st;
    char segname[64] = "";
    rc = write_merged(ix, from, to, id, so, &st, segname, d);
    manifest m = {ix->man.generation + 1, id + 1, NULL, 0};
    if (!rc && !(m.segs = calloc(ix->nsegs + 1, sizeof *m.segs))) rc = ZS_ENOMEM;
    if (!rc) {
        for (size_t i = 0; i < from; i++) m.segs[m.nsegs++] = ix->man.segs[i];
        if (st.docs) m.segs[m.nsegs++] = (man_segment){id, st.passages, st.docs, 0, 0, 0};
        for (size_t i = to; i < ix->nsegs; i++) m.segs[m.nsegs++] = ix->man.segs[i];
        rc = cmt_commit(dir, &m, d);
        if (!rc) *generation = m.generation;
    }
    if (rc && segname[0]) {
        char path[MRG_PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", dir, segname);
        unlink(path);
    }
    free(m.segs);
    ix_close(ix);
    return rc;
}

static uint32_t live_of(const man_segment *s)
{
    return s->npassages - s->ndel_passages;
}

static unsigned level_of(const man_segment *s)
{
    uint32_t n = live_of(s);
    return n < MRG_BASE ? 0 : 1 + (unsigned)floor(log10((double)n / MRG_BASE));
}

/* The run the policy merges next (merge.h); 0 when none. */
static int policy_pick(const manifest *m, size_t *from, size_t *to)
{
    for (size_t i = 0; i < m->nsegs; i++)
        if (m->segs[i].ndel_passages * 2 > m->segs[i].npassages) {
            *from = i;
            *to = i + 1;
            return 1;
        }
    unsigned top = 0;
    for (size_t i = 0; i < m->nsegs; i++)
        if (level_of(&m->segs[i]) > top) top = level_of(&m->segs[i]);
    for (unsigned L = 0; L <= top; L++) {
        for (size_t a = 0; a < m->nsegs;) {
            size_t b = a, at_l = 0;
            while (b < m->nsegs && level_of(&m->segs[b]) <= L) at_l += level_of(&m->segs[b++]) == L;
            if (at_l >= MRG_FACTOR) {
                *from = a;
                *to = b;
                return 1;
            }
            a = b + 1;
        }
    }
    return 0;
}

int mrg_policy_run(const char *dir, const sw_opts *so, unsigned *merges, uint64_t *generation,
                   zs_diag *d)
{
    for (;;) {
        manifest m;
        int rc = man_read(dir, &m, d);
        if (rc) return rc;
        size_t from, to;
        int pick = policy_pick(&m, &from, &to);
        man_free(&m);
        if (!pick) return ZS_OK;
        if ((rc = merge_run(dir, from, to, so, generation, d))) return rc;
        (*merges)++;
    }
}

int mrg_force(const char *dir, const sw_opts *so, size_t max_segments, unsigned *merges,
              uint64_t *generation, zs_diag *d)
{
    if (max_segments < 1) max_segments = 1;
    for (;;) {
        manifest m;
        int rc = man_read(dir, &m, d);
        if (rc) return rc;
        size_t from = 0, to = 0;
        if (m.nsegs > max_segments) {
            /* the window of nsegs - max + 1 adjacent segments with the
             * fewest live passages */
            size_t k = m.nsegs - max_segments + 1;
            uint64_t best = UINT64_MAX;
            for (size_t a = 0; a + k <= m.nsegs; a++) {
                uint64_t sum = 0;
                for (size_t i = a; i < a + k; i++) sum += live_of(&m.segs[i]);
                if (sum < best) {
                    best = sum;
                    from = a;
                    to = a + k;
                }
            }
        } else {
            for (size_t i = 0; i < m.nsegs && to == 0; i++)
                if (m.segs[i].ndel_docs) {
                    from = i;
                    to = i + 1;
                }
        }
        man_free(&m);
        if (to == 0) return ZS_OK;
        if ((rc = merge_run(dir, from, to, so, generation, d))) return rc;
        (*merges)++;
    }
}
