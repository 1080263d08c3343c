/* The evaluator: expressions to values, statements to bindings. */
#include <stdio.h>
#include <string.h>
#include "tl.h"

#define TL_EVAL_FAIL(ctx, n, ...) \
    (tl_set_error((ctx), TL_ERR_EVAL, (n)->line, (n)->col, __VA_ARGS__), -1)

/* The remainder of a / b with the sign of b (floor division), as the language defines %. */
static inline long tl_floor_mod(long a, long b)
{
    long r = a % b;

    if (r != 0 && (r < 0) != (b < 0))
        r += b;
    return r;
}

static int tl_int_result(long r, int overflow, double fallback, struct tl_value *out)
{
    *out = overflow ? tl_num(fallback) : tl_int(r);
    return 0;
}

static struct tl_value tl_concat(struct tl_ctx *ctx, const struct tl_value *a, const struct tl_value *b)
{
    struct tl_buf *s = &ctx->scratch;

    tl_buf_reset(s);
    tl_value_write(s, a, 0);
    tl_value_write(s, b, 0);
    if (s->oom) {
        tl_set_error(ctx, TL_ERR_NOMEM, 0, 0, "out of memory");
        return tl_nil();
    }
    return tl_str(ctx, s->data, s->len);
}

static int tl_list_concat(struct tl_ctx *ctx, const struct tl_list *a, const struct tl_list *b,
                          struct tl_value *out)
{
    struct tl_list *l = tl_list_new(ctx, a->len + b->len);

    if (!l)
        return -1;
    if (a->len)
        memcpy(l->items, a->items, a->len * sizeof a->items[0]);
    if (b->len)
        memcpy(l->items + a->len, b->items, b->len * sizeof b->items[0]);
    out->kind = TV_LIST;
    out->u.l = l;
    return 0;
}

/* Arithmetic on two values: integers stay integers until they overflow or divide unevenly. */
int tl_eval_arith(struct tl_ctx *ctx, const struct tl_node *n, const struct tl_value *a,
                  const struct tl_value *b, struct tl_value *out)
{
    long r;
    double x, y;

    if (n->op == TK_PLUS && (a->kind == TV_STR || b->kind == TV_STR)) {
        *out = tl_concat(ctx, a, b);
        return ctx->status == TL_OK ? 0 : -1;
    }
    if (n->op == TK_PLUS && a->kind == TV_LIST && b->kind == TV_LIST)
        return tl_list_concat(ctx, a->u.l, b->u.l, out);
    if (!tl_is_number(a) || !tl_is_number(b))
        return TL_EVAL_FAIL(ctx, n, "cannot apply %s to %s and %s", tl_tok_name(n->op),
                            tl_type_name(a->kind), tl_type_name(b->kind));
    x = tl_as_double(a);
    y = tl_as_double(b);
    if (a->kind == TV_INT && b->kind == TV_INT) {
        long i = a->u.i, j = b->u.i;
        switch (n->op) {
        case TK_PLUS:
            return tl_int_result((long)((unsigned long)i + (unsigned long)j),
                                 __builtin_add_overflow(i, j, &r), x + y, out);
        case TK_MINUS:
            return tl_int_result((long)((unsigned long)i - (unsigned long)j),
                                 __builtin_sub_overflow(i, j, &r), x - y, out);
        case TK_STAR:
            return tl_int_result((long)((unsigned long)i * (unsigned long)j),
                                 __builtin_mul_overflow(i, j, &r), x * y, out);
        case TK_SLASH:
            if (j == 0)
                return TL_EVAL_FAIL(ctx, n, "division by zero");
            if (j == -1 && i == (long)(~0ul >> 1) * -1 - 1)
                return tl_int_result(0, 1, -x, out);
            *out = i % j == 0 ? tl_int(i / j) : tl_num(x / y);
            return 0;
        case TK_PERCENT:
            if (j == 0)
                return TL_EVAL_FAIL(ctx, n, "division by zero");
            if (j == -1)
                return tl_int_result(0, 0, 0, out);
            *out = tl_int(tl_floor_mod(i, j));
            return 0;
        case TK_CARET:
            if (j >= 0 && j < 63) {
                long p = 1;
                int over = 0;
                while (j-- > 0)
                    over |= __builtin_mul_overflow(p, i, &p);
                return tl_int_result(p, over, tl_pow(x, y), out);
            }
            *out = tl_num(tl_pow(x, y));
            return 0;
        default:
            break;
        }
    }
    switch (n->op) {
    case TK_PLUS:
        *out = tl_num(x + y);
        return 0;
    case TK_MINUS:
        *out = tl_num(x - y);
        return 0;
    case TK_STAR:
        *out = tl_num(x * y);
        return 0;
    case TK_SLASH:
        if (y == 0)
            return TL_EVAL_FAIL(ctx, n, "division by zero");
        *out = tl_num(x / y);
        return 0;
    case TK_PERCENT:
        if (y == 0)
            return TL_EVAL_FAIL(ctx, n, "division by zero");
        *out = tl_num(x - y * tl_floor(x / y));
        return 0;
    case TK_CARET:
        *out = tl_num(tl_pow(x, y));
        return 0;
    default:
        return TL_EVAL_FAIL(ctx, n, "bad operator %s", tl_tok_name(n->op));
    }
}

