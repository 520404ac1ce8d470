/* e2e_reliable.c - the findings of the first fuzz and fault campaign
 * (issue 11), each through the programs as a user meets it. */
#include "test.h"
#include "util.h"
#include "util_e2e.h"
#include "utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Run zhindex with args (NULL-terminated, after the program name). */
static int run_zhindex(const t_ctx *t, char *const *args, u_run *r)
{
    char zhindex[1024];
    e2e_bin(t, "zhindex", zhindex, sizeof zhindex);
    char *argv[16];
    size_t n = 0;
    argv[n++] = zhindex;
    for (size_t i = 0; args[i] && n + 1 < sizeof argv / sizeof argv[0]; i++) argv[n++] = args[i];
    argv[n] = NULL;
    return u_run_cmd(argv, NULL, 0, r);
}

/* Build index `name` in the scratch directory from a TSV file `name`.tsv
 * holding `tsv`; the index path goes to ix.  The run is left in *r. */
static int build_tsv(const t_ctx *t, const char *name, const char *tsv, char *ix, size_t cap,
                     u_run *r)
{
    char path[1024], file[256];
    snprintf(file, sizeof file, "%s.tsv", name);
    t_path(path, sizeof path, t->tmpdir, file);
    t_path(ix, cap, t->tmpdir, name);
    if (t_write_file(path, tsv, strlen(tsv))) return -1;
    char *args[] = {"build", "-q", "--format", "tsv", "-o", ix, path, NULL};
    return run_zhindex(t, args, r);
}

/* Finding 2: TSV ids and years are checked, not converted. */
static void tsv_bad_fields(t_ctx *t)
{
    const char *tsv = "1\t北京\t2024\t托育服务很好。\n"
                      "-5\t\t\t负数编号的段落。\n"
                      "18446744073709551616\t\t\t溢出编号的段落。\n"
                      "+7\t\t\t加号编号的段落。\n"
                      "8\t\t-2024\t负数年份的段落。\n"
                      "9\t\t99999\t过大年份的段落。\n"
                      "10\t\tabcd\t字母年份的段落。\n"
                      "11\t\t0\t零年份的段落。\n"
                      "12\t\t\t空年份的段落。\n"
                      "18446744073709551615\t\t2020\t最大编号的段落。\n"
                      "no tabs here\n";
    char ix[1024];
    u_run r;
    T_OK(t, build_tsv(t, "tsvbad", tsv, ix, sizeof ix, &r) == 0);
    T_INT(t, r.status, 1);
    T_OK(t, strstr(r.err, "7 lines skipped") != NULL);
    T_OK(t, strstr(r.err, "line 2: id \"-5\"") != NULL);
    T_OK(t, strstr(r.err, "line 3: id \"18446744073709551616\"") != NULL);
    T_OK(t, strstr(r.err, "line 4: id \"+7\"") != NULL);
    T_OK(t, strstr(r.err, "line 5: year \"-2024\"") != NULL);
    T_OK(t, strstr(r.err, "line 6: year \"99999\"") != NULL);
    T_OK(t, strstr(r.err, "line 7") == NULL); /* only the first few are named */
    u_run_free(&r);
    /* the good lines are there, the bad ones are not */
    char *q[] = {"--format", "json", "段落", NULL};
    T_OK(t, e2e_search(t, ix, q, NULL, &r) == 0);
    T_OK(t, strstr(r.out, "\"id\":18446744073709551615") != NULL ||
                strstr(r.out, "\"id\": 18446744073709551615") != NULL);
    T_OK(t, strstr(r.out, "零年份") != NULL && strstr(r.out, "空年份") != NULL);
    T_OK(t, strstr(r.out, "负数") == NULL && strstr(r.out, "溢出") == NULL);
    T_OK(t, strstr(r.out, "加号") == NULL && strstr(r.out, "字母") == NULL);
    u_run_free(&r);
    char *y[] = {"--count", "year:2020", NULL};
    T_OK(t, e2e_search(t, ix, y, NULL, &r) == 0);
    T_STR(t, r.out, "1\n");
    u_run_free(&r);
    /* a file of good lines exits 0 */
    T_OK(t, build_tsv(t, "tsvgood", "1\t\t\t好的段落。\n", ix, sizeof ix, &r) == 0);
    T_INT(t, r.status, 0);
    u_run_free(&r);
}

