/* e2e_memory.c - the build's memory budget changes when run files are
 * written, never the index: a build at the smallest --memory (16), which
 * writes many run files and spills its facts to a file, gives the same
 * files byte for byte as a build at the default, and no temporary file is
 * left in the index directory after it, nor after a build that ran out of
 * memory half-way (invert.h, factcol.h, docs/BENCHMARKS.md "Build
 * memory"). */
#define _XOPEN_SOURCE 700
#include "test.h"
#include "util.h"
#include "util_e2e.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utime.h>

#if defined(__SANITIZE_ADDRESS__)
#define MEM_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MEM_SANITIZED 1
#endif
#endif
#ifndef MEM_SANITIZED
#define MEM_SANITIZED 0
#endif

/* Passages of the input: each has a fact, so the facts (over 16,384, the
 * spill block of factcol.h) go to their file more than once, and 80
 * characters drawn from 3,000, so the vocabulary (about 1.5 M bigrams)
 * outgrows a 16 MiB budget many times over. */
#define MEM_LINES      20000
#define MEM_LINE_CHARS 80
#define MEM_CHARS      3000u

/* 2020-01-01: the input's mtime, which no build of the test can take for
 * racy (update.h: a file written in the second it is read is stored so,
 * and the two builds compared would differ in when they ran). */
#define MEM_OLD_MTIME 1577836800

/* The input TSV: id, no city, no year, text. */
static int write_input(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    uint32_t r = 12345;
    for (unsigned i = 0; i < MEM_LINES; i++) {
        fprintf(f, "%u\t\t\t", i + 1);
        for (unsigned k = 0; k < MEM_LINE_CHARS; k++) {
            r = r * 1103515245u + 12345u; /* a fixed sequence: the same input every run */
            uint32_t c = 0x4E00 + (r >> 16) % MEM_CHARS;
            fputc((int)(0xE0 | (c >> 12)), f);
            fputc((int)(0x80 | ((c >> 6) & 0x3F)), f);
            fputc((int)(0x80 | (c & 0x3F)), f);
        }
        fprintf(f, "，每千人口托位数达到%u.%u个。\n", i % 7 + 1, i % 10);
    }
    if (fclose(f)) return -1;
    struct utimbuf old = {MEM_OLD_MTIME, MEM_OLD_MTIME};
    return utime(path, &old);
}

/* `dir` holds exactly LOCK, MANIFEST and seg-000001.zhs: no scratch
 * directory, no run or facts file, no partial segment. */
static void only_index_files(t_ctx *t, const char *dir, int built)
{
    char **names;
    size_t n;
    if (!T_INT(t, u_list_dir(dir, "", &names, &n), 0)) return;
    static const char *const want[] = {"LOCK", "MANIFEST", "seg-000001.zhs"};
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(names[i], ".") || !strcmp(names[i], "..")) continue;
        int known = 0;
        for (size_t w = 0; w < 3; w++) known |= !strcmp(names[i], want[w]);
        if (!t_check(t, known, names[i], __FILE__, __LINE__)) printf("  left in %s\n", dir);
        k += known;
    }
    if (built) T_INT(t, k, 3);
    u_free_list(names, n);
}

static int same_file(const char *a, const char *b)
{
    size_t la = 0, lb = 0;
    char *fa = t_read_file(a, &la), *fb = t_read_file(b, &lb);
    int same = fa && fb && la == lb && !memcmp(fa, fb, la);
    free(fa);
    free(fb);
    return same;
}

static int build(t_ctx *t, const char *memory, const char *out, const char *input)
{
    char *args[] = {"build",        "-q", "--format",  "tsv",         "--memory",
                    (char *)memory, "-o", (char *)out, (char *)input, NULL};
    u_run r;
    if (!T_INT(t, e2e_zhindex(t, args, &r), 0)) return -1;
    int status = r.status;
    if (status) printf("  zhindex --memory %s: %s", memory, r.err);
    u_run_free(&r);
    return status;
}

static void small_budget_same_index(t_ctx *t)
{
    char input[1024], a[1024], b[1024];
    t_path(input, sizeof input, t->tmpdir, "mem.tsv");
    t_path(a, sizeof a, t->tmpdir, "mem-default");
    t_path(b, sizeof b, t->tmpdir, "mem-16");
    if (!T_INT(t, write_input(input), 0)) return;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    if (T_INT(t, build(t, "160", a, input), 0) && T_INT(t, build(t, "16", b, input), 0)) {
        static const char *const files[] = {"MANIFEST", "seg-000001.zhs"};
        for (size_t i = 0; i < 2; i++) {
            char pa[2048], pb[2048];
            snprintf(pa, sizeof pa, "%s/%s", a, files[i]);
            snprintf(pb, sizeof pb, "%s/%s", b, files[i]);
            T_OK(t, same_file(pa, pb));
        }
        only_index_files(t, a, 1);
        only_index_files(t, b, 1);
    }
    unsetenv("SOURCE_DATE_EPOCH");
}

/* Builds at --memory 16 that run out of memory at points spread over the
 * second half of their allocations (run files and the facts file written
 * by then): each fails with exit 2 and leaves the directory it wrote into
 * without a temporary file. */
static void failed_build_leaves_nothing(t_ctx *t)
{
    if (MEM_SANITIZED) {
        printf("  skipped under a sanitizer (LD_PRELOAD allocator)\n");
        return;
    }
    char input[1024], out[1024], lib[1024], report[1024];
    t_path(input, sizeof input, t->tmpdir, "mem-fail.tsv");
    t_path(report, sizeof report, t->tmpdir, "mem-fail.report");
    snprintf(lib, sizeof lib, "%s/liboomfail.so", t->bindir);
    if (!T_INT(t, write_input(input), 0)) return;
    unsigned long calls = 0;
    static const unsigned tenths[] = {0, 5, 7, 8}; /* of the calls; 0: none fails */
    for (size_t i = 0; i < sizeof tenths / sizeof tenths[0]; i++) {
        if (i && !T_OK(t, calls > 100)) return;
        char n[32], name[64];
        snprintf(n, sizeof n, "%lu", calls * tenths[i] / 10);
        snprintf(name, sizeof name, "mem-fail-%zu", i);
        t_path(out, sizeof out, t->tmpdir, name);
        unlink(report);
        setenv("LD_PRELOAD", lib, 1);
        setenv("ZS_ALLOC_REPORT", report, 1);
        setenv("ZS_FAIL_ALLOC", n, 1);
        u_run r;
        char *args[] = {"build", "-q", "--format", "tsv", "--memory", "16", "-o", out, input, NULL};
        int rc = e2e_zhindex(t, args, &r);
        unsetenv("LD_PRELOAD");
        unsetenv("ZS_ALLOC_REPORT");
        unsetenv("ZS_FAIL_ALLOC");
        if (!T_INT(t, rc, 0)) return;
        T_INT(t, r.status, i ? 2 : 0);
        u_run_free(&r);
        if (i == 0) {
            size_t len;
            char *text = t_read_file(report, &len);
            if (text) sscanf(text, "%lu", &calls);
            free(text);
        }
        only_index_files(t, out, i == 0);
    }
}

void suite_e2e_memory(t_ctx *t)
{
    t_run(t, "e2e_memory_same_index", small_budget_same_index);
    t_run(t, "e2e_memory_failed_build_clean", failed_build_leaves_nothing);
}
