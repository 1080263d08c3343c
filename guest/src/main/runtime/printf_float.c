/*
 * printf_float.c - %f %e %g of the runtime's snprintf, exact: the double's complete decimal
 * expansion (at most 767 significant digits) is computed with big integers, then rounded once at the
 * requested digit, to nearest with ties to even, as glibc does in the default rounding mode. Uses
 * about 1.6 KiB of stack.
 */
#include <stdint.h>
#include <string.h>
#include "bignum.h"
#include "printf.h"

#define MAXD 800

/* A positive decimal number 0.d[0]d[1]...d[n-1] x 10^point (n == 0: zero). */
struct decimal {
    int n;
    int point;
    char d[MAXD];
};

/* The exact decimal expansion of finite x > 0. */
static void expand(double x, struct decimal *r)
{
    uint64_t bits;
    __builtin_memcpy(&bits, &x, 8);
    int ef = (int)(bits >> 52) & 0x7ff;
    uint64_t m = bits & ((1ull << 52) - 1);
    int e;
    if (ef) {
        m |= 1ull << 52;
        e = ef - 1075;
    } else {
        e = -1074;
    }
    while (e < 0 && !(m & 1)) {
        m >>= 1;
        e++;
    }
    struct big b;
    big_set(&b, m);
    int e10 = 0;
    if (e >= 0) {
        big_shl(&b, e);
    } else {
        big_mulpow5(&b, -e);
        e10 = e;                    /* m 2^e = m 5^-e 10^e */
    }
    /* digits, 9 at a time from the least significant end, into the top of r->d */
    int pos = MAXD;
    while (b.n) {
        uint32_t chunk = big_divsmall(&b, 1000000000u);
        for (int i = 0; i < 9; i++) {
            r->d[--pos] = (char)('0' + chunk % 10);
            chunk /= 10;
        }
    }
    while (pos < MAXD && r->d[pos] == '0')
        pos++;
    int n = MAXD - pos;
    memmove(r->d, r->d + pos, (size_t)n);
    while (n > 0 && r->d[n - 1] == '0') {
        n--;
        e10++;
    }
    r->n = n;
    r->point = n + e10;
}

/* Rounds r to its first keep digits (keep may be <= 0 or beyond n), to nearest, ties to even. */
static void round_to(struct decimal *r, int keep)
{
    if (keep >= r->n)
        return;
    int up;
    if (keep < 0) {
        up = 0;
    } else {
        char c = r->d[keep];
        if (c != '5')
            up = c > '5';
        else if (keep + 1 < r->n)
            up = 1;                                 /* trailing zeros are stripped: more follows */
        else
            up = keep > 0 && ((r->d[keep - 1] - '0') & 1);
    }
    if (keep <= 0) {
        if (up) {
            r->d[0] = '1';
            r->n = 1;
            r->point -= keep - 1;
        } else {
            r->n = 0;
        }
        return;
    }
    r->n = keep;
    if (up) {
        int i = keep - 1;
        while (i >= 0 && r->d[i] == '9')
            i--;
        if (i < 0) {
            r->d[0] = '1';
            r->n = 1;
            r->point++;
        } else {
            r->d[i]++;
            r->n = i + 1;
        }
    }
    while (r->n > 0 && r->d[r->n - 1] == '0')
        r->n--;
}

static char digit_at(const struct decimal *r, int i)
{
    return i >= 0 && i < r->n ? r->d[i] : '0';
}

/* Writes the digits of a %f body (no sign) with frac fractional digits. */
static void body_f(struct sink *s, const struct decimal *r, int frac, int alt)
{
    int point = r->n ? r->point : 1;
    if (point <= 0)
        sink_put(s, '0');
    for (int i = 0; i < point; i++)
        sink_put(s, digit_at(r, i));
    if (frac > 0 || alt)
        sink_put(s, '.');
    for (int i = 0; i < frac; i++)
        sink_put(s, digit_at(r, point + i));
}

