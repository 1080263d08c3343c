/*
 * The recursive-descent parser. Grammar (lowest precedence first):
 *   program := stmt*
 *   stmt    := 'let' NAME '=' expr ';' | 'fn' NAME '(' [NAME {',' NAME}] ')' '=' expr ';'
 *            | 'section' NAME '{' stmt* '}' | NAME '=' expr ';' | 'assert' expr [',' STRING] ';'
 *   expr    := 'if' expr 'then' expr 'else' expr | or
 *   or      := and {('or' | '||') and}
 *   and     := not {('and' | '&&') not}
 *   not     := ('not' | '!') not | cmp
 *   cmp     := add [('==' | '!=' | '<' | '<=' | '>' | '>=') add]
 *   add     := mul {('+' | '-') mul}
 *   mul     := unary {('*' | '/' | '%') unary}
 *   unary   := '-' unary | pow
 *   pow     := postfix ['^' unary]
 *   postfix := primary {'(' args ')' | '[' expr ']' | '.' NAME}
 *   primary := INT | NUM | STRING | 'true' | 'false' | 'nil' | NAME | '(' expr ')' | '[' args ']'
 */
#include <stdio.h>
#include <string.h>
#include "tl.h"

struct tl_parser {
    struct tl_ctx *ctx;
    struct tl_lexer lx;
    struct tl_token tok;
    struct tl_token next;
    int have_next;
    int failed;
    unsigned section_depth;
};

/* A growable array of node pointers in the run arena. */
struct tl_nodevec {
    struct tl_node **items;
    unsigned count;
    unsigned cap;
};

static void tl_parse_fail(struct tl_parser *ps, const struct tl_token *at, const char *what)
{
    if (ps->failed)
        return;
    ps->failed = 1;
    if (at->kind == TK_ERROR) {
        tl_set_error(ps->ctx, TL_ERR_LEX, at->line, at->col, "%s", at->sval ? at->sval : "bad token");
        return;
    }
    if (at->kind == TK_EOF)
        tl_set_error(ps->ctx, TL_ERR_PARSE, at->line, at->col, "expected %s before end of input", what);
    else
        tl_set_error(ps->ctx, TL_ERR_PARSE, at->line, at->col, "expected %s, found '%.*s'", what,
                     (int)(at->len > 24 ? 24 : at->len), at->start);
}

static void tl_advance(struct tl_parser *ps)
{
    if (ps->have_next) {
        ps->tok = ps->next;
        ps->have_next = 0;
    } else {
        tl_lex_next(&ps->lx, &ps->tok);
    }
    if (ps->tok.kind == TK_ERROR)
        tl_parse_fail(ps, &ps->tok, "a token");
}

static const struct tl_token *tl_peek(struct tl_parser *ps)
{
    if (!ps->have_next) {
        tl_lex_next(&ps->lx, &ps->next);
        ps->have_next = 1;
    }
    return &ps->next;
}

static int tl_accept(struct tl_parser *ps, enum tl_tok k)
{
    if (ps->failed || ps->tok.kind != k)
        return 0;
    tl_advance(ps);
    return 1;
}

static int tl_expect(struct tl_parser *ps, enum tl_tok k)
{
    if (tl_accept(ps, k))
        return 1;
    tl_parse_fail(ps, &ps->tok, tl_tok_name(k));
    return 0;
}

static struct tl_node *tl_node_new(struct tl_parser *ps, enum tl_nkind kind, const struct tl_token *at)
{
    struct tl_node *n = tl_arena_alloc(&ps->ctx->arena, sizeof *n);

    if (!n) {
        if (!ps->failed) {
            ps->failed = 1;
            tl_set_error(ps->ctx, TL_ERR_NOMEM, at->line, at->col, "out of memory");
        }
        return NULL;
    }
    n->kind = kind;
    n->line = at->line;
    n->col = at->col;
    return n;
}

