/* e2e_update.c - growing archives (issue 12): add in batches equals one
 * build byte for byte (scores included), remove and add back, update
 * replaces, sync after renames, deletions and edits, a no-op sync commits
 * nothing, tombstoned documents never show, merges reclaim space and keep
 * the results, JSON Lines url and extra keys, and SIGKILLs during add and
 * merge leave the old or the new state. */
#define _XOPEN_SOURCE 700
#include "test.h"
#include "util.h"
#include "util_e2e.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* SIGKILLs per killed command (add, merge). */
#define UPD_KILLS 25
/* Tries of one kill: a command that ended before its signal runs again,
 * killed sooner. */
#define UPD_KILL_TRIES 4

/* Run a shell command line built from fmt; its exit status. */
static int sh(const char *fmt, ...)
{
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* zhindex CMD -o INDEX [more...] (NULL-terminated); the exit status, with
 * stderr in err (caller frees) when err is not NULL. */
static int zx(const t_ctx *t, const char *cmd, const char *index, char **err, ...)
{
    char *args[32];
    int n = 0;
    args[n++] = (char *)cmd;
    args[n++] = "-q";
    args[n++] = "-o";
    args[n++] = (char *)index;
    va_list ap;
    va_start(ap, err);
    for (char *a; n < 31 && (a = va_arg(ap, char *));) args[n++] = a;
    va_end(ap);
    args[n] = NULL;
    u_run r;
    if (e2e_zhindex(t, args, &r)) return -1;
    if (err) *err = strdup(r.err);
    int st = r.status;
    u_run_free(&r);
    return st;
}

/* The queries compared between indexes: words, single characters,
 * phrases, filters, facts, facets, listings and counts. */
static const char *const *const queries[] = {
    (const char *const[]){"--format", "json", "-n", "1000", "的", NULL},
    (const char *const[]){"--format", "json", "-n", "1000", "医疗", NULL},
    (const char *const[]){"--format", "json", "-n", "1000", "医", NULL},
    (const char *const[]){"--format", "json", "-n", "1000", "郑州 医共体", NULL},
    (const char *const[]){"--format", "json", "-n", "1000", "\"医疗 服务\"", NULL},
    (const char *const[]){"--format", "json", "-n", "1000", "医院 -郑州", NULL},
    (const char *const[]){"--format", "json", "-n", "1000", "--city", "河南", NULL},
    (const char *const[]){"--format", "json", "-n", "1000", "--year", "2020..2026", NULL},
    (const char *const[]){"--format", "json", "-n", "1000", "--date", "2021..2025", NULL},
    (const char *const[]){"--format", "json", "-n", "100", "托位数>1", NULL},
    (const char *const[]){"--format", "json", "-n", "1000", "--collapse", "健康", NULL},
    (const char *const[]){"--format", "json", "-n", "20", "-C", "1", "卫生", NULL},
    (const char *const[]){"--format", "tsv", "-n", "1000", "年", NULL},
    (const char *const[]){"-n", "0", "--facet", "city", "--facet", "year", "的", NULL},
    (const char *const[]){"-l", "医院", NULL},
    (const char *const[]){"--count-by", "doc", "的", NULL},
    (const char *const[]){"--count", "2024", NULL},
    (const char *const[]){"--fields", NULL},
};
#define NQUERIES (sizeof queries / sizeof *queries)

static char *search_out(const t_ctx *t, const char *index, size_t q)
{
    u_run r;
    if (e2e_search(t, index, (char *const *)queries[q], NULL, &r)) return strdup("");
    size_t cap = r.out_len + r.err_len + 16;
    char *out = malloc(cap);
    snprintf(out, cap, "%d\n%s%s", r.status, r.out, r.err);
    u_run_free(&r);
    return out;
}

/* Lines of s without their "rank" field, sorted: the same hits with the
 * same scores, whatever the order among equal scores. */
static char *as_set(const char *s)
{
    size_t n = 0, cap = 16;
    char **v = malloc(cap * sizeof *v);
    for (const char *p = s; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *line = strndup(p, len), *rk = strstr(line, "\"rank\":");
        char *tab = strchr(line, '\t');
        if (rk) {
            char *comma = strchr(rk, ',');
            if (comma) memmove(rk, comma + 1, strlen(comma + 1) + 1);
        } else if (tab && line[0] >= '0' && line[0] <= '9') { /* TSV: rank first */
            memmove(line, tab + 1, strlen(tab + 1) + 1);
        }
        if (n == cap) v = realloc(v, (cap *= 2) * sizeof *v);
        v[n++] = line;
        p += len + (nl ? 1 : 0);
    }
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
            char *x = v[j];
            v[j] = v[j - 1];
            v[j - 1] = x;
        }
    size_t total = 1;
    for (size_t i = 0; i < n; i++) total += strlen(v[i]) + 1;
    char *out = malloc(total), *o = out;
    for (size_t i = 0; i < n; i++) {
        o += sprintf(o, "%s\n", v[i]);
        free(v[i]);
    }
    *o = '\0';
    free(v);
    return out;
}