static int tl_eval_compare(struct tl_ctx *ctx, const struct tl_node *n, const struct tl_value *a,
                           const struct tl_value *b, struct tl_value *out)
{
    int c;

    if (n->op == TK_EQ || n->op == TK_NE) {
        int eq = tl_values_equal(a, b);
        *out = tl_bool(n->op == TK_EQ ? eq : !eq);
        return 0;
    }
    if (tl_compare(a, b, &c))
        return TL_EVAL_FAIL(ctx, n, "cannot order %s and %s", tl_type_name(a->kind), tl_type_name(b->kind));
    switch (n->op) {
    case TK_LT:
        *out = tl_bool(c < 0);
        break;
    case TK_LE:
        *out = tl_bool(c <= 0);
        break;
    case TK_GT:
        *out = tl_bool(c > 0);
        break;
    default:
        *out = tl_bool(c >= 0);
        break;
    }
    return 0;
}

static int tl_eval_index(struct tl_ctx *ctx, const struct tl_node *n, const struct tl_value *a,
                         const struct tl_value *i, struct tl_value *out)
{
    long k, len;

    if (i->kind != TV_INT)
        return TL_EVAL_FAIL(ctx, n, "index must be an int, not %s", tl_type_name(i->kind));
    k = i->u.i;
    if (a->kind == TV_LIST) {
        len = (long)a->u.l->len;
        if (k < 0)
            k += len;
        if (k < 0 || k >= len)
            return TL_EVAL_FAIL(ctx, n, "index %ld out of range for a list of %ld", i->u.i, len);
        *out = a->u.l->items[k];
        return 0;
    }
    if (a->kind == TV_STR) {
        len = (long)a->u.s.len;
        if (k < 0)
            k += len;
        if (k < 0 || k >= len)
            return TL_EVAL_FAIL(ctx, n, "index %ld out of range for a string of %ld", i->u.i, len);
        *out = tl_str_owned(a->u.s.p + k, 1);
        return 0;
    }
    return TL_EVAL_FAIL(ctx, n, "cannot index %s", tl_type_name(a->kind));
}

static tl_noinline_for_stack int tl_eval_call(struct tl_ctx *ctx, struct tl_env *env, const struct tl_node *n, struct tl_value *out)
{
    struct tl_value args[TL_MAX_ARGS];
    const struct tl_value *f = tl_env_lookup(env, n->name);
    const struct tl_builtin *bi = NULL;
    unsigned i;

    if (n->nkids > TL_MAX_ARGS)
        return TL_EVAL_FAIL(ctx, n, "too many arguments to %s", n->name->name);
    if (!f || f->kind != TV_FUNC) {
        bi = tl_builtin_find(n->name->name, n->name->len);
        if (!bi)
            return TL_EVAL_FAIL(ctx, n, "unknown function %s", n->name->name);
        if (n->nkids < bi->min_args || n->nkids > bi->max_args)
            return TL_EVAL_FAIL(ctx, n, "%s takes %u to %u arguments, not %u", bi->name, bi->min_args,
                                bi->max_args, n->nkids);
    }
    for (i = 0; i < n->nkids; i++)
        if (tl_eval(ctx, env, n->kids[i], &args[i]))
            return -1;
    if (bi) {
        ctx->bi_msg = NULL;
        if (bi->fn(ctx, args, n->nkids, out) == 0)
            return 0;
        return TL_EVAL_FAIL(ctx, n, "%s: %s", bi->name, ctx->bi_msg ? ctx->bi_msg : "bad arguments");
    }
    return tl_call_function(ctx, f->u.fn, args, n->nkids, n->line, n->col, out);
}

