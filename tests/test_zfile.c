/* test_zfile.c - the container: round trip of sections, lazy page checks,
 * and a clear error for every kind of damage (flipped bytes anywhere,
 * truncation, wrong version or kind). */
#include "test.h"
#include "zfile.h"

#include <stdlib.h>

#define KIND 0x54534554u /* "TEST" */

static int write_sample(const char *path, size_t big)
{
    zf_writer *w;
    if (zf_create(&w, path, KIND, 7, 42, NULL)) return -1;
    zf_section_begin(w, 1);
    zf_write(w, "hello", 5);
    zf_section_end(w);
    zf_section_begin(w, 2);
    for (size_t i = 0; i < big; i++) {
        uint8_t c = (uint8_t)(i * 131 + 7);
        zf_write(w, &c, 1);
    }
    zf_section_end(w);
    zf_section_begin(w, 3);
    zf_section_end(w); /* empty section */
    return zf_finish(w, NULL);
}

static void test_roundtrip(t_ctx *t)
{
    char path[512];
    t_path(path, sizeof path, t->tmpdir, "zf_rt");
    size_t big = 3 * 65536 + 1234;
    T_INT(t, write_sample(path, big), 0);
    zf_reader *r;
    zs_diag d;
    T_INT(t, zf_open(&r, path, KIND, 7, &d), 0);
    if (!r) return;
    T_INT(t, zf_nsections(r), 3);
    T_INT(t, zf_id(r), 42);
    zf_slice s;
    T_INT(t, zf_section_checked(r, 1, &s, &d), 0);
    T_INT(t, s.len, 5);
    T_OK(t, memcmp(s.p, "hello", 5) == 0);
    T_INT(t, zf_section(r, 2, &s), 0);
    T_INT(t, s.off % 8, 0);
    T_INT(t, s.len, big);
    int same = 1;
    for (size_t i = 0; i < big; i++)
        if (s.p[i] != (uint8_t)(i * 131 + 7)) same = 0;
    T_OK(t, same);
    T_INT(t, zf_section(r, 3, &s), 0);
    T_INT(t, s.len, 0);
    T_INT(t, zf_section(r, 9, &s), ZS_ENOTFOUND);
    T_INT(t, zf_verify_all(r, &d), 0);
    T_INT(t, zf_need(r, 0, (uint64_t)1 << 40, &d), ZS_ECORRUPT);
    zf_close(r);
    /* wrong version and wrong kind */
    T_INT(t, zf_open(&r, path, KIND, 8, &d), ZS_EVERSION);
    T_INT(t, zf_open(&r, path, KIND + 1, 7, &d), ZS_ECORRUPT);
    T_INT(t, zf_open(&r, "/nonexistent/zf", KIND, 7, &d), ZS_ENOTFOUND);
}

/* Flip one byte at `at`; open and read everything; the error must be
 * ECORRUPT (or EVERSION when the version field itself was hit). */
static int damaged_result(const char *path, const char *src, size_t len, size_t at)
{
    char *copy = malloc(len);
    memcpy(copy, src, len);
    copy[at] ^= 0x5A;
    t_write_file(path, copy, len);
    free(copy);
    zf_reader *r;
    zs_diag d;
    int rc = zf_open(&r, path, KIND, 7, &d);
    if (rc) return rc;
    rc = zf_verify_all(r, &d);
    zf_close(r);
    return rc;
}

static void test_damage(t_ctx *t)
{
    char path[512], bad[512];
    t_path(path, sizeof path, t->tmpdir, "zf_dmg");
    t_path(bad, sizeof bad, t->tmpdir, "zf_dmg_bad");
    T_INT(t, write_sample(path, 70000), 0);
    size_t len;
    char *src = t_read_file(path, &len);
    if (!T_OK(t, src != NULL)) return;
    int undetected = 0;
    for (size_t at = 0; at < len; at += (at < 128 || at > len - 600) ? 1 : 997) {
        int rc = damaged_result(bad, src, len, at);
        if (rc != ZS_ECORRUPT && rc != ZS_EVERSION) undetected++;
    }
    T_INT(t, undetected, 0);
    /* lazy check: damage in page 1 is found only when page 1 is needed */
    char *copy = malloc(len);
    memcpy(copy, src, len);
    copy[64 + 65536 + 100] ^= 1;
    t_write_file(bad, copy, len);
    zf_reader *r;
    zs_diag d;
    T_INT(t, zf_open(&r, bad, KIND, 7, &d), 0);
    if (r) {
        T_INT(t, zf_need(r, 0, 100, &d), 0);
        T_INT(t, zf_need(r, 65536 + 50, 10, &d), ZS_ECORRUPT);
        T_OK(t, strstr(d.msg, "index corrupt: ") && strstr(d.msg, "page 1"));
        zf_close(r);
    }
    /* every truncation is refused at open */
    int opened = 0;
    for (size_t cut = 0; cut < len; cut += 4093) {
        t_write_file(bad, src, cut);
        if (zf_open(&r, bad, KIND, 7, &d) != ZS_ECORRUPT) opened++;
    }
    T_INT(t, opened, 0);
    free(copy);
    free(src);
}

void suite_zfile(t_ctx *t)
{
    t_run(t, "zfile_roundtrip", test_roundtrip);
    t_run(t, "zfile_damage", test_damage);
}
