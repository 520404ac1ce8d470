/* inspect.c - zhindex stats and check (see inspect.h). */
#include "inspect.h"

#include "tomb.h"

#include "format.h"
#include "index.h"
#include "manifest.h"
#include "utf8.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

static const char *section_name(uint32_t id)
{
    switch (id) {
    case FMT_SEC_STATS:
        return "stats";
    case FMT_SEC_DOCS:
        return "documents";
    case FMT_SEC_DOCIDX:
        return "document index";
    case FMT_SEC_DL:
        return "passage lengths";
    case FMT_SEC_PSG:
        return "passage records";
    case FMT_SEC_PSGIDX:
        return "passage index";
    case FMT_SEC_TEXT:
        return "stored text";
    case FMT_SEC_TEXTIDX:
        return "text index";
    case FMT_SEC_POSTINGS:
        return "postings";
    case FMT_SEC_TERMS:
        return "terms";
    case FMT_SEC_TERMIDX:
        return "term index";
    case FMT_SEC_CHARS:
        return "characters";
    case FMT_SEC_TEXTDICT:
        return "text dictionary";
    case FMT_SEC_TEXTCHARS:
        return "text characters";
    case FMT_SEC_CHARLISTS:
        return "character lists";
    case FMT_SEC_DLX:
        return "long lengths";
    case FMT_SEC_CITYSETS:
        return "place sets";
    case FMT_SEC_CITYCOL:
        return "place column";
    case FMT_SEC_YEARSETS:
        return "year sets";
    case FMT_SEC_YEARCOL:
        return "year column";
    case FMT_SEC_FACTKEYS:
        return "fact series";
    case FMT_SEC_FACTVALS:
        return "fact values";
    case FMT_SEC_FACTREFS:
        return "fact references";
    case FMT_SEC_DOCDATES:
        return "document dates";
    case FMT_SEC_LABELS:
        return "labels";
    case FMT_SEC_CHAPSETS:
        return "chapter sets";
    case FMT_SEC_CHAPCOL:
        return "chapter column";
    case FMT_SEC_ARTSETS:
        return "article sets";
    case FMT_SEC_ARTCOL:
        return "article column";
    default:
        return "unknown";
    }
}

int ins_stats(const char *dir, FILE *out, zs_diag *d)
{
    zindex *ix;
    int rc = ix_open(&ix, dir, d);
    if (rc) return rc;
    uint64_t total = 0;
    for (size_t i = 0; i < ix->nsegs; i++) total += zf_file_size(ix->segs[i]->zr);
    fprintf(out, "index %s: generation %llu, %zu segment%s, %.2f MB\n", dir,
            (unsigned long long)ix->man.generation, ix->nsegs, ix->nsegs == 1 ? "" : "s",
            (double)total / 1e6);
    fprintf(out, "  documents %llu, passages %llu, tokens %llu, average passage %.1f tokens\n",
            (unsigned long long)ix->ndocs, (unsigned long long)ix->npassages,
            (unsigned long long)ix->total_tokens, ix_avgdl(ix));
    if (ix->ndeleted)
        fprintf(out,
                "  deleted (tombstones, reclaimed by zhindex merge): %llu documents, %llu "
                "passages\n",
                (unsigned long long)ix->ndeleted, (unsigned long long)(ix->nids - ix->npassages));
    for (size_t i = 0; i < ix->nsegs; i++) {
        segment *s = ix->segs[i];
        uint64_t size = zf_file_size(s->zr);
        fprintf(out, "\n%s: %.2f MB, %u documents, %u passages, %llu terms, %u characters\n",
                zf_path(s->zr), (double)size / 1e6, s->ndocs, s->npassages,
                (unsigned long long)s->nterms, s->nchars);
        if (s->ndead)
            fprintf(out, "  deleted: %u documents, %u passages (%s)\n", ix->man.segs[i].ndel_docs,
                    s->ndead, "tombstones");
        fprintf(out, "  %-18s %14s %7s\n", "section", "bytes", "share");
        uint64_t body = 0;
        for (size_t k = 0; k < zf_nsections(s->zr); k++) {
            uint32_t id;
            zf_slice sl;
            zf_section_at(s->zr, k, &id, &sl);
            body += sl.len;
            fprintf(out, "  %-18s %14llu %6.1f%%\n", section_name(id), (unsigned long long)sl.len,
                    size ? 100.0 * (double)sl.len / (double)size : 0.0);
        }
        fprintf(out, "  %-18s %14llu %6.1f%%\n", "header+directory+CRCs",
                (unsigned long long)(size - body),
                size ? 100.0 * (double)(size - body) / (double)size : 0.0);
        uint64_t raw = 0;
        for (uint32_t b = 0; b < s->ntextblocks; b++)
            raw += le_get32(s->textidx.p + 24 * (size_t)b + 4);
        if (raw)
            fprintf(out, "  stored text: %.2f MB in %u blocks, %.2f MB compressed (%.2fx)\n",
                    (double)raw / 1e6, s->ntextblocks, (double)s->text.len / 1e6,
                    (double)raw / (double)(s->text.len ? s->text.len : 1));
        /* damaged facts or labels are check's to report; stats leaves
         * their lines out, but not for want of memory */
        const factcol_reader *fr;
        zs_diag dd;
        int frc = seg_facts(s, &fr, &dd);
        if (frc == ZS_OK)
            fprintf(out, "  numeric facts: %llu in %zu series (field and unit)\n",
                    (unsigned long long)fr->nentries, fr->n);
        uint32_t dated = 0;
        for (uint32_t k = 0; k < s->ndocs; k++) dated += seg_doc_date(s, k) != 0;
        labelcol_label ch, ar;
        int lrc = s->npassages ? seg_labels(s, 0, &ch, &ar, &dd) : ZS_ENOTFOUND;
        if (lrc == ZS_OK)
            fprintf(out, "  dated documents: %u of %u; chapter and article labels: %u distinct\n",
                    dated, s->ndocs, s->labels.n);
        if (frc == ZS_ENOMEM || lrc == ZS_ENOMEM) {
            rc = ZS_ENOMEM;
            break;
        }
    }
    ix_close(ix);
    if (!rc && ferror(out)) rc = zs_fail(d, ZS_EIO, "cannot write output");
    return rc;
}

