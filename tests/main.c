/* main.c - the test runner: runs every registered suite (unit and end-to-end)
 * and ends with the line "N passed, N failed"; exit status 1 on any failure.
 *
 *   zhtest [--bindir DIR] [--srcdir DIR] [--filter SUBSTRING]
 */
#define _XOPEN_SOURCE 700
#include "test.h"

#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void t_all_suites(t_ctx *t); /* generated: build/.../tests/suites.c */

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

int main(int argc, char **argv)
{
    t_ctx t;
    memset(&t, 0, sizeof t);
    t.bindir = "build/release";
    t.srcdir = ".";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--bindir") && i + 1 < argc)
            t.bindir = argv[++i];
        else if (!strcmp(argv[i], "--srcdir") && i + 1 < argc)
            t.srcdir = argv[++i];
        else if (!strcmp(argv[i], "--filter") && i + 1 < argc)
            t.filter = argv[++i];
        else {
            fprintf(stderr, "usage: zhtest [--bindir DIR] [--srcdir DIR] [--filter S]\n");
            return 2;
        }
    }
    char tmpl[] = "/tmp/zhtest.XXXXXX";
    char *tmp = mkdtemp(tmpl);
    if (!tmp) {
        perror("mkdtemp");
        return 2;
    }
    t.tmpdir = tmp;
    t_all_suites(&t);
    if (t.failed == 0)
        nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    else
        printf("(scratch files kept in %s)\n", tmp);
    printf("%d passed, %d failed\n", t.passed, t.failed);
    return t.failed ? 1 : 0;
}