int tl_call_function(struct tl_ctx *ctx, const struct tl_node *fn, const struct tl_value *args,
                     unsigned nargs, unsigned line, unsigned col, struct tl_value *out)
{
    /* a call's scope lives on the stack: nothing can keep a reference to it after the call */
    struct tl_binding slots[TL_CALL_SLOTS];
    struct tl_env local, *scope = &local;
    unsigned i;
    int rc;

    TL_STACK_MARK();

    if (nargs != fn->nparams) {
        tl_set_error(ctx, TL_ERR_EVAL, line, col, "%s takes %u arguments, not %u", fn->name->name,
                     fn->nparams, nargs);
        return -1;
    }
    if (ctx->depth >= TL_MAX_DEPTH) {
        tl_set_error(ctx, TL_ERR_EVAL, line, col, "calls nested deeper than %d", TL_MAX_DEPTH);
        return -1;
    }
    if (nargs * 4 <= TL_CALL_SLOTS * 3) {
        memset(slots, 0, sizeof slots);
        local.parent = ctx->globals;
        local.slots = slots;
        local.cap = TL_CALL_SLOTS;
        local.count = 0;
    } else if (!(scope = tl_env_new(ctx, ctx->globals, nargs))) {
        return -1;
    }
    for (i = 0; i < nargs; i++)
        if (tl_env_define(ctx, scope, fn->params[i], args[i]))
            return -1;
    ctx->depth++;
    rc = tl_eval(ctx, scope, fn->a, out);
    ctx->depth--;
    return rc;
}

int tl_eval(struct tl_ctx *ctx, struct tl_env *env, const struct tl_node *n, struct tl_value *out)
{
    struct tl_value a, b;
    const struct tl_value *v;
    struct tl_list *l;
    unsigned i;

    TL_STACK_MARK();
    if (++ctx->steps > ctx->step_limit)
        return TL_EVAL_FAIL(ctx, n, "step limit of %lu reached", ctx->step_limit);
    switch (n->kind) {
    case N_INT:
        *out = tl_int(n->ival);
        return 0;
    case N_NUM:
        *out = tl_num(n->nval);
        return 0;
    case N_STR:
        *out = tl_str_owned(n->sval, n->slen);
        return 0;
    case N_BOOL:
        *out = tl_bool((int)n->ival);
        return 0;
    case N_NIL:
        *out = tl_nil();
        return 0;
    case N_NAME:
        v = tl_env_lookup(env, n->name);
        if (!v)
            return TL_EVAL_FAIL(ctx, n, "unbound name %s", n->name->name);
        *out = *v;
        return 0;
    case N_LIST:
        if (!(l = tl_list_new(ctx, n->nkids)))
            return -1;
        for (i = 0; i < n->nkids; i++)
            if (tl_eval(ctx, env, n->kids[i], &l->items[i]))
                return -1;
        out->kind = TV_LIST;
        out->u.l = l;
        return 0;
    case N_UNARY:
        if (tl_eval(ctx, env, n->a, &a))
            return -1;
        if (a.kind == TV_INT && a.u.i != (long)(~0ul >> 1) * -1 - 1)
            *out = tl_int(-a.u.i);
        else if (tl_is_number(&a))
            *out = tl_num(-tl_as_double(&a));
        else
            return TL_EVAL_FAIL(ctx, n, "cannot negate %s", tl_type_name(a.kind));
        return 0;
    case N_NOT:
        if (tl_eval(ctx, env, n->a, &a))
            return -1;
        *out = tl_bool(!tl_truthy(&a));
        return 0;
    case N_AND:
    case N_OR:
        if (tl_eval(ctx, env, n->a, &a))
            return -1;
        if (tl_truthy(&a) == (n->kind == N_OR)) {
            *out = a;
            return 0;
        }
        return tl_eval(ctx, env, n->b, out);
    case N_IF:
        if (tl_eval(ctx, env, n->a, &a))
            return -1;
        return tl_eval(ctx, env, tl_truthy(&a) ? n->b : n->c, out);
    case N_BINARY:
        if (tl_eval(ctx, env, n->a, &a) || tl_eval(ctx, env, n->b, &b))
            return -1;
        switch (n->op) {
        case TK_EQ: case TK_NE: case TK_LT: case TK_LE: case TK_GT: case TK_GE:
            return tl_eval_compare(ctx, n, &a, &b, out);
        default:
            return tl_eval_arith(ctx, n, &a, &b, out);
        }
    case N_INDEX:
        if (tl_eval(ctx, env, n->a, &a) || tl_eval(ctx, env, n->b, &b))
            return -1;
        return tl_eval_index(ctx, n, &a, &b, out);
    case N_CALL:
        return tl_eval_call(ctx, env, n, out);
    default:
        return TL_EVAL_FAIL(ctx, n, "not an expression");
    }
}

