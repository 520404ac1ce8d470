/* e2e_faults.c - faults at scale (issue 11): SIGKILLs spread over rebuilds,
 * hundreds of damaged indexes, and out-of-memory injection at every
 * allocation of a build (of text files, and of JSON Lines, one of them
 * gzip-compressed) and of a search.
 *
 * Each fault must end in the old or the new index (never a mix), a clean
 * error (exit 2 with a message: "index corrupt: FILE: reason" for damage,
 * "out of memory" for allocation failures) or an answer identical to the
 * intact index's; never a crash, never a different answer, never a leak.
 * Out-of-memory runs use tests/oom/oomfail.c (LD_PRELOAD), which cannot
 * share a process with a sanitizer runtime: under ASan those tests report
 * themselves skipped (the sanitizer builds run everything else). */
#include "test.h"
#include "util.h"
#include "util_e2e.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

/* Rebuilds killed at spread moments. */
#define FAULT_KILLS 50
/* Copies of corpus/ in the kill test's input, so that a build lasts long
 * enough to be killed at 50 distinct moments. */
#define FAULT_KILL_COPIES 8
/* Damaged copies of an index, each searched and checked: with the
 * checksums left as they were (the CRCs must catch them) and with the
 * checksums recomputed after the change (only the structural checks of the
 * readers can). */
#define FAULT_DAMAGES  500
#define FAULT_RESEALED 500

#if defined(__SANITIZE_ADDRESS__)
#define FAULT_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FAULT_SANITIZED 1
#endif
#endif
#ifndef FAULT_SANITIZED
#define FAULT_SANITIZED 0
#endif

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t next_rand(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 33;
}

/* The answers the tests compare: counts of three queries and one JSON
 * result list, in one string (0 when the search failed); its messages in
 * `err` when not NULL. */
static int answers_err(const t_ctx *t, const char *index, char *out, size_t cap, int *status,
                       char *err, size_t err_cap)
{
    u_run r;
    char *args[] = {"--format", "json", "-n", "5", "-", NULL};
    if (e2e_search(t, index, args, "医疗\n托育服务\n郑州 健康\n", &r)) return -1;
    *status = r.status;
    snprintf(out, cap, "%s", r.status == 0 ? r.out : "");
    if (err) snprintf(err, err_cap, "%s", r.err);
    int crashed = r.status >= 128;
    u_run_free(&r);
    return crashed ? -1 : 0;
}

static int answers(const t_ctx *t, const char *index, char *out, size_t cap, int *status)
{
    return answers_err(t, index, out, cap, status, NULL, 0);
}

/* ---- kills ------------------------------------------------------------------ */

static int make_kill_input(const t_ctx *t, char *dir, size_t cap)
{
    char corpus[1024];
    e2e_corpus(t, corpus, sizeof corpus);
    t_path(dir, cap, t->tmpdir, "kill_in");
    if (mkdir(dir, 0755) != 0) return -1;
    for (int k = 0; k < FAULT_KILL_COPIES; k++) {
        char sub[1200];
        snprintf(sub, sizeof sub, "%s/c%d", dir, k);
        if (u_copy_dir(corpus, sub)) return -1;
    }
    return 0;
}

/* Start zhindex build in the background; its pid. */
static pid_t start_build(const t_ctx *t, const char *index, const char *input)
{
    char zhindex[1024];
    e2e_bin(t, "zhindex", zhindex, sizeof zhindex);
    pid_t pid = fork();
    if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 1);
        dup2(devnull, 2);
        execl(zhindex, zhindex, "build", "-q", "-o", index, input, (char *)NULL);
        _exit(127);
    }
    return pid;
}

/* SIGKILL a rebuild at FAULT_KILLS moments spread over its measured
 * length: every time the index answers as before, `check` finds it whole
 * (naming the leftovers when there are any), and the next build removes
 * the leftovers. */