/* Finding 3: a file name that is not UTF-8 is escaped in JSON output. */
static void json_raw_name(t_ctx *t)
{
    char dir[1024], path[1024], ix[1024];
    t_path(dir, sizeof dir, t->tmpdir, "rawname");
    T_OK(t, mkdir(dir, 0755) == 0);
    t_path(path, sizeof path, dir, "gbk\xb1\xa8.txt");
    const char *text = "托育服务很好。\n";
    T_OK(t, t_write_file(path, text, strlen(text)) == 0);
    t_path(ix, sizeof ix, t->tmpdir, "rawname_ix");
    char *args[] = {"build", "-q", "-o", ix, dir, NULL};
    u_run r;
    T_OK(t, run_zhindex(t, args, &r) == 0);
    T_INT(t, r.status, 0);
    u_run_free(&r);
    char *q[] = {"--format", "json", "托育", NULL};
    T_OK(t, e2e_search(t, ix, q, NULL, &r) == 0);
    T_OK(t, u8_valid(r.out, r.out_len));
    T_OK(t, strstr(r.out, "gbk\\udcb1\\udca8.txt") != NULL);
    u_json v;
    T_OK(t, u_json_parse(r.out, r.out_len, &v) == 0);
    u_json_free(&v);
    u_run_free(&r);
    /* zhindex passages writes JSON Lines too */
    char *p[] = {"passages", dir, NULL};
    T_OK(t, run_zhindex(t, p, &r) == 0);
    T_OK(t, u8_valid(r.out, r.out_len));
    T_OK(t, strstr(r.out, "\\udcb1\\udca8") != NULL);
    u_run_free(&r);
}

/* Finding 4: facets over no hits (qsort(NULL, 0) aborted under UBSan,
 * which `make asan` runs this test with). */
static void facet_no_hits(t_ctx *t)
{
    char ix[1024];
    u_run r;
    T_OK(t, build_tsv(t, "facetnone", "1\t北京\t2024\t托育服务很好。\n", ix, sizeof ix, &r) == 0);
    u_run_free(&r);
    char *q[] = {"--facet", "city", "--facet", "year", "不存在", NULL};
    T_OK(t, e2e_search(t, ix, q, NULL, &r) == 0);
    T_INT(t, r.status, 1);
    T_OK(t, strstr(r.out, "cities of 0 matching passages") != NULL);
    T_OK(t, strstr(r.out, "years of 0 matching passages") != NULL);
    u_run_free(&r);
    char *j[] = {"--format", "json", "--facet", "city", "\"服务 不存在\"", NULL};
    T_OK(t, e2e_search(t, ix, j, NULL, &r) == 0);
    T_INT(t, r.status, 1);
    u_run_free(&r);
}

/* Finding 5: check verifies the MANIFEST's body CRC (the footer is
 * u32 npages, u32 tail_crc, u32 body_crc, "ZEND"). */
static void check_manifest_crc(t_ctx *t)
{
    char ix[1024], man[1100];
    u_run r;
    T_OK(t, build_tsv(t, "mancrc", "1\t北京\t2024\t托育服务很好。\n", ix, sizeof ix, &r) == 0);
    u_run_free(&r);
    char *args[] = {"check", ix, NULL};
    T_OK(t, run_zhindex(t, args, &r) == 0);
    T_INT(t, r.status, 0);
    u_run_free(&r);
    snprintf(man, sizeof man, "%s/MANIFEST", ix);
    size_t len;
    char *m = t_read_file(man, &len);
    T_OK(t, m && len > 16 && memcmp(m + len - 4, "ZEND", 4) == 0);
    if (!m || len <= 16) {
        free(m);
        return;
    }
    m[len - 8] ^= 0x01;
    T_OK(t, t_write_file(man, m, len) == 0);
    free(m);
    T_OK(t, run_zhindex(t, args, &r) == 0);
    T_INT(t, r.status, 1);
    T_OK(t, strstr(r.out, "MANIFEST") != NULL);
    u_run_free(&r);
}

