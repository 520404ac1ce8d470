/* test_invert.c - inversion against a naive model: random passages over a
 * small vocabulary, with a memory budget small enough to force run files;
 * every term's postings (passages, tfs, positions) and the per-character
 * document frequencies must come back exactly. */
#include "dict.h"
#include "format.h"
#include "invert.h"
#include "postings.h"
#include "test.h"
#include "vec.h"

#include <stdio.h>
#include <stdlib.h>

#define NPSG   20000
#define VOCAB  3000
#define MAXTOK 60

static uint64_t rnd(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

/* term i: a CJK bigram built from two of 60 characters, or a word */
static size_t term_text(uint32_t i, char *out)
{
    if (i % 10 == 9) return (size_t)sprintf(out, "w%u", i);
    uint32_t a = 0x4E00 + (i / 60) % 60, b = 0x4E00 + i % 60;
    out[0] = (char)(0xE0 | (a >> 12));
    out[1] = (char)(0x80 | ((a >> 6) & 0x3F));
    out[2] = (char)(0x80 | (a & 0x3F));
    out[3] = (char)(0xE0 | (b >> 12));
    out[4] = (char)(0x80 | ((b >> 6) & 0x3F));
    out[5] = (char)(0x80 | (b & 0x3F));
    return 6;
}

/* `threads`: as inv_finish takes it (2: the lists coded by a second
 * thread). */
static void against_model(t_ctx *t, int threads)
{
    /* the model: for every passage its tokens (term, position) */
    static uint32_t toks[NPSG][MAXTOK];
    static uint32_t ntok[NPSG];
    static uint8_t dl[NPSG];
    static uint32_t dlx[2 * NPSG];
    size_t ndlx = 0;
    uint64_t s = 4242;
    inv *v;
    zs_diag d;
    T_INT(t, inv_new(&v, 3u << 20, t->tmpdir, &d), 0);
    if (!v) return;
    int rc = 0;
    for (uint32_t p = 0; p < NPSG && !rc; p++) {
        ntok[p] = 1 + (uint32_t)(rnd(&s) % MAXTOK);
        rc = inv_begin(v, p);
        for (uint32_t k = 0; k < ntok[p] && !rc; k++) {
            /* skewed: low ids are frequent */
            uint32_t id = (uint32_t)(rnd(&s) % (1 + rnd(&s) % VOCAB));
            toks[p][k] = id;
            char term[16];
            size_t len = term_text(id, term);
            rc = inv_token(v, term, len, k * 2);
        }
        uint32_t n = 0;
        if (!rc) rc = inv_end(v, &n, &d);
        dl[p] = (uint8_t)(n < FMT_DL_ESC ? n : FMT_DL_ESC);
        if (n >= FMT_DL_ESC) {
            dlx[2 * ndlx] = p;
            dlx[2 * ndlx++ + 1] = n;
        }
        if (n != ntok[p]) rc = -1;
    }
    T_INT(t, rc, 0);
    inv_stats st;
    inv_get_stats(v, &st);
    T_OK(t, st.runs >= 1); /* the small budget forced at least one run */
    char path[512];
    t_path(path, sizeof path, t->tmpdir, "inv.zf");
    zf_writer *zw;
    T_INT(t, zf_create(&zw, path, FMT_KIND_SEGMENT, FMT_VERSION, 1, &d), 0);
    post_lengths lens = {dl, dlx, ndlx};
    invcode_sections sec = {FMT_SEC_POSTINGS, FMT_SEC_TERMS, FMT_SEC_TERMIDX, FMT_SEC_CHARS,
                            FMT_SEC_CHARLISTS};
    int irc = inv_finish(v, &lens, NPSG, zw, &sec, threads, &d);
    if (irc) printf("  inv_finish: %s\n", d.msg);
    T_INT(t, irc, 0);
    T_INT(t, zf_finish(zw, &d), 0);
    inv_free(v);

    zf_reader *zr;
    T_INT(t, zf_open(&zr, path, FMT_KIND_SEGMENT, FMT_VERSION, &d), 0);
    if (!zr) return;
    dict_reader dr;
    T_INT(t, dict_open(&dr, zr, FMT_SEC_TERMS, FMT_SEC_TERMIDX, &d), 0);
    zf_slice post;
    T_INT(t, zf_section_checked(zr, FMT_SEC_POSTINGS, &post, &d), 0);
    /* expected postings: per term, (passage, position) pairs in order */
    static u32vec model[VOCAB];
    for (uint32_t id = 0; id < VOCAB; id++) u32vec_init(&model[id]);
    for (uint32_t p = 0; p < NPSG; p++)
        for (uint32_t k = 0; k < ntok[p]; k++) {
            u32vec_push(&model[toks[p][k]], p);
            u32vec_push(&model[toks[p][k]], k * 2);
        }
    int bad = 0, found = 0;
    for (uint32_t id = 0; id < VOCAB; id++) {
        char term[16];
        size_t len = term_text(id, term);
        dict_entry e;
        int frc = dict_find(&dr, term, len, &e, &d);
        const u32vec *m = &model[id];
        uint32_t df = 0;
        for (size_t i = 0; i < m->n; i += 2)
            if (i == 0 || m->v[i] != m->v[i - 2]) df++;
        if (df == 0) {
            if (frc != ZS_ENOTFOUND) bad++;
            continue;
        }
        found++;
        if (frc || e.df != df) {
            bad++;
            continue;
        }
        post_cursor c;
        post_open(&c, post.p + e.post_off, (size_t)e.post_len, e.df, e.flags, POST_END);
        for (size_t i = 0; i < m->n;) {
            uint32_t p = m->v[i], tf = 0, want[MAXTOK];
            while (i < m->n && m->v[i] == p) {
                want[tf++] = m->v[i + 1];
                i += 2;
            }
            const uint32_t *pos;
            uint32_t np;
            if (c.doc != p || post_tf(&c) != tf || post_positions(&c, &pos, &np) ||
                memcmp(pos, want, tf * 4) != 0) {
                bad++;
                break;
            }
            post_next(&c);
        }
        if (c.doc != POST_END) bad++;
        post_close(&c);
    }
    for (uint32_t id = 0; id < VOCAB; id++) u32vec_free(&model[id]);
    T_INT(t, bad, 0);
    T_OK(t, found > 1000);
    /* CHARS: character 0x4E00 + j starts terms i with (i/60)%60 == j */
    zf_slice ch;
    T_INT(t, zf_section_checked(zr, FMT_SEC_CHARS, &ch, &d), 0);
    T_OK(t, ch.len >= 4);
    zf_close(zr);
}

static void test_against_model(t_ctx *t)
{
    against_model(t, 1);
}

static void test_against_model_threads(t_ctx *t)
{
    against_model(t, 2);
}

void suite_invert(t_ctx *t)
{
    t_run(t, "invert_against_model", test_against_model);
    t_run(t, "invert_against_model_threads", test_against_model_threads);
}
