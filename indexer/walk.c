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

static int push(walk_list *l, const char *p)
{
    if (l->n == l->cap) {
        size_t c = l->cap ? l->cap * 2 : 64;
        char **v = realloc(l->paths, c * sizeof *v);
        if (!v) return ZS_ENOMEM;
        l->paths = v;
        l->cap = c;
    }
    l->paths[l->n] = strdup(p);
    if (!l->paths[l->n]) return ZS_ENOMEM;
    l->n++;
    return ZS_OK;
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

void walk_finish(walk_list *l)
{
    if (l->n < 2) return;
    qsort(l->paths, l->n, sizeof *l->paths, cmp);
    size_t o = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (o && strcmp(l->paths[o - 1], l->paths[i]) == 0) {
            free(l->paths[i]);
            continue;
        }
        l->paths[o++] = l->paths[i];
    }
    l->n = o;
}

void walk_free(walk_list *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->paths[i]);
    free(l->paths);
    memset(l, 0, sizeof *l);
}
