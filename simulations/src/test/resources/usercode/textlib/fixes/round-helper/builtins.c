/* The built-in functions, found by name in a table sorted for binary search. */
#include <ctype.h>
#include <string.h>
#include "tl.h"

static int tl_bi_fail(struct tl_ctx *ctx, const char *why)
{
    ctx->bi_msg = why;
    return -1;
}

static int tl_bi_number(const struct tl_value *v, double *out)
{
    if (!tl_is_number(v))
        return -1;
    *out = tl_as_double(v);
    return 0;
}

/* A double that is a whole number in range becomes an int, as the language's rounding results. */
static struct tl_value tl_whole(double d)
{
    if (d >= -9.2e18 && d <= 9.2e18)
        return tl_int((long)d);
    return tl_num(d);
}

static int bi_len(struct tl_ctx *ctx, const struct tl_value *a, unsigned n, struct tl_value *out)
{
    (void)n;
    if (a[0].kind == TV_STR)
        *out = tl_int((long)a[0].u.s.len);
    else if (a[0].kind == TV_LIST)
        *out = tl_int((long)a[0].u.l->len);
    else
        return tl_bi_fail(ctx, "needs a string or a list");
    return 0;
}

static int bi_str(struct tl_ctx *ctx, const struct tl_value *a, unsigned n, struct tl_value *out)
{
    (void)n;
    if (a[0].kind == TV_STR) {
        *out = a[0];
        return 0;
    }
    tl_buf_reset(&ctx->scratch);
    tl_value_write(&ctx->scratch, &a[0], 1);
    if (ctx->scratch.oom)
        return tl_bi_fail(ctx, "out of memory");
    *out = tl_str(ctx, ctx->scratch.data, ctx->scratch.len);
    return out->kind == TV_STR ? 0 : -1;
}

static int bi_num(struct tl_ctx *ctx, const struct tl_value *a, unsigned n, struct tl_value *out)
{
    long iv;
    double nv;
    int is_int = 1;

    (void)n;
    if (tl_is_number(&a[0])) {
        *out = a[0];
        return 0;
    }
    if (a[0].kind != TV_STR)
        return tl_bi_fail(ctx, "needs a string or a number");
    if (a[0].u.s.len && a[0].u.s.p[0] == '-') {
        if (tl_parse_number(a[0].u.s.p + 1, a[0].u.s.len - 1, &iv, &nv, &is_int))
            return tl_bi_fail(ctx, "not a number");
        *out = is_int ? tl_int(-iv) : tl_num(-nv);
        return 0;
    }
    if (tl_parse_number(a[0].u.s.p, a[0].u.s.len, &iv, &nv, &is_int))
        return tl_bi_fail(ctx, "not a number");
    *out = is_int ? tl_int(iv) : tl_num(nv);
    return 0;
}

static int tl_bi_map_case(struct tl_ctx *ctx, const struct tl_value *a, int upper, struct tl_value *out)
{
    char *p;
    size_t i;

    if (a->kind != TV_STR)
        return tl_bi_fail(ctx, "needs a string");
    p = tl_arena_strndup(&ctx->arena, a->u.s.p, a->u.s.len);
    if (!p)
        return tl_bi_fail(ctx, "out of memory");
    for (i = 0; i < a->u.s.len; i++)
        p[i] = (char)(upper ? toupper((unsigned char)p[i]) : tolower((unsigned char)p[i]));
    *out = tl_str_owned(p, a->u.s.len);
    return 0;
}

static int bi_upper(struct tl_ctx *ctx, const struct tl_value *a, unsigned n, struct tl_value *out)
{
    (void)n;
    return tl_bi_map_case(ctx, &a[0], 1, out);
}

static int bi_lower(struct tl_ctx *ctx, const struct tl_value *a, unsigned n, struct tl_value *out)
{
    (void)n;
    return tl_bi_map_case(ctx, &a[0], 0, out);
}

/* min/max over the arguments, or over one list argument. */
static int tl_bi_extreme(struct tl_ctx *ctx, const struct tl_value *a, unsigned n, int want, struct tl_value *out)
{
    const struct tl_value *items = a;
    size_t count = n, i;
    int c;

    if (n == 1 && a[0].kind == TV_LIST) {
        items = a[0].u.l->items;
        count = a[0].u.l->len;
    }
    if (count == 0)
        return tl_bi_fail(ctx, "needs at least one value");
    *out = items[0];
    for (i = 1; i < count; i++) {
        if (tl_compare(&items[i], out, &c))
            return tl_bi_fail(ctx, "values cannot be ordered");
        if (c == want)
            *out = items[i];
    }
    return 0;
}

static int bi_min(struct tl_ctx *ctx, const struct tl_value *a, unsigned n, struct tl_value *out)
{
    return tl_bi_extreme(ctx, a, n, -1, out);
}

