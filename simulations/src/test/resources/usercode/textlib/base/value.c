/* Values: construction, conversion, comparison and their text form. */
#include <stdio.h>
#include <string.h>
#include "tl.h"

struct tl_value tl_nil(void)
{
    struct tl_value v;

    memset(&v, 0, sizeof v);
    v.kind = TV_NIL;
    return v;
}

struct tl_value tl_bool(int b)
{
    struct tl_value v = tl_nil();

    v.kind = TV_BOOL;
    v.u.b = b != 0;
    return v;
}

struct tl_value tl_int(long i)
{
    struct tl_value v = tl_nil();

    v.kind = TV_INT;
    v.u.i = i;
    return v;
}

struct tl_value tl_num(double n)
{
    struct tl_value v = tl_nil();

    v.kind = TV_NUM;
    v.u.n = n;
    return v;
}

/* A string value that points at text living at least as long as the run (source, arena). */
struct tl_value tl_str_owned(const char *s, size_t len)
{
    struct tl_value v = tl_nil();

    v.kind = TV_STR;
    v.u.s.p = s;
    v.u.s.len = len;
    return v;
}

/* A string value holding a copy of `s` in the run arena; nil (and an error) if out of memory. */
struct tl_value tl_str(struct tl_ctx *ctx, const char *s, size_t len)
{
    char *p = tl_arena_strndup(&ctx->arena, s, len);

    if (!p) {
        tl_set_error(ctx, TL_ERR_NOMEM, 0, 0, "out of memory");
        return tl_nil();
    }
    return tl_str_owned(p, len);
}

struct tl_list *tl_list_new(struct tl_ctx *ctx, size_t len)
{
    struct tl_list *l = tl_arena_alloc(&ctx->arena, sizeof *l + len * sizeof l->items[0]);

    if (!l) {
        tl_set_error(ctx, TL_ERR_NOMEM, 0, 0, "out of memory");
        return NULL;
    }
    l->len = len;
    return l;
}

int tl_is_number(const struct tl_value *v)
{
    return v->kind == TV_INT || v->kind == TV_NUM;
}

double tl_as_double(const struct tl_value *v)
{
    switch (v->kind) {
    case TV_INT:
        return (double)v->u.i;
    case TV_NUM:
        return v->u.n;
    case TV_BOOL:
        return v->u.b;
    default:
        return 0.0;
    }
}

int tl_truthy(const struct tl_value *v)
{
    switch (v->kind) {
    case TV_NIL:
        return 0;
    case TV_BOOL:
        return v->u.b;
    case TV_INT:
        return v->u.i != 0;
    case TV_NUM:
        return v->u.n != 0.0;
    case TV_STR:
        return v->u.s.len != 0;
    case TV_LIST:
        return v->u.l->len != 0;
    case TV_FUNC:
        return 1;
    }
    return 0;
}

const char *tl_type_name(enum tl_vkind k)
{
    switch (k) {
    case TV_NIL:
        return "nil";
    case TV_BOOL:
        return "bool";
    case TV_INT:
        return "int";
    case TV_NUM:
        return "number";
    case TV_STR:
        return "string";
    case TV_LIST:
        return "list";
    case TV_FUNC:
        return "function";
    }
    return "?";
}

int tl_values_equal(const struct tl_value *a, const struct tl_value *b)
{
    size_t i;

    if (tl_is_number(a) && tl_is_number(b)) {
        if (a->kind == TV_INT && b->kind == TV_INT)
            return a->u.i == b->u.i;
        return tl_as_double(a) == tl_as_double(b);
    }
    if (a->kind != b->kind)
        return 0;
    switch (a->kind) {
    case TV_NIL:
        return 1;
    case TV_BOOL:
        return a->u.b == b->u.b;
    case TV_STR:
        return a->u.s.len == b->u.s.len && memcmp(a->u.s.p, b->u.s.p, a->u.s.len) == 0;
    case TV_LIST:
        if (a->u.l->len != b->u.l->len)
            return 0;
        for (i = 0; i < a->u.l->len; i++)
            if (!tl_values_equal(&a->u.l->items[i], &b->u.l->items[i]))
                return 0;
        return 1;
    case TV_FUNC:
        return a->u.fn == b->u.fn;
    default:
        return 0;
    }
}

/* Orders numbers with numbers and strings with strings (bytewise); -1 if they cannot be ordered. */
int tl_compare(const struct tl_value *a, const struct tl_value *b, int *out)
{
    if (tl_is_number(a) && tl_is_number(b)) {
        if (a->kind == TV_INT && b->kind == TV_INT) {
            *out = (a->u.i > b->u.i) - (a->u.i < b->u.i);
        } else {
            double x = tl_as_double(a), y = tl_as_double(b);
            if (x != x || y != y)
                return -1;
            *out = (x > y) - (x < y);
        }
        return 0;
    }
    if (a->kind == TV_STR && b->kind == TV_STR) {
        size_t n = a->u.s.len < b->u.s.len ? a->u.s.len : b->u.s.len;
        int c = memcmp(a->u.s.p, b->u.s.p, n);
        if (c == 0)
            c = (a->u.s.len > b->u.s.len) - (a->u.s.len < b->u.s.len);
        *out = (c > 0) - (c < 0);
        return 0;
    }
    return -1;
}

static void tl_write_quoted(struct tl_buf *b, const char *s, size_t len)
{
    size_t i;

    tl_buf_putc(b, '"');
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '\n':
            tl_buf_puts(b, "\\n");
            break;
        case '\t':
            tl_buf_puts(b, "\\t");
            break;
        case '\r':
            tl_buf_puts(b, "\\r");
            break;
        case '"':
            tl_buf_puts(b, "\\\"");
            break;
        case '\\':
            tl_buf_puts(b, "\\\\");
            break;
        default:
            if (c < 0x20 || c >= 0x7f)
                tl_buf_printf(b, "\\x%02x", c);
            else
                tl_buf_putc(b, (char)c);
        }
    }
    tl_buf_putc(b, '"');
}

/* The text of a value; strings quoted (with escapes) when `quote`, as in the pretty printer. */
void tl_value_write(struct tl_buf *b, const struct tl_value *v, int quote)
{
    char num[48];
    size_t i;

    switch (v->kind) {
    case TV_NIL:
        tl_buf_puts(b, "nil");
        break;
    case TV_BOOL:
        tl_buf_puts(b, v->u.b ? "true" : "false");
        break;
    case TV_INT:
        tl_buf_printf(b, "%ld", v->u.i);
        break;
    case TV_NUM:
        tl_format_number(num, sizeof num, v->u.n);
        tl_buf_puts(b, num);
        break;
    case TV_STR:
        if (quote)
            tl_write_quoted(b, v->u.s.p, v->u.s.len);
        else
            tl_buf_putn(b, v->u.s.p, v->u.s.len);
        break;
    case TV_LIST:
        tl_buf_putc(b, '[');
        for (i = 0; i < v->u.l->len; i++) {
            if (i)
                tl_buf_puts(b, ", ");
            tl_value_write(b, &v->u.l->items[i], 1);
        }
        tl_buf_putc(b, ']');
        break;
    case TV_FUNC:
        tl_buf_printf(b, "<fn %s/%u>", v->u.fn->name->name, v->u.fn->nparams);
        break;
    }
}
