/*
 * fctspeed.c - the speed of fact extraction alone (issue 10: >= 40 MB/s on
 * the real text), the number `make bench-facts` prints.
 *
 * Usage: fctspeed FILE [RUNS]
 *
 * FILE holds one paragraph a line (bench/facts.sh cuts the text column of
 * the real100 TSV, the CCTV stories and laws of ../shared/corpora).  The file is read into
 * memory first; then every line is given to fct_extract_gaz with the
 * built-in gazetteer, RUNS times (default 3), and the best run's CPU time
 * is reported: bytes, facts, seconds, MB/s (MB = 10^6 bytes).  Only the
 * extractor is timed, not reading.  Exit 0, or 1 with a message on
 * stderr when the file cannot be read or an extraction fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "err.h"
#include "fct.h"
#include "gazetteer.h"

#define RUNS_DEFAULT 3
#define RUNS_MAX     100

/* Read all of `path` into a fresh buffer (*out, caller frees), *len its size. */
static int slurp(const char *path, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return ZS_EIO;
    size_t cap = 1 << 20, n = 0;
    char *text = malloc(cap);
    int rc = text ? ZS_OK : ZS_ENOMEM;
    while (rc == ZS_OK) {
        if (n == cap) {
            char *nb = realloc(text, cap * 2);
            if (!nb) {
                rc = ZS_ENOMEM;
                break;
            }
            text = nb;
            cap *= 2;
        }
        size_t got = fread(text + n, 1, cap - n, f);
        n += got;
        if (got == 0) rc = ferror(f) ? ZS_EIO : 1;
    }
    fclose(f);
    if (rc != 1) {
        free(text);
        return rc;
    }
    *out = text;
    *len = n;
    return ZS_OK;
}

static double cpu_seconds(void)
{
    return (double)clock() / CLOCKS_PER_SEC;
}

/* One pass over every line of text[0, len): facts counted into *nfacts. */
static int one_run(const char *text, size_t len, const gaz *g, fct_list *facts, size_t *nfacts)
{
    *nfacts = 0;
    for (size_t at = 0; at < len;) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - text) : len;
        fct_list_clear(facts);
        int rc = fct_extract_gaz(text + at, end - at, g, facts, NULL);
        if (rc != ZS_OK) return rc;
        *nfacts += facts->n;
        at = end + 1;
    }
    return ZS_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: fctspeed FILE [RUNS]\n");
        return 1;
    }
    int runs = argc == 3 ? atoi(argv[2]) : RUNS_DEFAULT;
    if (runs < 1 || runs > RUNS_MAX) {
        fprintf(stderr, "fctspeed: RUNS must be 1..%d\n", RUNS_MAX);
        return 1;
    }
    char *text = NULL;
    size_t len = 0;
    if (slurp(argv[1], &text, &len) != ZS_OK) {
        fprintf(stderr, "fctspeed: %s: cannot read\n", argv[1]);
        return 1;
    }
    gaz *g = NULL;
    if (gaz_open(&g) != ZS_OK) {
        fprintf(stderr, "fctspeed: out of memory opening the gazetteer\n");
        free(text);
        return 1;
    }
    fct_list facts;
    fct_list_init(&facts);
    double best = -1;
    size_t nfacts = 0;
    int rc = ZS_OK;
    for (int r = 0; r < runs && rc == ZS_OK; r++) {
        double t0 = cpu_seconds();
        rc = one_run(text, len, g, &facts, &nfacts);
        double t = cpu_seconds() - t0;
        if (best < 0 || t < best) best = t;
    }
    fct_list_free(&facts);
    gaz_free(g);
    free(text);
    if (rc != ZS_OK) {
        fprintf(stderr, "fctspeed: extraction failed (%s)\n", zs_strerror(rc));
        return 1;
    }
    printf("fctspeed: %zu bytes, %zu facts, best of %d runs %.3f s CPU, %.1f MB/s\n", len, nfacts,
           runs, best, best > 0 ? (double)len / 1e6 / best : 0.0);
    return 0;
}
