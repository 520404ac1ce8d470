/* commit.c - index directory, lock, commit and garbage (see commit.h). */
#include "commit.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define CMT_PATH_MAX 4096

/* Names an index directory may hold: ours, and nothing else. */
static int is_index_name(const char *n)
{
    if (!strcmp(n, MAN_FILE) || !strcmp(n, CMT_LOCK_FILE) || !strcmp(n, MAN_FILE ".tmp")) return 1;
    return !strncmp(n, "seg-", 4) || !strncmp(n, "tmp-", 4) || !strncmp(n, "del-", 4);
}

int cmt_prepare_dir(const char *dir, zs_diag *d)
{
    if (mkdir(dir, 0755) == 0) return ZS_OK;
    if (errno != EEXIST)
        return zs_fail(d, zs_from_errno(errno), "%s: cannot create: %s", dir, strerror(errno));
    DIR *dp = opendir(dir);
    if (!dp) return zs_fail(d, zs_from_errno(errno), "%s: %s", dir, strerror(errno));
    int rc = ZS_OK;
    struct dirent *e;
    while ((e = readdir(dp))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (!is_index_name(e->d_name)) {
            rc = zs_fail(d, ZS_EINVAL,
                         "%s: exists and is not a zhsearch index (it holds '%s'); refusing to "
                         "write into it",
                         dir, e->d_name);
            break;
        }
    }
    closedir(dp);
    return rc;
}

int cmt_lock(const char *dir, int *fd_out, zs_diag *d)
{
    char path[CMT_PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, CMT_LOCK_FILE);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return zs_fail(d, ZS_EIO, "%s: %s", path, strerror(errno));
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        close(fd);
        return zs_fail(d, ZS_EBUSY, "%s: another zhindex is writing this index", dir);
    }
    *fd_out = fd;
    return ZS_OK;
}

static void remove_tree(const char *path)
{
    DIR *dp = opendir(path);
    if (dp) {
        struct dirent *e;
        while ((e = readdir(dp))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            char p[CMT_PATH_MAX];
            snprintf(p, sizeof p, "%s/%s", path, e->d_name);
            unlink(p);
        }
        closedir(dp);
    }
    rmdir(path);
}

unsigned cmt_sweep(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp) return 0;
    unsigned n = 0;
    struct dirent *e;
    while ((e = readdir(dp))) {
        if (!man_is_leftover(e->d_name)) continue;
        char p[CMT_PATH_MAX];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (!strncmp(e->d_name, "tmp-", 4))
            remove_tree(p);
        else
            unlink(p);
        n++;
    }
    closedir(dp);
    return n;
}

/* Does the manifest name this segment or tombstone file? */
static int is_named(const manifest *m, const char *fname)
{
    for (size_t i = 0; i < m->nsegs; i++) {
        char name[64];
        man_segment_name(m->segs[i].id, name, sizeof name);
        if (!strcmp(name, fname)) return 1;
        if (!m->segs[i].del_id) continue;
        man_tomb_name(m->segs[i].id, m->segs[i].del_id, name, sizeof name);
        if (!strcmp(name, fname)) return 1;
    }
    return 0;
}

int cmt_commit(const char *dir, const manifest *m, zs_diag *d)
{
    int rc = man_write(dir, m, d);
    if (rc) return rc;
    DIR *dp = opendir(dir);
    if (!dp) return ZS_OK; /* committed; garbage is removed next time */
    struct dirent *e;
    while ((e = readdir(dp))) {
        char p[CMT_PATH_MAX];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (!strncmp(e->d_name, "tmp-", 4)) {
            remove_tree(p);
            continue;
        }
        if (man_is_leftover(e->d_name)) continue;
        if (strncmp(e->d_name, "seg-", 4) != 0 && strncmp(e->d_name, "del-", 4) != 0) continue;
        if (!is_named(m, e->d_name)) unlink(p);
    }
    closedir(dp);
    return ZS_OK;
}
