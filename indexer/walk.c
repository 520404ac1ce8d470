/* walk.c - collecting input files (see walk.h). */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define WALK_PATH_MAX 4096

static int push_to(char ***paths, size_t *n, size_t *cap, const char *p)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        char **v = realloc(*paths, c * sizeof *v);
        if (!v) return ZS_ENOMEM;
        *paths = v;
        *cap = c;
    }
    (*paths)[*n] = strdup(p);
    if (!(*paths)[*n]) return ZS_ENOMEM;
    (*n)++;
    return ZS_OK;
}

static int push(walk_list *l, const char *p)
{
    return push_to(&l->paths, &l->n, &l->cap, p);
}

static int is_sidecar(const char *name)
{
    size_t n = strlen(name), k = strlen(WALK_SIDECAR);
    return n > k && !strcmp(name + n - k, WALK_SIDECAR);
}

static int walk_dir(walk_list *out, const char *dir, const char *glob, walk_warn_fn warn, void *ctx,
                    int depth)
{
    DIR *d = opendir(dir);
    if (!d) {
        if (errno == ENOMEM) return ZS_ENOMEM;
        warn(ctx, dir, strerror(errno));
        return ZS_OK;
    }
    int rc = ZS_OK;
    struct dirent *e;
    while (!rc && (e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char path[WALK_PATH_MAX];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= sizeof path) {
            warn(ctx, e->d_name, "path too long");
            continue;
        }
        struct stat st;
        if (lstat(path, &st) != 0) {
            if (errno == ENOMEM)
                rc = ZS_ENOMEM;
            else
                warn(ctx, path, strerror(errno));
            continue;
        }
        if (S_ISLNK(st.st_mode) && stat(path, &st) != 0) {
            /* a dangling link, or a loop of links (ELOOP) */
            warn(ctx, path, errno == ENOENT ? "broken symbolic link" : strerror(errno));
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            struct stat lst;
            if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) continue; /* no cycles */
            if (depth < 64) rc = walk_dir(out, path, glob, warn, ctx, depth + 1);
        } else if (S_ISREG(st.st_mode) && fnmatch(glob, e->d_name, 0) == 0) {
            rc = push(out, path);
        } else if (S_ISREG(st.st_mode) && is_sidecar(e->d_name)) {
            rc = push_to(&out->sidecars, &out->nside, &out->side_cap, path);
        }
    }
    closedir(d);
    return rc;
}

int walk_add(walk_list *out, const char *path, const char *glob, walk_warn_fn warn, void *ctx)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        int e = errno;
        if (e == ENOMEM) return ZS_ENOMEM;
        warn(ctx, path, strerror(e));
        return e == ENOENT ? ZS_ENOTFOUND : ZS_OK;
    }
    if (S_ISDIR(st.st_mode)) {
        /* drop trailing slashes so the paths read "dir/file" */
        char dir[WALK_PATH_MAX];
        snprintf(dir, sizeof dir, "%s", path);
        size_t n = strlen(dir);
        while (n > 1 && dir[n - 1] == '/') dir[--n] = '\0';
        return walk_dir(out, dir, glob, warn, ctx, 0);
    }
    return push(out, path);
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_unique(char **v, size_t *n)
{
    if (*n < 2) return;
    qsort(v, *n, sizeof *v, cmp);
    size_t o = 0;
    for (size_t i = 0; i < *n; i++) {
        if (o && strcmp(v[o - 1], v[i]) == 0) {
            free(v[i]);
            continue;
        }
        v[o++] = v[i];
    }
    *n = o;
}

void walk_finish(walk_list *l)
{
    sort_unique(l->paths, &l->n);
    sort_unique(l->sidecars, &l->nside);
}

int walk_orphan(const walk_list *l, const char *side, const char **likely)
{
    *likely = NULL;
    size_t n = strlen(side) - strlen(WALK_SIDECAR);
    char file[WALK_PATH_MAX];
    if (n + 1 >= sizeof file) return 1;
    memcpy(file, side, n);
    file[n] = '.';
    file[n + 1] = '\0';
    /* the first path >= "FILE." (a lower bound in the sorted paths): the
     * file that starts with "FILE.", if any, is there */
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(l->paths[mid], file) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < l->n && !strncmp(l->paths[lo], file, n + 1)) *likely = l->paths[lo];
    file[n] = '\0';
    const char *key = file;
    return l->n == 0 || !bsearch(&key, l->paths, l->n, sizeof *l->paths, cmp);
}

void walk_free(walk_list *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->paths[i]);
    for (size_t i = 0; i < l->nside; i++) free(l->sidecars[i]);
    free(l->paths);
    free(l->sidecars);
    memset(l, 0, sizeof *l);
}