/* Number of lines of `s` that contain `what`. */
static int count_lines_with(const char *s, const char *what)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, what)); p += strlen(what)) n++;
    return n;
}

/* Finding 8: every entry reported as skipped is counted, and makes the
 * exit status 1: a loop of links, a dangling link, a missing input. */
static void skipped_counts(t_ctx *t)
{
    char dir[1024], path[1100], link[1100], ix[1024], missing[1100];
    t_path(dir, sizeof dir, t->tmpdir, "skips");
    T_OK(t, mkdir(dir, 0755) == 0);
    snprintf(path, sizeof path, "%s/good.txt", dir);
    T_OK(t, t_write_file(path, "托育服务很好。\n", strlen("托育服务很好。\n")) == 0);
    snprintf(link, sizeof link, "%s/loop.txt", dir);
    T_OK(t, symlink("loop.txt", link) == 0);
    snprintf(link, sizeof link, "%s/dangling.txt", dir);
    T_OK(t, symlink("nowhere.txt", link) == 0);
    snprintf(missing, sizeof missing, "%s/not-there", t->tmpdir);
    t_path(ix, sizeof ix, t->tmpdir, "skips_ix");
    char *args[] = {"build", "-q", "-o", ix, dir, missing, NULL};
    u_run r;
    T_OK(t, run_zhindex(t, args, &r) == 0);
    T_INT(t, r.status, 1);
    T_INT(t, count_lines_with(r.err, "zhindex: skipped"), 3);
    T_OK(t, strstr(r.err, "1 files indexed, 3 skipped") != NULL);
    u_run_free(&r);
    /* zhindex passages counts the same way */
    char *p[] = {"passages", dir, NULL};
    T_OK(t, run_zhindex(t, p, &r) == 0);
    T_INT(t, r.status, 1);
    u_run_free(&r);
}

/* Finding 9: a NUL in a query is an error at its column; in a document
 * it is white space, never part of a word or of the stored text. */
static void nul_bytes(t_ctx *t)
{
    char dir[1024], path[1100], ix[1024];
    t_path(dir, sizeof dir, t->tmpdir, "nul");
    T_OK(t, mkdir(dir, 0755) == 0);
    snprintf(path, sizeof path, "%s/a.txt", dir);
    static const char doc[] = "托育\0服务很好。\n第二段\0\0有abc\0def。\n";
    T_OK(t, t_write_file(path, doc, sizeof doc - 1) == 0);
    t_path(ix, sizeof ix, t->tmpdir, "nul_ix");
    char *args[] = {"build", "-q", "-o", ix, dir, NULL};
    u_run r;
    T_OK(t, run_zhindex(t, args, &r) == 0);
    T_INT(t, r.status, 0);
    u_run_free(&r);
    static const char q[] = "托育\0服务\n";
    char zhsearch[1024];
    e2e_bin(t, "zhsearch", zhsearch, sizeof zhsearch);
    char *argv[] = {zhsearch, "-i", ix, "--count", "-", NULL};
    T_OK(t, u_run_cmd(argv, q, sizeof q - 1, &r) == 0);
    T_INT(t, r.status, 2);
    T_OK(t, strstr(r.err, "column 3") != NULL && strstr(r.err, "NUL") != NULL);
    u_run_free(&r);
    /* the document's NULs separate words and are not stored */
    char *p[] = {"passages", dir, NULL};
    T_OK(t, run_zhindex(t, p, &r) == 0);
    T_OK(t, strstr(r.out, "\\u0000") == NULL);
    T_OK(t, memchr(r.out, 0, r.out_len) == NULL);
    u_run_free(&r);
    char *w[] = {"--count", "abc", NULL};
    T_OK(t, e2e_search(t, ix, w, NULL, &r) == 0);
    T_STR(t, r.out, "1\n");
    u_run_free(&r);
    char *s2[] = {"--count", "托育 服务", NULL};
    T_OK(t, e2e_search(t, ix, s2, NULL, &r) == 0);
    T_STR(t, r.out, "1\n");
    u_run_free(&r);
}