static void kills(t_ctx *t)
{
    char input[1024], index[1024], before[8192], after[8192];
    if (!T_INT(t, make_kill_input(t, input, sizeof input), 0)) return;
    t_path(index, sizeof index, t->tmpdir, "kill_ix");
    double t0 = now_s();
    int st, status;
    pid_t pid = start_build(t, index, input);
    waitpid(pid, &st, 0);
    double len = now_s() - t0;
    if (!T_OK(t, WIFEXITED(st) && WEXITSTATUS(st) == 0)) return;
    if (!T_INT(t, answers(t, index, before, sizeof before, &status), 0)) return;
    int bad = 0, leftovers_seen = 0, reported = 0, killed = 0, tries = 0;
    /* a build that ends before its kill (a busy machine times differently)
     * does not count: the moments shrink and it is tried again */
    for (int k = 0; killed < FAULT_KILLS && tries < 3 * FAULT_KILLS; tries++) {
        k = killed;
        pid = start_build(t, index, input);
        struct timespec d;
        double wait = len * (k + 0.5) / FAULT_KILLS;
        d.tv_sec = (time_t)wait;
        d.tv_nsec = (long)((wait - (double)d.tv_sec) * 1e9);
        nanosleep(&d, NULL);
        kill(pid, SIGKILL);
        waitpid(pid, &st, 0);
        killed += WIFSIGNALED(st);
        if (!WIFSIGNALED(st)) len *= 0.8;
        if (answers(t, index, after, sizeof after, &status) || status != 0 ||
            strcmp(before, after)) {
            bad++;
            printf("  kill %d at %.3f s: status %d\n", k, wait, status);
        }
        char **names;
        size_t n, left = 0;
        if (u_list_dir(index, "", &names, &n) == 0) {
            for (size_t i = 0; i < n; i++)
                left += !strncmp(names[i], "tmp-", 4) || strstr(names[i], ".tmp") != NULL;
            u_free_list(names, n);
        }
        u_run r;
        char *check[] = {"check", index, NULL};
        if (e2e_zhindex(t, check, &r) == 0) {
            bad += r.status != 0;
            reported += left && strstr(r.out, "leftover of an interrupted write") != NULL;
            u_run_free(&r);
        }
        leftovers_seen += left > 0;
    }
    printf("  %d rebuilds killed by the signal in %d tries; leftovers after %d, named by "
           "check %d\n",
           killed, tries, leftovers_seen, reported);
    T_INT(t, bad, 0);
    T_INT(t, killed, FAULT_KILLS);
    T_INT(t, reported, leftovers_seen);
    /* the next build removes every leftover */
    pid = start_build(t, index, input);
    waitpid(pid, &st, 0);
    T_OK(t, WIFEXITED(st) && WEXITSTATUS(st) == 0);
    char **names;
    size_t n;
    if (T_INT(t, u_list_dir(index, "", &names, &n), 0)) {
        size_t left = 0;
        for (size_t i = 0; i < n; i++)
            left += !strncmp(names[i], "tmp-", 4) || strstr(names[i], ".tmp") != NULL;
        T_INT(t, left, 0);
        u_free_list(names, n);
    }
}

/* A build from a path that does not exist creates nothing. */
static void missing_input(t_ctx *t)
{
    char index[1024], input[1024];
    t_path(index, sizeof index, t->tmpdir, "never_ix");
    t_path(input, sizeof input, t->tmpdir, "no_such_dir");
    u_run r;
    char *args[] = {"build", "-q", "-o", index, input, NULL};
    if (!T_INT(t, e2e_zhindex(t, args, &r), 0)) return;
    T_INT(t, r.status, 2);
    T_OK(t, strstr(r.err, "no_such_dir") != NULL);
    u_run_free(&r);
    struct stat st;
    T_OK(t, stat(index, &st) != 0);
}

/* ---- damaged indexes ------------------------------------------------------------ */

/* How the damaged cases ended. */
typedef struct damage_tally {
    int crashes;  /* a signal: never */
    int wrong;    /* exit 0 with another answer, while check finds damage: never */
    int unnamed;  /* exit 2 without "index corrupt: FILE:" or the file's name: never */
    int caught;   /* exit 2, "index corrupt: FILE: reason" */
    int by_crc;   /* ... where the reason is a checksum */
    int version;  /* exit 2, "FILE: format version N, this program reads version 9" */
    int same;     /* exit 0 with the intact answers */
    int valid;    /* exit 0 with other answers, and check finds a whole index: a
                   * change behind recomputed checksums that is itself a valid
                   * index (a letter of a title, a passage's offsets) */
    int unsealed; /* resealed cases whose header no longer described the file */
} damage_tally;

/* Change 1-3 bytes of `f`; with `reseal`, one, and recompute the checksums.
 * Resealed changes go to the body (most), the directory or the header. */
static int mutate(uint8_t *f, size_t len, int reseal, uint64_t *seed)
{
    /* one byte behind recomputed checksums, so that what check finds is
     * what the search read */
    int flips = reseal ? 1 : 1 + (int)(next_rand(seed) % 3);
    for (int k = 0; k < flips; k++) {
        size_t at = next_rand(seed) % len;
        if (reseal && len > 80) {
            uint64_t body = 0;
            for (int i = 7; i >= 0; i--) body = body << 8 | f[16 + i];
            unsigned where = (unsigned)(next_rand(seed) % 10);
            if (body && body < len && where < 8)
                at = 64 + next_rand(seed) % body; /* a section */
            else if (body < len && where == 8)
                at = 64 + body + next_rand(seed) % (len - 64 - body); /* directory, CRCs */
            else
                at = next_rand(seed) % 60; /* the header (before its CRC) */
        }
        f[at] ^= (uint8_t)(1 + next_rand(seed) % 255);
    }
    return reseal ? u_reseal(f, len) : 0;
}

