/* oomfail.c - an LD_PRELOAD allocator for out-of-memory injection (as
 * SQLite's test allocator does it): every allocation from the Nth on fails.
 *
 *   ZS_FAIL_ALLOC=N      fail malloc, calloc, realloc and posix_memalign
 *                        calls number N, N+1, ... (1-based; unset or 0:
 *                        never fail)
 *   ZS_ALLOC_REPORT=PATH at exit, write "CALLS LIVE\n" to PATH: the number
 *                        of allocation calls made and of blocks still
 *                        allocated (a leak shows as more blocks live than
 *                        in a run without failures)
 *
 * Built as build/.../liboomfail.so for tests/e2e_faults.c; never linked
 * into the programs.  It forwards to glibc's __libc_* allocator, so it
 * needs no dlsym (which allocates), and writes its report with open/write
 * (stdio would allocate). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t k);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_memalign(size_t align, size_t n);
extern void __libc_free(void *p);

/* The counters are process state by nature: the allocator is global. */
static unsigned long calls, fail_at;
static long live;
static int ready;

static void setup(void)
{
    if (ready) return;
    ready = 1;
    const char *s = getenv("ZS_FAIL_ALLOC");
    fail_at = s ? strtoul(s, NULL, 10) : 0;
}

static int should_fail(void)
{
    setup();
    calls++;
    if (fail_at && calls >= fail_at) {
        errno = ENOMEM;
        return 1;
    }
    return 0;
}

void *malloc(size_t n)
{
    if (should_fail()) return NULL;
    void *p = __libc_malloc(n);
    if (p) live++;
    return p;
}

void *calloc(size_t n, size_t k)
{
    if (should_fail()) return NULL;
    void *p = __libc_calloc(n, k);
    if (p) live++;
    return p;
}

void *realloc(void *p, size_t n)
{
    if (should_fail()) return NULL;
    void *q = __libc_realloc(p, n);
    if (q && !p) live++;
    return q;
}

int posix_memalign(void **out, size_t align, size_t n)
{
    if (should_fail()) return ENOMEM;
    if (align < sizeof(void *) || (align & (align - 1))) return EINVAL;
    void *p = __libc_memalign(align, n);
    if (!p) return ENOMEM;
    live++;
    *out = p;
    return 0;
}

void free(void *p)
{
    if (p) live--;
    __libc_free(p);
}

__attribute__((destructor)) static void report(void)
{
    const char *path = getenv("ZS_ALLOC_REPORT");
    if (!path) return;
    char line[64];
    int n = snprintf(line, sizeof line, "%lu %ld\n", calls, live);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return;
    if (n > 0 && write(fd, line, (size_t)n) != n) n = 0;
    close(fd);
}