/* Number of queries whose output differs between a and b (byte for byte,
 * or as sets when `sets`). */
static int differing(const t_ctx *t, const char *a, const char *b, int sets)
{
    int bad = 0;
    for (size_t q = 0; q < NQUERIES; q++) {
        char *x = search_out(t, a, q), *y = search_out(t, b, q);
        if (sets) {
            char *sx = as_set(x), *sy = as_set(y);
            free(x);
            free(y);
            x = sx;
            y = sy;
        }
        if (strcmp(x, y)) {
            if (!bad)
                printf("  query %zu (%s ...) differs between %s and %s\n", q, queries[q][0], a, b);
            bad++;
        }
        free(x);
        free(y);
    }
    return bad;
}

static int generation(const t_ctx *t, const char *index)
{
    char *args[] = {"stats", (char *)index, NULL};
    u_run r;
    if (e2e_zhindex(t, args, &r)) return -1;
    const char *g = strstr(r.out, "generation ");
    int gen = g ? atoi(g + 11) : -1;
    u_run_free(&r);
    return gen;
}

static long dir_size(const char *dir)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "du -sb %s", dir);
    FILE *f = popen(cmd, "r");
    long n = -1;
    if (f) {
        if (fscanf(f, "%ld", &n) != 1) n = -1;
        pclose(f);
    }
    return n;
}

/* corpus/ added one file at a time (five adds) gives byte-identical
 * results to one build; a no-op add or sync commits nothing; merge keeps
 * them identical. */
static void test_batches(t_ctx *t)
{
    char corpus[1024], dir[1024], tree[1100], inc[1100], full[1100];
    e2e_corpus(t, corpus, sizeof corpus);
    t_path(dir, sizeof dir, t->tmpdir, "upd_batches");
    snprintf(tree, sizeof tree, "%s/c", dir);
    snprintf(inc, sizeof inc, "%s/inc", dir);
    snprintf(full, sizeof full, "%s/full", dir);
    sh("mkdir -p %s", tree);
    char **names;
    size_t n;
    if (!T_INT(t, u_list_dir(corpus, ".txt", &names, &n), 0)) return;
    for (size_t i = 0; i < n; i++) {
        sh("cp -p %s/%s %s/", corpus, names[i], tree);
        T_INT(t, zx(t, "add", inc, NULL, tree, NULL), 0);
    }
    u_free_list(names, n);
    T_INT(t, zx(t, "build", full, NULL, tree, NULL), 0);
    T_INT(t, differing(t, full, inc, 0), 0);
    /* nothing to do: no new generation */
    int gen = generation(t, inc);
    char *err = NULL;
    T_INT(t, zx(t, "sync", inc, &err, tree, NULL), 0);
    T_OK(t, err && strstr(err, "nothing to change") && strstr(err, "5 unchanged"));
    free(err);
    T_INT(t, zx(t, "add", inc, NULL, tree, NULL), 0);
    T_INT(t, generation(t, inc), gen);
    T_INT(t, zx(t, "merge", inc, NULL, NULL), 0);
    T_INT(t, differing(t, full, inc, 0), 0);
    char *chk[] = {"check", inc, NULL};
    u_run r;
    T_INT(t, e2e_zhindex(t, chk, &r), 0);
    T_INT(t, r.status, 0);
    u_run_free(&r);
}

