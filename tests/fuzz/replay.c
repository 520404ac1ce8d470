/*
 * replay.c - a plain driver for the fuzz targets, without libFuzzer: feeds
 * the empty input, then every file named on the command line (every
 * regular file inside a directory, in name order) to LLVMFuzzerTestOneInput.
 * make test links it with each target and replays tests/fuzz/regress/TARGET
 * (docs/FUZZING.md).  Each input is named on stderr before it runs, so a
 * finding (an abort, as under libFuzzer) names its input; otherwise the
 * exit status is 0, or 2 when an input could not be read.
 *
 *   replay_TARGET [FILE | DIR]...
 */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Feed one file; 0, or -1 when it cannot be read. */
static int feed(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    size_t cap = 4096, n = 0;
    uint8_t *data = malloc(cap);
    size_t k;
    while (data && (k = fread(data + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            uint8_t *bigger = realloc(data, cap * 2);
            if (!bigger) {
                free(data);
                data = NULL;
                break;
            }
            data = bigger;
            cap *= 2;
        }
    }
    int bad = !data || ferror(f);
    fclose(f);
    if (bad) {
        fprintf(stderr, "%s: cannot read\n", path);
        free(data);
        return -1;
    }
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, n);
    /* a copy of exactly n bytes, so that ASan sees reads past the input */
    uint8_t *exact = malloc(n ? n : 1);
    if (exact) memcpy(exact, data, n);
    free(data);
    if (!exact) return -1;
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Feed every regular file of `dir` in name order; the number of failures. */
static int feed_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        perror(dir);
        return 1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int bad = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **v = realloc(names, cap * sizeof *v);
            if (!v) {
                bad = 1;
                break;
            }
            names = v;
        }
        if (!(names[n] = strdup(e->d_name))) {
            bad = 1;
            break;
        }
        n++;
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(dir) + strlen(names[i]) + 2;
        char *path = malloc(len);
        struct stat st;
        if (!path) {
            bad++;
        } else {
            snprintf(path, len, "%s/%s", dir, names[i]);
            if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) bad += feed(path) != 0;
        }
        free(path);
        free(names[i]);
    }
    free(names);
    return bad;
}

int main(int argc, char **argv)
{
    int bad = 0;
    LLVMFuzzerTestOneInput((const uint8_t *)"", 0);
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            bad++;
        } else if (S_ISDIR(st.st_mode)) {
            bad += feed_dir(argv[i]);
        } else {
            bad += feed(argv[i]) != 0;
        }
    }
    return bad ? 2 : 0;
}