static int tl_eval_stmt(struct tl_ctx *ctx, struct tl_env *env, const struct tl_node *s, const char *prefix);

/* A section's keys go into the globals as "prefix.name" and into the section's own scope. */
static int tl_eval_section(struct tl_ctx *ctx, struct tl_env *env, const struct tl_node *s, const char *prefix)
{
    char path[128];
    struct tl_env *scope;
    unsigned i;
    int n = prefix[0] ? snprintf(path, sizeof path, "%s.%s", prefix, s->name->name)
                      : snprintf(path, sizeof path, "%s", s->name->name);

    if (n < 0 || (size_t)n >= sizeof path)
        return TL_EVAL_FAIL(ctx, s, "section path too long");
    if (!(scope = tl_env_new(ctx, env, s->nkids)))
        return -1;
    for (i = 0; i < s->nkids; i++)
        if (tl_eval_stmt(ctx, scope, s->kids[i], path))
            return -1;
    return 0;
}

static int tl_eval_stmt(struct tl_ctx *ctx, struct tl_env *env, const struct tl_node *s, const char *prefix)
{
    struct tl_value v;
    char key[160];
    const struct tl_sym *full;
    int n;

    switch (s->kind) {
    case S_LET:
        if (tl_eval(ctx, env, s->a, &v))
            return -1;
        return tl_env_define(ctx, env, s->name, v);
    case S_FN:
        v = tl_nil();
        v.kind = TV_FUNC;
        v.u.fn = s;
        return tl_env_define(ctx, env, s->name, v);
    case S_SECTION:
        return tl_eval_section(ctx, env, s, prefix);
    case S_KEY:
        if (tl_eval(ctx, env, s->a, &v) || tl_env_define(ctx, env, s->name, v))
            return -1;
        n = snprintf(key, sizeof key, "%s.%s", prefix, s->name->name);
        if (n < 0 || (size_t)n >= sizeof key)
            return TL_EVAL_FAIL(ctx, s, "key too long");
        full = tl_intern(&ctx->names, key, (size_t)n);
        if (!full)
            return TL_EVAL_FAIL(ctx, s, "out of memory");
        return tl_env_define(ctx, ctx->globals, full, v);
    case S_ASSERT:
        if (tl_eval(ctx, env, s->a, &v))
            return -1;
        if (tl_truthy(&v))
            return 0;
        if (s->sval)
            return TL_EVAL_FAIL(ctx, s, "assertion failed: %.*s", (int)(s->slen > 64 ? 64 : s->slen), s->sval);
        return TL_EVAL_FAIL(ctx, s, "assertion failed");
    default:
        return TL_EVAL_FAIL(ctx, s, "not a statement");
    }
}

int tl_eval_program(struct tl_ctx *ctx, const struct tl_program *prog)
{
    unsigned i;

    ctx->depth = 0;
    ctx->steps = 0;
    for (i = 0; i < prog->count; i++)
        if (tl_eval_stmt(ctx, ctx->globals, prog->stmts[i], ""))
            return -1;
    return 0;
}