/* Twelve small files added one by one: the policy merges the ten level-0
 * segments, and the results stay those of one build. */
static void test_policy(t_ctx *t)
{
    char corpus[1024], dir[1024], tree[1100], inc[1100], full[1100];
    e2e_corpus(t, corpus, sizeof corpus);
    t_path(dir, sizeof dir, t->tmpdir, "upd_policy");
    snprintf(tree, sizeof tree, "%s/c", dir);
    snprintf(inc, sizeof inc, "%s/inc", dir);
    snprintf(full, sizeof full, "%s/full", dir);
    sh("mkdir -p %s && cat %s/*.txt > %s/all && split -n l/12 -d -a 2 %s/all %s/part && rm %s/all "
       "&& for f in %s/part*; do mv "
       "$f $f.txt; done",
       tree, corpus, tree, tree, tree, tree, tree);
    char **names;
    size_t n;
    if (!T_INT(t, u_list_dir(tree, ".txt", &names, &n), 0)) return;
    T_INT(t, n, 12);
    char one[1200];
    unsigned merged = 0;
    for (size_t i = 0; i < n; i++) {
        snprintf(one, sizeof one, "%s/%s", tree, names[i]);
        char *err = NULL;
        T_INT(t, zx(t, "add", inc, &err, one, NULL), 0);
        merged += err && strstr(err, " 1 merge") != NULL;
        free(err);
    }
    u_free_list(names, n);
    T_INT(t, merged, 1);
    char *args[] = {"stats", inc, NULL};
    u_run r;
    T_INT(t, e2e_zhindex(t, args, &r), 0);
    char want[64];
    snprintf(want, sizeof want, "%zu segments", n - 9);
    T_OK(t, strstr(r.out, want) != NULL);
    u_run_free(&r);
    T_INT(t, zx(t, "build", full, NULL, tree, NULL), 0);
    T_INT(t, differing(t, full, inc, 0), 0);
}

/* Segments in an index (zhindex stats: "N segments"); -1 when unknown. */
static int segments(const t_ctx *t, const char *index)
{
    char *args[] = {"stats", (char *)index, NULL};
    u_run r;
    if (e2e_zhindex(t, args, &r)) return -1;
    const char *g = strstr(r.out, " segment");
    int n = -1;
    if (g) {
        while (g > r.out && g[-1] >= '0' && g[-1] <= '9') g--;
        n = atoi(g);
    }
    u_run_free(&r);
    return n;
}

/* --no-merge: a build and eleven adds leave twelve segments (the policy
 * would have merged ten of them), with the results of one build; a remove
 * with --no-merge keeps its segments too; zhindex merge then makes one,
 * results unchanged; build and merge refuse the option. */
