/*
 * math.c - the floating-point functions of the quiesce runtime (math.h). fabs, floor, ceil, trunc,
 * round, sqrt (SQRTSD), fmod, copysign, ldexp, frexp and modf are exact. exp and log reduce their
 * argument by ln 2 and sum a series; pow computes y * log(x) in double-double arithmetic (Dekker's
 * exact products) before exp, so its error stays within a few ulp (measured: see docs/own-code.md).
 */
#include <stdint.h>
#include <math.h>

static uint64_t bits_of(double x) { uint64_t b; __builtin_memcpy(&b, &x, 8); return b; }
static double of_bits(uint64_t b) { double x; __builtin_memcpy(&x, &b, 8); return x; }

double fabs(double x) { return of_bits(bits_of(x) & ~(1ull << 63)); }
float fabsf(float x) { return (float)fabs(x); }
double copysign(double x, double y) { return of_bits((bits_of(x) & ~(1ull << 63)) | (bits_of(y) & (1ull << 63))); }

double trunc(double x)
{
    uint64_t b = bits_of(x);
    int e = (int)((b >> 52) & 0x7ff) - 1023;
    if (e >= 52)
        return x;                                   /* integral, inf or nan */
    if (e < 0)
        return of_bits(b & (1ull << 63));           /* |x| < 1: signed zero */
    return of_bits(b & ~((1ull << (52 - e)) - 1));
}

double floor(double x)
{
    double t = trunc(x);
    return t > x ? t - 1.0 : t;
}

double ceil(double x)
{
    double t = trunc(x);
    return t < x ? t + 1.0 : t;
}

float floorf(float x) { return (float)floor(x); }
float ceilf(float x) { return (float)ceil(x); }

double round(double x)
{
    double t = trunc(x);
    double f = fabs(x - t);                         /* exact */
    return f >= 0.5 ? t + copysign(1.0, x) : t;
}

double sqrt(double x)
{
    double r;
    __asm__("sqrtsd %1, %0" : "=x"(r) : "x"(x));
    return r;
}

float sqrtf(float x)
{
    float r;
    __asm__("sqrtss %1, %0" : "=x"(r) : "x"(x));
    return r;
}

double fmin(double a, double b) { return isnan(a) ? b : isnan(b) ? a : a < b ? a : b; }
double fmax(double a, double b) { return isnan(a) ? b : isnan(b) ? a : a > b ? a : b; }

double ldexp(double x, int e)
{
    if (x == 0 || !isfinite(x))
        return x;
    if (e > 2100)
        e = 2100;
    if (e < -2100)
        e = -2100;
    while (e > 1000) {
        x *= 0x1p1000;
        e -= 1000;
    }
    while (e < -1000) {
        x *= 0x1p-1000;
        e += 1000;
    }
    /* the last step in two halves so a subnormal result rounds once */
    int h = e / 2;
    x *= of_bits((uint64_t)(h + 1023) << 52);
    return x * of_bits((uint64_t)(e - h + 1023) << 52);
}

double frexp(double x, int *e)
{
    uint64_t b = bits_of(x);
    int ef = (int)((b >> 52) & 0x7ff);
    if (x == 0 || ef == 0x7ff) {
        *e = 0;
        return x;
    }
    if (ef == 0) {                                  /* subnormal */
        x *= 0x1p64;
        b = bits_of(x);
        ef = (int)((b >> 52) & 0x7ff) - 64;
    }
    *e = ef - 1022;
    return of_bits((b & ~(0x7ffull << 52)) | (1022ull << 52));
}

double modf(double x, double *ipart)
{
    double t = trunc(x);
    *ipart = t;
    return isinf(x) ? copysign(0.0, x) : copysign(x - t, x);
}

double fmod(double x, double y)
{
    if (isnan(x) || isnan(y) || isinf(x) || y == 0)
        return (x * y) / (x * y);
    if (isinf(y) || fabs(x) < fabs(y))
        return x;
    /* exact: long division of the significands, one bit of exponent difference at a time */
    int ex, ey;
    double mx = frexp(fabs(x), &ex), my = frexp(fabs(y), &ey);
    uint64_t a = (uint64_t)ldexp(mx, 53), b = (uint64_t)ldexp(my, 53);
    int d = ex - ey;
    if (a >= b)
        a -= b;
    for (; d > 0; d--) {
        a <<= 1;
        if (a >= b)
            a -= b;
    }
    return copysign(ldexp((double)a, ey - 53), x);
}

/* ---- exp, log, pow ---- */

#define LN2_HI 0x1.62e42fefa3800p-1   /* ln 2 with its low 11 bits zero: k * LN2_HI is exact */
#define LN2_LO 0x1.ef35793c7673p-45