/* Search the damaged index and classify the outcome. */
static void judge(const t_ctx *t, const char *index, const char *path, const char *intact,
                  damage_tally *y)
{
    char got[8192], err[2048];
    int status;
    if (answers_err(t, index, got, sizeof got, &status, err, sizeof err)) {
        y->crashes++;
        printf("  crash: %s\n", path);
        return;
    }
    if (status == 0) {
        if (!strcmp(got, intact)) {
            y->same++;
            return;
        }
        /* another answer: fine only if the index is a whole one */
        u_run r;
        char *check[] = {"check", (char *)index, NULL};
        if (e2e_zhindex(t, check, &r) == 0) {
            if (r.status == 0) {
                y->valid++;
            } else {
                y->wrong++;
                printf("  wrong answer from a damaged index: %s", r.out);
            }
            u_run_free(&r);
        }
        return;
    }
    /* a damaged file is named with the reason */
    const char *base = strrchr(path, '/') + 1;
    if (status == 2 && strstr(err, "format version") && strstr(err, base)) {
        y->version++;
    } else if (status != 2 || !strstr(err, "index corrupt:") || !strstr(err, base)) {
        y->unnamed++;
        printf("  status %d without file and reason: %s", status, err);
    } else {
        y->caught++;
        y->by_crc += strstr(err, "checksum") != NULL;
    }
}

/* FAULT_DAMAGES copies of the corpus index with 1-3 bytes changed in a
 * segment or the manifest, then FAULT_RESEALED more with the checksums
 * recomputed after the change: every search ends with the intact answers,
 * or with "index corrupt: FILE: reason" (or a format version refused) and
 * exit 2, or (resealed) with other answers from an index that check finds
 * whole; never a crash, never another answer from an index check finds
 * damaged. */
static void damaged(t_ctx *t)
{
    char index[1024], bad[1024], intact[8192];
    if (!T_INT(t, e2e_corpus_index(t, index, sizeof index), 0)) return;
    int status;
    if (!T_INT(t, answers(t, index, intact, sizeof intact, &status), 0)) return;
    t_path(bad, sizeof bad, t->tmpdir, "damaged_ix");
    if (!T_INT(t, u_copy_dir(index, bad), 0)) return;
    char **names;
    size_t n;
    if (!T_INT(t, u_list_dir(bad, "", &names, &n), 0)) return;
    char files[4][1200];
    size_t nf = 0;
    for (size_t i = 0; i < n && nf < 4; i++)
        if (!strncmp(names[i], "seg-", 4) || !strcmp(names[i], "MANIFEST"))
            snprintf(files[nf++], sizeof files[0], "%s/%s", bad, names[i]);
    u_free_list(names, n);
    uint64_t seed = 20261128;
    damage_tally plain = {0}, sealed = {0};
    for (int k = 0; k < FAULT_DAMAGES + FAULT_RESEALED; k++) {
        int reseal = k >= FAULT_DAMAGES;
        const char *path = files[next_rand(&seed) % nf];
        size_t len;
        uint8_t *orig = (uint8_t *)t_read_file(path, &len);
        if (!orig || !len) {
            free(orig);
            continue;
        }
        uint8_t *copy = malloc(len);
        memcpy(copy, orig, len);
        damage_tally *y = reseal ? &sealed : &plain;
        if (mutate(copy, len, reseal, &seed)) y->unsealed++;
        t_write_file(path, copy, len);
        judge(t, bad, path, intact, y);
        t_write_file(path, orig, len);
        free(copy);
        free(orig);
    }
    const damage_tally *ys[2] = {&plain, &sealed};
    for (int i = 0; i < 2; i++)
        printf("  %d damaged indexes %s: %d caught as corrupt (%d by a checksum), %d format "
               "version refused, %d answered as intact, %d answered otherwise from a whole "
               "index, %d wrong, %d crashes, %d without file and reason%s\n",
               i ? FAULT_RESEALED : FAULT_DAMAGES,
               i ? "behind recomputed checksums" : "with their checksums", ys[i]->caught,
               ys[i]->by_crc, ys[i]->version, ys[i]->same, ys[i]->valid, ys[i]->wrong,
               ys[i]->crashes, ys[i]->unnamed, i ? "" : "");
    printf("  resealed cases whose header no longer described the file (checksums left): %d\n",
           sealed.unsealed);
    for (int i = 0; i < 2; i++) {
        T_INT(t, ys[i]->crashes, 0);
        T_INT(t, ys[i]->wrong, 0);
        T_INT(t, ys[i]->unnamed, 0);
    }
    T_INT(t, plain.valid, 0); /* with their checksums, a change is always caught */
    T_OK(t, plain.caught > FAULT_DAMAGES / 2);
    /* behind recomputed checksums, the structural checks catch most */
    T_OK(t, sealed.caught - sealed.by_crc > FAULT_RESEALED / 4);
}

/* ---- findings behind recomputed checksums ------------------------------------------ */

/* Body offset and length of section `name` of the index's (one) segment,
 * from zhindex dump; 0 on success. */
static int section_at(const t_ctx *t, const char *index, const char *name, uint64_t *off,
                      uint64_t *len)
{
    u_run r;
    char *args[] = {"dump", (char *)index, "--section", (char *)name, NULL};
    if (e2e_zhindex(t, args, &r)) return -1;
    const char *p = strstr(r.out, "): ");
    unsigned long long o = 0, n = 0;
    int ok = r.status == 0 && p && sscanf(p, "): %llu bytes at body offset %llu", &n, &o) == 2;
    u_run_free(&r);
    *off = o;
    *len = n;
    return ok ? 0 : -1;
}