static int tl_nodevec_push(struct tl_parser *ps, struct tl_nodevec *v, struct tl_node *n)
{
    if (v->count == v->cap) {
        unsigned cap = v->cap ? v->cap * 2 : 4;
        struct tl_node **items = tl_arena_alloc(&ps->ctx->arena, cap * sizeof *items);
        if (!items) {
            tl_parse_fail(ps, &ps->tok, "memory");
            return -1;
        }
        if (v->count)
            memcpy(items, v->items, v->count * sizeof *items);
        v->items = items;
        v->cap = cap;
    }
    v->items[v->count++] = n;
    return 0;
}

static const struct tl_sym *tl_name_of(struct tl_parser *ps, const struct tl_token *t)
{
    const struct tl_sym *s = tl_intern(&ps->ctx->names, t->start, t->len);

    if (!s)
        tl_parse_fail(ps, t, "memory");
    return s;
}

static struct tl_node *tl_parse_expr(struct tl_parser *ps);
static struct tl_node *tl_parse_unary(struct tl_parser *ps);

/* Comma-separated expressions up to `close`; the opening bracket is already consumed. */
static int tl_parse_args(struct tl_parser *ps, enum tl_tok close, struct tl_nodevec *v)
{
    if (tl_accept(ps, close))
        return 0;
    do {
        struct tl_node *e = tl_parse_expr(ps);
        if (!e || tl_nodevec_push(ps, v, e))
            return -1;
    } while (tl_accept(ps, TK_COMMA));
    return tl_expect(ps, close) ? 0 : -1;
}

static struct tl_node *tl_parse_primary(struct tl_parser *ps)
{
    struct tl_token t = ps->tok;
    struct tl_node *n = NULL;

    TL_STACK_MARK();
    if (ps->failed)
        return NULL;
    switch (t.kind) {
    case TK_INT:
        if ((n = tl_node_new(ps, N_INT, &t)))
            n->ival = t.ival;
        tl_advance(ps);
        return n;
    case TK_NUM:
        if ((n = tl_node_new(ps, N_NUM, &t)))
            n->nval = t.nval;
        tl_advance(ps);
        return n;
    case TK_STR:
        if ((n = tl_node_new(ps, N_STR, &t))) {
            n->sval = t.sval;
            n->slen = t.slen;
        }
        tl_advance(ps);
        return n;
    case TK_TRUE:
    case TK_FALSE:
        if ((n = tl_node_new(ps, N_BOOL, &t)))
            n->ival = t.kind == TK_TRUE;
        tl_advance(ps);
        return n;
    case TK_NIL:
        n = tl_node_new(ps, N_NIL, &t);
        tl_advance(ps);
        return n;
    case TK_IDENT:
        if ((n = tl_node_new(ps, N_NAME, &t)))
            n->name = tl_name_of(ps, &t);
        tl_advance(ps);
        return n;
    case TK_LPAREN:
        tl_advance(ps);
        n = tl_parse_expr(ps);
        return tl_expect(ps, TK_RPAREN) ? n : NULL;
    case TK_LBRACK: {
        struct tl_nodevec v = { 0 };
        tl_advance(ps);
        if (!(n = tl_node_new(ps, N_LIST, &t)) || tl_parse_args(ps, TK_RBRACK, &v))
            return NULL;
        n->kids = v.items;
        n->nkids = v.count;
        return n;
    }
    default:
        tl_parse_fail(ps, &t, "an expression");
        return NULL;
    }
}

/* `a.b` on a name is the dotted key "a.b" (a section key), resolved by the interner. */
static struct tl_node *tl_parse_dotted(struct tl_parser *ps, struct tl_node *n)
{
    char key[128];
    int len;
    struct tl_token t = ps->tok;

    if (!tl_expect(ps, TK_IDENT) && !ps->failed)
        return NULL;
    if (ps->failed)
        return NULL;
    if (n->kind != N_NAME) {
        tl_parse_fail(ps, &t, "a section name before '.'");
        return NULL;
    }
    len = snprintf(key, sizeof key, "%s.%.*s", n->name->name, (int)t.len, t.start);
    if (len < 0 || (size_t)len >= sizeof key) {
        tl_parse_fail(ps, &t, "a shorter key");
        return NULL;
    }
    n->name = tl_intern(&ps->ctx->names, key, (size_t)len);
    if (!n->name)
        tl_parse_fail(ps, &t, "memory");
    return ps->failed ? NULL : n;
}

