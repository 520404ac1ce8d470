/* e2e_index.c - zhindex on corpus/ and on damaged inputs and indexes:
 * passage JSON and its properties, per-file errors, refusal to write into a
 * foreign directory, stats and check, corrupt and truncated index files,
 * and searching while a rebuild replaces the index. */
#define _XOPEN_SOURCE 700
#include "test.h"
#include "uchar.h"
#include "utf8.h"
#include "util.h"
#include "util_e2e.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int run_zhindex(const t_ctx *t, char *const *args, u_run *r)
{
    char zhindex[1024];
    e2e_bin(t, "zhindex", zhindex, sizeof zhindex);
    char *argv[32];
    int n = 0;
    argv[n++] = zhindex;
    for (int i = 0; args[i] && n < 31; i++) argv[n++] = args[i];
    argv[n] = NULL;
    return u_run_cmd(argv, NULL, 0, r);
}

/* Passages of the corpus: JSON with the documented fields; clean text (no
 * space next to a Han character, no doubled run of four or more Han
 * characters); body passages end at a sentence end unless cut for length;
 * each passage's first and last characters are the source bytes at its
 * start and end. */
static void test_passages(t_ctx *t)
{
    char corpus[1024];
    e2e_corpus(t, corpus, sizeof corpus);
    u_run r;
    char *args[] = {"passages", corpus, NULL};
    if (!T_INT(t, run_zhindex(t, args, &r), 0)) return;
    T_INT(t, r.status, 0);
    int n = 0, bad_json = 0, bad_space = 0, doubled = 0, bad_end = 0, bad_src = 0;
    char lastdoc[1024] = "";
    char *src = NULL;
    size_t srclen = 0;
    for (char *line = r.out, *nl; *line; line = nl + 1) {
        nl = strchr(line, '\n');
        if (!nl) break;
        u_json v;
        if (u_json_parse(line, (size_t)(nl - line), &v)) {
            bad_json++;
            continue;
        }
        n++;
        const u_json *doc = u_json_get(&v, "doc"), *text = u_json_get(&v, "text");
        const u_json *start = u_json_get(&v, "start"), *end = u_json_get(&v, "end");
        const u_json *kind = u_json_get(&v, "kind"), *psg = u_json_get(&v, "passage");
        if (!doc || !text || !start || !end || !kind || !psg) {
            bad_json++;
            u_json_free(&v);
            continue;
        }
        if (strcmp(lastdoc, doc->str)) {
            snprintf(lastdoc, sizeof lastdoc, "%s", doc->str);
            free(src);
            src = t_read_file(doc->str, &srclen);
        }
        /* code points of the text */
        size_t ncp = u8_count(text->str, text->str_len);
        uint32_t *cps = malloc((ncp + 1) * sizeof *cps);
        const uint8_t *p = (const uint8_t *)text->str;
        for (size_t i = 0; i < ncp; i++) p += u8_next(p, &cps[i]);
        for (size_t i = 1; i < ncp; i++) {
            if ((cps[i] == ' ' && uc_class_of(cps[i - 1]) == UC_CJK) ||
                (cps[i - 1] == ' ' && uc_class_of(cps[i]) == UC_CJK))
                bad_space++;
        }
        for (size_t i = 0; i + 8 <= ncp; i++)
            for (size_t k = 4; k <= 12 && i + 2 * k <= ncp; k++) {
                size_t j = 0;
                while (j < k && cps[i + j] == cps[i + k + j] && uc_class_of(cps[i + j]) == UC_CJK)
                    j++;
                if (j == k) {
                    doubled++;
                    printf("  doubled run in %s: %.90s\n", doc->str, text->str);
                }
            }
        if (!strcmp(kind->str, "body") && ncp < 300) {
            size_t e = ncp;
            while (e > 0 && uc_is_closing(cps[e - 1])) e--;
            if (e == 0 || !uc_is_sentence_end(cps[e - 1])) {
                bad_end++;
                printf("  body passage not ending a sentence: %.90s\n", text->str);
            }
        }
        size_t s0 = (size_t)start->num, s1 = (size_t)end->num;
        if (!src || s0 >= s1 || s1 > srclen) {
            bad_src++;
        } else {
            uint32_t first, last = 0;
            u8_decode((const uint8_t *)src + s0, (const uint8_t *)src + s1, &first);
            size_t k = s1 - 1;
            while (k > s0 && ((unsigned char)src[k] & 0xC0) == 0x80) k--;
            u8_decode((const uint8_t *)src + k, (const uint8_t *)src + s1, &last);
            if (first != cps[0] || last != cps[ncp - 1]) bad_src++;
        }
        free(cps);
        u_json_free(&v);
    }
    free(src);
    T_OK(t, n > 200);
    T_INT(t, bad_json, 0);
    T_INT(t, bad_space, 0);
    T_INT(t, doubled, 0);
    T_INT(t, bad_src, 0);
    /* layout leaves a few body paragraphs unfinished (a quote cut by a
     * photo); allow very few */
    T_OK(t, bad_end <= n / 50);
    u_run_free(&r);
}

