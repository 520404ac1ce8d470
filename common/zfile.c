/* zfile.c - checked container files: streaming writer and mapped reader
 * (see zfile.h and docs/FORMAT.md). */
#include "zfile.h"

#include "bytes.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* Output buffer of the writer: large sequential writes. */
#define ZF_WBUF (1u << 20)

typedef struct zf_dirent {
    uint32_t id;
    uint64_t off, len;
} zf_dirent;

struct zf_writer {
    int fd;
    char *path;
    int err;
    uint32_t kind, version;
    uint64_t id;
    uint64_t body_len; /* bytes of body written */
    uint32_t page_crc; /* CRC of the current partial page */
    uint32_t body_crc;
    uint32_t *pages; /* CRCs of complete pages */
    size_t npages, cappages;
    zf_dirent dir[ZF_MAX_SECTIONS];
    size_t nsec;
    int open; /* a section is open */
    uint8_t *wbuf;
    size_t wlen;
};

struct zf_reader {
    int fd;
    char *path;
    const uint8_t *map;
    uint64_t size;
    const uint8_t *body;
    uint64_t body_len;
    uint64_t id;
    zf_dirent dir[ZF_MAX_SECTIONS];
    size_t nsec;
    const uint8_t *pages; /* page CRC table in the map */
    size_t npages;
    uint8_t *seen; /* per page: 0 unchecked, 1 good */
};

static uint32_t crc(uint32_t c, const void *p, size_t n)
{
    /* zlib's crc32 takes uInt lengths: feed large buffers in pieces */
    const uint8_t *b = p;
    while (n > 0) {
        uInt k = n > (1u << 30) ? (1u << 30) : (uInt)n;
        c = (uint32_t)crc32(c, b, k);
        b += k;
        n -= k;
    }
    return c;
}

static int flush_wbuf(zf_writer *w)
{
    size_t done = 0;
    while (done < w->wlen) {
        ssize_t k = write(w->fd, w->wbuf + done, w->wlen - done);
        if (k < 0) {
            if (errno == EINTR) continue;
            return w->err = ZS_EIO;
        }
        done += (size_t)k;
    }
    w->wlen = 0;
    return ZS_OK;
}

static int raw_write(zf_writer *w, const void *p, size_t n)
{
    const uint8_t *b = p;
    while (n > 0) {
        if (w->wlen == ZF_WBUF && flush_wbuf(w)) return w->err;
        size_t k = ZF_WBUF - w->wlen;
        if (k > n) k = n;
        memcpy(w->wbuf + w->wlen, b, k);
        w->wlen += k;
        b += k;
        n -= k;
    }
    return ZS_OK;
}

/* Write body bytes, keeping page and body CRCs.  The body's CRC is made
 * from the pages' (crc32_combine, once a page): the same value as a second
 * pass over every byte, which took half of the writer's CRC time. */
static int body_write(zf_writer *w, const void *p, size_t n)
{
    const uint8_t *b = p;
    while (n > 0) {
        size_t in_page = (size_t)(w->body_len % ZF_PAGE);
        size_t k = ZF_PAGE - in_page;
        if (k > n) k = n;
        w->page_crc = crc(w->page_crc, b, k);
        if (raw_write(w, b, k)) return w->err;
        w->body_len += k;
        b += k;
        n -= k;
        if (w->body_len % ZF_PAGE == 0) {
            if (w->npages == w->cappages) {
                size_t c = w->cappages ? w->cappages * 2 : 256;
                uint32_t *q = realloc(w->pages, c * sizeof *q);
                if (!q) return w->err = ZS_ENOMEM;
                w->pages = q;
                w->cappages = c;
            }
            w->pages[w->npages++] = w->page_crc;
            w->body_crc = (uint32_t)crc32_combine(w->body_crc, w->page_crc, ZF_PAGE);
            w->page_crc = 0;
        }
    }
    return ZS_OK;
}

