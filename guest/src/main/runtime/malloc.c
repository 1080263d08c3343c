/*
 * malloc.c - the heap of the quiesce runtime: a boundary-tag allocator over one static arena,
 * quiesce_heap (256 KiB in .bss, so private per CPU and identical at every boot: deterministic).
 *
 * A chunk is 16-byte aligned and a multiple of 16 bytes: a 16-byte header {prev_size, size|flags}
 * and the payload. prev_size is valid only while the previous chunk is free (it is that chunk's
 * footer); flag INUSE marks this chunk allocated, PREV_INUSE the previous one. A zero-size INUSE
 * header ends the arena. Free chunks hold their free-list links in the payload and sit in one of
 * NBINS segregated lists (exact 16-byte classes up to 1 KiB, then powers of two); malloc takes the
 * first fit of the smallest non-empty class that can hold the request (lists are LIFO), splits off
 * the rest; free coalesces with both free neighbours at once, so no two free chunks are adjacent.
 */
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include <errno.h>
#include <assert.h>
#include <quiesce.h>

#define ARENA (256 * 1024)
#define HDR 16
#define MINCHUNK 32
#define INUSE 1ul
#define PREV_INUSE 2ul
#define FLAGS 15ul
#define SMALL_BINS 64           /* sizes 32, 48, ..., 1040 (bin i holds size 32 + 16 i) */
#define NBINS (SMALL_BINS + 16)

__attribute__((aligned(16))) unsigned char quiesce_heap[ARENA];

struct chunk {
    size_t prev_size;
    size_t head;
    struct chunk *next, *prev;  /* free chunks only */
};

static struct chunk *bins[NBINS];
static int heap_ready;

static size_t csize(const struct chunk *c) { return c->head & ~FLAGS; }
static struct chunk *after(struct chunk *c) { return (struct chunk *)((char *)c + csize(c)); }
static struct chunk *of(void *p) { return (struct chunk *)((char *)p - HDR); }
static void *payload(struct chunk *c) { return (char *)c + HDR; }

static unsigned bin_of(size_t size)
{
    if (size < MINCHUNK + 16 * SMALL_BINS)
        return (unsigned)((size - MINCHUNK) >> 4);
    unsigned b = SMALL_BINS;
    for (size_t s = (MINCHUNK + 16 * SMALL_BINS) * 2; s <= size && b < NBINS - 1; s <<= 1)
        b++;
    return b;
}

static void unlink_free(struct chunk *c)
{
    if (c->prev)
        c->prev->next = c->next;
    else
        bins[bin_of(csize(c))] = c->next;
    if (c->next)
        c->next->prev = c->prev;
}

/* Makes c (its head's size set, INUSE clear) a free chunk: footer, neighbour's flag, list. */
static void insert_free(struct chunk *c)
{
    size_t size = csize(c);
    struct chunk *n = after(c);
    n->prev_size = size;
    n->head &= ~PREV_INUSE;
    unsigned b = bin_of(size);
    c->prev = NULL;
    c->next = bins[b];
    if (c->next)
        c->next->prev = c;
    bins[b] = c;
}

static void heap_init(void)
{
    struct chunk *first = (struct chunk *)quiesce_heap;
    size_t *end = (size_t *)(quiesce_heap + ARENA - HDR);  /* the end header {prev_size, head} */
    first->prev_size = 0;
    first->head = (size_t)(ARENA - HDR) | PREV_INUSE;
    end[1] = INUSE;
    insert_free(first);
    heap_ready = 1;
}

/* Request bytes -> chunk size, or 0 if too large. */
static size_t request(size_t n)
{
    if (n > ARENA)
        return 0;
    size_t size = (n + HDR + 15) & ~(size_t)15;
    return size < MINCHUNK ? MINCHUNK : size;
}

/* Marks c (size >= need) in use, returning its tail beyond need to the free lists. */
static void *take(struct chunk *c, size_t need)
{
    size_t size = csize(c);
    if (size - need >= MINCHUNK) {
        c->head = need | (c->head & PREV_INUSE) | INUSE;
        struct chunk *rest = after(c);
        rest->head = (size - need) | PREV_INUSE;
        insert_free(rest);
    } else {
        c->head |= INUSE;
        after(c)->head |= PREV_INUSE;
    }
    return payload(c);
}