static int bi_max(struct tl_ctx *ctx, const struct tl_value *a, unsigned n, struct tl_value *out)
{
    return tl_bi_extreme(ctx, a, n, 1, out);
}

static int bi_abs(struct tl_ctx *ctx, const struct tl_value *a, unsigned n, struct tl_value *out)
{
    (void)n;
    if (a[0].kind == TV_INT && a[0].u.i != (long)(~0ul >> 1) * -1 - 1)
        *out = tl_int(a[0].u.i < 0 ? -a[0].u.i : a[0].u.i);
    else if (tl_is_number(&a[0]))
        *out = tl_num(tl_fabs(tl_as_double(&a[0])));
    else
        return tl_bi_fail(ctx, "needs a number");
    return 0;
}

static int bi_sqrt(struct tl_ctx *ctx, const struct tl_value *a, unsigned n, struct tl_value *out)
{
    double x;

    (void)n;
    if (tl_bi_number(&a[0], &x) || x < 0)
        return tl_bi_fail(ctx, "needs a number >= 0");
    *out = tl_num(tl_sqrt(x));
    return 0;
}

static int bi_floor(struct tl_ctx *ctx, const struct tl_value *a, unsigned n, struct tl_value *out)
{
    double x;

    (void)n;
    if (tl_bi_number(&a[0], &x))
        return tl_bi_fail(ctx, "needs a number");
    *out = a[0].kind == TV_INT ? a[0] : tl_whole(tl_floor(x));
    return 0;
}

/* round(x): to the nearest whole number. */
static int bi_round(struct tl_ctx *ctx, const struct tl_value *a, unsigned n, struct tl_value *out)
{
    double x;

    (void)n;
    if (tl_bi_number(&a[0], &x))
        return tl_bi_fail(ctx, "needs a number");
    if (a[0].kind == TV_INT) {
        *out = a[0];
        return 0;
    }
    if (!tl_isfinite(x))
        return tl_bi_fail(ctx, "needs a finite number");
    *out = tl_whole(tl_round_half_away(x));
    return 0;
}

static int bi_sum(struct tl_ctx *ctx, const struct tl_value *a, unsigned n, struct tl_value *out)
{
    const struct tl_list *l;
    long isum = 0;
    double dsum = 0;
    int all_int = 1;
    size_t i;

    (void)n;
    if (a[0].kind != TV_LIST)
        return tl_bi_fail(ctx, "needs a list");
    l = a[0].u.l;
    for (i = 0; i < l->len; i++) {
        const struct tl_value *v = &l->items[i];
        if (!tl_is_number(v))
            return tl_bi_fail(ctx, "needs a list of numbers");
        if (v->kind == TV_INT && all_int && !__builtin_add_overflow(isum, v->u.i, &isum))
            continue;
        if (all_int) {
            all_int = 0;
            dsum = (double)isum;
            if (v->kind == TV_INT)
                isum = 0;
        }
        dsum += tl_as_double(v);
    }
    *out = all_int ? tl_int(isum) : tl_num(dsum);
    return 0;
}

static int bi_avg(struct tl_ctx *ctx, const struct tl_value *a, unsigned n, struct tl_value *out)
{
    struct tl_value s;

    if (a[0].kind != TV_LIST || a[0].u.l->len == 0)
        return tl_bi_fail(ctx, "needs a non-empty list");
    if (bi_sum(ctx, a, n, &s))
        return -1;
    *out = tl_num(tl_as_double(&s) / (double)a[0].u.l->len);
    return 0;
}

static int bi_join(struct tl_ctx *ctx, const struct tl_value *a, unsigned n, struct tl_value *out)
{
    struct tl_buf *b = &ctx->scratch;
    size_t i;

    if (a[0].kind != TV_LIST || (n > 1 && a[1].kind != TV_STR))
        return tl_bi_fail(ctx, "needs a list and a separator string");
    tl_buf_reset(b);
    for (i = 0; i < a[0].u.l->len; i++) {
        if (i && n > 1)
            tl_buf_putn(b, a[1].u.s.p, a[1].u.s.len);
        tl_value_write(b, &a[0].u.l->items[i], 0);
    }
    if (b->oom)
        return tl_bi_fail(ctx, "out of memory");
    *out = tl_str(ctx, b->data ? b->data : "", b->len);
    return out->kind == TV_STR ? 0 : -1;
}

static int bi_range(struct tl_ctx *ctx, const struct tl_value *a, unsigned n, struct tl_value *out)
{
    long from = 0, to, step = 1, k, count;
    struct tl_list *l;

    if (a[0].kind != TV_INT || (n > 1 && a[1].kind != TV_INT) || (n > 2 && a[2].kind != TV_INT))
        return tl_bi_fail(ctx, "needs ints");
    to = a[0].u.i;
    if (n > 1) {
        from = a[0].u.i;
        to = a[1].u.i;
    }
    if (n > 2)
        step = a[2].u.i;
    if (step == 0)
        return tl_bi_fail(ctx, "step is 0");
    count = step > 0 ? (to - from + step - 1) / step : (from - to - step - 1) / -step;
    if (count < 0)
        count = 0;
    if (count > 4096)
        return tl_bi_fail(ctx, "range longer than 4096");
    if (!(l = tl_list_new(ctx, (size_t)count)))
        return tl_bi_fail(ctx, "out of memory");
    for (k = 0; k < count; k++)
        l->items[k] = tl_int(from + k * step);
    out->kind = TV_LIST;
    out->u.l = l;
    return 0;
}

