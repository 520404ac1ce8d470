/*
 * textkind_measure.c - print the PDF evidence (norm_measure) and the
 * decision (norm_decide) of each file named on the command line, one line
 * each: path cjk lines doubled broken blank_runs mode.  Built and run over
 * the seeds and the shared corpora by tools/textkind.py; not part of the
 * product.
 */
#include "err.h"
#include "normalize.h"

#include <stdio.h>
#include <stdlib.h>

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    while (b) {
        n += fread(b + n, 1, cap - n, f);
        if (n < cap) break;
        char *q = realloc(b, cap * 2);
        if (!q) {
            free(b);
            b = NULL;
            break;
        }
        b = q;
        cap *= 2;
    }
    fclose(f);
    *len = n;
    return b;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        size_t len;
        char *t = slurp(argv[i], &len);
        if (!t) {
            fprintf(stderr, "textkind_measure: cannot read %s\n", argv[i]);
            return 2;
        }
        norm_evidence ev;
        int rc = norm_measure(t, len, &ev);
        free(t);
        if (rc) {
            fprintf(stderr, "textkind_measure: %s: %s\n", argv[i], zs_strerror(rc));
            return 2;
        }
        printf("%s %zu %zu %zu %zu %zu %s\n", argv[i], ev.cjk, ev.lines, ev.doubled, ev.broken,
               ev.blank_runs, norm_decide(&ev) == NORM_PDF ? "pdf" : "clean");
    }
    return 0;
}
