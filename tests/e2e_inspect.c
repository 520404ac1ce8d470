/* e2e_inspect.c - zhindex stats and check as a library (inspect.h): error
 * codes and findings, with the exit status left to main; and the count of
 * dropped error returns (tools/unchecked.py) held at zero. */
#include "test.h"
#include "util.h"
#include "util_e2e.h"

#include "err.h"
#include "inspect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Run fn on the index into a scratch file; its text in *text (malloc'ed). */
static int run_check(const t_ctx *t, const char *dir, uint64_t *problems, zs_diag *d, char **text)
{
    char path[1024];
    t_path(path, sizeof path, t->tmpdir, "inspect_out");
    FILE *f = fopen(path, "w");
    if (!f) return -100;
    int rc = ins_check(dir, f, problems, d);
    fclose(f);
    size_t len;
    *text = t_read_file(path, &len);
    return rc;
}

static void codes(t_ctx *t)
{
    char index[1024], missing[1024], bad[1024];
    if (!T_INT(t, e2e_corpus_index(t, index, sizeof index), 0)) return;
    zs_diag d;
    zs_diag_clear(&d);
    uint64_t problems = 99;
    char *text = NULL;
    /* a whole index: ZS_OK, no problems, the summary line */
    T_INT(t, run_check(t, index, &problems, &d, &text), ZS_OK);
    T_INT(t, problems, 0);
    T_OK(t, text && strstr(text, ": ok ("));
    free(text);
    /* no index: an error code with its message, nothing printed */
    t_path(missing, sizeof missing, t->tmpdir, "inspect_none");
    T_INT(t, run_check(t, missing, &problems, &d, &text), ZS_ENOTFOUND);
    T_OK(t, strstr(d.msg, "no index here") != NULL);
    T_STR(t, text ? text : "", "");
    free(text);
    T_INT(t, ins_stats(missing, stdout, &d), ZS_ENOTFOUND);
    /* damage: ZS_OK (the check ran), one problem, printed with the file */
    t_path(bad, sizeof bad, t->tmpdir, "inspect_bad");
    if (!T_INT(t, u_copy_dir(index, bad), 0)) return;
    char seg[1200];
    snprintf(seg, sizeof seg, "%s/seg-000001.zhs", bad);
    size_t len;
    char *f = t_read_file(seg, &len);
    if (!T_OK(t, f && len > 200)) {
        free(f);
        return;
    }
    f[100] ^= 0x40; /* a byte of the body: a page checksum */
    T_INT(t, t_write_file(seg, f, len), 0);
    free(f);
    T_INT(t, run_check(t, bad, &problems, &d, &text), ZS_OK);
    T_INT(t, problems, 1);
    T_OK(t, text && strstr(text, "index corrupt: ") && strstr(text, "seg-000001.zhs"));
    free(text);
    /* the command maps them: 0, 1, 2 */
    u_run r;
    char *ok[] = {"check", index, NULL}, *dmg[] = {"check", bad, NULL};
    char *none[] = {"check", missing, NULL};
    if (T_INT(t, e2e_zhindex(t, ok, &r), 0)) T_INT(t, r.status, 0), u_run_free(&r);
    if (T_INT(t, e2e_zhindex(t, dmg, &r), 0)) T_INT(t, r.status, 1), u_run_free(&r);
    if (T_INT(t, e2e_zhindex(t, none, &r), 0)) {
        T_INT(t, r.status, 2);
        T_OK(t, strstr(r.err, "no index here") != NULL);
        u_run_free(&r);
    }
}

/* tools/unchecked.py finds no dropped error return (skipped without
 * python3). */
static void no_dropped_errors(t_ctx *t)
{
    char tool[1024];
    snprintf(tool, sizeof tool, "%s/tools/unchecked.py", t->srcdir);
    if (access("/usr/bin/python3", X_OK) != 0) {
        printf("  skipped: no /usr/bin/python3\n");
        return;
    }
    char *argv[] = {"/usr/bin/python3", tool, "-v", NULL};
    u_run r;
    if (!T_INT(t, u_run_cmd(argv, NULL, 0, &r), 0)) return;
    if (!T_INT(t, r.status, 0)) printf("%s%s", r.out, r.err);
    const char *total = strstr(r.out, "\ntotal");
    if (T_OK(t, total != NULL)) printf("  %s", total + 1);
    u_run_free(&r);
}

void suite_e2e_inspect(t_ctx *t)
{
    t_run(t, "inspect_codes", codes);
    t_run(t, "inspect_no_dropped_errors", no_dropped_errors);
}