/* Copy `from` to `to`, set file `file`'s byte at `at` to `val` (or add
 * `add` to it), recompute the checksums. */
static int patch(const char *from, const char *to, const char *file, uint64_t at, int val, int add)
{
    char path[1300];
    if (u_copy_dir(from, to)) return -1;
    snprintf(path, sizeof path, "%s/%s", to, file);
    size_t len;
    uint8_t *f = (uint8_t *)t_read_file(path, &len);
    int rc = -1;
    if (f && at < len) {
        f[at] = (uint8_t)(val >= 0 ? val : f[at] + add);
        rc = u_reseal(f, len) || t_write_file(path, f, len) ? -1 : 0;
    }
    free(f);
    return rc;
}

/* Search `index` for `query`: exit 2 and "index corrupt: ...FILE: ...WHY". */
static void expect_corrupt(t_ctx *t, const char *index, const char *query, const char *file,
                           const char *why)
{
    u_run r;
    char *args[] = {"--count", (char *)query, NULL};
    if (!T_INT(t, e2e_search(t, index, args, NULL, &r), 0)) return;
    T_INT(t, r.status, 2);
    if (!T_OK(t, strstr(r.err, "index corrupt:") && strstr(r.err, file) && strstr(r.err, why)))
        printf("  %s: %s", why, r.err);
    u_run_free(&r);
}

/* The findings of the damaged-index runs behind recomputed checksums, one
 * crafted change each, every one an answer that differed without a word
 * before its fix. */
static void resealed_findings(t_ctx *t)
{
    char index[1024], bad[1024];
    if (!T_INT(t, e2e_corpus_index(t, index, sizeof index), 0)) return;
    char **names;
    size_t n;
    char seg[256] = "";
    if (!T_INT(t, u_list_dir(index, ".zhs", &names, &n), 0)) return;
    if (n == 1) snprintf(seg, sizeof seg, "%s", names[0]);
    u_free_list(names, n);
    if (!T_OK(t, seg[0] != 0)) return;
    uint64_t off, len, ioff, ilen;
    /* a MANIFEST naming a segment that is not there (segment id 1 -> 3):
     * after the re-reads it is damage, not a commit in between */
    t_path(bad, sizeof bad, t->tmpdir, "found_manifest");
    if (T_INT(t, patch(index, bad, "MANIFEST", 64 + 20, -1, 2), 0))
        expect_corrupt(t, bad, "医疗", "MANIFEST", "names a missing segment");
    /* a passage length changed: BM25 would score with it */
    t_path(bad, sizeof bad, t->tmpdir, "found_dl");
    if (T_INT(t, section_at(t, index, "DL", &off, &len), 0) &&
        T_INT(t, patch(index, bad, seg, 64 + off + 3, -1, 1), 0))
        expect_corrupt(t, bad, "医疗", seg, "passage lengths do not add up");
    /* a document's first passage out of order: passages would be shown
     * under another document */
    t_path(bad, sizeof bad, t->tmpdir, "found_docidx");
    if (T_INT(t, section_at(t, index, "DOCIDX", &off, &len), 0) &&
        T_INT(t, patch(index, bad, seg, 64 + off + 16 + 3, 0x7f, 0), 0))
        expect_corrupt(t, bad, "医疗", seg, "document index out of order");
    /* the first term of the middle block (the first the binary search
     * compares) made larger than every term: the block after it would be
     * hidden from lookups, which found nothing instead of the term */
    t_path(bad, sizeof bad, t->tmpdir, "found_terms");
    if (T_INT(t, section_at(t, index, "TERMS", &off, &len), 0) &&
        T_INT(t, section_at(t, index, "TERMIDX", &ioff, &ilen), 0)) {
        size_t flen;
        char ipath[1300];
        snprintf(ipath, sizeof ipath, "%s/%s", index, seg);
        uint8_t *f = (uint8_t *)t_read_file(ipath, &flen);
        if (T_OK(t, f && ilen >= 16)) {
            const uint8_t *ix = f + 64 + ioff;
            uint32_t nblocks = (uint32_t)ix[0] | (uint32_t)ix[1] << 8;
            uint32_t mid = nblocks / 2;
            const uint8_t *e = ix + 16 + 16 * (size_t)mid, *e1 = e + 16;
            uint64_t boff = (uint64_t)e[0] | (uint64_t)e[1] << 8 | (uint64_t)e[2] << 16;
            uint64_t noff = (uint64_t)e1[0] | (uint64_t)e1[1] << 8 | (uint64_t)e1[2] << 16;
            /* a term of the next block: its second (shared, suffix len, suffix...) */
            const uint8_t *q = f + 64 + off + noff;
            char term[256];
            size_t sl = q[1];
            if (T_OK(t, nblocks > 4 && q[0] == 0 && sl < 128 && sl < sizeof term)) {
                memcpy(term, q + 2, sl);
                term[sl] = 0;
                /* entry: varint shared (0), varint suffix length, suffix */
                if (T_INT(t, patch(index, bad, seg, 64 + off + boff + 2, 0xef, 0), 0))
                    expect_corrupt(t, bad, term, seg, "terms out of order");
            }
        }
        free(f);
    }
}

