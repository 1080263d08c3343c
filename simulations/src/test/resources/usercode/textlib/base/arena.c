/* The run arena: chunks from malloc, carved by bumping a pointer, all freed when a run ends. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include "tl.h"

#define TL_CHUNK_SIZE 4096
#define TL_ALIGN 16

struct tl_chunk {
    struct tl_chunk *next;
    size_t used;
    size_t cap;
    _Alignas(16) unsigned char mem[];
};

void tl_arena_init(struct tl_arena *a, size_t limit)
{
    a->head = NULL;
    a->bytes = 0;
    a->limit = limit;
}

static struct tl_chunk *tl_arena_grow(struct tl_arena *a, size_t size)
{
    size_t cap = size > TL_CHUNK_SIZE ? size : TL_CHUNK_SIZE;
    struct tl_chunk *c;

    if (a->limit && a->bytes + cap > a->limit)
        return NULL;
    c = malloc(sizeof *c + cap);
    if (!c)
        return NULL;
    c->used = 0;
    c->cap = cap;
    a->bytes += cap;
    if (size > TL_CHUNK_SIZE / 2 && a->head) {
        /* a large block: keep the current chunk for the small ones that follow */
        c->next = a->head->next;
        a->head->next = c;
    } else {
        c->next = a->head;
        a->head = c;
    }
    return c;
}

void *tl_arena_alloc(struct tl_arena *a, size_t size)
{
    struct tl_chunk *c = a->head;
    size_t at;

    size = (size + TL_ALIGN - 1) & ~(size_t)(TL_ALIGN - 1);
    if (size == 0)
        size = TL_ALIGN;
    if (!c || c->cap - c->used < size) {
        c = tl_arena_grow(a, size);
        if (!c)
            return NULL;
    }
    at = c->used;
    c->used += size;
    assert(c->used <= c->cap);
    memset(c->mem + at, 0, size);
    return c->mem + at;
}

char *tl_arena_strndup(struct tl_arena *a, const char *s, size_t n)
{
    char *p = tl_arena_alloc(a, n + 1);

    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void tl_arena_release(struct tl_arena *a)
{
    struct tl_chunk *c = a->head;

    while (c) {
        struct tl_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->bytes = 0;
}
