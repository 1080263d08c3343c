/* The tokenizer: source text to tokens with line and column, string escapes and numbers. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "tl.h"

static const struct { const char *word; enum tl_tok kind; } tl_keywords[] = {
    { "let", TK_LET }, { "fn", TK_FN }, { "section", TK_SECTION }, { "assert", TK_ASSERT },
    { "if", TK_IF }, { "then", TK_THEN }, { "else", TK_ELSE }, { "true", TK_TRUE },
    { "false", TK_FALSE }, { "nil", TK_NIL }, { "and", TK_AND }, { "or", TK_OR }, { "not", TK_NOT },
};

static const char *const tl_tok_names[TK_COUNT] = {
    [TK_EOF] = "end of input", [TK_ERROR] = "error", [TK_IDENT] = "name", [TK_INT] = "integer",
    [TK_NUM] = "number", [TK_STR] = "string", [TK_LET] = "'let'", [TK_FN] = "'fn'",
    [TK_SECTION] = "'section'", [TK_ASSERT] = "'assert'", [TK_IF] = "'if'", [TK_THEN] = "'then'",
    [TK_ELSE] = "'else'", [TK_TRUE] = "'true'", [TK_FALSE] = "'false'", [TK_NIL] = "'nil'",
    [TK_AND] = "'and'", [TK_OR] = "'or'", [TK_NOT] = "'not'", [TK_LPAREN] = "'('",
    [TK_RPAREN] = "')'", [TK_LBRACE] = "'{'", [TK_RBRACE] = "'}'", [TK_LBRACK] = "'['",
    [TK_RBRACK] = "']'", [TK_COMMA] = "','", [TK_SEMI] = "';'", [TK_DOT] = "'.'",
    [TK_ASSIGN] = "'='", [TK_PLUS] = "'+'", [TK_MINUS] = "'-'", [TK_STAR] = "'*'",
    [TK_SLASH] = "'/'", [TK_PERCENT] = "'%'", [TK_CARET] = "'^'", [TK_EQ] = "'=='",
    [TK_NE] = "'!='", [TK_LT] = "'<'", [TK_LE] = "'<='", [TK_GT] = "'>'", [TK_GE] = "'>='",
};

const char *tl_tok_name(enum tl_tok k)
{
    if ((unsigned)k < TK_COUNT && tl_tok_names[k])
        return tl_tok_names[k];
    return "?";
}

void tl_lex_init(struct tl_lexer *lx, const char *src, struct tl_arena *arena)
{
    lx->src = src;
    lx->p = src;
    lx->line = 1;
    lx->col = 1;
    lx->arena = arena;
}

static void tl_lex_advance(struct tl_lexer *lx)
{
    if (*lx->p == '\n') {
        lx->line++;
        lx->col = 1;
    } else {
        lx->col++;
    }
    lx->p++;
}

static void tl_lex_skip_space(struct tl_lexer *lx)
{
    for (;;) {
        char c = *lx->p;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            tl_lex_advance(lx);
        } else if (c == '#' || (c == '/' && lx->p[1] == '/')) {
            while (*lx->p && *lx->p != '\n')
                tl_lex_advance(lx);
        } else if (c == '/' && lx->p[1] == '*') {
            tl_lex_advance(lx);
            tl_lex_advance(lx);
            while (*lx->p && !(*lx->p == '*' && lx->p[1] == '/'))
                tl_lex_advance(lx);
            if (*lx->p) {
                tl_lex_advance(lx);
                tl_lex_advance(lx);
            }
        } else {
            return;
        }
    }
}

static void tl_lex_fail(struct tl_lexer *lx, struct tl_token *t, const char *msg)
{
    t->kind = TK_ERROR;
    t->slen = strlen(msg);
    t->sval = tl_arena_strndup(lx->arena, msg, t->slen);
    if (!t->sval)
        t->slen = 0;
}

static void tl_lex_error(struct tl_lexer *lx, struct tl_token *t, const char *fmt, int arg)
{
    char msg[96];
    int n = snprintf(msg, sizeof msg, fmt, arg);

    if (n < 0)
        n = 0;
    if ((size_t)n >= sizeof msg)
        n = sizeof msg - 1;
    t->kind = TK_ERROR;
    t->sval = tl_arena_strndup(lx->arena, msg, (size_t)n);
    t->slen = t->sval ? (size_t)n : 0;
}

/* The character an escape `\c` stands for, or -1 if `c` is not an escape. */
static int tl_lex_escape(int c)
{
    switch (c) {
    case 'n':
        return '\n';
    case 'r':
        return '\r';
    case '0':
        return '\0';
    case 'a':
        return '\a';
    case 'b':
        return '\b';
    case 'f':
        return '\f';
    case 'v':
        return '\v';
    case 'e':
        return 27;
    case '\\':
        return '\\';
    case '"':
        return '"';
    case '\'':
        return '\'';
    default:
        return -1;
    }
}