void *malloc(size_t n)
{
    if (!heap_ready)
        heap_init();
    size_t need = request(n);
    if (need) {
        for (unsigned b = bin_of(need); b < NBINS; b++) {
            for (struct chunk *c = bins[b]; c; c = c->next) {
                if (csize(c) >= need) {
                    unlink_free(c);
                    return take(c, need);
                }
            }
        }
    }
    errno = ENOMEM;
    return NULL;
}

static void check_block(struct chunk *c, const char *what)
{
    if ((unsigned char *)c < quiesce_heap || (unsigned char *)c >= quiesce_heap + ARENA - HDR
        || ((uintptr_t)c & 15) != 0)
        __quiesce_assert_fail("pointer is inside quiesce_heap", "malloc.c", __LINE__, what);
    if (!(c->head & INUSE))
        __quiesce_assert_fail("block is allocated (double free or corrupted heap)", "malloc.c", __LINE__, what);
}

void free(void *p)
{
    if (!p)
        return;
    struct chunk *c = of(p);
    check_block(c, "free");
    size_t size = csize(c);
    c->head &= ~INUSE;
    struct chunk *n = after(c);
    if (!(n->head & INUSE)) {
        unlink_free(n);
        size += csize(n);
    }
    if (!(c->head & PREV_INUSE)) {
        struct chunk *b = (struct chunk *)((char *)c - c->prev_size);
        unlink_free(b);
        size += csize(b);
        c = b;
    }
    c->head = size | (c->head & PREV_INUSE);
    insert_free(c);
}

void *calloc(size_t count, size_t size)
{
    size_t n;
    if (__builtin_mul_overflow(count, size, &n)) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = malloc(n);
    if (p)
        memset(p, 0, n);
    return p;
}

void *realloc(void *p, size_t n)
{
    if (!p)
        return malloc(n);
    struct chunk *c = of(p);
    check_block(c, "realloc");
    size_t need = request(n);
    if (!need) {
        errno = ENOMEM;
        return NULL;
    }
    size_t size = csize(c);
    struct chunk *nx = after(c);
    if (size < need && !(nx->head & INUSE) && size + csize(nx) >= need) {
        unlink_free(nx);
        size += csize(nx);
        c->head = size | (c->head & FLAGS);
        after(c)->head |= PREV_INUSE;
    }
    if (size >= need) {
        if (size - need >= MINCHUNK) {
            c->head = need | (c->head & FLAGS);
            struct chunk *rest = after(c);
            rest->head = (size - need) | PREV_INUSE | INUSE;
            free(payload(rest));
        }
        return p;
    }
    void *q = malloc(n);
    if (q) {
        memcpy(q, p, size - HDR);
        free(p);
    }
    return q;
}

void *reallocarray(void *p, size_t count, size_t size)
{
    size_t n;
    if (__builtin_mul_overflow(count, size, &n)) {
        errno = ENOMEM;
        return NULL;
    }
    return realloc(p, n);
}

void *aligned_alloc(size_t alignment, size_t size)
{
    if (alignment <= 16)
        return malloc(size);
    errno = EINVAL;     /* chunks are 16-byte aligned; larger alignments are not supported */
    return NULL;
}

void quiesce_heap_stats(struct quiesce_heap_stats *out)
{
    if (!heap_ready)
        heap_init();
    out->arena_bytes = ARENA;
    out->free_bytes = out->largest_free = out->blocks_in_use = 0;
    int prev_in_use = 1;
    struct chunk *c = (struct chunk *)quiesce_heap;
    for (; csize(c); c = after(c)) {
        if (((c->head & PREV_INUSE) != 0) != prev_in_use)
            __quiesce_assert_fail("PREV_INUSE matches the previous block", "malloc.c", __LINE__, "quiesce_heap_stats");
        prev_in_use = (c->head & INUSE) != 0;
        if (prev_in_use) {
            out->blocks_in_use++;
        } else {
            out->free_bytes += csize(c);
            if (csize(c) - HDR > out->largest_free)
                out->largest_free = csize(c) - HDR;
        }
    }
    if ((unsigned char *)c != quiesce_heap + ARENA - HDR)
        __quiesce_assert_fail("the block chain ends at the arena's end", "malloc.c", __LINE__, "quiesce_heap_stats");
}