/* ---- out of memory ---------------------------------------------------------------- */

typedef struct alloc_report {
    unsigned long calls;
    long live;
} alloc_report;

/* Run argv with allocation `fail_at` (0: none) failing, through
 * liboomfail.so; its report in *rep. */
static int run_oom(const t_ctx *t, char *const *argv, unsigned long fail_at, u_run *r,
                   alloc_report *rep)
{
    char lib[1024], report[1024], n[32];
    snprintf(lib, sizeof lib, "%s/liboomfail.so", t->bindir);
    t_path(report, sizeof report, t->tmpdir, "oom_report");
    snprintf(n, sizeof n, "%lu", fail_at);
    unlink(report);
    setenv("LD_PRELOAD", lib, 1);
    setenv("ZS_ALLOC_REPORT", report, 1);
    setenv("ZS_FAIL_ALLOC", n, 1);
    int rc = u_run_cmd(argv, NULL, 0, r);
    unsetenv("LD_PRELOAD");
    unsetenv("ZS_ALLOC_REPORT");
    unsetenv("ZS_FAIL_ALLOC");
    memset(rep, 0, sizeof *rep);
    size_t len;
    char *text = t_read_file(report, &len);
    if (text) sscanf(text, "%lu %ld", &rep->calls, &rep->live);
    free(text);
    return rc;
}

/* Whether a message names the lack of memory, in our words or the C
 * library's (a system call that failed with ENOMEM). */
static int said_out_of_memory(const char *err)
{
    return strstr(err, "out of memory") || strstr(err, strerror(ENOMEM));
}

/* One input format of oom_build: the names and contents of the first and
 * the added file, and the options that read them. */
typedef struct oom_input {
    const char *tag, *one, *two, *a, *b;
    size_t blen;   /* bytes of b (it may hold NUL bytes) */
    char *opts[6]; /* NULL-terminated */
} oom_input;

/* Out-of-memory at every allocation of a rebuild: each run ends with the
 * new index and exit 0, or with exit 2 and a message; the old index keeps
 * answering; no run leaks more than a run without failures leaves. */
static void oom_build_input(t_ctx *t, const oom_input *in)
{
    if (FAULT_SANITIZED) {
        printf("  skipped under a sanitizer (LD_PRELOAD allocator)\n");
        return;
    }
    char name[64], dir[1024], one[1100], two[1100], index[1024], zhindex[1024];
    snprintf(name, sizeof name, "oom_in%s", in->tag);
    t_path(dir, sizeof dir, t->tmpdir, name);
    T_OK(t, mkdir(dir, 0755) == 0);
    snprintf(one, sizeof one, "%s/%s", dir, in->one);
    snprintf(two, sizeof two, "%s/%s", dir, in->two);
    T_OK(t, t_write_file(one, in->a, strlen(in->a)) == 0);
    snprintf(name, sizeof name, "oom_ix%s", in->tag);
    t_path(index, sizeof index, t->tmpdir, name);
    e2e_bin(t, "zhindex", zhindex, sizeof zhindex);
    u_run r;
    alloc_report base;
    char *build[16] = {zhindex, "build", "-q"};
    int k = 3;
    for (int i = 0; in->opts[i]; i++) build[k++] = in->opts[i];
    build[k++] = "-o";
    build[k++] = index;
    build[k++] = dir;
    build[k] = NULL;
    if (!T_INT(t, run_oom(t, build, 0, &r, &base), 0)) return;
    T_INT(t, r.status, 0);
    u_run_free(&r);
    T_OK(t, t_write_file(two, in->b, in->blen) == 0);
    alloc_report full;
    if (!T_INT(t, run_oom(t, build, 0, &r, &full), 0)) return;
    u_run_free(&r);
    int crashes = 0, silent = 0, leaks = 0, broken = 0, failed = 0;
    for (unsigned long n = 1; n <= full.calls; n++) {
        /* back to the one-document index before each try */
        T_OK(t, unlink(two) == 0);
        if (e2e_zhindex(t, build + 1, &r) == 0) u_run_free(&r);
        T_OK(t, t_write_file(two, in->b, in->blen) == 0);
        alloc_report rep;
        if (run_oom(t, build, n, &r, &rep)) continue;
        crashes += r.status >= 128;
        failed += r.status == 2;
        silent += r.status != 0 && !said_out_of_memory(r.err);
        leaks += rep.live > full.live;
        u_run_free(&r);
        u_run q;
        char *count[] = {"--count", "托育", NULL};
        if (e2e_search(t, index, count, NULL, &q) == 0) {
            broken += q.status != 0 || strcmp(q.out, "1\n") != 0;
            u_run_free(&q);
        }
        char *check[] = {"check", index, NULL};
        if (e2e_zhindex(t, check, &q) == 0) {
            broken += q.status != 0;
            u_run_free(&q);
        }
    }
    printf("  build%s: %lu allocation points, %d ended out of memory, %d crashes, %d leaks, "
           "%d broken indexes\n",
           in->tag, full.calls, failed, crashes, leaks, broken);
    T_OK(t, full.calls > 50);
    T_INT(t, crashes, 0);
    T_INT(t, silent, 0);
    T_INT(t, leaks, 0);
    T_INT(t, broken, 0);
}

