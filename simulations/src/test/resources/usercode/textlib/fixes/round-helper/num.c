/*
 * Numbers: parsing (strtol/strtod), the language's number format, and the few functions of
 * libm the evaluator needs, written here so the library does not depend on a full libm.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tl.h"

#define TL_TWO52 4503599627370496.0
#define TL_LN2 0.6931471805599453094
#define TL_SIG_DIGITS 10

double tl_fabs(double x)
{
    return x < 0 ? -x : x;
}

int tl_isfinite(double x)
{
    return x == x && x - x == 0.0;
}

double tl_floor(double x)
{
    double t;

    if (!tl_isfinite(x) || tl_fabs(x) >= TL_TWO52)
        return x;
    t = (double)(long)x;
    return t > x ? t - 1.0 : t;
}

/* Newton's iteration from a power-of-two estimate, then one correction step. */
double tl_sqrt(double x)
{
    double r = 1.0, lo = 1.0;
    int i;

    if (x != x || x < 0)
        return 0.0 / 0.0;
    if (x == 0 || !tl_isfinite(x))
        return x;
    while (lo * 4.0 <= x) {
        lo *= 4.0;
        r *= 2.0;
    }
    while (lo > x) {
        lo *= 0.25;
        r *= 0.5;
    }
    for (i = 0; i < 8; i++)
        r = 0.5 * (r + x / r);
    if (r * r > x && (r - r * 1e-16) * (r - r * 1e-16) >= x)
        r -= r * 1e-16;
    return r;
}

/* e^x: x = k ln2 + r with |r| <= ln2/2, then a Taylor series for e^r. */
static double tl_exp(double x)
{
    double r, term, sum;
    long k;
    int i;

    if (x > 709.0)
        return 1.0 / 0.0;
    if (x < -745.0)
        return 0.0;
    k = (long)tl_floor(x / TL_LN2 + 0.5);
    r = x - (double)k * TL_LN2;
    term = 1.0;
    sum = 1.0;
    for (i = 1; i < 20; i++) {
        term *= r / i;
        sum += term;
    }
    while (k > 0) {
        sum *= 2.0;
        k--;
    }
    while (k < 0) {
        sum *= 0.5;
        k++;
    }
    return sum;
}

/* ln x: x = m 2^k with m in [0.75, 1.5), then the atanh series of (m-1)/(m+1). */
static double tl_log(double x)
{
    double m = x, s, s2, term, sum;
    long k = 0;
    int i;

    if (x != x || x < 0)
        return 0.0 / 0.0;
    if (x == 0)
        return -1.0 / 0.0;
    while (m >= 1.5) {
        m *= 0.5;
        k++;
    }
    while (m < 0.75) {
        m *= 2.0;
        k--;
    }
    s = (m - 1.0) / (m + 1.0);
    s2 = s * s;
    term = s;
    sum = 0.0;
    for (i = 1; i < 40; i += 2) {
        sum += term / i;
        term *= s2;
    }
    return 2.0 * sum + (double)k * TL_LN2;
}

double tl_pow(double x, double y)
{
    double result = 1.0, base = x;
    long n;
    int neg;

    if (y == 0)
        return 1.0;
    if (y == tl_floor(y) && tl_fabs(y) < 1e9) {
        n = (long)y;
        neg = n < 0;
        if (neg)
            n = -n;
        while (n) {
            if (n & 1)
                result *= base;
            base *= base;
            n >>= 1;
        }
        return neg ? 1.0 / result : result;
    }
    if (x < 0)
        return 0.0 / 0.0;
    if (x == 0)
        return y > 0 ? 0.0 : 1.0 / 0.0;
    return tl_exp(y * tl_log(x));
}

/* x rounded to the nearest whole number, halves away from zero (floor(x + 0.5) rounds -2.5 to -2). */
double tl_round_half_away(double x)
{
    double r = tl_floor(tl_fabs(x) + 0.5);

    return x < 0 ? -r : r;
}