/* ---- check ----------------------------------------------------------------- */

typedef struct checker {
    FILE *out;
    const char *file;
    uint64_t problems;
} checker;

/* Record a problem of the current file; returns ZS_ECORRUPT, which tells
 * the callers to stop checking this file (the first problem is reported). */
static int problem(checker *c, const char *what, unsigned long long where)
{
    if (!strncmp(what, "index corrupt: ", 15))
        fprintf(c->out, "%s\n", what); /* already names the file */
    else
        fprintf(c->out, "index corrupt: %s: %s (item %llu)\n", c->file, what, where);
    c->problems++;
    return ZS_ECORRUPT;
}

/* A failed read: damage (ZS_ECORRUPT, and ZS_EINVAL for an id out of range)
 * is a problem of the file; anything else (ZS_ENOMEM, ZS_EIO) stops the
 * check as an error, not a finding. */
static int finding(checker *c, int rc, const zs_diag *d, unsigned long long where)
{
    if (rc != ZS_ECORRUPT && rc != ZS_EINVAL) return rc;
    return problem(c, d->msg[0] ? d->msg : zs_strerror(rc), where);
}

static int check_postings(checker *c, segment *s, uint64_t *npost)
{
    dict_iter it;
    zs_diag d;
    zs_diag_clear(&d);
    int rc = dict_seek(&s->dict, "", 0, &it, &d);
    if (rc) return finding(c, rc, &d, 0);
    char prev[DICT_TERM_MAX + 1];
    size_t prevlen = 0;
    uint64_t nterms = 0, expect_off = 0;
    while (it.valid) {
        if (nterms && (memcmp(prev, it.e.term, prevlen < it.e.len ? prevlen : it.e.len) > 0 ||
                       (prevlen >= it.e.len && !memcmp(prev, it.e.term, it.e.len))))
            return problem(c, "terms out of order", nterms);
        if (it.e.post_off != expect_off) return problem(c, "postings not contiguous", nterms);
        memcpy(prev, it.e.term, it.e.len);
        prevlen = it.e.len;
        post_cursor pc;
        if ((rc = seg_cursor(s, &it.e, &pc, &d))) return finding(c, rc, &d, nterms);
        uint32_t n = 0, last = 0;
        for (; pc.doc != POST_END; post_next(&pc)) {
            if ((n && pc.doc <= last) || pc.doc >= s->npassages) {
                post_close(&pc);
                return problem(c, "postings: passage ids not ascending or out of range", nterms);
            }
            const uint32_t *pos;
            uint32_t np;
            if (post_positions(&pc, &pos, &np)) break;
            for (uint32_t k = 1; k < np; k++)
                if (pos[k] <= pos[k - 1]) {
                    post_close(&pc);
                    return problem(c, "positions not ascending", nterms);
                }
            last = pc.doc;
            n++;
        }
        int err = pc.err;
        post_close(&pc);
        if (err) return problem(c, "postings list damaged", nterms);
        if (n != it.e.df) return problem(c, "document frequency differs from the postings", nterms);
        *npost += n;
        expect_off += it.e.post_len;
        nterms++;
        if ((rc = dict_next(&it, &d))) return finding(c, rc, &d, nterms);
    }
    if (nterms != s->nterms) return problem(c, "term count differs from the statistics", nterms);
    if (expect_off != s->post.len)
        return problem(c, "postings section has unused bytes", expect_off);
    return 0;
}