static struct tl_node *tl_parse_postfix(struct tl_parser *ps)
{
    struct tl_node *n = tl_parse_primary(ps);

    while (n && !ps->failed) {
        struct tl_token t = ps->tok;
        if (tl_accept(ps, TK_LPAREN)) {
            struct tl_nodevec v = { 0 };
            struct tl_node *call;
            if (n->kind != N_NAME) {
                tl_parse_fail(ps, &t, "a function name before '('");
                return NULL;
            }
            if (!(call = tl_node_new(ps, N_CALL, &t)) || tl_parse_args(ps, TK_RPAREN, &v))
                return NULL;
            call->name = n->name;
            call->line = n->line;
            call->col = n->col;
            call->kids = v.items;
            call->nkids = v.count;
            n = call;
        } else if (tl_accept(ps, TK_LBRACK)) {
            struct tl_node *ix = tl_node_new(ps, N_INDEX, &t);
            if (!ix)
                return NULL;
            ix->a = n;
            ix->b = tl_parse_expr(ps);
            if (!ix->b || !tl_expect(ps, TK_RBRACK))
                return NULL;
            n = ix;
        } else if (tl_accept(ps, TK_DOT)) {
            n = tl_parse_dotted(ps, n);
        } else {
            break;
        }
    }
    return ps->failed ? NULL : n;
}

static struct tl_node *tl_parse_pow(struct tl_parser *ps)
{
    struct tl_node *base = tl_parse_postfix(ps);
    struct tl_token t = ps->tok;
    struct tl_node *n;

    if (!base || !tl_accept(ps, TK_CARET))
        return base;
    if (!(n = tl_node_new(ps, N_BINARY, &t)))
        return NULL;
    n->op = TK_CARET;
    n->a = base;
    n->b = tl_parse_unary(ps); /* right associative: 2^-1, 2^3^2 */
    return n->b ? n : NULL;
}

static struct tl_node *tl_parse_unary(struct tl_parser *ps)
{
    struct tl_token t = ps->tok;
    struct tl_node *n;

    if (!tl_accept(ps, TK_MINUS))
        return tl_parse_pow(ps);
    if (!(n = tl_node_new(ps, N_UNARY, &t)))
        return NULL;
    n->op = TK_MINUS;
    n->a = tl_parse_unary(ps);
    return n->a ? n : NULL;
}

static struct tl_node *tl_parse_binary_left(struct tl_parser *ps, struct tl_node *(*sub)(struct tl_parser *),
                                            const enum tl_tok *ops, unsigned nops)
{
    struct tl_node *left = sub(ps);

    while (left && !ps->failed) {
        struct tl_token t = ps->tok;
        unsigned i;
        struct tl_node *n;
        for (i = 0; i < nops && t.kind != ops[i]; i++)
            ;
        if (i == nops)
            break;
        tl_advance(ps);
        if (!(n = tl_node_new(ps, N_BINARY, &t)))
            return NULL;
        n->op = t.kind;
        n->a = left;
        n->b = sub(ps);
        if (!n->b)
            return NULL;
        left = n;
    }
    return ps->failed ? NULL : left;
}

static struct tl_node *tl_parse_mul(struct tl_parser *ps)
{
    static const enum tl_tok ops[] = { TK_STAR, TK_SLASH, TK_PERCENT };
    return tl_parse_binary_left(ps, tl_parse_unary, ops, 3);
}

static struct tl_node *tl_parse_add(struct tl_parser *ps)
{
    static const enum tl_tok ops[] = { TK_PLUS, TK_MINUS };
    return tl_parse_binary_left(ps, tl_parse_mul, ops, 2);
}

static struct tl_node *tl_parse_cmp(struct tl_parser *ps)
{
    struct tl_node *left = tl_parse_add(ps);
    struct tl_token t = ps->tok;
    struct tl_node *n;

    if (!left)
        return NULL;
    switch (t.kind) {
    case TK_EQ: case TK_NE: case TK_LT: case TK_LE: case TK_GT: case TK_GE:
        break;
    default:
        return left;
    }
    tl_advance(ps);
    if (!(n = tl_node_new(ps, N_BINARY, &t)))
        return NULL;
    n->op = t.kind;
    n->a = left;
    n->b = tl_parse_add(ps);
    return n->b ? n : NULL;
}