static void oom_build(t_ctx *t)
{
    static const char b[] = "2024年，洛阳市新建医院5家。\n";
    oom_input in = {"", "a.txt",      "b.txt", "郑州市托育服务很好，每千人口托位数达到3.4个。\n",
                    b,  sizeof b - 1, {NULL}};
    oom_build_input(t, &in);
}

/* The same with gzip-compressed JSON Lines (zlib's allocations too). */
static void oom_build_jsonl(t_ctx *t)
{
    /* gzip of {"id":1,"text":"洛阳市新建医院5家。","date":"2024"}\n, made
     * here so that the test needs no tool */
    static const char b[] = "{\"id\":1,\"text\":\"洛阳市新建医院5家。\",\"date\":\"2024\"}\n";
    char gz[1100];
    t_path(gz, sizeof gz, t->tmpdir, "oom_b.jsonl.gz");
    gzFile f = gzopen(gz, "wb");
    T_OK(t, f && gzwrite(f, b, sizeof b - 1) == (int)(sizeof b - 1) && gzclose(f) == Z_OK);
    size_t len;
    char *bytes = t_read_file(gz, &len);
    if (!T_OK(t, bytes != NULL)) return;
    oom_input in = {"_jsonl",
                    "a.jsonl",
                    "b.jsonl.gz",
                    "{\"id\":\"a\",\"text\":\"郑州市托育服务很好，每千人口托位数达到3.4个。\","
                    "\"city\":\"郑州\",\"title\":\"托育\"}\n",
                    bytes,
                    len,
                    {"--format", "jsonl", "--include", "*.jsonl*", NULL}};
    oom_build_input(t, &in);
    free(bytes);
}

/* Out-of-memory at every allocation of a search with facets: the answer of
 * a run without failures, or exit 2 with "out of memory"; no leak. */
static void oom_search(t_ctx *t)
{
    if (FAULT_SANITIZED) {
        printf("  skipped under a sanitizer (LD_PRELOAD allocator)\n");
        return;
    }
    char index[1024], zhsearch[1024];
    if (!T_INT(t, e2e_corpus_index(t, index, sizeof index), 0)) return;
    e2e_bin(t, "zhsearch", zhsearch, sizeof zhsearch);
    char *argv[] = {zhsearch,  "-i",   index,     "--format", "json",      "-n", "3",
                    "--facet", "city", "--facet", "托位数",   "托育 服务", NULL};
    u_run r;
    alloc_report full;
    if (!T_INT(t, run_oom(t, argv, 0, &r, &full), 0)) return;
    T_INT(t, r.status, 0);
    char *want = strdup(r.out);
    u_run_free(&r);
    int crashes = 0, wrong = 0, silent = 0, leaks = 0, failed = 0;
    for (unsigned long n = 1; n <= full.calls && want; n++) {
        alloc_report rep;
        if (run_oom(t, argv, n, &r, &rep)) continue;
        crashes += r.status >= 128;
        failed += r.status == 2;
        wrong += r.status == 0 && strcmp(r.out, want) != 0;
        silent += r.status != 0 && (r.status != 2 || !said_out_of_memory(r.err));
        leaks += rep.live > full.live;
        u_run_free(&r);
    }
    printf("  search: %lu allocation points, %d ended out of memory, %d crashes, %d wrong, "
           "%d leaks\n",
           full.calls, failed, crashes, wrong, leaks);
    T_OK(t, full.calls > 20);
    T_INT(t, crashes, 0);
    T_INT(t, wrong, 0);
    T_INT(t, silent, 0);
    T_INT(t, leaks, 0);
    free(want);
}

/* ---- out of memory in add and merge ------------------------------------------------ */

/* Allocation points tried per command: every one up to this many, else
 * this many spread evenly over them (a command's points cluster in a few
 * phases; an even spread meets each). */
#define OOM_MAX_TRIES 1000

/* Replace directory dst with a copy of src. */
static int copy_tree(const char *src, const char *dst)
{
    char cmd[3000];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && cp -a '%s' '%s'", dst, src, dst);
    return system(cmd) == 0 ? 0 : -1;
}

/* The counts of the queries of `stdin_queries` ("N<TAB>query" lines) and
 * the segment count of zhindex stats, as one string; "" when either
 * failed. */
static void index_state(const t_ctx *t, const char *index, const char *queries, char *out,
                        size_t cap)
{
    out[0] = '\0';
    u_run r;
    char *count[] = {"--count", "-", NULL};
    if (e2e_search(t, index, count, queries, &r)) return;
    int ok = r.status == 0;
    if (ok) snprintf(out, cap, "%s", r.out);
    u_run_free(&r);
    char *stats[] = {"stats", (char *)index, NULL};
    if (!ok || e2e_zhindex(t, stats, &r)) {
        out[0] = '\0';
        return;
    }
    const char *g = strstr(r.out, "generation ");
    const char *nl = g ? strchr(g, '\n') : NULL;
    size_t len = strlen(out);
    if (r.status == 0 && g && nl)
        snprintf(out + len, cap - len, "%.*s\n", (int)(nl - g), g);
    else
        out[0] = '\0';
    u_run_free(&r);
}

