/*
 * math.h - a small floating-point library of the quiesce runtime (double precision; float versions
 * of the exact functions). Exact (correctly rounded): fabs floor ceil trunc round sqrt fmod
 * copysign ldexp frexp modf. Within a few ulp (measured by the tests; see docs/own-code.md): exp
 * log log2 log10 pow. errno is not set by the math functions (math_errhandling is 0 here).
 */
#ifndef QUIESCE_MATH_H
#define QUIESCE_MATH_H

#define HUGE_VAL (__builtin_huge_val())
#define HUGE_VALF (__builtin_huge_valf())
#define INFINITY (__builtin_inff())
#define NAN (__builtin_nanf(""))
#define M_E 2.7182818284590452354
#define M_LN2 0.69314718055994530942
#define M_LN10 2.30258509299404568402
#define M_PI 3.14159265358979323846
#define M_SQRT2 1.41421356237309504880

#define isnan(x) __builtin_isnan(x)
#define isinf(x) __builtin_isinf_sign(x)
#define isfinite(x) __builtin_isfinite(x)
#define isnormal(x) __builtin_isnormal(x)
#define signbit(x) __builtin_signbit(x)
#define fpclassify(x) __builtin_fpclassify(FP_NAN, FP_INFINITE, FP_NORMAL, FP_SUBNORMAL, FP_ZERO, x)
#define FP_NAN 0
#define FP_INFINITE 1
#define FP_ZERO 2
#define FP_SUBNORMAL 3
#define FP_NORMAL 4

#pragma GCC visibility push(hidden)
double fabs(double x);
float fabsf(float x);
double floor(double x);
float floorf(float x);
double ceil(double x);
float ceilf(float x);
double trunc(double x);
double round(double x);
double sqrt(double x);
float sqrtf(float x);
double fmod(double x, double y);
double copysign(double x, double y);
double ldexp(double x, int e);
double frexp(double x, int *e);
double modf(double x, double *ipart);
double fmin(double a, double b);
double fmax(double a, double b);
double exp(double x);
double log(double x);
double log2(double x);
double log10(double x);
double pow(double x, double y);
#pragma GCC visibility pop

#endif
