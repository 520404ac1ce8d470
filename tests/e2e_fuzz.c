/* e2e_fuzz.c - the fuzz regression inputs: every input under
 * tests/fuzz/regress/TARGET (an input a fuzzer once crashed on) is replayed
 * through its target by the plain driver $(BUILD)/fuzz/replay_TARGET, built
 * with this build's compiler and sanitizers (docs/FUZZING.md).  One test per
 * target; a target without regression inputs still runs the empty input. */
#include "test.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char target[64]; /* the target of the running test */

static void replay(t_ctx *t)
{
    char bin[1024], dir[1024];
    snprintf(bin, sizeof bin, "%s/fuzz/replay_%s", t->bindir, target);
    snprintf(dir, sizeof dir, "%s/tests/fuzz/regress/%s", t->srcdir, target);
    struct stat st;
    char *argv[] = {bin, dir, NULL};
    if (stat(dir, &st) != 0) argv[1] = NULL; /* no regression inputs yet */
    u_run r;
    if (!T_OK(t, u_run_cmd(argv, NULL, 0, &r) == 0)) return;
    if (!T_INT(t, r.status, 0)) {
        size_t from = r.err_len > 1500 ? r.err_len - 1500 : 0; /* the finding, at the end */
        printf("  %s\n", r.err + from);
    }
    u_run_free(&r);
}

void suite_e2e_fuzz(t_ctx *t)
{
    char dir[1024], name[128];
    snprintf(dir, sizeof dir, "%s/tests/fuzz", t->srcdir);
    char **files;
    size_t n;
    if (u_list_dir(dir, ".c", &files, &n)) {
        printf("FAIL fuzz_regress: cannot list %s\n", dir);
        t->failed++;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(files[i]);
        /* fuzz_TARGET.c */
        if (strncmp(files[i], "fuzz_", 5) != 0 || len >= sizeof target) continue;
        snprintf(target, sizeof target, "%.*s", (int)(len - 7), files[i] + 5);
        snprintf(name, sizeof name, "fuzz_regress_%s", target);
        t_run(t, name, replay);
    }
    u_free_list(files, n);
}
