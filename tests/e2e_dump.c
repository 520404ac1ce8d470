/* e2e_dump.c - zhindex dump against the corpus index: a term's postings
 * agree with zhsearch --count and with the stored text at every position;
 * sections decode to what stats says; unknown names are refused. */
#include "test.h"
#include "util.h"
#include "util_e2e.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Passages and positions of `passage G (local L): tf T, positions ...`
 * lines; the total df line's value in *total.  Number of postings, or -1
 * when a line does not parse or passages do not ascend. */
static long count_postings(const char *out, long *total, long *first_local, long *first_pos)
{
    long n = 0, last = -1;
    *total = -1;
    *first_local = *first_pos = -1;
    for (const char *p = out; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        long g, l, tf, pos;
        if (!strncmp(p, "  passage ", 10)) {
            if (sscanf(p, "  passage %ld (local %ld): tf %ld, positions %ld", &g, &l, &tf, &pos) !=
                    4 ||
                g <= last || tf < 1)
                return -1;
            if (!n) *first_local = l, *first_pos = pos;
            last = g;
            n++;
        } else if (!strncmp(p, "total df ", 9)) {
            *total = atol(p + 9);
        }
    }
    return n;
}

static void term_agrees_with_count(t_ctx *t)
{
    char index[1024];
    if (!T_INT(t, e2e_corpus_index(t, index, sizeof index), 0)) return;
    static const char *terms[] = {"医疗", "卫生", "托育", "健康", "2024"};
    for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++) {
        u_run r, c;
        char *dump[] = {"dump", index, "--term", (char *)terms[i], NULL};
        char *count[] = {"--count", (char *)terms[i], NULL};
        if (!T_INT(t, e2e_zhindex(t, dump, &r), 0)) return;
        if (!T_INT(t, e2e_search(t, index, count, NULL, &c), 0)) return;
        T_INT(t, r.status, 0);
        long total, local, pos, n = count_postings(r.out, &total, &local, &pos);
        T_OK(t, n > 0);
        T_INT(t, n, total);
        T_INT(t, total, atol(c.out));
        /* the first posting's first position is where the term starts in
         * the stored text of its passage */
        char want[64];
        snprintf(want, sizeof want, "passage %ld: ", local);
        u_run x;
        char *text[] = {"dump", index, "--section", "text", NULL};
        if (T_INT(t, e2e_zhindex(t, text, &x), 0)) {
            const char *line = strstr(x.out, want);
            if (T_OK(t, line != NULL)) {
                line += strlen(want);
                size_t len = strcspn(line, "\n"), ncp;
                uint64_t *off = u_utf8_offsets(line, len, &ncp);
                T_OK(t, pos >= 0 && (size_t)pos < ncp &&
                            !strncmp(line + off[pos], terms[i], strlen(terms[i])));
                free(off);
            }
            u_run_free(&x);
        }
        u_run_free(&r);
        u_run_free(&c);
    }
}

/* A field term (\x01c41: Henan) and an absent term. */
static void field_and_absent_terms(t_ctx *t)
{
    char index[1024];
    if (!T_INT(t, e2e_corpus_index(t, index, sizeof index), 0)) return;
    u_run r, c;
    char *dump[] = {"dump", index, "--term", "\\x01c41", NULL};
    char *count[] = {"--count", "--city", "河南", "", NULL};
    if (!T_INT(t, e2e_zhindex(t, dump, &r), 0)) return;
    T_INT(t, r.status, 0);
    T_OK(t, strstr(r.out, "term \\x01c41\n") == r.out);
    long total, local, pos, n = count_postings(r.out, &total, &local, &pos);
    T_INT(t, n, total);
    T_OK(t, total > 0);
    if (T_INT(t, e2e_search(t, index, count, NULL, &c), 0)) {
        if (c.status == 0) T_INT(t, total, atol(c.out));
        u_run_free(&c);
    }
    u_run_free(&r);
    char *absent[] = {"dump", index, "--term", "没有这个词语", NULL};
    if (!T_INT(t, e2e_zhindex(t, absent, &r), 0)) return;
    T_INT(t, r.status, 0);
    T_OK(t, strstr(r.out, ": absent\n") && strstr(r.out, "total df 0\n"));
    u_run_free(&r);
}

static void sections(t_ctx *t)
{
    char index[1024];
    if (!T_INT(t, e2e_corpus_index(t, index, sizeof index), 0)) return;
    u_run r, s;
    char *stats[] = {"dump", index, "--section", "STATS", NULL};
    char *st[] = {"stats", index, NULL};
    if (!T_INT(t, e2e_zhindex(t, stats, &r), 0)) return;
    if (!T_INT(t, e2e_zhindex(t, st, &s), 0)) return;
    T_INT(t, r.status, 0);
    const char *np = strstr(r.out, "\nnpassages ");
    const char *sp = strstr(s.out, "passages ");
    if (T_OK(t, np && sp)) T_INT(t, atol(np + 11), atol(sp + 9));
    u_run_free(&r);
    u_run_free(&s);
    /* a section without a decoder is a hex dump with offsets */
    char *post[] = {"dump", index, "--section", "postings", NULL};
    if (!T_INT(t, e2e_zhindex(t, post, &r), 0)) return;
    T_INT(t, r.status, 0);
    T_OK(t, strstr(r.out, "section POSTINGS (id 9)") && strstr(r.out, "\n00000000: ") &&
                strstr(r.out, "\n00000010: "));
    u_run_free(&r);
    /* the terms in order, with the df --term gives */
    char *terms[] = {"dump", index, "--section", "TERMS", NULL};
    if (!T_INT(t, e2e_zhindex(t, terms, &r), 0)) return;
    T_OK(t, strstr(r.out, "term 0: \\x01c") != NULL);
    T_OK(t, strstr(r.out, ": 医疗, df ") != NULL);
    u_run_free(&r);
    /* an unknown name: exit 2 and the list of names */
    char *bad[] = {"dump", index, "--section", "NOSUCH", NULL};
    if (!T_INT(t, e2e_zhindex(t, bad, &r), 0)) return;
    T_INT(t, r.status, 2);
    T_OK(t, strstr(r.err, "NOSUCH") && strstr(r.err, "TERMS") && strstr(r.err, "ARTCOL"));
    T_STR(t, r.out, "");
    u_run_free(&r);
    /* both or neither of --term and --section: usage error */
    char *both[] = {"dump", index, "--term", "a", "--section", "DL", NULL};
    if (!T_INT(t, e2e_zhindex(t, both, &r), 0)) return;
    T_INT(t, r.status, 2);
    u_run_free(&r);
    char *none[] = {"dump", index, NULL};
    if (!T_INT(t, e2e_zhindex(t, none, &r), 0)) return;
    T_INT(t, r.status, 2);
    u_run_free(&r);
}

void suite_e2e_dump(t_ctx *t)
{
    t_run(t, "dump_term_agrees_with_count", term_agrees_with_count);
    t_run(t, "dump_field_and_absent_terms", field_and_absent_terms);
    t_run(t, "dump_sections", sections);
}