/* Is `index` clean by zhindex check? */
static int checks_clean(const t_ctx *t, const char *index)
{
    char *check[] = {"check", (char *)index, NULL};
    u_run r;
    if (e2e_zhindex(t, check, &r)) return 0;
    int clean = r.status == 0;
    if (!clean) printf("  check: %s%s", r.out, r.err);
    u_run_free(&r);
    return clean;
}

/* What one out-of-memory command may end in. */
typedef struct oom_outcome {
    const char *old_state, *new_state; /* index_state before and after a run without failures */
    const char *queries;
    int crashes, silent, wrong, broken, leaks, failed, partial;
} oom_outcome;

/* Judge one run of the command with allocation n failing: exit 0 and the
 * new state; exit 2, "out of memory" and the old state; or (partial, when
 * `partial_ok`) exit 1 with the change committed and its merge not: the
 * counts of the new state, a message that says so. */
static void oom_judge(const t_ctx *t, const char *index, const u_run *r, int partial_ok,
                      oom_outcome *o)
{
    char state[4096];
    index_state(t, index, o->queries, state, sizeof state);
    const char *gen_new = strstr(o->new_state, "generation ");
    size_t counts_len = gen_new ? (size_t)(gen_new - o->new_state) : 0;
    int crashed = r->status >= 128;
    o->crashes += crashed;
    if (r->status == 0) {
        o->wrong += strcmp(state, o->new_state) != 0;
    } else if (r->status == 2) {
        o->failed++;
        o->silent += !said_out_of_memory(r->err);
        o->wrong += strcmp(state, o->old_state) != 0;
    } else if (r->status == 1 && partial_ok) {
        o->partial++;
        o->silent += !said_out_of_memory(r->err) || !strstr(r->err, "merge");
        o->wrong += strncmp(state, o->new_state, counts_len) != 0;
    } else if (!crashed) {
        o->silent++;
    }
    o->broken += !checks_clean(t, index);
}

/* The command `argv` (it changes `index`, whose state before is saved in
 * `saved`) with each allocation point in turn failing. */
static void oom_command(t_ctx *t, const char *what, char *const *argv, const char *index,
                        const char *saved, const char *queries, int partial_ok)
{
    char old_state[4096], new_state[4096];
    index_state(t, index, queries, old_state, sizeof old_state);
    u_run r;
    alloc_report full;
    if (!T_INT(t, run_oom(t, argv, 0, &r, &full), 0)) return;
    T_INT(t, r.status, 0);
    u_run_free(&r);
    index_state(t, index, queries, new_state, sizeof new_state);
    T_OK(t, old_state[0] && new_state[0] && strcmp(old_state, new_state) != 0);
    oom_outcome o = {old_state, new_state, queries, 0, 0, 0, 0, 0, 0, 0};
    unsigned long tries = full.calls < OOM_MAX_TRIES ? full.calls : OOM_MAX_TRIES;
    for (unsigned long k = 1; k <= tries; k++) {
        unsigned long n = full.calls <= OOM_MAX_TRIES ? k : 1 + (k - 1) * full.calls / tries;
        if (!T_INT(t, copy_tree(saved, index), 0)) return;
        alloc_report rep;
        if (run_oom(t, argv, n, &r, &rep)) continue;
        o.leaks += rep.live > full.live;
        oom_judge(t, index, &r, partial_ok, &o);
        if (o.wrong + o.silent + o.broken + o.crashes == 1 && r.status != 0 && r.status != 2)
            printf("  allocation %lu: exit %d: %s", n, r.status, r.err);
        u_run_free(&r);
    }
    printf("  %s: %lu allocation points, %lu tried: %d ended out of memory, %d committed without "
           "their merge, %d crashes, %d silent, %d wrong states, %d leaks, %d broken indexes\n",
           what, full.calls, tries, o.failed, o.partial, o.crashes, o.silent, o.wrong, o.leaks,
           o.broken);
    T_OK(t, full.calls > 50);
    T_INT(t, o.crashes, 0);
    T_INT(t, o.silent, 0);
    T_INT(t, o.wrong, 0);
    T_INT(t, o.leaks, 0);
    T_INT(t, o.broken, 0);
}

/* Files of the add and merge tests: a.txt and c0.txt in the first
 * segment, c1 ... c8 one segment each (added with --no-merge). */
#define OOM_SMALL_FILES 9

