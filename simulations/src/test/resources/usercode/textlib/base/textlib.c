/* The context and the public API of textlib.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tl.h"

#define TL_ARENA_LIMIT (96 * 1024)
#define TL_STEP_LIMIT 20000ul

struct tl_ctx *tl_new(void)
{
    struct tl_ctx *ctx = calloc(1, sizeof *ctx);

    if (!ctx)
        return NULL;
    if (tl_intern_init(&ctx->names, 128)) {
        free(ctx);
        return NULL;
    }
    tl_arena_init(&ctx->arena, TL_ARENA_LIMIT);
    tl_buf_init(&ctx->scratch);
    ctx->step_limit = TL_STEP_LIMIT;
    return ctx;
}

void tl_free(struct tl_ctx *ctx)
{
    if (!ctx)
        return;
    tl_arena_release(&ctx->arena);
    tl_buf_free(&ctx->scratch);
    tl_intern_free(&ctx->names);
    free(ctx);
}

/* Records the first error of a run as "line:col: message" (no position when line is 0). */
void tl_set_error(struct tl_ctx *ctx, enum tl_status st, unsigned line, unsigned col, const char *fmt, ...)
{
    va_list ap;
    int n = 0;

    if (ctx->status != TL_OK)
        return;
    ctx->status = st;
    if (line)
        n = snprintf(ctx->err, sizeof ctx->err, "%u:%u: ", line, col);
    if (n < 0 || (size_t)n >= sizeof ctx->err)
        n = 0;
    va_start(ap, fmt);
    vsnprintf(ctx->err + n, sizeof ctx->err - (size_t)n, fmt, ap);
    va_end(ap);
}

enum tl_status tl_run(struct tl_ctx *ctx, const char *src)
{
    tl_arena_release(&ctx->arena);
    ctx->status = TL_OK;
    ctx->err[0] = '\0';
    ctx->prog.stmts = NULL;
    ctx->prog.count = 0;
    ctx->globals = tl_env_new(ctx, NULL, 32);
    if (!ctx->globals)
        return ctx->status;
    if (tl_parse(ctx, src, &ctx->prog)) {
        if (ctx->status == TL_OK)
            tl_set_error(ctx, TL_ERR_PARSE, 0, 0, "parse failed");
        return ctx->status;
    }
    if (tl_eval_program(ctx, &ctx->prog) && ctx->status == TL_OK)
        tl_set_error(ctx, TL_ERR_EVAL, 0, 0, "evaluation failed");
    return ctx->status;
}

const char *tl_error(const struct tl_ctx *ctx)
{
    return ctx->err;
}

int tl_get_text(struct tl_ctx *ctx, const char *name, char *out, size_t cap)
{
    const struct tl_sym *sym = tl_intern_find(&ctx->names, name, strlen(name));
    const struct tl_value *v;

    if (!sym || !ctx->globals || !(v = tl_env_lookup(ctx->globals, sym))) {
        if (cap)
            out[0] = '\0';
        return -1;
    }
    tl_buf_reset(&ctx->scratch);
    tl_value_write(&ctx->scratch, v, 0);
    return tl_buf_copy_out(&ctx->scratch, out, cap);
}

int tl_pretty(struct tl_ctx *ctx, char *out, size_t cap)
{
    tl_buf_reset(&ctx->scratch);
    if (ctx->prog.count)
        tl_print_block(&ctx->scratch, ctx->prog.stmts, ctx->prog.count, 0);
    return tl_buf_copy_out(&ctx->scratch, out, cap);
}

unsigned tl_binding_count(const struct tl_ctx *ctx)
{
    return ctx->globals ? (unsigned)ctx->globals->count : 0;
}

unsigned tl_bindings_digest(struct tl_ctx *ctx)
{
    const struct tl_binding **v;
    unsigned h = TL_FNV_BASIS;
    size_t n, i;

    if (!ctx->globals)
        return h;
    n = tl_env_sorted(ctx, ctx->globals, &v);
    for (i = 0; i < n; i++) {
        tl_buf_reset(&ctx->scratch);
        tl_buf_printf(&ctx->scratch, "%s=", v[i]->sym->name);
        tl_value_write(&ctx->scratch, &v[i]->val, 1);
        tl_buf_putc(&ctx->scratch, '\n');
        h = tl_hash_bytes(h, ctx->scratch.data, ctx->scratch.len);
    }
    return h;
}

unsigned tl_interned_count(const struct tl_ctx *ctx)
{
    return (unsigned)ctx->names.count;
}