static struct tl_node *tl_parse_not(struct tl_parser *ps)
{
    struct tl_token t = ps->tok;
    struct tl_node *n;

    if (!tl_accept(ps, TK_NOT))
        return tl_parse_cmp(ps);
    if (!(n = tl_node_new(ps, N_NOT, &t)))
        return NULL;
    n->a = tl_parse_not(ps);
    return n->a ? n : NULL;
}

static struct tl_node *tl_parse_logic(struct tl_parser *ps, enum tl_tok op, enum tl_nkind kind,
                                      struct tl_node *(*sub)(struct tl_parser *))
{
    struct tl_node *left = sub(ps);

    while (left && !ps->failed && ps->tok.kind == op) {
        struct tl_token t = ps->tok;
        struct tl_node *n;
        tl_advance(ps);
        if (!(n = tl_node_new(ps, kind, &t)))
            return NULL;
        n->a = left;
        n->b = sub(ps);
        if (!n->b)
            return NULL;
        left = n;
    }
    return ps->failed ? NULL : left;
}

static struct tl_node *tl_parse_and(struct tl_parser *ps)
{
    return tl_parse_logic(ps, TK_AND, N_AND, tl_parse_not);
}

static struct tl_node *tl_parse_or(struct tl_parser *ps)
{
    return tl_parse_logic(ps, TK_OR, N_OR, tl_parse_and);
}

static struct tl_node *tl_parse_expr(struct tl_parser *ps)
{
    struct tl_token t = ps->tok;
    struct tl_node *n;

    if (ps->ctx->depth++ > TL_MAX_DEPTH * 2) {
        tl_parse_fail(ps, &t, "less deeply nested expressions");
        ps->ctx->depth--;
        return NULL;
    }
    if (!tl_accept(ps, TK_IF)) {
        n = tl_parse_or(ps);
    } else if ((n = tl_node_new(ps, N_IF, &t))) {
        n->a = tl_parse_expr(ps);
        if (n->a && tl_expect(ps, TK_THEN))
            n->b = tl_parse_expr(ps);
        if (n->b && tl_expect(ps, TK_ELSE))
            n->c = tl_parse_expr(ps);
        if (!n->c)
            n = NULL;
    }
    ps->ctx->depth--;
    return n;
}

static struct tl_node *tl_parse_stmt(struct tl_parser *ps);

static struct tl_node *tl_parse_section(struct tl_parser *ps, const struct tl_token *at)
{
    struct tl_nodevec body = { 0 };
    struct tl_token name = ps->tok;
    struct tl_node *n;

    if (!tl_expect(ps, TK_IDENT))
        return NULL;
    if (ps->section_depth >= 8) {
        tl_parse_fail(ps, &name, "at most 8 nested sections");
        return NULL;
    }
    if (!(n = tl_node_new(ps, S_SECTION, at)) || !(n->name = tl_name_of(ps, &name)))
        return NULL;
    if (!tl_expect(ps, TK_LBRACE))
        return NULL;
    ps->section_depth++;
    while (!ps->failed && ps->tok.kind != TK_RBRACE && ps->tok.kind != TK_EOF) {
        struct tl_node *s = tl_parse_stmt(ps);
        if (!s)
            tl_parse_fail(ps, &ps->tok, "a key or '}'");
        if (!s || tl_nodevec_push(ps, &body, s))
            break;
    }
    ps->section_depth--;
    if (!tl_expect(ps, TK_RBRACE))
        return NULL;
    n->kids = body.items;
    n->nkids = body.count;
    return n;
}

static struct tl_node *tl_parse_fn(struct tl_parser *ps, const struct tl_token *at)
{
    const struct tl_sym *params[TL_MAX_ARGS];
    struct tl_token name = ps->tok;
    struct tl_node *n;
    unsigned np = 0;