static void test_build_reports(t_ctx *t)
{
    char dir[1024], index[1024], path[1200];
    snprintf(dir, sizeof dir, "%s/inputs", t->tmpdir);
    snprintf(index, sizeof index, "%s/idx-reports", t->tmpdir);
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/good.txt", dir);
    t_write_file(path, "郑州市卫生健康委召开会议。\n", strlen("郑州市卫生健康委召开会议。\n"));
    snprintf(path, sizeof path, "%s/bad.txt", dir);
    t_write_file(path, "医疗\xff\xfe服务。\n", 12);
    snprintf(path, sizeof path, "%s/ignored.md", dir);
    t_write_file(path, "不会被索引。\n", strlen("不会被索引。\n"));
    /* --strict: the bad file is skipped by name and reason, the rest indexed */
    char missing[1200];
    snprintf(missing, sizeof missing, "%s/missing.txt", t->tmpdir);
    char *args[] = {"build", "-q", "--strict", "-o", index, dir, missing, NULL};
    u_run r;
    run_zhindex(t, args, &r);
    T_INT(t, r.status, 1);
    T_OK(t, strstr(r.err, "bad.txt") && strstr(r.err, "offset 6"));
    T_OK(t, strstr(r.err, "missing.txt") != NULL);
    T_OK(t, strstr(r.err, "1 files indexed, 2 skipped") != NULL);
    u_run_free(&r);
    char *q[] = {"--count", "卫生健康", NULL};
    e2e_search(t, index, q, NULL, &r);
    T_STR(t, r.out, "1\n");
    u_run_free(&r);
    /* without --strict the bad file is indexed with a warning */
    char *args2[] = {"build", "-q", "-o", index, dir, NULL};
    run_zhindex(t, args2, &r);
    T_INT(t, r.status, 0);
    T_OK(t, strstr(r.err, "bad.txt") && strstr(r.err, "replaced"));
    u_run_free(&r);
    /* nothing usable: exit 2 and the index is left as it was */
    char *args3[] = {"build", "-q", "-o", index, missing, NULL};
    run_zhindex(t, args3, &r);
    T_INT(t, r.status, 2);
    u_run_free(&r);
    e2e_search(t, index, q, NULL, &r);
    T_STR(t, r.out, "1\n");
    u_run_free(&r);
    /* a directory that is not an index is refused */
    char *args4[] = {"build", "-q", "-o", dir, dir, NULL};
    run_zhindex(t, args4, &r);
    T_INT(t, r.status, 2);
    T_OK(t, strstr(r.err, "not a zhsearch index") != NULL);
    u_run_free(&r);
    /* --include picks other names */
    char *args5[] = {"build", "-q", "--include", "*.md", "-o", index, dir, NULL};
    run_zhindex(t, args5, &r);
    T_INT(t, r.status, 0);
    u_run_free(&r);
    char *q2[] = {"--count", "索引", NULL};
    e2e_search(t, index, q2, NULL, &r);
    T_STR(t, r.out, "1\n");
    u_run_free(&r);
}

static void test_stats_check(t_ctx *t)
{
    char index[1024];
    if (!T_INT(t, e2e_corpus_index(t, index, sizeof index), 0)) return;
    u_run r;
    char *s[] = {"stats", index, NULL};
    run_zhindex(t, s, &r);
    T_INT(t, r.status, 0);
    T_OK(t, strstr(r.out, "postings") && strstr(r.out, "stored text") && strstr(r.out, "passages"));
    u_run_free(&r);
    char *c[] = {"check", index, NULL};
    run_zhindex(t, c, &r);
    T_INT(t, r.status, 0);
    T_OK(t, strstr(r.out, ": ok") != NULL);
    u_run_free(&r);
}