static int tl_hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static void tl_lex_string(struct tl_lexer *lx, struct tl_token *t)
{
    struct tl_buf b;

    tl_buf_init(&b);
    tl_lex_advance(lx); /* the opening quote */
    for (;;) {
        int c = (unsigned char)*lx->p;
        if (c == '\0' || c == '\n') {
            tl_lex_fail(lx, t, "unterminated string");
            tl_buf_free(&b);
            return;
        }
        if (c == '"') {
            tl_lex_advance(lx);
            break;
        }
        if (c == '\\') {
            int e;
            tl_lex_advance(lx);
            c = (unsigned char)*lx->p;
            if (c == 'x') {
                int hi = tl_hex_digit(lx->p[1]);
                int lo = hi < 0 ? -1 : tl_hex_digit(lx->p[2]);
                if (lo < 0) {
                    tl_lex_fail(lx, t, "bad \\x escape");
                    tl_buf_free(&b);
                    return;
                }
                tl_lex_advance(lx);
                tl_lex_advance(lx);
                tl_lex_advance(lx);
                tl_buf_putc(&b, (char)(hi * 16 + lo));
                continue;
            }
            e = tl_lex_escape(c);
            if (e < 0) {
                tl_lex_error(lx, t, "invalid escape '\\%c'", c ? c : '0');
                tl_buf_free(&b);
                return;
            }
            tl_buf_putc(&b, (char)e);
            tl_lex_advance(lx);
            continue;
        }
        tl_buf_putc(&b, (char)c);
        tl_lex_advance(lx);
    }
    if (b.oom) {
        tl_lex_fail(lx, t, "out of memory");
        tl_buf_free(&b);
        return;
    }
    t->kind = TK_STR;
    t->sval = tl_arena_strndup(lx->arena, b.data ? b.data : "", b.len);
    t->slen = b.len;
    tl_buf_free(&b);
    if (!t->sval)
        tl_lex_fail(lx, t, "out of memory");
}

static void tl_lex_number(struct tl_lexer *lx, struct tl_token *t)
{
    const char *s = lx->p;
    int is_int = 1;

    while (isdigit((unsigned char)*lx->p))
        tl_lex_advance(lx);
    if (*lx->p == '.' && isdigit((unsigned char)lx->p[1])) {
        is_int = 0;
        tl_lex_advance(lx);
        while (isdigit((unsigned char)*lx->p))
            tl_lex_advance(lx);
    }
    if ((*lx->p == 'e' || *lx->p == 'E') &&
        (isdigit((unsigned char)lx->p[1]) ||
         ((lx->p[1] == '+' || lx->p[1] == '-') && isdigit((unsigned char)lx->p[2])))) {
        is_int = 0;
        tl_lex_advance(lx);
        tl_lex_advance(lx);
        while (isdigit((unsigned char)*lx->p))
            tl_lex_advance(lx);
    }
    if (isalpha((unsigned char)*lx->p) || *lx->p == '_') {
        tl_lex_error(lx, t, "bad number suffix '%c'", *lx->p);
        return;
    }
    if (tl_parse_number(s, (size_t)(lx->p - s), &t->ival, &t->nval, &is_int)) {
        tl_lex_fail(lx, t, "number out of range");
        return;
    }
    t->kind = is_int ? TK_INT : TK_NUM;
}

