/*
 * The name interner: every identifier, keyword-free name and dotted section key is stored once,
 * so names compare by pointer. An open-addressing hash table (FNV-1a, linear probing, power-of-two
 * capacity, grown at 70% load) maps the bytes to the one `struct tl_sym`.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include "tl.h"

unsigned tl_hash_bytes(unsigned h, const void *data, size_t len)
{
    const unsigned char *p = data;
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= p[i];
        h *= 16777619u;
    }
    return h;
}

int tl_intern_init(struct tl_interner *in, size_t cap)
{
    size_t c = 16;

    while (c < cap)
        c *= 2;
    in->slots = calloc(c, sizeof *in->slots);
    if (!in->slots) {
        in->cap = 0;
        in->count = 0;
        return -1;
    }
    in->cap = c;
    in->count = 0;
    return 0;
}

void tl_intern_free(struct tl_interner *in)
{
    size_t i;

    for (i = 0; i < in->cap; i++)
        free((void *)in->slots[i]);
    free(in->slots);
    in->slots = NULL;
    in->cap = 0;
    in->count = 0;
}

static size_t tl_intern_slot(const struct tl_sym *const *slots, size_t cap, unsigned hash,
                             const char *s, size_t len)
{
    size_t mask = cap - 1;
    size_t i = hash & mask;

    for (;;) {
        const struct tl_sym *e = slots[i];
        if (!e)
            return i;
        if (e->hash == hash && e->len == len && memcmp(e->name, s, len) == 0)
            return i;
        i = (i + 1) & mask;
    }
}

static int tl_intern_rehash(struct tl_interner *in)
{
    size_t cap = in->cap * 2;
    const struct tl_sym **slots = calloc(cap, sizeof *slots);
    size_t i;

    if (!slots)
        return -1;
    for (i = 0; i < in->cap; i++) {
        const struct tl_sym *e = in->slots[i];
        if (e) {
            size_t j = tl_intern_slot(slots, cap, e->hash, e->name, e->len);
            assert(!slots[j]);
            slots[j] = e;
        }
    }
    free(in->slots);
    in->slots = slots;
    in->cap = cap;
    return 0;
}

const struct tl_sym *tl_intern_find(const struct tl_interner *in, const char *s, size_t len)
{
    unsigned h;
    size_t i;

    if (!in->cap)
        return NULL;
    h = tl_hash_bytes(TL_FNV_BASIS, s, len);
    i = tl_intern_slot(in->slots, in->cap, h, s, len);
    return in->slots[i];
}

const struct tl_sym *tl_intern(struct tl_interner *in, const char *s, size_t len)
{
    unsigned h;
    size_t i;
    struct tl_sym *e;

    if (!in->cap)
        return NULL;
    h = tl_hash_bytes(TL_FNV_BASIS, s, len);
    i = tl_intern_slot(in->slots, in->cap, h, s, len);
    if (in->slots[i])
        return in->slots[i];
    if ((in->count + 1) * 10 > in->cap * 7) {
        if (tl_intern_rehash(in))
            return NULL;
        i = tl_intern_slot(in->slots, in->cap, h, s, len);
    }
    e = malloc(sizeof *e + len + 1);
    if (!e)
        return NULL;
    e->hash = h;
    e->id = (unsigned)in->count;
    e->len = len;
    memcpy(e->name, s, len);
    e->name[len] = '\0';
    in->slots[i] = e;
    in->count++;
    return e;
}