static void test_no_merge(t_ctx *t)
{
    char corpus[1024], dir[1024], tree[1100], inc[1100], full[1100], one[1200];
    e2e_corpus(t, corpus, sizeof corpus);
    t_path(dir, sizeof dir, t->tmpdir, "upd_nomerge");
    snprintf(tree, sizeof tree, "%s/c", dir);
    snprintf(inc, sizeof inc, "%s/inc", dir);
    snprintf(full, sizeof full, "%s/full", dir);
    sh("mkdir -p %s && cat %s/*.txt > %s/all && split -n l/12 -d -a 2 %s/all %s/part && rm %s/all "
       "&& for f in %s/part*; do mv $f $f.txt; done",
       tree, corpus, tree, tree, tree, tree, tree);
    char **names;
    size_t n;
    if (!T_INT(t, u_list_dir(tree, ".txt", &names, &n), 0)) return;
    T_INT(t, n, 12);
    unsigned merged = 0;
    for (size_t i = 0; i < n; i++) {
        snprintf(one, sizeof one, "%s/%s", tree, names[i]);
        char *err = NULL;
        if (i == 0)
            T_INT(t, zx(t, "build", inc, &err, one, NULL), 0);
        else
            T_INT(t, zx(t, "add", inc, &err, "--no-merge", one, NULL), 0);
        merged += err && i > 0 && strstr(err, " 0 merges") == NULL;
        free(err);
    }
    T_INT(t, merged, 0);
    T_INT(t, segments(t, inc), (int)n);
    T_INT(t, zx(t, "build", full, NULL, tree, NULL), 0);
    T_INT(t, differing(t, full, inc, 0), 0);
    /* a remove with --no-merge: the segment of the removed file stays */
    snprintf(one, sizeof one, "%s/%s", tree, names[n - 1]);
    T_INT(t, zx(t, "remove", inc, NULL, "--no-merge", one, NULL), 0);
    T_INT(t, segments(t, inc), (int)n - 1);
    snprintf(one, sizeof one, "%s/%s", tree, names[0]);
    T_INT(t, zx(t, "remove", inc, NULL, "--no-merge", one, NULL), 0);
    T_INT(t, segments(t, inc), (int)n - 2);
    sh("rm %s/%s %s/%s", tree, names[0], tree, names[n - 1]);
    T_INT(t, zx(t, "build", full, NULL, "--replace", tree, NULL), 0);
    T_INT(t, differing(t, full, inc, 0), 0);
    T_INT(t, zx(t, "merge", inc, NULL, NULL), 0);
    T_INT(t, segments(t, inc), 1);
    T_INT(t, differing(t, full, inc, 0), 0);
    char *err = NULL;
    T_INT(t, zx(t, "build", full, &err, "--no-merge", tree, NULL), 2);
    T_OK(t, err && strstr(err, "--no-merge: only for add, sync and remove"));
    free(err);
    T_INT(t, zx(t, "merge", inc, NULL, "--no-merge", NULL), 2);
    u_free_list(names, n);
}

/* remove, update, re-add and sync against fresh builds of the same tree;
 * deleted documents show nowhere; merge reclaims their space. */