int zf_create(zf_writer **out, const char *path, uint32_t kind, uint32_t version, uint64_t id,
              zs_diag *d)
{
    *out = NULL;
    zf_writer *w = calloc(1, sizeof *w);
    if (!w) return ZS_ENOMEM;
    w->path = strdup(path);
    w->wbuf = malloc(ZF_WBUF);
    if (!w->path || !w->wbuf) {
        free(w->path);
        free(w->wbuf);
        free(w);
        return ZS_ENOMEM;
    }
    w->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (w->fd < 0) {
        int e = errno;
        free(w->path);
        free(w->wbuf);
        free(w);
        return zs_fail(d, ZS_EIO, "%s: cannot create: %s", path, strerror(e));
    }
    w->kind = kind;
    w->version = version;
    w->id = id;
    uint8_t zero[ZF_HEADER_SIZE] = {0}; /* the real header is written last */
    raw_write(w, zero, sizeof zero);
    *out = w;
    return ZS_OK;
}

int zf_section_begin(zf_writer *w, uint32_t id)
{
    if (w->err) return w->err;
    if (w->open || w->nsec == ZF_MAX_SECTIONS) return w->err = ZS_EINVAL;
    for (size_t i = 0; i < w->nsec; i++)
        if (w->dir[i].id == id) return w->err = ZS_EINVAL;
    static const uint8_t pad[8] = {0};
    if (w->body_len % 8 && body_write(w, pad, 8 - w->body_len % 8)) return w->err;
    w->dir[w->nsec].id = id;
    w->dir[w->nsec].off = w->body_len;
    w->dir[w->nsec].len = 0;
    w->open = 1;
    return ZS_OK;
}

int zf_write(zf_writer *w, const void *p, size_t n)
{
    if (w->err) return w->err;
    if (!w->open) return w->err = ZS_EINVAL;
    return body_write(w, p, n);
}

uint64_t zf_section_size(const zf_writer *w)
{
    return w->open ? w->body_len - w->dir[w->nsec].off : 0;
}

int zf_section_end(zf_writer *w)
{
    if (w->err) return w->err;
    if (!w->open) return w->err = ZS_EINVAL;
    w->dir[w->nsec].len = w->body_len - w->dir[w->nsec].off;
    w->nsec++;
    w->open = 0;
    return ZS_OK;
}

static void writer_free(zf_writer *w)
{
    free(w->pages);
    free(w->wbuf);
    free(w->path);
    free(w);
}

void zf_abort(zf_writer *w)
{
    if (!w) return;
    close(w->fd);
    unlink(w->path);
    writer_free(w);
}

int zf_finish(zf_writer *w, zs_diag *d)
{
    if (!w->err && w->open) w->err = ZS_EINVAL;
    /* the last, partial page */
    if (w->body_len % ZF_PAGE)
        w->body_crc =
            (uint32_t)crc32_combine(w->body_crc, w->page_crc, (z_off_t)(w->body_len % ZF_PAGE));
    if (!w->err && w->body_len % ZF_PAGE) {
        if (w->npages == w->cappages) {
            uint32_t *q = realloc(w->pages, (w->cappages + 1) * sizeof *q);
            if (!q)
                w->err = ZS_ENOMEM;
            else {
                w->pages = q;
                w->cappages++;
            }
        }
        if (!w->err) w->pages[w->npages++] = w->page_crc;
    }
    uint32_t tail_crc = 0;
    for (size_t i = 0; i < w->nsec && !w->err; i++) {
        uint8_t e[ZF_DIR_ENTRY_SIZE] = {0};
        le_put32(e, w->dir[i].id);
        le_put64(e + 8, w->dir[i].off);
        le_put64(e + 16, w->dir[i].len);
        tail_crc = crc(tail_crc, e, sizeof e);
        raw_write(w, e, sizeof e);
    }
    for (size_t i = 0; i < w->npages && !w->err; i++) {
        uint8_t e[4];
        le_put32(e, w->pages[i]);
        tail_crc = crc(tail_crc, e, 4);
        raw_write(w, e, 4);
    }
    uint8_t foot[ZF_FOOTER_SIZE];
    le_put32(foot, (uint32_t)w->npages);
    le_put32(foot + 4, tail_crc);
    le_put32(foot + 8, w->body_crc);
    memcpy(foot + 12, "ZEND", 4);
    if (!w->err) raw_write(w, foot, sizeof foot);
    if (!w->err) flush_wbuf(w);
    uint8_t h[ZF_HEADER_SIZE] = {0};
    memcpy(h, ZF_MAGIC, 8);
    le_put32(h + 8, w->version);
    le_put32(h + 12, w->kind);
    le_put64(h + 16, w->body_len);
    le_put32(h + 24, ZF_PAGE);
    le_put32(h + 28, (uint32_t)w->nsec);
    le_put64(h + 32, w->id);
    le_put32(h + 60, crc(0, h, 60));
    if (!w->err && pwrite(w->fd, h, sizeof h, 0) != (ssize_t)sizeof h) w->err = ZS_EIO;
    if (!w->err && fsync(w->fd) != 0) w->err = ZS_EIO;
    if (close(w->fd) != 0 && !w->err) w->err = ZS_EIO;
    int rc = w->err;
    if (rc) {
        zs_fail(d, rc, "%s: cannot write: %s", w->path,
                rc == ZS_EIO ? strerror(errno) : zs_strerror(rc));
        unlink(w->path);
    }
    writer_free(w);
    return rc;
}

