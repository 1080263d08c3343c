/*
 * The pretty printer: a program back to canonical source text (one statement a line, four-space
 * indentation, parentheses only where precedence needs them). Its output parses to the same tree.
 */
#include <stdio.h>
#include <string.h>
#include "tl.h"

enum { P_IF = 0, P_OR, P_AND, P_NOT, P_CMP, P_ADD, P_MUL, P_UNARY, P_POW, P_POSTFIX };

static int tl_binary_prec(enum tl_tok op)
{
    switch (op) {
    case TK_EQ: case TK_NE: case TK_LT: case TK_LE: case TK_GT: case TK_GE:
        return P_CMP;
    case TK_PLUS: case TK_MINUS:
        return P_ADD;
    case TK_STAR: case TK_SLASH: case TK_PERCENT:
        return P_MUL;
    case TK_CARET:
        return P_POW;
    default:
        return P_POSTFIX;
    }
}

static const char *tl_op_text(enum tl_tok op)
{
    switch (op) {
    case TK_PLUS: return "+";
    case TK_MINUS: return "-";
    case TK_STAR: return "*";
    case TK_SLASH: return "/";
    case TK_PERCENT: return "%";
    case TK_CARET: return "^";
    case TK_EQ: return "==";
    case TK_NE: return "!=";
    case TK_LT: return "<";
    case TK_LE: return "<=";
    case TK_GT: return ">";
    case TK_GE: return ">=";
    default: return "?";
    }
}

static int tl_node_prec(const struct tl_node *n)
{
    switch (n->kind) {
    case N_IF: return P_IF;
    case N_OR: return P_OR;
    case N_AND: return P_AND;
    case N_NOT: return P_NOT;
    case N_UNARY: return P_UNARY;
    case N_BINARY: return tl_binary_prec(n->op);
    default: return P_POSTFIX;
    }
}

static void tl_print_list(struct tl_buf *b, struct tl_node *const *kids, unsigned n)
{
    unsigned i;

    for (i = 0; i < n; i++) {
        if (i)
            tl_buf_puts(b, ", ");
        tl_print_expr(b, kids[i], P_IF);
    }
}

void tl_print_expr(struct tl_buf *b, const struct tl_node *n, int parent_prec)
{
    int prec = tl_node_prec(n);
    int paren = prec < parent_prec;
    struct tl_value v;

    if (paren)
        tl_buf_putc(b, '(');
    switch (n->kind) {
    case N_INT:
        tl_buf_printf(b, "%ld", n->ival);
        break;
    case N_NUM:
        v = tl_num(n->nval);
        tl_value_write(b, &v, 1);
        break;
    case N_STR:
        v = tl_str_owned(n->sval, n->slen);
        tl_value_write(b, &v, 1);
        break;
    case N_BOOL:
        tl_buf_puts(b, n->ival ? "true" : "false");
        break;
    case N_NIL:
        tl_buf_puts(b, "nil");
        break;
    case N_NAME:
        tl_buf_putn(b, n->name->name, n->name->len);
        break;
    case N_LIST:
        tl_buf_putc(b, '[');
        tl_print_list(b, n->kids, n->nkids);
        tl_buf_putc(b, ']');
        break;
    case N_CALL:
        tl_buf_printf(b, "%s(", n->name->name);
        tl_print_list(b, n->kids, n->nkids);
        tl_buf_putc(b, ')');
        break;
    case N_INDEX:
        tl_print_expr(b, n->a, P_POSTFIX);
        tl_buf_putc(b, '[');
        tl_print_expr(b, n->b, P_IF);
        tl_buf_putc(b, ']');
        break;
    case N_UNARY:
        tl_buf_putc(b, '-');
        tl_print_expr(b, n->a, P_UNARY);
        break;
    case N_NOT:
        tl_buf_puts(b, "not ");
        tl_print_expr(b, n->a, P_NOT);
        break;
    case N_AND:
    case N_OR:
        tl_print_expr(b, n->a, prec);
        tl_buf_puts(b, n->kind == N_AND ? " and " : " or ");
        tl_print_expr(b, n->b, prec + 1);
        break;
    case N_BINARY:
        if (n->op == TK_CARET) {
            /* right associative: the left operand binds tighter */
            tl_print_expr(b, n->a, P_POSTFIX);
            tl_buf_puts(b, " ^ ");
            tl_print_expr(b, n->b, P_UNARY);
        } else {
            /* comparisons do not chain; the others are left associative */
            tl_print_expr(b, n->a, prec == P_CMP ? prec + 1 : prec);
            tl_buf_printf(b, " %s ", tl_op_text(n->op));
            tl_print_expr(b, n->b, prec + 1);
        }
        break;
    case N_IF:
        tl_buf_puts(b, "if ");
        tl_print_expr(b, n->a, P_IF);
        tl_buf_puts(b, " then ");
        tl_print_expr(b, n->b, P_IF);
        tl_buf_puts(b, " else ");
        tl_print_expr(b, n->c, P_IF);
        break;
    default:
        tl_buf_puts(b, "<?>");
        break;
    }
    if (paren)
        tl_buf_putc(b, ')');
}

/* Statements of a block, one a line. */
void tl_print_block(struct tl_buf *b, struct tl_node *const *stmts, unsigned n, int depth)
{
    unsigned i;

    for (i = 0; i < n; i++)
        tl_print_stmt(b, stmts[i], depth);
}

/* One statement, indented, with its terminator: ';' after a simple statement, none after a
 * section's '}' (the parser takes no ';' there). */
void tl_print_stmt(struct tl_buf *b, const struct tl_node *s, int depth)
{
    unsigned i;

    tl_buf_indent(b, depth);
    switch (s->kind) {
    case S_LET:
        tl_buf_printf(b, "let %s = ", s->name->name);
        tl_print_expr(b, s->a, P_IF);
        break;
    case S_KEY:
        tl_buf_printf(b, "%s = ", s->name->name);
        tl_print_expr(b, s->a, P_IF);
        break;
    case S_FN:
        tl_buf_printf(b, "fn %s(", s->name->name);
        for (i = 0; i < s->nparams; i++)
            tl_buf_printf(b, i ? ", %s" : "%s", s->params[i]->name);
        tl_buf_puts(b, ") = ");
        tl_print_expr(b, s->a, P_IF);
        break;
    case S_ASSERT:
        tl_buf_puts(b, "assert ");
        tl_print_expr(b, s->a, P_IF);
        if (s->sval) {
            struct tl_value m = tl_str_owned(s->sval, s->slen);
            tl_buf_puts(b, ", ");
            tl_value_write(b, &m, 1);
        }
        break;
    case S_SECTION:
        tl_buf_printf(b, "section %s {\n", s->name->name);
        tl_print_block(b, s->kids, s->nkids, depth + 1);
        tl_buf_indent(b, depth);
        tl_buf_puts(b, "}\n");
        return;
    default:
        tl_buf_puts(b, "<?>");
        break;
    }
    tl_buf_puts(b, ";\n");
}
