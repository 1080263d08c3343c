/* strtol.c - integer conversions of the quiesce runtime (strtol family, atoi, abs, div), with C11's
 * rules: leading white space, a sign, base 0 (0x / 0 prefixes) or 2..36, ERANGE and the clamped value
 * on overflow, *end at the first unused character (at s when nothing was converted). */
#include <stdint.h>
#include <limits.h>
#include <stdlib.h>
#include <ctype.h>
#include <errno.h>

static int digit(int c)
{
    if (isdigit(c))
        return c - '0';
    if (isalpha(c))
        return (c | 32) - 'a' + 10;
    return 99;
}

/*
 * Parses the magnitude into *mag (clamped to limit, *over set when it exceeds limit); returns the end
 * of the number, or NULL when there are no digits. *neg receives the sign.
 */
static const char *scan(const char *s, int base, unsigned long long limit, unsigned long long *mag,
                        int *neg, int *over)
{
    while (isspace((unsigned char)*s))
        s++;
    *neg = 0;
    if (*s == '+' || *s == '-')
        *neg = *s++ == '-';
    if ((base == 0 || base == 16) && s[0] == '0' && (s[1] | 32) == 'x' && digit((unsigned char)s[2]) < 16) {
        s += 2;
        base = 16;
    } else if (base == 0) {
        base = s[0] == '0' ? 8 : 10;
    }
    unsigned long long v = 0;
    int any = 0;
    *over = 0;
    for (int d; (d = digit((unsigned char)*s)) < base; s++) {
        any = 1;
        if (*over)
            continue;
        if (v > (limit - (unsigned)d) / (unsigned)base)
            *over = 1, v = limit;
        else
            v = v * (unsigned)base + (unsigned)d;
    }
    *mag = v;
    return any ? s : NULL;
}

static long long signed_conv(const char *s, char **end, int base, long long min, long long max)
{
    unsigned long long mag;
    int neg, over;
    if (base < 0 || base == 1 || base > 36) {
        errno = EINVAL;
        if (end)
            *end = (char *)s;
        return 0;
    }
    const char *e = scan(s, base, ULLONG_MAX, &mag, &neg, &over);
    if (end)
        *end = (char *)(e ? e : s);
    if (!e)
        return 0;
    unsigned long long lim = neg ? (unsigned long long)max + 1 : (unsigned long long)max;
    if (over || mag > lim) {
        errno = ERANGE;
        return neg ? min : max;
    }
    return neg ? (long long)(0 - mag) : (long long)mag;
}

static unsigned long long unsigned_conv(const char *s, char **end, int base, unsigned long long max)
{
    unsigned long long mag;
    int neg, over;
    if (base < 0 || base == 1 || base > 36) {
        errno = EINVAL;
        if (end)
            *end = (char *)s;
        return 0;
    }
    const char *e = scan(s, base, ULLONG_MAX, &mag, &neg, &over);
    if (end)
        *end = (char *)(e ? e : s);
    if (!e)
        return 0;
    if (over || mag > max) {
        errno = ERANGE;
        return max;
    }
    return neg ? (0 - mag) & max : mag;
}

long strtol(const char *restrict s, char **restrict end, int base)
{
    return (long)signed_conv(s, end, base, LONG_MIN, LONG_MAX);
}

long long strtoll(const char *restrict s, char **restrict end, int base)
{
    return signed_conv(s, end, base, LLONG_MIN, LLONG_MAX);
}

unsigned long strtoul(const char *restrict s, char **restrict end, int base)
{
    return (unsigned long)unsigned_conv(s, end, base, ULONG_MAX);
}

unsigned long long strtoull(const char *restrict s, char **restrict end, int base)
{
    return unsigned_conv(s, end, base, ULLONG_MAX);
}

int atoi(const char *s) { return (int)strtol(s, NULL, 10); }
long atol(const char *s) { return strtol(s, NULL, 10); }
long long atoll(const char *s) { return strtoll(s, NULL, 10); }

int abs(int v) { return v < 0 ? -v : v; }
long labs(long v) { return v < 0 ? -v : v; }
long long llabs(long long v) { return v < 0 ? -v : v; }
div_t div(int a, int b) { return (div_t){a / b, a % b}; }
ldiv_t ldiv(long a, long b) { return (ldiv_t){a / b, a % b}; }
lldiv_t lldiv(long long a, long long b) { return (lldiv_t){a / b, a % b}; }