/* Damage the segment file at many places: zhsearch and zhindex check must
 * say "index corrupt" (or find nothing wrong if the byte did not matter to
 * the query) and never crash. */
static void test_corruption(t_ctx *t)
{
    char index[1024], bad[1024];
    if (!T_INT(t, e2e_corpus_index(t, index, sizeof index), 0)) return;
    snprintf(bad, sizeof bad, "%s/idx-corrupt", t->tmpdir);
    u_copy_dir(index, bad);
    char seg[1200];
    snprintf(seg, sizeof seg, "%s/seg-000001.zhs", bad);
    size_t len;
    char *orig = t_read_file(seg, &len);
    if (!T_OK(t, orig != NULL)) return;
    int crashes = 0, missed = 0;
    for (int k = 0; k < 24; k++) {
        size_t at = (size_t)k * (len / 24) + 7;
        char *copy = malloc(len);
        memcpy(copy, orig, len);
        copy[at] ^= 0x41;
        t_write_file(seg, copy, len);
        free(copy);
        u_run r;
        char *args[] = {"--format", "json", "-n", "50", "医疗", NULL};
        e2e_search(t, bad, args, NULL, &r);
        if (r.status >= 128) crashes++;
        if (r.status == 2 && !strstr(r.err, "index corrupt")) missed++;
        u_run_free(&r);
        char *chk[] = {"check", bad, NULL};
        run_zhindex(t, chk, &r);
        if (r.status >= 128) crashes++;
        if (r.status != 1 || !strstr(r.out, "corrupt")) missed++; /* check finds every flip */
        u_run_free(&r);
    }
    T_INT(t, crashes, 0);
    T_INT(t, missed, 0);
    /* truncated */
    t_write_file(seg, orig, len / 2);
    u_run r;
    char *args[] = {"医疗", NULL};
    e2e_search(t, bad, args, NULL, &r);
    T_INT(t, r.status, 2);
    T_OK(t, strstr(r.err, "index corrupt:") && strstr(r.err, "seg-000001.zhs"));
    u_run_free(&r);
    /* a damaged manifest */
    t_write_file(seg, orig, len);
    char man[1200];
    snprintf(man, sizeof man, "%s/MANIFEST", bad);
    t_write_file(man,
                 "garbage garbage garbage garbage garbage garbage garbage garbage garbage "
                 "garbage garbage",
                 80);
    e2e_search(t, bad, args, NULL, &r);
    T_INT(t, r.status, 2);
    T_OK(t, strstr(r.err, "index corrupt:") && strstr(r.err, "MANIFEST"));
    u_run_free(&r);
    free(orig);
}

/* Rebuild the index again and again while searching it: every search sees
 * a whole index (the old or the new one) and gives the same count. */
static void test_atomic_replace(t_ctx *t)
{
    char index[1024], corpus[1024], zhindex[1024];
    snprintf(index, sizeof index, "%s/idx-live", t->tmpdir);
    e2e_corpus(t, corpus, sizeof corpus);
    e2e_bin(t, "zhindex", zhindex, sizeof zhindex);
    u_run r;
    char *build[] = {"build", "-q", "-o", index, corpus, NULL};
    run_zhindex(t, build, &r);
    T_INT(t, r.status, 0);
    u_run_free(&r);
    pid_t pid = fork();
    if (pid == 0) {
        for (int i = 0; i < 8; i++) {
            pid_t c = fork();
            if (c == 0) {
                int devnull = open("/dev/null", O_WRONLY);
                dup2(devnull, 2);
                execl(zhindex, zhindex, "build", "-q", "-o", index, corpus, (char *)NULL);
                _exit(127);
            }
            int st;
            waitpid(c, &st, 0);
            if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) _exit(1);
        }
        _exit(0);
    }
    int searches = 0, bad = 0;
    for (;;) {
        int st;
        if (waitpid(pid, &st, WNOHANG) == pid) {
            T_OK(t, WIFEXITED(st) && WEXITSTATUS(st) == 0);
            break;
        }
        char *q[] = {"--count", "医共体", NULL};
        e2e_search(t, index, q, NULL, &r);
        if (r.status != 0 || strcmp(r.out, "10\n")) {
            bad++;
            printf("  search during rebuild: status %d, out %s, err %s\n", r.status, r.out, r.err);
        }
        searches++;
        u_run_free(&r);
    }
    T_OK(t, searches > 0);
    T_INT(t, bad, 0);
    /* no leftovers: the manifest, the lock and one segment */
    char **names;
    size_t n;
    u_list_dir(index, "", &names, &n);
    size_t files = 0;
    for (size_t i = 0; i < n; i++) files += names[i][0] != '.';
    T_INT(t, files, 3);
    u_free_list(names, n);
}