static enum tl_tok tl_lex_word(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < sizeof tl_keywords / sizeof tl_keywords[0]; i++)
        if (strlen(tl_keywords[i].word) == n && memcmp(tl_keywords[i].word, s, n) == 0)
            return tl_keywords[i].kind;
    return TK_IDENT;
}

/* Two-character operators first, then the single ones. */
static enum tl_tok tl_lex_operator(struct tl_lexer *lx)
{
    char c = *lx->p;
    char d = lx->p[1];

    if (d == '=') {
        enum tl_tok k = TK_ERROR;
        if (c == '=')
            k = TK_EQ;
        else if (c == '!')
            k = TK_NE;
        else if (c == '<')
            k = TK_LE;
        else if (c == '>')
            k = TK_GE;
        if (k != TK_ERROR) {
            tl_lex_advance(lx);
            tl_lex_advance(lx);
            return k;
        }
    }
    if ((c == '&' && d == '&') || (c == '|' && d == '|')) {
        tl_lex_advance(lx);
        tl_lex_advance(lx);
        return c == '&' ? TK_AND : TK_OR;
    }
    switch (c) {
    case '(': tl_lex_advance(lx); return TK_LPAREN;
    case ')': tl_lex_advance(lx); return TK_RPAREN;
    case '{': tl_lex_advance(lx); return TK_LBRACE;
    case '}': tl_lex_advance(lx); return TK_RBRACE;
    case '[': tl_lex_advance(lx); return TK_LBRACK;
    case ']': tl_lex_advance(lx); return TK_RBRACK;
    case ',': tl_lex_advance(lx); return TK_COMMA;
    case ';': tl_lex_advance(lx); return TK_SEMI;
    case '.': tl_lex_advance(lx); return TK_DOT;
    case '=': tl_lex_advance(lx); return TK_ASSIGN;
    case '+': tl_lex_advance(lx); return TK_PLUS;
    case '-': tl_lex_advance(lx); return TK_MINUS;
    case '*': tl_lex_advance(lx); return TK_STAR;
    case '/': tl_lex_advance(lx); return TK_SLASH;
    case '%': tl_lex_advance(lx); return TK_PERCENT;
    case '^': tl_lex_advance(lx); return TK_CARET;
    case '<': tl_lex_advance(lx); return TK_LT;
    case '>': tl_lex_advance(lx); return TK_GT;
    case '!': tl_lex_advance(lx); return TK_NOT;
    default: return TK_ERROR;
    }
}

void tl_lex_next(struct tl_lexer *lx, struct tl_token *t)
{
    unsigned char c;

    tl_lex_skip_space(lx);
    memset(t, 0, sizeof *t);
    t->line = lx->line;
    t->col = lx->col;
    t->start = lx->p;
    c = (unsigned char)*lx->p;
    if (c == '\0') {
        t->kind = TK_EOF;
    } else if (isalpha(c) || c == '_') {
        while (isalnum((unsigned char)*lx->p) || *lx->p == '_')
            tl_lex_advance(lx);
        t->kind = tl_lex_word(t->start, (size_t)(lx->p - t->start));
    } else if (isdigit(c)) {
        tl_lex_number(lx, t);
    } else if (c == '"') {
        tl_lex_string(lx, t);
    } else {
        t->kind = tl_lex_operator(lx);
        if (t->kind == TK_ERROR) {
            if (isprint(c))
                tl_lex_error(lx, t, "unexpected charater '%c'", c);
            else
                tl_lex_error(lx, t, "unexpected byte 0x%02x", c);
            tl_lex_advance(lx);
        }
    }
    t->len = (size_t)(lx->p - t->start);
}