static void test_changes(t_ctx *t)
{
    char corpus[1024], dir[1024], tree[1100], inc[1100], full[1100], f0[1200], f2[1200];
    e2e_corpus(t, corpus, sizeof corpus);
    t_path(dir, sizeof dir, t->tmpdir, "upd_changes");
    snprintf(tree, sizeof tree, "%s/c", dir);
    snprintf(inc, sizeof inc, "%s/inc", dir);
    snprintf(full, sizeof full, "%s/full", dir);
    sh("mkdir -p %s && cp -p %s/*.txt %s/", tree, corpus, tree);
    char **names;
    size_t n;
    if (!T_INT(t, u_list_dir(tree, ".txt", &names, &n), 0)) return;
    snprintf(f0, sizeof f0, "%s/%s", tree, names[0]);
    snprintf(f2, sizeof f2, "%s/%s", tree, names[2]);
    T_INT(t, zx(t, "build", inc, NULL, tree, NULL), 0);
    long before = dir_size(inc);
    /* remove: the results are those of a build without the file */
    T_INT(t, zx(t, "remove", inc, NULL, f0, NULL), 0);
    sh("mkdir -p %s/keep && mv %s %s/keep/", dir, f0, dir);
    T_INT(t, zx(t, "build", full, NULL, "--replace", tree, NULL), 0);
    T_INT(t, differing(t, full, inc, 0), 0);
    /* ... and nothing of it shows: dump's total df is the live count */
    char *dump[] = {"dump", inc, "--term", "医疗", NULL};
    u_run r;
    T_INT(t, e2e_zhindex(t, dump, &r), 0);
    char *cnt[] = {"--count", "医疗", NULL};
    u_run c;
    T_INT(t, e2e_search(t, full, cnt, NULL, &c), 0);
    char want[64];
    snprintf(want, sizeof want, "total df %d", atoi(c.out));
    T_OK(t, strstr(r.out, want) != NULL && strstr(r.out, "(deleted)") != NULL);
    u_run_free(&r);
    u_run_free(&c);
    /* add it back: the same hits and scores (it is now last, so among
     * equal scores its passages come after the others) */
    sh("mv %s/keep/%s %s/", dir, names[0], tree);
    T_INT(t, zx(t, "add", inc, NULL, tree, NULL), 0);
    T_INT(t, zx(t, "build", full, NULL, tree, NULL), 0);
    T_INT(t, differing(t, full, inc, 1), 0);
    /* update: appended text replaces the document, never doubles it */
    sh("printf '\\n独一无二的补充段落。\\n' >> %s", f2);
    char *err = NULL;
    T_INT(t, zx(t, "add", inc, &err, tree, NULL), 0);
    T_OK(t, err && strstr(err, "1 files indexed") && strstr(err, "1 replaced"));
    free(err);
    T_INT(t, zx(t, "build", full, NULL, tree, NULL), 0);
    T_INT(t, differing(t, full, inc, 1), 0);
    /* sync after a rename, a deletion and an edit */
    sh("mv %s %s/renamed.txt && rm %s/%s && printf '\\n同步编辑。\\n' >> %s/%s", f0, tree, tree,
       names[1], tree, names[3]);
    T_INT(t, zx(t, "sync", inc, NULL, tree, NULL), 0);
    T_INT(t, zx(t, "build", full, NULL, "--replace", tree, NULL), 0);
    T_INT(t, differing(t, full, inc, 1), 0);
    /* merge drops the deleted documents: smaller, same results */
    long mid = dir_size(inc);
    T_INT(t, zx(t, "merge", inc, NULL, NULL), 0);
    long after = dir_size(inc);
    printf("  index %ld bytes built, %ld with deletions, %ld merged\n", before, mid, after);
    T_OK(t, after < mid);
    T_INT(t, differing(t, full, inc, 1), 0);
    /* remove --id and a sync of a missing PATH */
    T_INT(t, zx(t, "remove", inc, NULL, "--id", "renamed.txt", NULL), 1 + 1);
    char rn[1200];
    snprintf(rn, sizeof rn, "%s/renamed.txt", tree);
    T_INT(t, zx(t, "remove", inc, NULL, "--id", rn, NULL), 0);
    char missing[1200];
    snprintf(missing, sizeof missing, "%s/nope", dir);
    T_INT(t, zx(t, "sync", inc, NULL, missing, NULL), 2);
    T_INT(t, zx(t, "build", full, NULL, missing, NULL), 2);
    struct stat st;
    char nb[1200];
    snprintf(nb, sizeof nb, "%s/never", dir);
    T_INT(t, zx(t, "build", nb, NULL, missing, NULL), 2);
    T_OK(t, stat(nb, &st) != 0);
    u_free_list(names, n);
}

/* The count of one query over `index`, -1 when the search failed. */
static int count_q(const t_ctx *t, const char *index, const char *q)
{
    char *args[] = {"--count", (char *)q, NULL};
    u_run r;
    if (e2e_search(t, index, args, NULL, &r)) return -1;
    int n = r.status <= 1 ? atoi(r.out) : -1; /* 1: no hits */
    u_run_free(&r);
    return n;
}

/* Racy mtimes (git's racy-git): a file changed again within the second it
 * was read keeps its size and whole-second mtime.  Its mtime is stored as
 * racy, so the next add hashes it and sees the change; an unchanged one is
 * hashed and left alone.  A file whose mtime lies in the future stands for
 * "the second it was read" here, deterministically; one of an older mtime
 * is stored as it is and never read again while its size and mtime stay.
 * JSON Lines records likewise. */