int tl_parse_number(const char *s, size_t len, long *ival, double *nval, int *is_int)
{
    char buf[64];
    char *end;

    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    if (*is_int) {
        errno = 0;
        *ival = strtol(buf, &end, 10);
        if (errno != ERANGE && *end == '\0') {
            *nval = (double)*ival;
            return 0;
        }
        *is_int = 0;
    }
    errno = 0;
    *nval = strtod(buf, &end);
    if (*end != '\0' || !tl_isfinite(*nval))
        return -1;
    *ival = 0;
    return 0;
}

/* 10^k for 0 <= k <= 22 exactly (from the table), beyond by repeated multiplication. */
static double tl_pow10(int k)
{
    static const double exact[] = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };
    double r = 1.0;

    if (k < 0)
        return 1.0 / tl_pow10(-k);
    while (k > 22) {
        r *= 1e22;
        k -= 22;
    }
    return r * exact[k];
}

/* Drops the zeros that end a fraction, and the point if nothing is left after it. */
static size_t tl_trim_fraction(char *s, size_t n)
{
    size_t dot = n;
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] == '.')
            dot = i;
    if (dot == n)
        return n;
    while (n > dot + 1 && s[n - 1] == '0')
        n--;
    if (n == dot + 1)
        n = dot;
    s[n] = '\0';
    return n;
}

/* The decimal exponent of x > 0 (floor(log10 x)), by comparing with powers of ten. */
static int tl_decimal_exponent(double x)
{
    int e = 0;

    while (x >= tl_pow10(e + 1) && e < 400)
        e++;
    while (x < tl_pow10(e) && e > -400)
        e--;
    return e;
}

int tl_format_number(char *out, size_t cap, double d)
{
    char digits[24], text[48];
    unsigned long m;
    int e, n, neg = d < 0, pos = 0, i;
    double a = tl_fabs(d);

    if (d != d)
        return snprintf(out, cap, "nan");
    if (!tl_isfinite(d))
        return snprintf(out, cap, "%sinf", neg ? "-" : "");
    if (d == 0)
        return snprintf(out, cap, "0.0");
    if (a < 1e15 && tl_floor(a) == a)
        return snprintf(out, cap, "%s%lu.0", neg ? "-" : "", (unsigned long)a);
    e = tl_decimal_exponent(a);
    m = (unsigned long)(tl_floor(a * tl_pow10(TL_SIG_DIGITS - 1 - e) + 0.5));
    if (m >= 10000000000ul) {
        m /= 10;
        e++;
    }
    n = snprintf(digits, sizeof digits, "%lu", m);
    if (n != TL_SIG_DIGITS)
        return snprintf(out, cap, "?");
    if (neg)
        text[pos++] = '-';
    if (e >= -5 && e < TL_SIG_DIGITS) {
        if (e < 0) {
            text[pos++] = '0';
            text[pos++] = '.';
            for (i = -1; i > e; i--)
                text[pos++] = '0';
            memcpy(text + pos, digits, (size_t)n);
            pos += n;
        } else {
            memcpy(text + pos, digits, (size_t)e + 1);
            pos += e + 1;
            text[pos++] = '.';
            memcpy(text + pos, digits + e + 1, (size_t)(n - e - 1));
            pos += n - e - 1;
        }
        text[pos] = '\0';
        pos = (int)tl_trim_fraction(text, (size_t)pos);
    } else {
        text[pos++] = digits[0];
        text[pos++] = '.';
        memcpy(text + pos, digits + 1, (size_t)n - 1);
        pos += n - 1;
        text[pos] = '\0';
        pos = (int)tl_trim_fraction(text, (size_t)pos);
        text[pos++] = 'e';
        text[pos++] = e < 0 ? '-' : '+';
        if (e < 0)
            e = -e;
        if (e >= 100)
            text[pos++] = (char)('0' + e / 100);
        text[pos++] = (char)('0' + e / 10 % 10);
        text[pos++] = (char)('0' + e % 10);
        text[pos] = '\0';
    }
    return snprintf(out, cap, "%s", text);
}
