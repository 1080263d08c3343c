/*
 * Scopes: open-addressing tables from interned names to values (the name's hash picks the slot),
 * allocated in the run arena and chained to the enclosing scope.
 */
#include <string.h>
#include "tl.h"

struct tl_env *tl_env_new(struct tl_ctx *ctx, struct tl_env *parent, size_t cap)
{
    struct tl_env *e = tl_arena_alloc(&ctx->arena, sizeof *e);
    size_t c = 8;

    while (c < cap * 2)
        c *= 2;
    if (!e)
        goto oom;
    e->slots = tl_arena_alloc(&ctx->arena, c * sizeof *e->slots);
    if (!e->slots)
        goto oom;
    e->parent = parent;
    e->cap = c;
    e->count = 0;
    return e;
oom:
    tl_set_error(ctx, TL_ERR_NOMEM, 0, 0, "out of memory");
    return NULL;
}

static struct tl_binding *tl_env_slot(struct tl_binding *slots, size_t cap, const struct tl_sym *sym)
{
    size_t mask = cap - 1;
    size_t i = sym->hash & mask;

    while (slots[i].sym && slots[i].sym != sym)
        i = (i + 1) & mask;
    return &slots[i];
}

static int tl_env_grow(struct tl_ctx *ctx, struct tl_env *env)
{
    size_t cap = env->cap * 2;
    struct tl_binding *slots = tl_arena_alloc(&ctx->arena, cap * sizeof *slots);
    size_t i;

    if (!slots) {
        tl_set_error(ctx, TL_ERR_NOMEM, 0, 0, "out of memory");
        return -1;
    }
    for (i = 0; i < env->cap; i++)
        if (env->slots[i].sym)
            *tl_env_slot(slots, cap, env->slots[i].sym) = env->slots[i];
    env->slots = slots;
    env->cap = cap;
    return 0;
}

/* Binds `sym` in `env` (replacing an existing binding of this scope); 0 on success. */
int tl_env_define(struct tl_ctx *ctx, struct tl_env *env, const struct tl_sym *sym, struct tl_value v)
{
    struct tl_binding *b;

    if ((env->count + 1) * 4 > env->cap * 3 && tl_env_grow(ctx, env))
        return -1;
    b = tl_env_slot(env->slots, env->cap, sym);
    if (!b->sym) {
        b->sym = sym;
        env->count++;
    }
    b->val = v;
    return 0;
}

const struct tl_value *tl_env_lookup(const struct tl_env *env, const struct tl_sym *sym)
{
    for (; env; env = env->parent) {
        const struct tl_binding *b = tl_env_slot(env->slots, env->cap, sym);
        if (b->sym)
            return &b->val;
    }
    return NULL;
}

static int tl_binding_before(const struct tl_binding *a, const struct tl_binding *b)
{
    size_t n = a->sym->len < b->sym->len ? a->sym->len : b->sym->len;
    int c = memcmp(a->sym->name, b->sym->name, n);

    return c < 0 || (c == 0 && a->sym->len < b->sym->len);
}

/* The bindings of `env` (not its parents) sorted by name, in an arena array; returns the count. */
size_t tl_env_sorted(struct tl_ctx *ctx, const struct tl_env *env, const struct tl_binding ***out)
{
    const struct tl_binding **v = tl_arena_alloc(&ctx->arena, (env->count + 1) * sizeof *v);
    size_t n = 0, i, j;

    *out = v;
    if (!v)
        return 0;
    for (i = 0; i < env->cap; i++) {
        if (!env->slots[i].sym)
            continue;
        /* insertion sort: scopes are small */
        for (j = n; j > 0 && tl_binding_before(&env->slots[i], v[j - 1]); j--)
            v[j] = v[j - 1];
        v[j] = &env->slots[i];
        n++;
    }
    return n;
}
