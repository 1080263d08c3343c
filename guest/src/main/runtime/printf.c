/*
 * printf.c - snprintf and friends of the quiesce runtime, formatting into memory as C11 7.21.6.1 and
 * glibc do for the supported conversions (stdio.h lists them). An unsupported conversion is copied
 * to the output as written, its argument consumed as the length modifier says.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "printf.h"

void sink_put(struct sink *s, char c)
{
    if (s->len + 1 < s->size)
        s->buf[s->len] = c;
    s->len++;
}

void sink_fill(struct sink *s, char c, long n)
{
    for (; n > 0; n--)
        sink_put(s, c);
}

static void put_str(struct sink *s, const char *p, size_t n)
{
    while (n--)
        sink_put(s, *p++);
}

/* Integer conversions d i u o x X (and p as %#lx). */
static void format_int(struct sink *s, const struct spec *sp, unsigned long long mag, int neg)
{
    char digits[24];
    int nd = 0;
    unsigned base = sp->conv == 'o' ? 8 : (sp->conv == 'x' || sp->conv == 'X' || sp->conv == 'p') ? 16 : 10;
    const char *hex = sp->conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    for (unsigned long long v = mag; v; v /= base)
        digits[nd++] = hex[v % base];
    int zeros = sp->prec > nd ? sp->prec - nd : 0;
    if (sp->prec < 0 && nd == 0)
        zeros = 1;                                  /* the value 0 without precision: "0" */
    if (sp->conv == 'o' && sp->alt && zeros == 0 && (nd == 0 || digits[nd - 1] != '0'))
        zeros = 1;                                  /* %#o: a leading 0 */
    const char *prefix = "";
    int signed_conv = sp->conv == 'd' || sp->conv == 'i';
    if (signed_conv && neg)
        prefix = "-";
    else if (signed_conv && sp->plus)
        prefix = "+";
    else if (signed_conv && sp->space)
        prefix = " ";
    else if ((sp->conv == 'x' || sp->conv == 'X') && sp->alt && mag)
        prefix = sp->conv == 'x' ? "0x" : "0X";
    else if (sp->conv == 'p')
        prefix = "0x";
    long plen = (long)strlen(prefix);
    long body = plen + zeros + nd;
    long pad = sp->width > body ? sp->width - body : 0;
    if (sp->zero && !sp->minus && sp->prec < 0) {
        zeros += (int)pad;
        pad = 0;
    }
    if (!sp->minus)
        sink_fill(s, ' ', pad);
    put_str(s, prefix, (size_t)plen);
    sink_fill(s, '0', zeros);
    while (nd)
        sink_put(s, digits[--nd]);
    if (sp->minus)
        sink_fill(s, ' ', pad);
}

static void format_text(struct sink *s, const struct spec *sp, const char *p, size_t n)
{
    long pad = sp->width > (long)n ? sp->width - (long)n : 0;
    if (!sp->minus)
        sink_fill(s, ' ', pad);
    put_str(s, p, n);
    if (sp->minus)
        sink_fill(s, ' ', pad);
}

static int atoi_step(const char **f)
{
    int v = 0;
    while (**f >= '0' && **f <= '9') {
        if (v < 100000000)
            v = v * 10 + (**f - '0');
        (*f)++;
    }
    return v;
}