static void test_racy(t_ctx *t)
{
    char dir[1024], tree[1100], ix[1100], a[1200], b[1200], jl[1200], jix[1100];
    t_path(dir, sizeof dir, t->tmpdir, "upd_racy");
    snprintf(tree, sizeof tree, "%s/t", dir);
    snprintf(ix, sizeof ix, "%s/ix", dir);
    snprintf(jix, sizeof jix, "%s/jix", dir);
    snprintf(a, sizeof a, "%s/a.txt", tree);
    snprintf(b, sizeof b, "%s/b.txt", tree);
    snprintf(jl, sizeof jl, "%s/news.jsonl", dir);
    long long now = (long long)time(NULL), later = now + 1000, earlier = now - 100000;
    /* same sizes: 洛阳 and 郑州 are both six bytes */
    sh("mkdir -p %s && printf '洛阳市新建医院。\\n' > %s && touch -d @%lld %s", tree, a, later, a);
    sh("printf '开封市新建公园。\\n' > %s && touch -d @%lld %s", b, earlier, b);
    T_INT(t, zx(t, "add", ix, NULL, tree, NULL), 0);
    char *dump[] = {"dump", ix, "--section", "DOCS", NULL};
    u_run r;
    if (T_INT(t, e2e_zhindex(t, dump, &r), 0)) {
        char old[64];
        snprintf(old, sizeof old, "mtime %lld, hash", earlier);
        T_OK(t, strstr(r.out, "mtime racy") != NULL && strstr(r.out, old) != NULL);
        u_run_free(&r);
    }
    /* a.txt changed, same size, same mtime: seen */
    sh("printf '郑州市新建医院。\\n' > %s && touch -d @%lld %s", a, later, a);
    char *err = NULL;
    T_INT(t, zx(t, "add", ix, &err, tree, NULL), 0);
    T_OK(t, err && strstr(err, "1 files indexed") && strstr(err, "1 unchanged") &&
                strstr(err, "1 replaced"));
    free(err);
    T_INT(t, count_q(t, ix, "郑州"), 1);
    T_INT(t, count_q(t, ix, "洛阳"), 0);
    /* unchanged: hashed, nothing to change */
    err = NULL;
    T_INT(t, zx(t, "add", ix, &err, tree, NULL), 0);
    T_OK(t, err && strstr(err, "2 unchanged") && strstr(err, "nothing to change"));
    free(err);
    /* the old mtime is trusted: an edit that keeps size and mtime is not
     * seen (the documented limit of size and mtime) */
    sh("printf '兰考县新建公园。\\n' > %s && touch -d @%lld %s", b, earlier, b);
    T_INT(t, zx(t, "add", ix, NULL, tree, NULL), 0);
    T_INT(t, count_q(t, ix, "开封"), 1);
    /* JSON Lines: the file's size and mtime stored racy with its records */
    sh("printf "
       "'{\"id\":1,\"text\":\"洛阳市新建医院。\"}\\n{\"id\":2,\"text\":\"开封市新建公园。\"}\\n' "
       "> %s && touch -d @%lld %s",
       jl, later, jl);
    T_INT(t, zx(t, "add", jix, NULL, "--format", "jsonl", jl, NULL), 0);
    sh("printf "
       "'{\"id\":1,\"text\":\"郑州市新建医院。\"}\\n{\"id\":2,\"text\":\"开封市新建公园。\"}\\n' "
       "> %s && touch -d @%lld %s",
       jl, later, jl);
    err = NULL;
    T_INT(t, zx(t, "add", jix, &err, "--format", "jsonl", jl, NULL), 0);
    T_OK(t, err && strstr(err, "1 unchanged records") && strstr(err, "1 replaced"));
    free(err);
    T_INT(t, count_q(t, jix, "郑州"), 1);
    T_INT(t, count_q(t, jix, "洛阳"), 0);
}