static int oom_small_index(t_ctx *t, const char *tag, char *in, char *index, char *saved,
                           size_t cap)
{
    char name[64], path[1200];
    snprintf(name, sizeof name, "oom_%s_in", tag);
    t_path(in, cap, t->tmpdir, name);
    snprintf(name, sizeof name, "oom_%s_ix", tag);
    t_path(index, cap, t->tmpdir, name);
    snprintf(name, sizeof name, "oom_%s_saved", tag);
    t_path(saved, cap, t->tmpdir, name);
    if (mkdir(in, 0755) != 0) return -1;
    static const char a[] = "郑州市托育服务很好，每千人口托位数达到3.4个。\n";
    snprintf(path, sizeof path, "%s/a.txt", in);
    if (t_write_file(path, a, sizeof a - 1)) return -1;
    for (int i = 0; i < OOM_SMALL_FILES; i++) {
        char text[256];
        snprintf(text, sizeof text, "第%d号文件：城市建设旧版内容，2023年新建学校%d所。\n", i,
                 i + 2);
        snprintf(path, sizeof path, "%s/c%d.txt", in, i);
        if (t_write_file(path, text, strlen(text))) return -1;
    }
    char one[1200], two[1200];
    snprintf(one, sizeof one, "%s/a.txt", in);
    snprintf(two, sizeof two, "%s/c0.txt", in);
    char *build[] = {"build", "-q", "-o", index, one, two, NULL};
    u_run r;
    if (e2e_zhindex(t, build, &r)) return -1;
    int bad = r.status != 0;
    u_run_free(&r);
    for (int i = 1; i < OOM_SMALL_FILES && !bad; i++) {
        snprintf(path, sizeof path, "%s/c%d.txt", in, i);
        char *add[] = {"add", "-q", "--no-merge", "-o", index, path, NULL};
        if (e2e_zhindex(t, add, &r)) return -1;
        bad = r.status != 0;
        u_run_free(&r);
    }
    return bad ? -1 : 0;
}

/* Out-of-memory at every allocation of an add that replaces a document
 * (a tombstone in the first segment), adds one and makes the tenth
 * segment, so that the policy merges the ten after the commit: each run
 * ends with the new state (exit 0), the old one (exit 2, "out of
 * memory"), or the add committed and its merge not (exit 1, saying so);
 * zhindex check is clean after every run; no leak. */
static void oom_add(t_ctx *t)
{
    if (FAULT_SANITIZED) {
        printf("  skipped under a sanitizer (LD_PRELOAD allocator)\n");
        return;
    }
    char in[1024], index[1024], saved[1024], path[1200], zhindex[1024];
    if (!T_INT(t, oom_small_index(t, "add", in, index, saved, sizeof in), 0)) return;
    if (!T_INT(t, copy_tree(index, saved), 0)) return;
    static const char b[] = "2024年，洛阳市新建医院5家。\n";
    static const char c0[] = "第0号文件：城市建设更新内容，增加了医院。\n";
    snprintf(path, sizeof path, "%s/b.txt", in);
    T_OK(t, t_write_file(path, b, sizeof b - 1) == 0);
    snprintf(path, sizeof path, "%s/c0.txt", in);
    T_OK(t, t_write_file(path, c0, sizeof c0 - 1) == 0);
    e2e_bin(t, "zhindex", zhindex, sizeof zhindex);
    char *argv[] = {zhindex, "add", "-q", "-o", index, in, NULL};
    oom_command(t, "add", argv, index, saved, "洛阳\n旧版\n更新\n城市\n托育\n", 1);
}

/* Out-of-memory at every allocation of zhindex merge over eight segments,
 * one with a deleted document: each run ends merged (exit 0), as it was
 * (exit 2, "out of memory"), or merged and failed after the commit (exit
 * 1, saying so), with the same counts, a clean check and no leak. */
static void oom_merge(t_ctx *t)
{
    if (FAULT_SANITIZED) {
        printf("  skipped under a sanitizer (LD_PRELOAD allocator)\n");
        return;
    }
    char in[1024], index[1024], saved[1024], path[1200], zhindex[1024];
    if (!T_INT(t, oom_small_index(t, "merge", in, index, saved, sizeof in), 0)) return;
    for (int i = 0; i < 6; i += 5) { /* c0: a tombstone; c5: its segment goes */
        snprintf(path, sizeof path, "%s/c%d.txt", in, i);
        char *rm[] = {"remove", "-q", "--no-merge", "-o", index, path, NULL};
        u_run r;
        if (!T_INT(t, e2e_zhindex(t, rm, &r), 0)) return;
        T_INT(t, r.status, 0);
        u_run_free(&r);
    }
    if (!T_INT(t, copy_tree(index, saved), 0)) return;
    e2e_bin(t, "zhindex", zhindex, sizeof zhindex);
    char *argv[] = {zhindex, "merge", "-o", index, NULL};
    oom_command(t, "merge", argv, index, saved, "城市\n旧版\n托育\n2023\n", 1);
}

void suite_e2e_faults(t_ctx *t)
{
    t_run(t, "faults_missing_input", missing_input);
    t_run(t, "faults_kills", kills);
    t_run(t, "faults_damaged", damaged);
    t_run(t, "faults_resealed_findings", resealed_findings);
    t_run(t, "faults_oom_build", oom_build);
    t_run(t, "faults_oom_build_jsonl", oom_build_jsonl);
    t_run(t, "faults_oom_search", oom_search);
    t_run(t, "faults_oom_add", oom_add);
    t_run(t, "faults_oom_merge", oom_merge);
}
