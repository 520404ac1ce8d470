/* manifest.c - reading and atomically replacing MANIFEST (see manifest.h). */
#include "manifest.h"

#include "buf.h"
#include "bytes.h"
#include "format.h"
#include "zfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAN_PATH_MAX 4096
#define MAN_ENTRY    32

void man_segment_name(uint64_t id, char *out, size_t cap)
{
    snprintf(out, cap, "seg-%06llu.zhs", (unsigned long long)id);
}

void man_free(manifest *m)
{
    free(m->segs);
    memset(m, 0, sizeof *m);
}

int man_read(const char *dir, manifest *m, zs_diag *d)
{
    memset(m, 0, sizeof *m);
    char path[MAN_PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, MAN_FILE);
    zf_reader *r;
    int rc = zf_open(&r, path, FMT_KIND_MANIFEST, FMT_VERSION, d);
    if (rc) return rc;
    zf_slice s;
    rc = zf_section_checked(r, MAN_SECTION, &s, d);
    if (rc == ZS_ENOTFOUND || (!rc && s.len < 20))
        rc = zs_fail(d, ZS_ECORRUPT, "index corrupt: %s: no segment list", path);
    if (!rc) {
        m->generation = le_get64(s.p);
        m->next_id = le_get64(s.p + 8);
        uint32_t n = le_get32(s.p + 16);
        if (n > MAN_MAX_SEGMENTS || s.len != 20 + (uint64_t)n * MAN_ENTRY) {
            rc = zs_fail(d, ZS_ECORRUPT, "index corrupt: %s: segment list size", path);
        } else {
            m->segs = calloc(n ? n : 1, sizeof *m->segs);
            if (!m->segs) rc = ZS_ENOMEM;
            for (uint32_t i = 0; i < n && !rc; i++) {
                const uint8_t *e = s.p + 20 + (size_t)i * MAN_ENTRY;
                m->segs[i].id = le_get64(e);
                m->segs[i].npassages = le_get32(e + 8);
                m->segs[i].ndocs = le_get32(e + 12);
                m->segs[i].del_id = le_get64(e + 16);
                m->segs[i].ndel_docs = le_get32(e + 24);
                m->segs[i].ndel_passages = le_get32(e + 28);
                if (m->segs[i].ndel_docs > m->segs[i].ndocs ||
                    m->segs[i].ndel_passages > m->segs[i].npassages ||
                    (!m->segs[i].del_id && m->segs[i].ndel_docs))
                    rc = zs_fail(d, ZS_ECORRUPT, "index corrupt: %s: deletion counts", path);
            }
            m->nsegs = n;
        }
    }
    zf_close(r);
    if (rc) man_free(m);
    return rc;
}

int man_verify(const char *dir, zs_diag *d)
{
    char path[MAN_PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, MAN_FILE);
    zf_reader *r;
    int rc = zf_open(&r, path, FMT_KIND_MANIFEST, FMT_VERSION, d);
    if (!rc) rc = zf_verify_all(r, d);
    zf_close(r);
    return rc;
}

static int sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return ZS_EIO;
    int rc = fsync(fd) == 0 ? ZS_OK : ZS_EIO;
    close(fd);
    return rc;
}

int man_write(const char *dir, const manifest *m, zs_diag *d)
{
    if (m->nsegs > MAN_MAX_SEGMENTS) return zs_fail(d, ZS_ETOOBIG, "too many segments");
    char tmp[MAN_PATH_MAX], path[MAN_PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s/%s.tmp", dir, MAN_FILE);
    snprintf(path, sizeof path, "%s/%s", dir, MAN_FILE);
    buf b;
    buf_init(&b);
    int rc = le_buf64(&b, m->generation);
    if (!rc) rc = le_buf64(&b, m->next_id);
    if (!rc) rc = le_buf32(&b, (uint32_t)m->nsegs);
    for (size_t i = 0; i < m->nsegs && !rc; i++) {
        rc = le_buf64(&b, m->segs[i].id);
        if (!rc) rc = le_buf32(&b, m->segs[i].npassages);
        if (!rc) rc = le_buf32(&b, m->segs[i].ndocs);
        if (!rc) rc = le_buf64(&b, m->segs[i].del_id);
        if (!rc) rc = le_buf32(&b, m->segs[i].ndel_docs);
        if (!rc) rc = le_buf32(&b, m->segs[i].ndel_passages);
    }
    zf_writer *w = NULL;
    if (!rc) rc = zf_create(&w, tmp, FMT_KIND_MANIFEST, FMT_VERSION, m->generation, d);
    if (!rc) {
        zf_section_begin(w, MAN_SECTION);
        zf_write(w, b.data, b.len);
        zf_section_end(w);
        rc = zf_finish(w, d); /* fsyncs */
    }
    buf_free(&b);
    if (rc) return rc;
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return zs_fail(d, ZS_EIO, "%s: cannot rename: %s", tmp, strerror(e));
    }
    if (sync_dir(dir)) return zs_fail(d, ZS_EIO, "%s: cannot sync directory", dir);
    return ZS_OK;
}

void man_tomb_name(uint64_t id, uint64_t del_id, char *out, size_t cap)
{
    snprintf(out, cap, "del-%06llu-%06llu.zhd", (unsigned long long)id, (unsigned long long)del_id);
}

int man_is_leftover(const char *name)
{
    size_t n = strlen(name);
    return !strncmp(name, "tmp-", 4) || (n > 4 && !strcmp(name + n - 4, ".tmp"));
}