/* ---- reader ------------------------------------------------------------ */

static int corrupt(zs_diag *d, const char *path, const char *why)
{
    return zs_fail(d, ZS_ECORRUPT, "index corrupt: %s: %s", path, why);
}

int zf_open(zf_reader **out, const char *path, uint32_t kind, uint32_t version, zs_diag *d)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        return zs_fail(d, e == ENOENT ? ZS_ENOTFOUND : ZS_EIO, "%s: cannot open: %s", path,
                       strerror(e));
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return zs_fail(d, ZS_EIO, "%s: cannot stat: %s", path, strerror(e));
    }
    uint64_t size = (uint64_t)st.st_size;
    if (size < ZF_HEADER_SIZE + ZF_FOOTER_SIZE) {
        close(fd);
        return corrupt(d, path, "file too short");
    }
    const uint8_t *map = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) {
        int e = errno;
        close(fd);
        return zs_fail(d, ZS_EIO, "%s: cannot map: %s", path, strerror(e));
    }
    zf_reader *r = calloc(1, sizeof *r);
    char *pcopy = strdup(path);
    if (!r || !pcopy) {
        free(r);
        free(pcopy);
        munmap((void *)map, size);
        close(fd);
        return ZS_ENOMEM;
    }
    r->fd = fd;
    r->path = pcopy;
    r->map = map;
    r->size = size;
    int rc = ZS_OK;
    const uint8_t *h = map;
    if (memcmp(h, ZF_MAGIC, 8) != 0) {
        rc = corrupt(d, path, "bad magic (not a zhsearch index file)");
        goto fail;
    }
    if (le_get32(h + 60) != crc(0, h, 60)) {
        rc = corrupt(d, path, "header checksum mismatch");
        goto fail;
    }
    if (le_get32(h + 8) != version) {
        rc = zs_fail(d, ZS_EVERSION, "%s: format version %u, this program reads version %u", path,
                     le_get32(h + 8), version);
        goto fail;
    }
    if (le_get32(h + 12) != kind) {
        rc = corrupt(d, path, "unexpected file kind");
        goto fail;
    }
    r->body_len = le_get64(h + 16);
    uint32_t page = le_get32(h + 24);
    r->nsec = le_get32(h + 28);
    r->id = le_get64(h + 32);
    if (page != ZF_PAGE || r->nsec > ZF_MAX_SECTIONS) {
        rc = corrupt(d, path, "bad page size or section count");
        goto fail;
    }
    uint64_t npages = (r->body_len + ZF_PAGE - 1) / ZF_PAGE;
    uint64_t tail = (uint64_t)r->nsec * ZF_DIR_ENTRY_SIZE + npages * 4;
    if (r->body_len > size - ZF_HEADER_SIZE - ZF_FOOTER_SIZE ||
        size - ZF_HEADER_SIZE - ZF_FOOTER_SIZE - r->body_len != tail) {
        rc = corrupt(d, path, "file size does not match its header (truncated?)");
        goto fail;
    }
    const uint8_t *foot = map + size - ZF_FOOTER_SIZE;
    const uint8_t *tailp = map + ZF_HEADER_SIZE + r->body_len;
    if (memcmp(foot + 12, "ZEND", 4) != 0 || le_get32(foot) != npages ||
        le_get32(foot + 4) != crc(0, tailp, (size_t)tail)) {
        rc = corrupt(d, path, "directory checksum mismatch");
        goto fail;
    }
    r->body = map + ZF_HEADER_SIZE;
    r->pages = tailp + (size_t)r->nsec * ZF_DIR_ENTRY_SIZE;
    r->npages = (size_t)npages;
    r->seen = calloc(r->npages ? r->npages : 1, 1);
    if (!r->seen) {
        rc = ZS_ENOMEM;
        goto fail;
    }
    for (size_t i = 0; i < r->nsec; i++) {
        const uint8_t *e = tailp + i * ZF_DIR_ENTRY_SIZE;
        r->dir[i].id = le_get32(e);
        r->dir[i].off = le_get64(e + 8);
        r->dir[i].len = le_get64(e + 16);
        if (r->dir[i].off > r->body_len || r->dir[i].len > r->body_len - r->dir[i].off) {
            rc = corrupt(d, path, "section outside the file body");
            goto fail;
        }
    }
    *out = r;
    return ZS_OK;