int vsnprintf(char *restrict out, size_t size, const char *restrict format, va_list ap)
{
    struct sink s = {out, size, 0};
    const char *f = format;
    while (*f) {
        if (*f != '%') {
            sink_put(&s, *f++);
            continue;
        }
        const char *start = f++;
        struct spec sp = {0, 0, 0, 0, 0, 0, -1, 0};
        for (;; f++) {
            if (*f == '-') sp.minus = 1;
            else if (*f == '+') sp.plus = 1;
            else if (*f == ' ') sp.space = 1;
            else if (*f == '#') sp.alt = 1;
            else if (*f == '0') sp.zero = 1;
            else break;
        }
        if (*f == '*') {
            f++;
            sp.width = va_arg(ap, int);
            if (sp.width < 0) {
                sp.minus = 1;
                sp.width = sp.width == -2147483647 - 1 ? 2147483647 : -sp.width;
            }
        } else {
            sp.width = atoi_step(&f);
        }
        if (*f == '.') {
            f++;
            if (*f == '*') {
                f++;
                sp.prec = va_arg(ap, int);
                if (sp.prec < 0)
                    sp.prec = -1;
            } else {
                sp.prec = atoi_step(&f);
            }
        }
        int len = 0;    /* -2 hh, -1 h, 0 int, 1 long (l z j t), 2 long long, 3 L */
        for (;; f++) {
            if (*f == 'h') len = len == -1 ? -2 : -1;
            else if (*f == 'l') len = len == 1 ? 2 : 1;
            else if (*f == 'z' || *f == 'j' || *f == 't') len = 1;
            else if (*f == 'L' || *f == 'q') len = 3;
            else break;
        }
        sp.conv = *f;
        if (*f)
            f++;
        switch (sp.conv) {
        case 'd':
        case 'i': {
            long long v = len >= 1 ? (len == 1 ? va_arg(ap, long) : va_arg(ap, long long)) : va_arg(ap, int);
            if (len == -1)
                v = (short)v;
            else if (len == -2)
                v = (signed char)v;
            format_int(&s, &sp, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v, v < 0);
            break;
        }
        case 'u':
        case 'o':
        case 'x':
        case 'X': {
            unsigned long long v = len >= 1 ? (len == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned long long))
                                            : va_arg(ap, unsigned);
            if (len == -1)
                v = (unsigned short)v;
            else if (len == -2)
                v = (unsigned char)v;
            format_int(&s, &sp, v, 0);
            break;
        }
        case 'p': {
            void *p = va_arg(ap, void *);
            if (p) {
                format_int(&s, &sp, (uintptr_t)p, 0);
            } else {
                sp.prec = -1;
                format_text(&s, &sp, "(nil)", 5);
            }
            break;
        }
        case 'c': {
            char c = (char)va_arg(ap, int);
            format_text(&s, &sp, &c, 1);
            break;
        }
        case 's': {
            const char *p = va_arg(ap, const char *);
            if (!p)
                p = sp.prec < 0 || sp.prec >= 6 ? "(null)" : "";
            format_text(&s, &sp, p, sp.prec < 0 ? strlen(p) : strnlen(p, (size_t)sp.prec));
            break;
        }
        case '%':
            sink_put(&s, '%');
            break;
        case 'f': case 'F': case 'e': case 'E': case 'g': case 'G':
            format_double(&s, &sp, len == 3 ? (double)va_arg(ap, long double) : va_arg(ap, double));
            break;
        default:
            /* unsupported (a A n, wide characters, positional): copy as written, consume the argument */
            if (sp.conv == 'a' || sp.conv == 'A')
                (void)(len == 3 ? (double)va_arg(ap, long double) : va_arg(ap, double));
            else if (sp.conv == 'n')
                (void)va_arg(ap, void *);
            put_str(&s, start, (size_t)(f - start));
            break;
        }
    }
    if (size)
        out[s.len < size ? s.len : size - 1] = 0;
    return s.len > 0x7fffffff ? -1 : (int)s.len;
}

int snprintf(char *restrict out, size_t size, const char *restrict format, ...)
{
    va_list ap;
    va_start(ap, format);
    int n = vsnprintf(out, size, format, ap);
    va_end(ap);
    return n;
}

int vsprintf(char *restrict out, const char *restrict format, va_list ap)
{
    return vsnprintf(out, (size_t)0x7fffffff, format, ap);
}

int sprintf(char *restrict out, const char *restrict format, ...)
{
    va_list ap;
    va_start(ap, format);
    int n = vsprintf(out, format, ap);
    va_end(ap);
    return n;
}
