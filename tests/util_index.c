/* util_index.c - shared fixtures of the end-to-end tests: paths of the
 * binaries, and an index of corpus/ built once per test run. */
#include "test.h"
#include "util.h"
#include "util_e2e.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

const char *const e2e_queries[] = {
    /* the peer benchmark's seed queries */
    "医共体", "托育服务", "卫生健康", "县域医疗中心", "家庭病床", "中医药传承创新", "郑州", "2024",
    "区域医疗中心", "公立医院", "基层", "妇幼", "婴幼儿照护", "家庭医生", "医养结合", "慢性病",
    "中医药", "高质量发展", "县域医共体", "人才", "健康河南", "村卫生室", "乡镇卫生院", "疫情防控",
    "重点专科", "便民就医", "公共卫生", "妇幼保健院", "互联网医院", "医疗", "健康", "郑州 医共体",
    /* single characters, including run-final ones */
    "蜱", "医", "的", "县", "院", "。", "率",
    /* numbers and Latin */
    "5", "3.4", "100", "2020", "5G", "24",
    /* mixed, OR, exclusion */
    "2024年", "15个", "蜱 OR 疫苗", "医院 OR 卫生院 郑州", "医院 -郑州", "托育 -2024",
    "县域医疗卫生次中心", "医疗中心"};
const size_t e2e_nqueries = sizeof e2e_queries / sizeof e2e_queries[0];

void e2e_bin(const t_ctx *t, const char *name, char *out, size_t cap)
{
    snprintf(out, cap, "%s/%s", t->bindir, name);
}

void e2e_corpus(const t_ctx *t, char *out, size_t cap)
{
    snprintf(out, cap, "%s/corpus", t->srcdir);
}

int e2e_corpus_index(const t_ctx *t, char *out, size_t cap)
{
    snprintf(out, cap, "%s/corpus-index", t->tmpdir);
    char manifest[1200];
    snprintf(manifest, sizeof manifest, "%s/MANIFEST", out);
    struct stat st;
    if (stat(manifest, &st) == 0) return 0;
    char zhindex[1024], corpus[1024];
    e2e_bin(t, "zhindex", zhindex, sizeof zhindex);
    e2e_corpus(t, corpus, sizeof corpus);
    char *argv[] = {zhindex, "build", "-q", "-o", out, corpus, NULL};
    u_run r;
    if (u_run_cmd(argv, NULL, 0, &r)) return -1;
    int st2 = r.status;
    if (st2) printf("building the corpus index failed (%d): %s\n", st2, r.err);
    u_run_free(&r);
    return st2;
}

int e2e_search(const t_ctx *t, const char *index, char *const *args, const char *in, u_run *r)
{
    char zhsearch[1024];
    e2e_bin(t, "zhsearch", zhsearch, sizeof zhsearch);
    char *argv[64];
    int n = 0;
    argv[n++] = zhsearch;
    argv[n++] = "-i";
    argv[n++] = (char *)index;
    for (int i = 0; args[i] && n < 63; i++) argv[n++] = args[i];
    argv[n] = NULL;
    return u_run_cmd(argv, in, in ? strlen(in) : 0, r);
}

int e2e_zhindex(const t_ctx *t, char *const *args, u_run *r)
{
    char zhindex[1024];
    e2e_bin(t, "zhindex", zhindex, sizeof zhindex);
    char *argv[64];
    int n = 0;
    argv[n++] = zhindex;
    for (int i = 0; args[i] && n < 63; i++) argv[n++] = args[i];
    argv[n] = NULL;
    return u_run_cmd(argv, NULL, 0, r);
}
