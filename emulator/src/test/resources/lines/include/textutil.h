/* Small helpers gcc inlines into their callers at -O2: their lines show up inside other functions. */
#ifndef TEXTUTIL_H
#define TEXTUTIL_H

static inline int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static inline int is_space(char c)
{
    return c == ' ' || c == '\t'
        || c == '\n' || c == '\r';
}

static inline unsigned long mix(unsigned long h, unsigned char c)
{
    h ^= c;
    h *= 1099511628211UL;
    return h;
}

#endif