static int check_passages(checker *c, segment *s)
{
    zs_diag d;
    zs_diag_clear(&d);
    buf text;
    buf_init(&text);
    uint64_t tokens = 0;
    uint32_t prev_doc = 0;
    int rc;
    for (uint32_t p = 0; p < s->npassages; p++) {
        seg_passage_info pi;
        if ((rc = seg_passage(s, p, &pi, &d)) || (rc = seg_text(s, p, &text, &d))) {
            buf_free(&text);
            return finding(c, rc, &d, p);
        }
        if (pi.src_end < pi.src_start || pi.doc < prev_doc) {
            buf_free(&text);
            return problem(c, "passage record out of order", p);
        }
        if (!u8_valid(text.data, text.len)) {
            buf_free(&text);
            return problem(c, "stored text is not valid UTF-8", p);
        }
        labelcol_label chapter, article;
        if ((rc = seg_labels(s, p, &chapter, &article, &d))) {
            buf_free(&text);
            return finding(c, rc, &d, p);
        }
        prev_doc = pi.doc;
        tokens += seg_dl(s, p);
    }
    buf_free(&text);
    for (uint32_t i = 0; i < s->ndocs; i++) {
        seg_doc_info di;
        if ((rc = seg_doc(s, i, &di, &d))) return finding(c, rc, &d, i);
    }
    if (tokens != s->total_tokens)
        return problem(c, "passage lengths do not add up to the token count", tokens);
    for (uint32_t i = 1; i < s->nchars; i++)
        if (s->char_cp[i] <= s->char_cp[i - 1]) return problem(c, "character table order", i);
    return 0;
}

/* The sums, over the terms that start with character cp, of each
 * passage's tfs, into tf (zeroed, npassages entries). */
static int char_tfs(segment *s, uint32_t cp, uint32_t *tf, zs_diag *d)
{
    char pre[4];
    size_t plen = u8_encode(cp, (uint8_t *)pre);
    dict_iter it;
    int rc = dict_seek(&s->dict, pre, plen, &it, d);
    while (!rc && it.valid && it.e.len >= plen && !memcmp(it.e.term, pre, plen)) {
        post_cursor pc;
        if ((rc = seg_cursor(s, &it.e, &pc, d))) return rc;
        for (; pc.doc != POST_END; post_next(&pc)) tf[pc.doc] += post_tf(&pc);
        rc = pc.err;
        post_close(&pc);
        if (!rc) rc = dict_next(&it, d);
    }
    return rc;
}

/* Does every passage of a block have an impact that matches or beats it
 * on both tf and length, and is every impact some passage's? */
static int impacts_hold(const segment *s, const charlist_cursor *cl, const uint32_t *docs,
                        const uint32_t *tfs)
{
    for (uint32_t i = 0; i < cl->nimp; i++) {
        int seen = 0;
        for (uint32_t k = 0; k < cl->n && !seen; k++)
            seen = tfs[k] == cl->imp_tf[i] && seg_dl(s, docs[k]) == cl->imp_dl[i];
        if (!seen) return 0;
    }
    for (uint32_t k = 0; k < cl->n; k++) {
        int covered = 0;
        for (uint32_t i = 0; i < cl->nimp && !covered; i++)
            covered = cl->imp_tf[i] >= tfs[k] && cl->imp_dl[i] <= seg_dl(s, docs[k]);
        if (!covered) return 0;
    }
    return 1;
}

/* Each character list (CHARLISTS) against its terms' lists: the same
 * passages, tfs that are their sums, impacts that bound each block. */
static int check_charlists(checker *c, segment *s)
{
    zs_diag d;
    zs_diag_clear(&d);
    uint32_t *tf = malloc((s->npassages ? s->npassages : 1) * sizeof *tf);
    if (!tf) return ZS_ENOMEM;
    int rc = ZS_OK;
    for (uint32_t i = 0; i < s->charlists.n && !rc; i++) {
        uint32_t docs[CHARLIST_BLOCK], tfs[CHARLIST_BLOCK], n = 0;
        memset(tf, 0, (s->npassages ? s->npassages : 1) * sizeof *tf);
        charlist_cursor cl;
        if ((rc = char_tfs(s, s->charlists.cp[i], tf, &d)) ||
            (rc = seg_char_list(s, s->charlists.cp[i], &cl, &d))) {
            rc = finding(c, rc, &d, i);
            break;
        }
        for (int has = 1; has && !rc;) {
            if (charlist_block(&cl, &has) || (has && charlist_decode(&cl, docs, tfs))) {
                rc = problem(c, "character list damaged", i);
                break;
            }
            for (uint32_t k = 0; has && k < cl.n && !rc; k++, n++)
                if (tf[docs[k]] != tfs[k]) rc = problem(c, "character list tf differs", docs[k]);
            if (!rc && has && !impacts_hold(s, &cl, docs, tfs))
                rc = problem(c, "character list impacts do not bound their block", i);
        }
        uint32_t held = 0; /* passages that hold the character */
        for (uint32_t p = 0; !rc && p < s->npassages; p++) held += tf[p] != 0;
        if (!rc && (n != s->charlists.df[i] || n != held))
            rc = problem(c, "character list length differs from its df", i);
    }
    free(tf);
    return rc;
}