fail:
    zf_close(r);
    return rc;
}

void zf_close(zf_reader *r)
{
    if (!r) return;
    if (r->map) munmap((void *)r->map, r->size);
    close(r->fd);
    free(r->seen);
    free(r->path);
    free(r);
}

int zf_section(const zf_reader *r, uint32_t id, zf_slice *out)
{
    for (size_t i = 0; i < r->nsec; i++)
        if (r->dir[i].id == id) {
            out->p = r->body + r->dir[i].off;
            out->off = r->dir[i].off;
            out->len = r->dir[i].len;
            return ZS_OK;
        }
    return ZS_ENOTFOUND;
}

int zf_need(zf_reader *r, uint64_t off, uint64_t len, zs_diag *d)
{
    if (off > r->body_len || len > r->body_len - off)
        return corrupt(d, r->path, "reference outside the file body");
    if (len == 0) return ZS_OK;
    size_t first = (size_t)(off / ZF_PAGE), last = (size_t)((off + len - 1) / ZF_PAGE);
    for (size_t pg = first; pg <= last; pg++) {
        if (r->seen[pg]) continue;
        uint64_t from = (uint64_t)pg * ZF_PAGE;
        uint64_t n = r->body_len - from < ZF_PAGE ? r->body_len - from : ZF_PAGE;
        if (crc(0, r->body + from, (size_t)n) != le_get32(r->pages + 4 * pg)) {
            char why[64];
            snprintf(why, sizeof why, "page %zu checksum mismatch", pg);
            return corrupt(d, r->path, why);
        }
        r->seen[pg] = 1;
    }
    return ZS_OK;
}

int zf_section_checked(zf_reader *r, uint32_t id, zf_slice *out, zs_diag *d)
{
    int rc = zf_section(r, id, out);
    if (rc) return rc;
    return zf_need(r, out->off, out->len, d);
}

int zf_verify_all(zf_reader *r, zs_diag *d)
{
    int rc = zf_need(r, 0, r->body_len, d);
    if (rc) return rc;
    const uint8_t *foot = r->map + r->size - ZF_FOOTER_SIZE;
    if (crc(0, r->body, (size_t)r->body_len) != le_get32(foot + 8))
        return corrupt(d, r->path, "body checksum mismatch");
    return ZS_OK;
}

uint64_t zf_file_size(const zf_reader *r)
{
    return r->size;
}

uint64_t zf_id(const zf_reader *r)
{
    return r->id;
}

size_t zf_nsections(const zf_reader *r)
{
    return r->nsec;
}

void zf_section_at(const zf_reader *r, size_t i, uint32_t *id, zf_slice *out)
{
    *id = r->dir[i].id;
    out->p = r->body + r->dir[i].off;
    out->off = r->dir[i].off;
    out->len = r->dir[i].len;
}

const char *zf_path(const zf_reader *r)
{
    return r->path;
}