/* Writes a %e body (no sign): digits after the point, exponent letter. */
static void body_e(struct sink *s, const struct decimal *r, int frac, int alt, char letter)
{
    sink_put(s, r->n ? r->d[0] : '0');
    if (frac > 0 || alt)
        sink_put(s, '.');
    for (int i = 1; i <= frac; i++)
        sink_put(s, digit_at(r, i));
    int x = r->n ? r->point - 1 : 0;
    sink_put(s, letter);
    sink_put(s, x < 0 ? '-' : '+');
    if (x < 0)
        x = -x;
    char e[4];
    int ne = 0;
    do {
        e[ne++] = (char)('0' + x % 10);
        x /= 10;
    } while (x);
    if (ne < 2)
        e[ne++] = '0';
    while (ne)
        sink_put(s, e[--ne]);
}

/* The body of the conversion (no sign, no padding) into s. */
static void body(struct sink *s, const struct spec *sp, struct decimal *r)
{
    char c = sp->conv;
    int prec = sp->prec < 0 ? 6 : sp->prec;
    if (c == 'f' || c == 'F') {
        body_f(s, r, prec, sp->alt);
        return;
    }
    if (c == 'e' || c == 'E') {
        body_e(s, r, prec, sp->alt, c);
        return;
    }
    /* %g: P significant digits; %e style if the exponent X < -4 or X >= P */
    int p = prec == 0 ? 1 : prec;
    int x = r->n ? r->point - 1 : 0;
    int frac;
    int e_style = x < -4 || x >= p;
    frac = e_style ? p - 1 : p - 1 - x;
    if (!sp->alt) {
        /* no trailing zeros: the fraction ends at the last nonzero digit */
        int last = e_style ? r->n - 1 : r->n - (r->n ? r->point : 1);
        if (last < frac)
            frac = last < 0 ? 0 : last;
    }
    if (e_style)
        body_e(s, r, frac, sp->alt, c == 'G' ? 'E' : 'e');
    else
        body_f(s, r, frac, sp->alt);
}

void format_double(struct sink *s, const struct spec *sp, double x)
{
    uint64_t bits;
    __builtin_memcpy(&bits, &x, 8);
    int neg = (int)(bits >> 63);
    const char *sign = neg ? "-" : sp->plus ? "+" : sp->space ? " " : "";
    int upper = sp->conv == 'F' || sp->conv == 'E' || sp->conv == 'G';
    struct sink count = {0, 0, 0};
    long pad;
    if ((bits & 0x7ff0000000000000ull) == 0x7ff0000000000000ull) {
        const char *word = (bits & ((1ull << 52) - 1)) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
        long n = (long)strlen(sign) + 3;
        pad = sp->width > n ? sp->width - n : 0;
        if (!sp->minus)
            sink_fill(s, ' ', pad);
        for (const char *p = sign; *p; p++)
            sink_put(s, *p);
        for (const char *p = word; *p; p++)
            sink_put(s, *p);
        if (sp->minus)
            sink_fill(s, ' ', pad);
        return;
    }
    struct decimal r;
    r.n = 0;
    r.point = 1;
    if (bits << 1)
        expand(neg ? -x : x, &r);
    int prec = sp->prec < 0 ? 6 : sp->prec;
    if (sp->conv == 'f' || sp->conv == 'F')
        round_to(&r, r.point + prec);
    else if (sp->conv == 'e' || sp->conv == 'E')
        round_to(&r, prec + 1);
    else
        round_to(&r, prec == 0 ? 1 : prec);
    body(&count, sp, &r);
    long n = (long)strlen(sign) + (long)count.len;
    pad = sp->width > n ? sp->width - n : 0;
    if (!sp->minus && !sp->zero)
        sink_fill(s, ' ', pad);
    for (const char *p = sign; *p; p++)
        sink_put(s, *p);
    if (!sp->minus && sp->zero)
        sink_fill(s, '0', pad);
    body(s, sp, &r);
    if (sp->minus)
        sink_fill(s, ' ', pad);
}