/* Finding 6, and the fault suite it belongs to: bytes of a segment's body
 * changed behind recomputed checksums reach the parsers; check and search
 * then end with a finding or an answer, never a crash, and check never
 * runs out of memory on a count the bytes cannot hold. */
static void damaged_behind_crc(t_ctx *t)
{
    char ix[1024], seg[1100];
    u_run r;
    const char *tsv = "1\t北京\t2024\t托育服务很好，托育机构增加到300个。\n"
                      "2\t郑州\t2023\t托育服务托育服务托育服务。\n"
                      "3\t\t\t城市发展报告。\n";
    T_OK(t, build_tsv(t, "damaged", tsv, ix, sizeof ix, &r) == 0);
    u_run_free(&r);
    char **names;
    size_t nn;
    if (!T_OK(t, u_list_dir(ix, ".zhs", &names, &nn) == 0 && nn == 1)) return;
    snprintf(seg, sizeof seg, "%s/%s", ix, names[0]);
    u_free_list(names, nn);
    size_t len;
    uint8_t *orig = (uint8_t *)t_read_file(seg, &len);
    if (!T_OK(t, orig && u_reseal(orig, len) == 0)) {
        free(orig);
        return;
    }
    uint64_t body = 0;
    for (int i = 7; i >= 0; i--) body = body << 8 | orig[16 + i];
    uint8_t *f = malloc(len);
    uint64_t seed = 2026;
    int crashes = 0, nomem = 0, findings = 0, crc_caught = 0;
    char *check[] = {"check", ix, NULL};
    char *q1[] = {"托育", NULL}, *q2[] = {"\"托育服务\"", NULL};
    for (int rep = 0; rep < 60 && f; rep++) {
        memcpy(f, orig, len);
        for (int k = 0; k < 1 + rep % 3; k++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            f[64 + (seed >> 33) % body] ^= (uint8_t)(1 + (seed >> 20) % 255);
        }
        u_reseal(f, len);
        if (t_write_file(seg, f, len)) break;
        if (run_zhindex(t, check, &r) == 0) {
            crashes += r.status >= 128;
            nomem += strstr(r.err, "memory") != NULL;
            findings += r.status == 1;
            crc_caught += strstr(r.out, "checksum") != NULL;
            u_run_free(&r);
        }
        for (int qi = 0; qi < 2; qi++)
            if (e2e_search(t, ix, qi ? q2 : q1, NULL, &r) == 0) {
                crashes += r.status >= 128;
                u_run_free(&r);
            }
    }
    T_INT(t, crashes, 0);
    T_INT(t, nomem, 0);
    T_OK(t, findings > 0);
    T_INT(t, crc_caught, 0); /* the damage reached the parsers, not only the CRCs */
    free(f);
    free(orig);
}

void suite_e2e_reliable(t_ctx *t)
{
    t_run(t, "reliable_damaged_behind_crc", damaged_behind_crc);
    t_run(t, "reliable_nul_bytes", nul_bytes);
    t_run(t, "reliable_skipped_counts", skipped_counts);
    t_run(t, "reliable_check_manifest_crc", check_manifest_crc);
    t_run(t, "reliable_facet_no_hits", facet_no_hits);
    t_run(t, "reliable_json_raw_name", json_raw_name);
    t_run(t, "reliable_tsv_bad_fields", tsv_bad_fields);
}
