/* test_dict.c - the term dictionary: every term found with its df and
 * postings place, absent terms not found, prefix seeks, ordered iteration
 * across blocks, order violations refused. */
#include "dict.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>

#define KIND 0x54434944u

static void term_of(int i, char *out, size_t cap)
{
    /* sorted order follows i: fixed-width decimal plus a CJK tail on some */
    snprintf(out, cap, "t%06d%s", i * 3, i % 7 == 0 ? "医疗" : "");
}

static void test_roundtrip(t_ctx *t)
{
    char path[512];
    t_path(path, sizeof path, t->tmpdir, "dict.zf");
    dict_writer w;
    dict_writer_init(&w);
    int n = 1000;
    char term[64];
    for (int i = 0; i < n; i++) {
        term_of(i, term, sizeof term);
        T_INT(t,
              dict_add(&w, term, strlen(term), (uint32_t)(i + 1), (uint32_t)(i % 2),
                       (uint64_t)(i % 50 + 1)),
              0);
    }
    T_INT(t, dict_add(&w, "a", 1, 1, 0, 1), ZS_EINVAL); /* out of order */
    T_INT(t, dict_add(&w, term, strlen(term), 1, 0, 1), ZS_EINVAL);
    T_INT(t, dict_add(&w, "zz", 2, 1, 4, 1), ZS_EINVAL); /* flag out of range */ /* repeated */
    zf_writer *zw;
    T_INT(t, zf_create(&zw, path, KIND, 1, 0, NULL), 0);
    T_INT(t, dict_write(&w, zw, 1, 2), 0);
    T_INT(t, zf_finish(zw, NULL), 0);
    dict_writer_free(&w);

    zf_reader *zr;
    zs_diag d;
    T_INT(t, zf_open(&zr, path, KIND, 1, &d), 0);
    dict_reader dr;
    T_INT(t, dict_open(&dr, zr, 1, 2, &d), 0);
    T_INT(t, dr.nterms, n);
    uint64_t off = 0;
    int bad = 0;
    for (int i = 0; i < n; i++) {
        term_of(i, term, sizeof term);
        dict_entry e;
        if (dict_find(&dr, term, strlen(term), &e, &d) != 0 || e.df != (uint32_t)(i + 1) ||
            e.post_off != off || e.post_len != (uint64_t)(i % 50 + 1) || e.ord != (uint64_t)i ||
            e.flags != (uint32_t)(i % 2))
            bad++;
        off += (uint64_t)(i % 50 + 1);
        /* a key between two terms is absent */
        snprintf(term, sizeof term, "t%06d", i * 3 + 1);
        if (dict_find(&dr, term, strlen(term), &e, &d) != ZS_ENOTFOUND) bad++;
    }
    T_INT(t, bad, 0);
    dict_entry e;
    T_INT(t, dict_find(&dr, "zzz", 3, &e, &d), ZS_ENOTFOUND);
    T_INT(t, dict_find(&dr, "", 0, &e, &d), ZS_ENOTFOUND);
    /* seek to a prefix and iterate: t0000 covers t000000..t000099 -> i 0..33 */
    dict_iter it;
    T_INT(t, dict_seek(&dr, "t0000", 5, &it, &d), 0);
    int count = 0;
    while (it.valid && strncmp(it.e.term, "t0000", 5) == 0) {
        count++;
        dict_next(&it, &d);
    }
    T_INT(t, count, 34);
    /* full iteration is ordered and complete */
    T_INT(t, dict_seek(&dr, "", 0, &it, &d), 0);
    count = 0;
    char prev[300] = "";
    while (it.valid) {
        if (strcmp(prev, it.e.term) >= 0) bad++;
        strcpy(prev, it.e.term);
        count++;
        dict_next(&it, &d);
    }
    T_INT(t, count, n);
    T_INT(t, bad, 0);
    zf_close(zr);
}

void suite_dict(t_ctx *t)
{
    t_run(t, "dict_roundtrip", test_roundtrip);
}
