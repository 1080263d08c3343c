/* textlib internals shared by its files. */
#ifndef TL_H
#define TL_H

#include <stdarg.h>
#include <stddef.h>
#include "textlib.h"

#define TL_MAX_DEPTH 12            /* user-function calls; each costs ~1 KiB of stack */
#define TL_MAX_ARGS 6
#define TL_CALL_SLOTS 4            /* a call scope's bindings on the stack; more go to the arena */

/* Keeps a function with a large frame out of a recursive caller (as Linux's noinline_for_stack):
 * the guest's stack is 16 KiB and the evaluator recurses once per nested expression. */
#define tl_noinline_for_stack __attribute__((noinline))

#ifdef TL_STACK_PROBE
extern unsigned long tl_stack_low;
#define TL_STACK_MARK()                                                         \
    do {                                                                       \
        unsigned long sp_ = (unsigned long)__builtin_frame_address(0);         \
        if (!tl_stack_low || sp_ < tl_stack_low)                               \
            tl_stack_low = sp_;                                                \
    } while (0)
#else
#define TL_STACK_MARK() do { } while (0)
#endif
#define TL_ERR_CAP 128

/* ---- growable text buffer (buf.c) ---- */
struct tl_buf {
    char *data;
    size_t len;
    size_t cap;
    int oom;
};
void tl_buf_init(struct tl_buf *b);
void tl_buf_free(struct tl_buf *b);
void tl_buf_reset(struct tl_buf *b);
int tl_buf_reserve(struct tl_buf *b, size_t extra);
void tl_buf_putc(struct tl_buf *b, char c);
void tl_buf_puts(struct tl_buf *b, const char *s);
void tl_buf_putn(struct tl_buf *b, const char *s, size_t n);
void tl_buf_printf(struct tl_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tl_buf_vprintf(struct tl_buf *b, const char *fmt, va_list ap);
void tl_buf_indent(struct tl_buf *b, int depth);
int tl_buf_copy_out(const struct tl_buf *b, char *out, size_t cap);

/* ---- run arena: every allocation of one run, freed at once (arena.c) ---- */
struct tl_chunk;
struct tl_arena {
    struct tl_chunk *head;
    size_t bytes;
    size_t limit;
};
void tl_arena_init(struct tl_arena *a, size_t limit);
void *tl_arena_alloc(struct tl_arena *a, size_t size);
char *tl_arena_strndup(struct tl_arena *a, const char *s, size_t n);
void tl_arena_release(struct tl_arena *a);

/* ---- interned names (intern.c) ---- */
struct tl_sym {
    unsigned hash;
    unsigned id;
    size_t len;
    char name[];
};
struct tl_interner {
    const struct tl_sym **slots;
    size_t cap;
    size_t count;
};
int tl_intern_init(struct tl_interner *in, size_t cap);
void tl_intern_free(struct tl_interner *in);
const struct tl_sym *tl_intern(struct tl_interner *in, const char *s, size_t len);
const struct tl_sym *tl_intern_find(const struct tl_interner *in, const char *s, size_t len);

/* ---- tokens (lexer.c) ---- */
enum tl_tok {
    TK_EOF, TK_ERROR, TK_IDENT, TK_INT, TK_NUM, TK_STR,
    TK_LET, TK_FN, TK_SECTION, TK_ASSERT, TK_IF, TK_THEN, TK_ELSE,
    TK_TRUE, TK_FALSE, TK_NIL, TK_AND, TK_OR, TK_NOT,
    TK_LPAREN, TK_RPAREN, TK_LBRACE, TK_RBRACE, TK_LBRACK, TK_RBRACK,
    TK_COMMA, TK_SEMI, TK_DOT, TK_ASSIGN,
    TK_PLUS, TK_MINUS, TK_STAR, TK_SLASH, TK_PERCENT, TK_CARET,
    TK_EQ, TK_NE, TK_LT, TK_LE, TK_GT, TK_GE, TK_COUNT
};
struct tl_token {
    enum tl_tok kind;
    unsigned line;
    unsigned col;
    const char *start;
    size_t len;
    long ival;
    double nval;
    char *sval;          /* TK_STR: unescaped text (run arena); TK_ERROR: the message */
    size_t slen;
};
struct tl_lexer {
    const char *src;
    const char *p;
    unsigned line;
    unsigned col;
    struct tl_arena *arena;
};
void tl_lex_init(struct tl_lexer *lx, const char *src, struct tl_arena *arena);
void tl_lex_next(struct tl_lexer *lx, struct tl_token *t);
const char *tl_tok_name(enum tl_tok k);

/* ---- syntax tree (parser.c) ---- */
enum tl_nkind {
    N_INT, N_NUM, N_STR, N_BOOL, N_NIL, N_NAME, N_LIST,
    N_UNARY, N_BINARY, N_AND, N_OR, N_NOT, N_IF, N_CALL, N_INDEX,
    S_LET, S_FN, S_SECTION, S_KEY, S_ASSERT
};
struct tl_node {
    enum tl_nkind kind;
    unsigned line;
    unsigned col;
    enum tl_tok op;                /* N_UNARY / N_BINARY */
    const struct tl_sym *name;     /* N_NAME, N_CALL callee, S_LET/S_FN/S_SECTION/S_KEY */
    long ival;
    double nval;
    const char *sval;
    size_t slen;
    struct tl_node *a, *b, *c;     /* operands; S_LET/S_KEY value in a; S_FN body in a */
    struct tl_node **kids;         /* N_LIST items, N_CALL args, S_SECTION body */
    const struct tl_sym **params;  /* S_FN */
    unsigned nkids;
    unsigned nparams;
};
struct tl_program {
    struct tl_node **stmts;
    unsigned count;
};

/* ---- values (value.c) ---- */
enum tl_vkind { TV_NIL, TV_BOOL, TV_INT, TV_NUM, TV_STR, TV_LIST, TV_FUNC };
struct tl_list;
struct tl_value {
    enum tl_vkind kind;
    union {
        int b;
        long i;
        double n;
        struct { const char *p; size_t len; } s;
        const struct tl_list *l;
        const struct tl_node *fn;
    } u;
};
struct tl_list {
    size_t len;
    struct tl_value items[];
};

/* ---- bindings (env.c) ---- */
struct tl_binding {
    const struct tl_sym *sym;
    struct tl_value val;
};
struct tl_env {
    struct tl_env *parent;
    struct tl_binding *slots;
    size_t cap;
    size_t count;
};

/* ---- the context ---- */
struct tl_ctx {
    struct tl_interner names;
    struct tl_arena arena;
    struct tl_program prog;
    struct tl_env *globals;
    struct tl_buf scratch;
    enum tl_status status;
    char err[TL_ERR_CAP];
    const char *bi_msg;            /* why a built-in failed (set by the built-in) */
    unsigned depth;
    unsigned long steps;
    unsigned long step_limit;
};

void tl_set_error(struct tl_ctx *ctx, enum tl_status st, unsigned line, unsigned col,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

int tl_parse(struct tl_ctx *ctx, const char *src, struct tl_program *out);

struct tl_env *tl_env_new(struct tl_ctx *ctx, struct tl_env *parent, size_t cap);
int tl_env_define(struct tl_ctx *ctx, struct tl_env *env, const struct tl_sym *sym, struct tl_value v);
const struct tl_value *tl_env_lookup(const struct tl_env *env, const struct tl_sym *sym);
size_t tl_env_sorted(struct tl_ctx *ctx, const struct tl_env *env, const struct tl_binding ***out);

struct tl_value tl_nil(void);
struct tl_value tl_bool(int b);
struct tl_value tl_int(long i);
struct tl_value tl_num(double n);
struct tl_value tl_str(struct tl_ctx *ctx, const char *s, size_t len);
struct tl_value tl_str_owned(const char *s, size_t len);
struct tl_list *tl_list_new(struct tl_ctx *ctx, size_t len);
int tl_is_number(const struct tl_value *v);
double tl_as_double(const struct tl_value *v);
int tl_truthy(const struct tl_value *v);
int tl_values_equal(const struct tl_value *a, const struct tl_value *b);
int tl_compare(const struct tl_value *a, const struct tl_value *b, int *out);
const char *tl_type_name(enum tl_vkind k);
void tl_value_write(struct tl_buf *b, const struct tl_value *v, int quote);

int tl_eval_program(struct tl_ctx *ctx, const struct tl_program *prog);
int tl_eval(struct tl_ctx *ctx, struct tl_env *env, const struct tl_node *n, struct tl_value *out);
int tl_call_function(struct tl_ctx *ctx, const struct tl_node *fn, const struct tl_value *args,
                     unsigned nargs, unsigned line, unsigned col, struct tl_value *out);

/* ---- built-in functions (builtins.c) ---- */
typedef int (*tl_builtin_fn)(struct tl_ctx *ctx, const struct tl_value *args, unsigned nargs,
                             struct tl_value *out);
struct tl_builtin {
    const char *name;
    unsigned min_args;
    unsigned max_args;
    tl_builtin_fn fn;
};
const struct tl_builtin *tl_builtin_find(const char *name, size_t len);

/* ---- numbers (num.c) ---- */
double tl_floor(double x);
double tl_sqrt(double x);
double tl_pow(double x, double y);
double tl_fabs(double x);
double tl_round_half_away(double x);
int tl_isfinite(double x);
int tl_parse_number(const char *s, size_t len, long *ival, double *nval, int *is_int);

/* ---- pretty printer (print.c) ---- */
void tl_print_expr(struct tl_buf *b, const struct tl_node *n, int parent_prec);
void tl_print_block(struct tl_buf *b, struct tl_node *const *stmts, unsigned n, int depth);
void tl_print_stmt(struct tl_buf *b, const struct tl_node *s, int depth);

#endif