    if (!tl_expect(ps, TK_IDENT) || !tl_expect(ps, TK_LPAREN))
        return NULL;
    if (!tl_accept(ps, TK_RPAREN)) {
        do {
            struct tl_token p = ps->tok;
            if (!tl_expect(ps, TK_IDENT))
                return NULL;
            if (np == TL_MAX_ARGS) {
                tl_parse_fail(ps, &p, "at most 6 parameters");
                return NULL;
            }
            if (!(params[np++] = tl_name_of(ps, &p)))
                return NULL;
        } while (tl_accept(ps, TK_COMMA));
        if (!tl_expect(ps, TK_RPAREN))
            return NULL;
    }
    if (!tl_expect(ps, TK_ASSIGN) || !(n = tl_node_new(ps, S_FN, at)))
        return NULL;
    n->name = tl_name_of(ps, &name);
    n->nparams = np;
    if (np) {
        n->params = tl_arena_alloc(&ps->ctx->arena, np * sizeof *n->params);
        if (!n->params) {
            tl_parse_fail(ps, &name, "memory");
            return NULL;
        }
        memcpy(n->params, params, np * sizeof *params);
    }
    n->a = tl_parse_expr(ps);
    return n->a && tl_expect(ps, TK_SEMI) ? n : NULL;
}

static struct tl_node *tl_parse_stmt(struct tl_parser *ps)
{
    struct tl_token t = ps->tok;
    struct tl_node *n;

    if (ps->failed)
        return NULL;
    if (tl_accept(ps, TK_SECTION))
        return tl_parse_section(ps, &t);
    if (tl_accept(ps, TK_FN)) {
        if (ps->section_depth) {
            tl_parse_fail(ps, &t, "a key (functions belong at the top level)");
            return NULL;
        }
        return tl_parse_fn(ps, &t);
    }
    if (tl_accept(ps, TK_ASSERT)) {
        if (!(n = tl_node_new(ps, S_ASSERT, &t)) || !(n->a = tl_parse_expr(ps)))
            return NULL;
        if (tl_accept(ps, TK_COMMA)) {
            struct tl_token m = ps->tok;
            if (!tl_expect(ps, TK_STR))
                return NULL;
            n->sval = m.sval;
            n->slen = m.slen;
        }
        return tl_expect(ps, TK_SEMI) ? n : NULL;
    }
    if (tl_accept(ps, TK_LET)) {
        t = ps->tok;
        if (!tl_expect(ps, TK_IDENT) || !(n = tl_node_new(ps, S_LET, &t)))
            return NULL;
    } else if (t.kind == TK_IDENT && tl_peek(ps)->kind == TK_ASSIGN) {
        tl_advance(ps);
        if (!(n = tl_node_new(ps, ps->section_depth ? S_KEY : S_LET, &t)))
            return NULL;
    } else {
        tl_parse_fail(ps, &t, ps->section_depth ? "a key or '}'" : "a statement");
        return NULL;
    }
    if (!(n->name = tl_name_of(ps, &t)) || !tl_expect(ps, TK_ASSIGN))
        return NULL;
    n->a = tl_parse_expr(ps);
    return n->a && tl_expect(ps, TK_SEMI) ? n : NULL;
}

/* Parses `src` into `out` (nodes in the run arena); 0 on success, else the context holds the error. */
int tl_parse(struct tl_ctx *ctx, const char *src, struct tl_program *out)
{
    struct tl_parser ps;
    struct tl_nodevec stmts = { 0 };

    memset(&ps, 0, sizeof ps);
    ps.ctx = ctx;
    ctx->depth = 0;
    tl_lex_init(&ps.lx, src, &ctx->arena);
    tl_advance(&ps);
    while (!ps.failed && ps.tok.kind != TK_EOF) {
        struct tl_node *s = tl_parse_stmt(&ps);
        if (!s)
            tl_parse_fail(&ps, &ps.tok, "a statement");
        if (!s || tl_nodevec_push(&ps, &stmts, s))
            break;
    }
    if (!ps.failed && ps.tok.kind != TK_EOF)
        tl_parse_fail(&ps, &ps.tok, "end of input");
    out->stmts = stmts.items;
    out->count = ps.failed ? 0 : stmts.count;
    return ps.failed ? -1 : 0;
}
