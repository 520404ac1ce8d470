/*
 * vec.h - growable arrays of 32- and 64-bit unsigned integers.
 *
 * Invariant: `v` is NULL exactly when cap == 0; n <= cap.  Ownership: the
 * vector owns `v`; *_free releases it and leaves an empty vector (safe to
 * call twice).  Push and reserve return ZS_ENOMEM and leave the vector
 * unchanged when memory runs out.
 */
#ifndef ZS_VEC_H
#define ZS_VEC_H

#include <stddef.h>
#include <stdint.h>

typedef struct u32vec {
    uint32_t *v;
    size_t n, cap;
} u32vec;

typedef struct u64vec {
    uint64_t *v;
    size_t n, cap;
} u64vec;

void u32vec_init(u32vec *a);
void u32vec_free(u32vec *a);
int u32vec_reserve(u32vec *a, size_t extra); /* room for n + extra */
int u32vec_push_slow(u32vec *a, uint32_t x);

static inline int u32vec_push(u32vec *a, uint32_t x)
{
    if (a->n < a->cap) {
        a->v[a->n++] = x;
        return 0;
    }
    return u32vec_push_slow(a, x);
}

void u64vec_init(u64vec *a);
void u64vec_free(u64vec *a);
int u64vec_reserve(u64vec *a, size_t extra);
int u64vec_push_slow(u64vec *a, uint64_t x);

static inline int u64vec_push(u64vec *a, uint64_t x)
{
    if (a->n < a->cap) {
        a->v[a->n++] = x;
        return 0;
    }
    return u64vec_push_slow(a, x);
}

#endif