/* The text of each passage of `file` (JSON "text" values, one per line). */
static char *passage_texts(t_ctx *t, const char *file, const char *encoding)
{
    char path[1024];
    t_path(path, sizeof path, t->srcdir, file);
    char *args[] = {"passages", encoding ? "--encoding" : path, encoding ? (char *)encoding : NULL,
                    encoding ? path : NULL, NULL};
    u_run r;
    if (run_zhindex(t, args, &r)) return NULL;
    T_INT(t, r.status, 0);
    {
        size_t cap = r.out_len + 1, n = 0;
        char *out = malloc(cap);
        for (char *line = r.out, *nl; *line && (nl = strchr(line, '\n')); line = nl + 1) {
            u_json v;
            if (u_json_parse(line, (size_t)(nl - line), &v)) continue;
            const u_json *text = u_json_get(&v, "text");
            if (text && n + text->str_len + 2 <= cap) {
                memcpy(out + n, text->str, text->str_len);
                n += text->str_len;
                out[n++] = '\n';
            }
            u_json_free(&v);
        }
        out[n] = 0;
        u_run_free(&r);
        return out;
    }
}

/* Files in GBK, GB18030, UTF-16 (both orders, detected by the BOM), UTF-8
 * with a BOM and Big5 (named) give the same passages as their UTF-8
 * originals. */
static void test_encodings(t_ctx *t)
{
    struct {
        const char *file, *encoding, *original;
    } cases[] = {
        {"tests/data/enc/prose.gbk.txt", NULL, "tests/data/enc/prose.utf8.txt"},
        {"tests/data/enc/rich.gb18030.txt", NULL, "tests/data/enc/rich.utf8.txt"},
        {"tests/data/enc/rich.utf16le.txt", NULL, "tests/data/enc/rich.utf8.txt"},
        {"tests/data/enc/rich.utf16be.txt", NULL, "tests/data/enc/rich.utf8.txt"},
        {"tests/data/enc/rich.utf8bom.txt", NULL, "tests/data/enc/rich.utf8.txt"},
        {"tests/data/enc/trad.big5.txt", "BIG5", "tests/data/enc/trad.utf8.txt"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = passage_texts(t, cases[i].file, cases[i].encoding);
        char *want = passage_texts(t, cases[i].original, NULL);
        if (T_OK(t, got && want && strlen(want) > 20)) {
            if (strcmp(got, want))
                printf("  %s differs from %s\n", cases[i].file, cases[i].original);
            T_OK(t, !strcmp(got, want));
        }
        free(got);
        free(want);
    }
    /* an unknown encoding is refused once, before any file is read */
    char path[1024];
    t_path(path, sizeof path, t->srcdir, "tests/data/enc/prose.gbk.txt");
    char *bad[] = {"passages", "--encoding", "NO-SUCH-CODE", path, NULL};
    u_run r;
    if (!run_zhindex(t, bad, &r)) {
        T_INT(t, r.status, 2);
        T_OK(t, strstr(r.err, "unknown encoding 'NO-SUCH-CODE'") != NULL);
        T_STR(t, r.out, "");
        u_run_free(&r);
    }
}

void suite_e2e_index(t_ctx *t)
{
    t_run(t, "e2e_encodings", test_encodings);
    t_run(t, "e2e_passages", test_passages);
    t_run(t, "e2e_build_reports", test_build_reports);
    t_run(t, "e2e_stats_check", test_stats_check);
    t_run(t, "e2e_corruption", test_corruption);
    t_run(t, "e2e_atomic_replace", test_atomic_replace);
}