/* Dekker: hi + lo == a * b exactly (no FMA). */
static void two_prod(double a, double b, double *hi, double *lo)
{
    const double split = 134217729.0;   /* 2^27 + 1 */
    double p = a * b;
    double ta = split * a, ah = ta - (ta - a), al = a - ah;
    double tb = split * b, bh = tb - (tb - b), bl = b - bh;
    *hi = p;
    *lo = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

/* log(x) = k ln2 + log(m) as hi + lo, x > 0 finite, m in [sqrt(1/2), sqrt(2)). */
static void log_dd(double x, double *hi, double *lo)
{
    int k;
    double m = frexp(x, &k);                        /* [0.5, 1) */
    if (m < 0.70710678118654752440) {
        m *= 2;
        k--;
    }
    double f = m - 1.0;                             /* exact */
    /* s = f / (2 + f) to double-double */
    double dh = 2.0 + f, dl = (2.0 - dh) + f;
    double sh = f / dh;
    double ph, pl;
    two_prod(sh, dh, &ph, &pl);
    double sl = ((f - ph) - pl - sh * dl) / dh;
    /* log(m) = 2s + 2 s^3 (1/3 + s^2/5 + s^4/7 + ...) */
    double z = sh * sh, t = 0;
    for (int i = 27; i >= 3; i -= 2)
        t = t * z + 1.0 / i;
    double tail = 2.0 * sh * z * t;
    double a = 2.0 * sh, b = 2.0 * sl + tail;
    double kh = k * LN2_HI, kl = k * LN2_LO;
    double s1 = kh + a;                             /* two-sum */
    double bb = s1 - kh;
    double err = (kh - (s1 - bb)) + (a - bb);
    *hi = s1;
    *lo = err + b + kl;
}

/* exp(x) for finite x, with a correction term c (exp(x + c) ~ exp(x) (1 + c)). */
static double exp_c(double x, double c)
{
    if (x > 709.8)
        return __builtin_inf();
    if (x < -745.2)
        return 0.0;
    double kd = __builtin_floor(x * 1.4426950408889634 + 0.5);
    int k = (int)kd;
    double r = (x - kd * LN2_HI) - kd * LN2_LO + c;
    /* e^r = 1 + (r + r^2 (1/2! + r/3! + ... + r^11/13!)), Horner, the 1 added last */
    double p = 1.0 / 6227020800.0;                  /* 1/13! */
    static const double inv_fact[11] = {1.0 / 479001600, 1.0 / 39916800, 1.0 / 3628800, 1.0 / 362880, 1.0 / 40320,
                                        1.0 / 5040, 1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 1.0 / 2};
    for (int i = 0; i < 11; i++)
        p = p * r + inv_fact[i];
    return ldexp(1.0 + (r + r * r * p), k);
}

double exp(double x)
{
    if (isnan(x))
        return x;
    if (isinf(x))
        return x > 0 ? x : 0.0;
    return exp_c(x, 0.0);
}

double log(double x)
{
    if (isnan(x) || x < 0)
        return __builtin_nan("");
    if (x == 0)
        return -__builtin_inf();
    if (isinf(x))
        return x;
    double hi, lo;
    log_dd(x, &hi, &lo);
    return hi + lo;
}

double log2(double x) { return log(x) * 1.4426950408889634074; }
double log10(double x) { return log(x) * 0.43429448190325182765; }

double pow(double x, double y)
{
    if (y == 0)
        return 1.0;
    if (x == 1.0)
        return 1.0;
    if (isnan(x) || isnan(y))
        return x + y;
    int y_int = trunc(y) == y;
    int y_odd = y_int && fabs(y) < 0x1p53 && fmod(y, 2.0) != 0;
    if (isinf(y)) {
        double ax = fabs(x);
        if (ax == 1)
            return 1.0;
        return (ax > 1) == (y > 0) ? __builtin_inf() : 0.0;
    }
    if (x == 0 || isinf(x)) {
        int big = (x == 0) == (y < 0);              /* 0^neg or inf^pos */
        double r = big ? __builtin_inf() : 0.0;
        return y_odd ? copysign(r, x) : r;
    }
    if (x < 0) {
        if (!y_int)
            return __builtin_nan("");
        double r = pow(-x, y);
        return y_odd ? -r : r;
    }
    double lh, ll;
    log_dd(x, &lh, &ll);
    double zh, zl;
    two_prod(y, lh, &zh, &zl);
    zl += y * ll;
    double z = zh + zl, c = (zh - z) + zl;
    return exp_c(z, c);
}
