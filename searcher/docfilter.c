/* docfilter.c - title:, kind: and doc: filters (see docfilter.h). */
#include "docfilter.h"

#include "buf.h"
#include "format.h"
#include "normalize.h"
#include "uchar.h"
#include "utf8.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

/* Longest document path matched by doc: (longer ones never match). */
#define DFL_PATH_MAX 4096

int dfl_is_name(const char *name, size_t len)
{
    return (len == 5 && !memcmp(name, "title", 5)) || (len == 4 && !memcmp(name, "kind", 4)) ||
           (len == 3 && !memcmp(name, "doc", 3));
}

/* Normalize and fold text for a substring test (case and width). */
static int folded(const char *s, size_t len, buf *out)
{
    buf n;
    buf_init(&n);
    int rc = norm_string(s, len, &n);
    buf_reset(out);
    const uint8_t *p = (const uint8_t *)n.data, *e = p + n.len;
    while (!rc && p < e) {
        uint32_t cp;
        p += u8_next(p, &cp);
        uint8_t tmp[4];
        rc = buf_add(out, tmp, (size_t)u8_encode(uc_fold(cp), tmp));
    }
    buf_free(&n);
    return rc;
}

static int push_range(uint32_t **ids, size_t *n, size_t *cap, uint32_t from, uint32_t count)
{
    if (*n + count > *cap) {
        size_t c = *cap ? *cap : 256;
        while (c < *n + count) c *= 2;
        uint32_t *v = realloc(*ids, c * sizeof *v);
        if (!v) return ZS_ENOMEM;
        *ids = v;
        *cap = c;
    }
    for (uint32_t k = 0; k < count; k++) (*ids)[(*n)++] = from + k;
    return ZS_OK;
}

/* Does the document path (or its last component) match the pattern? */
static int path_matches(const char *glob, const char *path, size_t len)
{
    char p[DFL_PATH_MAX];
    if (len >= sizeof p) return 0;
    memcpy(p, path, len);
    p[len] = '\0';
    if (fnmatch(glob, p, 0) == 0) return 1;
    const char *slash = strrchr(p, '/');
    return slash && fnmatch(glob, slash + 1, 0) == 0;
}

/* The passages of the documents whose title or path passes. */
static int by_document(segment *sg, const qry_field *f, uint32_t **ids, size_t *n, zs_diag *d)
{
    int title = !strcmp(f->name, "title");
    buf want, have;
    buf_init(&want);
    buf_init(&have);
    int rc = title ? folded(f->value, strlen(f->value), &want) : ZS_OK;
    size_t cap = 0;
    for (uint32_t doc = 0; doc < sg->ndocs && !rc; doc++) {
        seg_doc_info di;
        rc = seg_doc(sg, doc, &di, d);
        if (rc) break;
        int pass;
        if (title) {
            rc = folded(di.title ? di.title : "", di.title_len, &have);
            pass = !rc && want.len && strstr(have.data, want.data) != NULL;
        } else {
            pass = path_matches(f->value, di.path, di.path_len);
        }
        if (!rc && pass) rc = push_range(ids, n, &cap, di.first_pid, di.npassages);
    }
    buf_free(&want);
    buf_free(&have);
    return rc;
}

/* The passages of one kind. */
static int by_kind(segment *sg, const qry_field *f, uint32_t **ids, size_t *n, zs_diag *d)
{
    int want = !strcmp(f->value, "heading") ? FMT_KIND_HEADING : FMT_KIND_BODY;
    size_t cap = 0;
    int rc = ZS_OK;
    for (uint32_t pid = 0; pid < sg->npassages && !rc; pid++) {
        seg_passage_info pi;
        rc = seg_passage(sg, pid, &pi, d);
        if (!rc && pi.kind == want) rc = push_range(ids, n, &cap, pid, 1);
    }
    return rc;
}

int dfl_passages(segment *sg, const qry_field *f, uint32_t **ids, size_t *n, zs_diag *d)
{
    *ids = NULL;
    *n = 0;
    int rc = !strcmp(f->name, "kind") ? by_kind(sg, f, ids, n, d) : by_document(sg, f, ids, n, d);
    if (!rc && !*ids) {
        *ids = malloc(sizeof **ids); /* an empty list is still an array */
        if (!*ids) rc = ZS_ENOMEM;
    }
    if (rc) {
        free(*ids);
        *ids = NULL;
        *n = 0;
    }
    return rc;
}