/* substr(s, start[, count]): `count` bytes of `s` from `start` (all of the rest without count). */
static int bi_substr(struct tl_ctx *ctx, const struct tl_value *a, unsigned n, struct tl_value *out)
{
    long len, start, count;

    if (a[0].kind != TV_STR || a[1].kind != TV_INT || (n > 2 && a[2].kind != TV_INT))
        return tl_bi_fail(ctx, "needs a string and ints");
    len = (long)a[0].u.s.len;
    start = a[1].u.i;
    if (start < 0)
        start = 0;
    if (start > len)
        start = len;
    count = n > 2 ? a[2].u.i : len - start;
    if (count < 0)
        return tl_bi_fail(ctx, "count < 0");
    if (count > len - start)
        count = len - start;
    *out = tl_str_owned(a[0].u.s.p + start, (size_t)count);
    return 0;
}

static int bi_find(struct tl_ctx *ctx, const struct tl_value *a, unsigned n, struct tl_value *out)
{
    size_t i, hl, nl;

    (void)n;
    if (a[0].kind != TV_STR || a[1].kind != TV_STR)
        return tl_bi_fail(ctx, "needs two strings");
    hl = a[0].u.s.len;
    nl = a[1].u.s.len;
    for (i = 0; nl <= hl && i <= hl - nl; i++) {
        if (memcmp(a[0].u.s.p + i, a[1].u.s.p, nl) == 0) {
            *out = tl_int((long)i);
            return 0;
        }
    }
    *out = tl_int(-1);
    return 0;
}

static int bi_clamp(struct tl_ctx *ctx, const struct tl_value *a, unsigned n, struct tl_value *out)
{
    int c;

    (void)n;
    if (tl_compare(&a[1], &a[2], &c) || c > 0)
        return tl_bi_fail(ctx, "needs lo <= hi");
    if (tl_compare(&a[0], &a[1], &c))
        return tl_bi_fail(ctx, "values cannot be ordered");
    if (c < 0) {
        *out = a[1];
        return 0;
    }
    if (tl_compare(&a[0], &a[2], &c))
        return tl_bi_fail(ctx, "values cannot be ordered");
    *out = c > 0 ? a[2] : a[0];
    return 0;
}

static int bi_type(struct tl_ctx *ctx, const struct tl_value *a, unsigned n, struct tl_value *out)
{
    const char *t = tl_type_name(a[0].kind);

    (void)ctx;
    (void)n;
    *out = tl_str_owned(t, strlen(t));
    return 0;
}

static int bi_version(struct tl_ctx *ctx, const struct tl_value *a, unsigned n, struct tl_value *out)
{
    (void)ctx;
    (void)a;
    (void)n;
    *out = tl_str_owned(TEXTLIB_VERSION, sizeof TEXTLIB_VERSION - 1);
    return 0;
}

/* Sorted by name (tl_builtin_find bisects). */
static const struct tl_builtin tl_builtins[] = {
    { "abs", 1, 1, bi_abs },
    { "avg", 1, 1, bi_avg },
    { "clamp", 3, 3, bi_clamp },
    { "find", 2, 2, bi_find },
    { "floor", 1, 1, bi_floor },
    { "join", 1, 2, bi_join },
    { "len", 1, 1, bi_len },
    { "lower", 1, 1, bi_lower },
    { "max", 1, TL_MAX_ARGS, bi_max },
    { "min", 1, TL_MAX_ARGS, bi_min },
    { "num", 1, 1, bi_num },
    { "range", 1, 3, bi_range },
    { "round", 1, 1, bi_round },
    { "sqrt", 1, 1, bi_sqrt },
    { "str", 1, 1, bi_str },
    { "substr", 2, 3, bi_substr },
    { "sum", 1, 1, bi_sum },
    { "type", 1, 1, bi_type },
    { "upper", 1, 1, bi_upper },
    { "version", 0, 0, bi_version },
};

const struct tl_builtin *tl_builtin_find(const char *name, size_t len)
{
    size_t lo = 0, hi = sizeof tl_builtins / sizeof tl_builtins[0];

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *m = tl_builtins[mid].name;
        size_t ml = strlen(m);
        int c = memcmp(name, m, len < ml ? len : ml);
        if (c == 0)
            c = (len > ml) - (len < ml);
        if (c == 0)
            return &tl_builtins[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}
