/*
 * strtod.c - decimal (and hexadecimal) text to double of the quiesce runtime, correctly rounded
 * (round to nearest, ties to even) for every input:
 *
 *  - up to MAXDIG significant decimal digits are kept exactly; if more follow, the dropped tail is
 *    replaced by one nonzero "sticky" digit when it is not all zeros. A decimal number halfway
 *    between two doubles has at most 767 significant digits, so this never changes the rounding.
 *  - fast path (Clinger): at most 15 digits and |exponent| <= 22: one exact double multiply/divide.
 *  - otherwise exact big-integer arithmetic: value = N / M with N = D * 10^max(E,0) and
 *    M = 10^max(-E,0); the quotient scaled to 53 bits is computed by long division and rounded
 *    with the remainder.
 * Overflow gives +-HUGE_VAL and a result that rounds to zero (or a subnormal) gives ERANGE, as glibc.
 * Also accepted: "inf", "infinity", "nan", "nan(chars)" (any case) and C99 hex floats "0x1.8p3".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include "bignum.h"

#define MAXDIG 780

static double from_bits(uint64_t b)
{
    double d;
    __builtin_memcpy(&d, &b, 8);
    return d;
}

static int prefix(const char *s, const char *word)
{
    size_t n = strlen(word);
    return strncasecmp(s, word, n) == 0 ? (int)n : 0;
}

/*
 * q * 2^k with q < 2^54 exactly plus sticky information (half: 0 below half-ulp of the lowest kept
 * bit, 1 exactly half, 2 above) -> double bits, rounding to even; handles subnormals and overflow.
 * Precondition: q >= 2^52 or k == -1074.
 */
static uint64_t pack(uint64_t q, int k, int half)
{
    int up = half == 2 || (half == 1 && (q & 1));
    q += up;
    if (q == 1ull << 53) {
        q >>= 1;
        k++;
    }
    if (k > 971)
        return 0x7ff0000000000000ull;
    /* normal: exponent field k + 1075 and q - 2^52; subnormal (q < 2^52, k == -1074): q itself */
    return ((uint64_t)(k + 1074) << 52) + q;
}

/*
 * The double of q * 2^k rounded by half (-1: exact; 0, 1, 2: below, at, above half an ulp). *range is
 * set as glibc sets ERANGE: on overflow, and on an inexact result in the subnormal range (or zero).
 */
static double finish(uint64_t q, int k, int half, int *range)
{
    uint64_t bits = pack(q, k, half < 0 ? 0 : half);
    if (bits == 0x7ff0000000000000ull || (bits < (1ull << 52) && half >= 0))
        *range = 1;
    return from_bits(bits);
}

/* D (the digits as an integer) * 10^E, correctly rounded; *range set on overflow or underflow. */
static double exact(struct big *n, int e, int *range)
{
    struct big m;
    big_set(&m, 1);
    if (e >= 0)
        big_mulpow10(n, e);
    else
        big_mulpow10(&m, -e);
    /* value = n / m; choose k so that n / (m 2^k) is in [2^52, 2^54) */
    int k = big_bits(n) - big_bits(&m) - 53;
    if (k < -1074)
        k = -1074;
    if (k > 971)
        k = 972;        /* overflows in pack */
    if (k >= 0)
        big_shl(&m, k);
    else
        big_shl(n, -k);
    /* long division: q = floor(n / m) < 2^54, remainder left in n */
    big_shl(&m, 53);
    uint64_t q = 0;
    for (int bit = 53; bit >= 0; bit--) {
        q <<= 1;
        if (big_cmp(n, &m) >= 0) {
            big_sub(n, &m);
            q |= 1;
        }
        if (bit)
            big_shr1(&m);
    }
    int half;
    if (q >= 1ull << 53) {      /* one bit too many: fold the low bit into the rounding */
        int low = q & 1;
        q >>= 1;
        k++;
        half = !low ? (n->n ? 0 : -1) : n->n ? 2 : 1;
    } else {
        int zero = n->n == 0;
        big_shl(n, 1);          /* compare 2r with m */
        int c = big_cmp(n, &m);
        half = zero ? -1 : c < 0 ? 0 : c == 0 ? 1 : 2;
    }
    return finish(q, k, half, range);
}

