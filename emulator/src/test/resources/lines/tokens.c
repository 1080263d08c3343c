#include "textutil.h"

struct token {
    int kind;
    long value;
    unsigned long hash;
};

int token_count;

static const char *skip_spaces(const char *p)
{
    while (is_space(*p)) {
        p++;
    }
    return p;
}

static long parse_number(const char **pp)
{
    const char *p = *pp;
    long v = 0;
    while (is_digit(*p)) {
        v = v * 10 + (*p - '0');
        p++;
    }
    *pp = p;
    return v;
}

const char *next_token(const char *p, struct token *t)
{
    p = skip_spaces(p);
    if (*p == 0) {
        t->kind = 0;
        return p;
    }
    if (is_digit(*p)) {
        t->kind = 1;
        t->value = parse_number(&p);
        t->hash = 0;
    } else {
        unsigned long h = 14695981039346656037UL;
        t->kind = 2;
        while (*p && !is_space(*p) && !is_digit(*p)) {
            h = mix(h, (unsigned char) *p);
            p++;
        }
        t->hash = h;
        t->value = 0;
    }
    token_count++;
    return p;
}
