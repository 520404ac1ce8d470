/* e2e_threads.c - a build, an add and a merge on two threads write the
 * same index, byte for byte, as on one (segwrite.h, relay.h): 3 MB of CCTV
 * stories (many hand-over chunks) and corpus/, with SOURCE_DATE_EPOCH
 * fixing the one field that would otherwise differ, the creation time. */
#define _XOPEN_SOURCE 700
#include "test.h"
#include "util.h"
#include "util_e2e.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utime.h>
#include <zlib.h>

/* Bytes of CCTV stories for the test: a dozen hand-over chunks. */
#define THR_SLICE_BYTES (3u << 20)
#define THR_LINE_MAX    (1u << 20)
/* 2020-01-01: an mtime no build of the test can take for racy. */
#define THR_OLD_MTIME 1577836800

/* The first THR_SLICE_BYTES (whole lines) of the CCTV corpus into `out`. */
static int write_slice(const t_ctx *t, const char *out)
{
    char src[1024];
    snprintf(src, sizeof src, "%s/../shared/corpora/cctv_news.jsonl.gz", t->srcdir);
    gzFile gz = gzopen(src, "rb");
    FILE *f = fopen(out, "w");
    char *line = malloc(THR_LINE_MAX);
    size_t bytes = 0;
    while (gz && f && line && bytes < THR_SLICE_BYTES && gzgets(gz, line, (int)THR_LINE_MAX)) {
        bytes += strlen(line);
        fputs(line, f);
    }
    free(line);
    if (gz) gzclose(gz);
    if (f && fclose(f)) bytes = 0;
    return bytes >= THR_SLICE_BYTES ? 0 : -1;
}

/* The files of two index directories (but the lock) are the same. */
static void same_dirs(t_ctx *t, const char *a, const char *b)
{
    char **na, **nb;
    size_t ca, cb;
    if (!T_INT(t, u_list_dir(a, "", &na, &ca), 0)) return;
    if (!T_INT(t, u_list_dir(b, "", &nb, &cb), 0)) {
        u_free_list(na, ca);
        return;
    }
    T_INT(t, ca, cb);
    for (size_t i = 0; i < ca && i < cb; i++) {
        T_STR(t, na[i], nb[i]);
        if (!strcmp(na[i], "LOCK")) continue;
        char pa[2048], pb[2048];
        snprintf(pa, sizeof pa, "%s/%s", a, na[i]);
        snprintf(pb, sizeof pb, "%s/%s", b, nb[i]);
        size_t la = 0, lb = 0;
        char *fa = t_read_file(pa, &la), *fb = t_read_file(pb, &lb);
        T_OK(t, fa && fb);
        T_INT(t, la, lb);
        if (!t_check(t, fa && fb && la == lb && !memcmp(fa, fb, la), na[i], __FILE__, __LINE__))
            printf("  %s and %s differ\n", pa, pb);
        free(fa);
        free(fb);
    }
    u_free_list(na, ca);
    u_free_list(nb, cb);
}

static int zhindex_ok(t_ctx *t, char *const *args)
{
    u_run r;
    if (!T_INT(t, e2e_zhindex(t, args, &r), 0)) return 0;
    int ok = T_INT(t, r.status, 0);
    if (!ok) printf("  zhindex %s: %s", args[0], r.err);
    u_run_free(&r);
    return ok;
}

/* An mtime long past for every file of `dir` (or the file `dir`): a file
 * written in the second it is read is stored as "racy" (update.h), and
 * the two builds compared would then differ in when they ran. */
static int age(const char *dir, int is_dir)
{
    struct utimbuf old = {THR_OLD_MTIME, THR_OLD_MTIME};
    if (!is_dir) return utime(dir, &old);
    char **names;
    size_t n;
    if (u_list_dir(dir, "", &names, &n)) return -1;
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        rc = utime(path, &old);
    }
    u_free_list(names, n);
    return rc;
}

static void one_and_two(t_ctx *t)
{
    char slice[1024], src[1024], corpus[1024];
    snprintf(slice, sizeof slice, "%s/threads.jsonl", t->tmpdir);
    snprintf(corpus, sizeof corpus, "%s/thr-corpus", t->tmpdir);
    e2e_corpus(t, src, sizeof src);
    if (!T_INT(t, write_slice(t, slice), 0)) return;
    if (!T_INT(t, u_copy_dir(src, corpus), 0)) return;
    if (!T_INT(t, age(slice, 0), 0) || !T_INT(t, age(corpus, 1), 0)) return;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    char idx[2][1024], txt[2][1024];
    static char *const nthreads[2] = {"1", "2"};
    /* each step on one thread and on two, then the two results compared */
    int ok = 1;
    for (int step = 0; step < 4 && ok; step++) {
        for (int k = 0; k < 2 && ok; k++) {
            snprintf(idx[k], sizeof idx[k], "%s/thr-jsonl-%d", t->tmpdir, k + 1);
            snprintf(txt[k], sizeof txt[k], "%s/thr-text-%d", t->tmpdir, k + 1);
            char *const steps[4][10] = {
                {"build", "-q", "--threads", nthreads[k], "--format", "jsonl", "-o", idx[k], slice,
                 NULL},
                {"build", "-q", "--threads", nthreads[k], "-o", txt[k], corpus, NULL},
                /* an add of other documents, then a merge of the two segments */
                {"add", "-q", "--threads", nthreads[k], "-o", idx[k], corpus, NULL},
                {"merge", "--threads", nthreads[k], "-o", idx[k], NULL}};
            ok = zhindex_ok(t, steps[step]);
        }
        if (ok) same_dirs(t, step == 1 ? txt[0] : idx[0], step == 1 ? txt[1] : idx[1]);
    }
    unsetenv("SOURCE_DATE_EPOCH");
}

/* --threads takes 1 or 2, and says so. */
static void threads_option(t_ctx *t)
{
    char out[1024], corpus[1024];
    snprintf(out, sizeof out, "%s/thr-bad", t->tmpdir);
    e2e_corpus(t, corpus, sizeof corpus);
    char *args[] = {"build", "-q", "--threads", "3", "-o", out, corpus, NULL};
    u_run r;
    if (!T_INT(t, e2e_zhindex(t, args, &r), 0)) return;
    T_INT(t, r.status, 2);
    T_OK(t, strstr(r.err, "--threads: '3' is not 1 or 2") != NULL);
    u_run_free(&r);
}

void suite_e2e_threads(t_ctx *t)
{
    t_run(t, "e2e_threads_same_index", one_and_two);
    t_run(t, "e2e_threads_option", threads_option);
}