static double hexfloat(const char *s, const char **end, int *range)
{
    uint64_t m = 0;
    int exp2 = 0, any = 0, sticky = 0;
    for (int frac = 0;; s++) {
        int c = (unsigned char)*s, d;
        if (c == '.' && !frac) {
            frac = 1;
            continue;
        }
        if (isdigit(c))
            d = c - '0';
        else if (isxdigit(c))
            d = (c | 32) - 'a' + 10;
        else
            break;
        any = 1;
        if (m < 1ull << 56) {
            m = m * 16 + (unsigned)d;
            exp2 -= frac ? 4 : 0;
        } else {
            sticky |= d != 0;
            exp2 += frac ? 0 : 4;
        }
    }
    if (!any)
        return -1;      /* caller treats as "no number" */
    if ((*s | 32) == 'p') {
        const char *p = s + 1;
        int neg = 0;
        if (*p == '+' || *p == '-')
            neg = *p++ == '-';
        if (isdigit((unsigned char)*p)) {
            long x = 0;
            for (; isdigit((unsigned char)*p); p++)
                if (x < 100000)
                    x = x * 10 + (*p - '0');
            exp2 += (int)(neg ? -x : x);
            s = p;
        }
    }
    *end = s;
    if (m == 0)
        return 0.0;
    /* normalise m to [2^55, 2^56) (<= 57 bits wide before), keeping a sticky bit */
    while (m < 1ull << 55) {
        m <<= 1;
        exp2--;
    }
    while (m >= 1ull << 56) {
        sticky |= m & 1;
        m >>= 1;
        exp2++;
    }
    /* value = m * 2^exp2, m has 56 bits: 3 below the 53 kept */
    int k = exp2 + 3;
    int drop = 3;
    if (k < -1074) {
        drop += -1074 - k;
        k = -1074;
    }
    if (drop > 60)
        drop = 60, sticky |= 1;
    uint64_t q = m >> drop, rest = m & ((1ull << drop) - 1), halfway = 1ull << (drop - 1);
    int half = rest == 0 && !sticky ? -1 : rest < halfway ? 0 : rest == halfway && !sticky ? 1 : 2;
    return finish(q, k, half, range);
}

double strtod(const char *restrict str, char **restrict end)
{
    const char *s = str;
    while (isspace((unsigned char)*s))
        s++;
    int neg = 0;
    if (*s == '+' || *s == '-')
        neg = *s++ == '-';
    double sign = neg ? -1.0 : 1.0;
    int n, range = 0;
    if ((n = prefix(s, "infinity")) || (n = prefix(s, "inf"))) {
        if (end)
            *end = (char *)(s + n);
        return sign * __builtin_inf();
    }
    if ((n = prefix(s, "nan"))) {
        s += n;
        if (*s == '(') {
            const char *p = s + 1;
            while (isalnum((unsigned char)*p) || *p == '_')
                p++;
            if (*p == ')')
                s = p + 1;
        }
        if (end)
            *end = (char *)s;
        return neg ? -__builtin_nan("") : __builtin_nan("");
    }
    if (s[0] == '0' && (s[1] | 32) == 'x') {
        const char *e = s + 1;  /* "0x" without digits: the number is the "0" */
        double v = hexfloat(s + 2, &e, &range);
        if (v < 0)
            v = 0.0, e = s + 1;
        if (end)
            *end = (char *)e;
        if (range)
            errno = ERANGE;
        return sign * v;
    }
    /* decimal: digits [s, ...), at most MAXDIG kept */
    struct big d;
    big_set(&d, 0);
    int kept = 0, anydigit = 0, dropped_nonzero = 0, frac = 0;
    long dexp = 0;          /* decimal exponent adjustment from the digits' positions */
    uint64_t small = 0;     /* the first 19 significant digits, for the fast path */
    for (;; s++) {
        if (*s == '.' && !frac) {
            frac = 1;
            continue;
        }
        if (!isdigit((unsigned char)*s))
            break;
        anydigit = 1;
        int dg = *s - '0';
        if (kept == 0 && dg == 0) {         /* leading zero */
            dexp -= frac;
            continue;
        }
        if (kept < MAXDIG) {
            big_muladd(&d, 10, (uint32_t)dg);
            if (kept < 19)
                small = small * 10 + (unsigned)dg;
            kept++;
            dexp -= frac;
        } else {
            dropped_nonzero |= dg != 0;
            dexp += !frac;
        }
    }
    if (!anydigit) {
        if (end)
            *end = (char *)str;
        return 0.0;
    }
    if ((*s | 32) == 'e') {
        const char *p = s + 1;
        int eneg = 0;
        if (*p == '+' || *p == '-')
            eneg = *p++ == '-';
        if (isdigit((unsigned char)*p)) {
            long x = 0;
            for (; isdigit((unsigned char)*p); p++)
                if (x < 100000)
                    x = x * 10 + (*p - '0');
            dexp += eneg ? -x : x;
            s = p;
        }
    }
    if (end)
        *end = (char *)s;
    if (kept == 0)
        return sign * 0.0;
    if (dropped_nonzero) {
        big_muladd(&d, 10, 1);
        dexp--;
    }
    long mag = kept + dexp;             /* value is in [10^(mag-1), 10^mag) */
    if (mag > 310) {
        errno = ERANGE;
        return sign * __builtin_inf();
    }
    if (mag < -324) {
        errno = ERANGE;
        return sign * 0.0;
    }
    static const double p10[23] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    if (kept <= 15 && !dropped_nonzero && dexp >= -22 && dexp <= 22) {
        double v = (double)(int64_t)small;
        return sign * (dexp < 0 ? v / p10[-dexp] : v * p10[dexp]);
    }
    double v = exact(&d, (int)dexp, &range);
    if (range)
        errno = ERANGE;
    return sign * v;
}

float strtof(const char *restrict s, char **restrict end)
{
    return (float)strtod(s, end);   /* double rounding: may differ from a direct conversion in rare ties */
}

double atof(const char *s)
{
    return strtod(s, NULL);
}