/* Is a writer at work in `dir` (its LOCK held)? */
static int writer_active(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/LOCK", dir);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    int busy = flock(fd, LOCK_SH | LOCK_NB) != 0;
    close(fd);
    return busy;
}

/* Name the temporary files an interrupted build left (man_is_leftover),
 * unless a writer holds the lock (then they are its own). */
static void report_leftovers(const char *dir, FILE *out)
{
    if (writer_active(dir)) return;
    DIR *dp = opendir(dir);
    if (!dp) return;
    struct dirent *e;
    while ((e = readdir(dp)))
        if (man_is_leftover(e->d_name))
            fprintf(out,
                    "%s/%s: leftover of an interrupted write (the next build, add, sync, remove or "
                    "merge removes it)\n",
                    dir, e->d_name);
    closedir(dp);
}

/* Check one segment: ZS_OK, ZS_ECORRUPT (a problem, recorded) or an error. */
static int check_segment(checker *c, segment *s, uint64_t *npost)
{
    c->file = zf_path(s->zr);
    zs_diag d;
    zs_diag_clear(&d);
    int rc = zf_verify_all(s->zr, &d);
    if (rc) return finding(c, rc, &d, 0);
    if ((rc = check_postings(c, s, npost))) return rc;
    if ((rc = check_passages(c, s))) return rc;
    if ((rc = check_charlists(c, s))) return rc;
    const factcol_reader *fr;
    if ((rc = seg_facts_all(s, &fr, &d))) return finding(c, rc, &d, 0);
    return ZS_OK;
}

/* Every page of a segment's tombstone file (its counts were checked when
 * the index was opened). */
static int check_tombs(checker *c, zindex *ix, size_t i)
{
    zs_diag d;
    zs_diag_clear(&d);
    uint8_t *bits;
    uint32_t n;
    const man_segment *ms = &ix->man.segs[i];
    int rc = tomb_read(ix->dir, ms->id, ms->del_id, ix->segs[i]->ndocs, 1, &bits, &n, &d);
    free(bits);
    if (rc) rc = finding(c, rc, &d, 0);
    return rc == ZS_ECORRUPT ? ZS_OK : rc;
}

int ins_check(const char *dir, FILE *out, uint64_t *problems, zs_diag *d)
{
    *problems = 0;
    zindex *ix;
    zs_diag d0;
    zs_diag_clear(&d0);
    int rc = ix_open(&ix, dir, &d0);
    if (rc == ZS_ECORRUPT || rc == ZS_EVERSION) {
        /* damage found while opening is a finding of the check */
        fprintf(out, "%s\n", d0.msg);
        *problems = 1;
        return ferror(out) ? zs_fail(d, ZS_EIO, "cannot write output") : ZS_OK;
    }
    if (rc) {
        if (d) *d = d0;
        return rc;
    }
    checker c = {out, MAN_FILE, 0};
    uint64_t npost = 0;
    zs_diag dm;
    zs_diag_clear(&dm);
    if ((rc = man_verify(dir, &dm))) rc = finding(&c, rc, &dm, 0);
    if (rc == ZS_ECORRUPT) rc = ZS_OK;
    for (size_t i = 0; i < ix->nsegs && !rc; i++) {
        rc = check_segment(&c, ix->segs[i], &npost);
        if (rc == ZS_ECORRUPT) rc = ZS_OK; /* reported; on to the next file */
        if (!rc && ix->man.segs[i].del_id) rc = check_tombs(&c, ix, i);
    }
    if (rc) {
        zs_fail(d, rc, "%s: cannot check: %s", c.file, zs_strerror(rc));
        ix_close(ix);
        return rc;
    }
    report_leftovers(dir, out);
    if (!c.problems)
        fprintf(out, "%s: ok (%zu segment%s, %llu passages, %llu postings checked)\n", dir,
                ix->nsegs, ix->nsegs == 1 ? "" : "s", (unsigned long long)ix->npassages,
                (unsigned long long)npost);
    ix_close(ix);
    *problems = c.problems;
    return ferror(out) ? zs_fail(d, ZS_EIO, "cannot write output") : ZS_OK;
}