/* JSON Lines: url and other keys shown; an edited record replaced alone. */
static void test_jsonl(t_ctx *t)
{
    char dir[1024], jl[1100], inc[1100];
    t_path(dir, sizeof dir, t->tmpdir, "upd_jsonl");
    snprintf(jl, sizeof jl, "%s/a.jsonl", dir);
    snprintf(inc, sizeof inc, "%s/inc", dir);
    sh("mkdir -p %s && printf '%%s\\n' "
       "'{\"id\":1,\"text\":\"郑州医疗一。\",\"url\":\"https://a/1\","
       "\"tags\":[\"x\",2],\"src\":\"央视\"}' '{\"id\":2,\"text\":\"郑州医疗二。\"}' > %s",
       dir, jl);
    T_INT(t, zx(t, "add", inc, NULL, "--format", "jsonl", jl, NULL), 0);
    char *args[] = {"--format", "json", "医疗一", NULL};
    u_run r;
    T_INT(t, e2e_search(t, inc, args, NULL, &r), 0);
    T_OK(t, strstr(r.out, "\"url\":\"https://a/1\"") &&
                strstr(r.out, "\"extra\":{\"tags\":[\"x\",2],\"src\":\"央视\"}"));
    u_run_free(&r);
    sh("sleep 1; sed -i 's/医疗二/医疗贰/' %s", jl);
    char *err = NULL;
    T_INT(t, zx(t, "sync", inc, &err, "--format", "jsonl", jl, NULL), 0);
    T_OK(t, err && strstr(err, "(1 documents") && strstr(err, "1 unchanged records") &&
                strstr(err, "1 replaced"));
    free(err);
    char *cnt[] = {"--count", "医疗", NULL};
    T_INT(t, e2e_search(t, inc, cnt, NULL, &r), 0);
    T_INT(t, atoi(r.out), 2);
    u_run_free(&r);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Kill `argv` after `wait` seconds; its exit status (128 + 9 when killed). */
static int run_killed(char *const *argv, double wait)
{
    pid_t pid = fork();
    if (pid == 0) {
        freopen("/dev/null", "w", stderr);
        execv(argv[0], argv);
        _exit(127);
    }
    struct timespec ts = {(time_t)wait, (long)((wait - (double)(time_t)wait) * 1e9)};
    nanosleep(&ts, NULL);
    kill(pid, SIGKILL);
    int st;
    waitpid(pid, &st, 0);
    return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}

static int count_of(const t_ctx *t, const char *index)
{
    char *cnt[] = {"--count", "的", NULL};
    u_run r;
    if (e2e_search(t, index, cnt, NULL, &r)) return -1;
    int n = r.status <= 1 ? atoi(r.out) : -1; /* 1: no hits */
    u_run_free(&r);
    return n;
}

/* SIGKILL add and merge at spread moments: the index answers as before or
 * as after, check finds nothing wrong, and the next command removes the
 * temporary files. */
static void test_kills(t_ctx *t)
{
    char corpus[1024], dir[1024], base[1100], more[1100], ix[1100], zhindex[1024];
    e2e_corpus(t, corpus, sizeof corpus);
    e2e_bin(t, "zhindex", zhindex, sizeof zhindex);
    t_path(dir, sizeof dir, t->tmpdir, "upd_kills");
    snprintf(base, sizeof base, "%s/base", dir);
    snprintf(more, sizeof more, "%s/more", dir);
    snprintf(ix, sizeof ix, "%s/ix", dir);
    sh("mkdir -p %s %s && cp %s/*.txt %s/ && for i in $(seq 1 12); do mkdir %s/$i; cp %s/*.txt "
       "%s/$i/; done",
       base, more, corpus, base, more, corpus, more);
    T_INT(t, zx(t, "build", ix, NULL, base, NULL), 0);
    sh("cp -a %s %s.old", ix, ix);
    int old = count_of(t, ix);
    double t0 = now();
    T_INT(t, zx(t, "add", ix, NULL, more, NULL), 0);
    double dur = now() - t0;
    int new = count_of(t, ix);
    T_OK(t, new > old);
    char *add[] = {zhindex, "add", "-q", "-o", ix, more, NULL};
    char *merge[] = {zhindex, "merge", "-o", ix, NULL};
    int bad = 0, killed = 0;
    for (int k = 0; k < 2 * UPD_KILLS; k++) {
        int is_merge = k >= UPD_KILLS;
        /* back to the state before: for add the old index, for merge the
         * one with two segments */
        double wait = dur * (0.05 + 0.9 * (k % UPD_KILLS) / UPD_KILLS);
        int status = 0;
        for (int try = 0; try < UPD_KILL_TRIES && status != 128 + SIGKILL; try++, wait /= 2) {
            sh("rm -rf %s && cp -a %s.old %s", ix, ix, ix);
            if (is_merge) zx(t, "add", ix, NULL, more, NULL);
            status = run_killed(is_merge ? merge : add, wait);
        }
        killed += status == 128 + SIGKILL;
        int got = count_of(t, ix);
        int ok = is_merge ? got == new : got == old || got == new;
        char *chk[] = {"check", ix, NULL};
        u_run r;
        if (e2e_zhindex(t, chk, &r) == 0) {
            ok = ok && r.status == 0;
            u_run_free(&r);
        }
        /* the next writer sweeps what the killed one left */
        zx(t, "sync", ix, NULL, base, more, NULL);
        ok = ok && count_of(t, ix) == new &&sh("ls %s | grep -q tmp", ix) != 0;
        if (!ok)
            printf("  kill %d (%s at %.3f s): count %d (old %d, new %d)\n", k,
                   is_merge ? "merge" : "add", wait, got, old, new);
        bad += !ok;
    }
    printf("  %d of %d runs killed by the signal\n", killed, 2 * UPD_KILLS);
    T_INT(t, bad, 0);
    T_OK(t, killed >= 2 * UPD_KILLS * 9 / 10);
}

/* The new commands are known to --help and to "did you mean". */
static void test_commands(t_ctx *t)
{
    static const char *const typo[][2] = {
        {"syncc", "sync"}, {"addd", "add"}, {"remvoe", "remove"}, {"mrege", "merge"}};
    for (size_t i = 0; i < sizeof typo / sizeof *typo; i++) {
        char *args[] = {(char *)typo[i][0], NULL};
        u_run r;
        if (!T_INT(t, e2e_zhindex(t, args, &r), 0)) continue;
        char want[64];
        snprintf(want, sizeof want, "(did you mean %s?)", typo[i][1]);
        T_INT(t, r.status, 2);
        T_OK(t, strstr(r.err, want) != NULL);
        u_run_free(&r);
    }
    char *help[] = {"--help", NULL};
    u_run r;
    if (!T_INT(t, e2e_zhindex(t, help, &r), 0)) return;
    T_OK(t, strstr(r.out, "zhindex add -o INDEX") && strstr(r.out, "zhindex sync -o INDEX") &&
                strstr(r.out, "zhindex remove -o INDEX") &&
                strstr(r.out, "zhindex merge -o INDEX"));
    u_run_free(&r);
}

/* One file given under two spellings is one document; a build no longer
 * counts deleted documents as ones it would drop. */
static void test_edges(t_ctx *t)
{
    char corpus[1024], dir[1024], a[1100], b[1100], a2[1100], ix[1100];
    e2e_corpus(t, corpus, sizeof corpus);
    t_path(dir, sizeof dir, t->tmpdir, "upd_edges");
    snprintf(a, sizeof a, "%s/A", dir);
    snprintf(a2, sizeof a2, "%s/./A/", dir);
    snprintf(b, sizeof b, "%s/B", dir);
    snprintf(ix, sizeof ix, "%s/ix", dir);
    sh("mkdir -p %s %s && cp %s/*.txt %s/ && cp %s/000_*.txt %s/", a, b, corpus, a, corpus, b);
    char *err = NULL;
    T_INT(t, zx(t, "add", ix, &err, a, a2, b, NULL), 0);
    T_OK(t, err && strstr(err, "6 files indexed (6 documents"));
    free(err);
    /* B's document would be dropped by a build of A ... */
    T_INT(t, zx(t, "build", ix, NULL, a, NULL), 2);
    /* ... until it is removed (a tombstone in the segment it shares) */
    T_INT(t, zx(t, "remove", ix, NULL, b, NULL), 0);
    T_INT(t, zx(t, "build", ix, NULL, a, NULL), 0);
}

void suite_e2e_update(t_ctx *t)
{
    t_run(t, "e2e_update_edges", test_edges);
    t_run(t, "e2e_update_commands", test_commands);
    t_run(t, "e2e_update_batches", test_batches);
    t_run(t, "e2e_update_policy", test_policy);
    t_run(t, "e2e_update_no_merge", test_no_merge);
    t_run(t, "e2e_update_changes", test_changes);
    t_run(t, "e2e_update_jsonl", test_jsonl);
    t_run(t, "e2e_update_racy", test_racy);
    t_run(t, "e2e_update_kills", test_kills);
}
