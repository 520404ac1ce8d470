/* test_cover.c - the inputs' cover of stored document paths (cover.h):
 * lexical normal forms, and which stored paths a set of inputs covers. */
#include "cover.h"
#include "test.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void norm_forms(t_ctx *t)
{
    static const struct {
        const char *cwd, *in;
        int keep_id;
        const char *want;
    } cases[] = {
        {"/w", "corpus", 0, "/w/corpus"},
        {"/w", "./corpus/", 0, "/w/corpus"},
        {"/w", "corpus//a/./b.txt", 0, "/w/corpus/a/b.txt"},
        {"/w/x", "../corpus", 0, "/w/corpus"},
        {"/w", "/abs/../abs/c", 0, "/abs/c"},
        {"/w", "/", 0, "/"},
        {"/", "a", 0, "/a"},
        {"/w", "../../..", 0, "/"},
        {"", "./a//b/", 0, "a/b"},
        {"/w", "d/f.jsonl#https://x.cn/a/../b", 1, "/w/d/f.jsonl#https://x.cn/a/../b"},
        {"/w", "d/./f.jsonl#7", 1, "/w/d/f.jsonl#7"},
        {"/w", "d/a#b/c", 0, "/w/d/a#b/c"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char out[256];
        size_t n = cover_norm(cases[i].cwd, cases[i].in, strlen(cases[i].in), cases[i].keep_id, out,
                              sizeof out);
        if (!T_STR(t, n ? out : "(none)", cases[i].want)) printf("  case %zu\n", i);
        T_INT(t, n, strlen(cases[i].want));
    }
    char small[8];
    T_INT(t, cover_norm("/w", "a/long/path", 11, 0, small, sizeof small), 0);
}

static void has(t_ctx *t)
{
    char cwd[COVER_PATH_MAX], abs_corpus[COVER_PATH_MAX + 16];
    if (!T_OK(t, getcwd(cwd, sizeof cwd) != NULL)) return;
    snprintf(abs_corpus, sizeof abs_corpus, "%s/corpus", cwd);
    char *inputs[] = {"corpus/", "news.jsonl.gz", "one.txt"};
    cover c;
    T_INT(t, cover_init(&c, inputs, 3), 0);
    static const struct {
        const char *stored;
        int want;
    } cases[] = {
        {"corpus/a.txt", 1},
        {"./corpus/sub/b.txt", 1},
        {"corpus", 1},
        {"corpus2/a.txt", 0},
        {"corpusa.txt", 0},
        {"news.jsonl.gz#cctv-1", 1},
        {"news.jsonl.gz#u/../x", 1},
        {"news.jsonl#1", 0},
        {"one.txt", 1},
        {"one.txt.bak", 0},
        {"other/a.txt", 0},
        {"x/../corpus/a.txt", 1},
        {"/elsewhere/corpus/a.txt", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (!T_INT(t, cover_has(&c, cases[i].stored, strlen(cases[i].stored)), cases[i].want))
            printf("  stored %s\n", cases[i].stored);
    /* the absolute form of the same tree */
    T_INT(t, cover_has(&c, abs_corpus, strlen(abs_corpus)), 1);
    cover_free(&c);
    /* "/" covers everything absolute */
    char *root[] = {"/"};
    T_INT(t, cover_init(&c, root, 1), 0);
    T_INT(t, cover_has(&c, "/a/b", 4), 1);
    cover_free(&c);
}

void suite_cover(t_ctx *t)
{
    t_run(t, "cover_norm_forms", norm_forms);
    t_run(t, "cover_has", has);
}
