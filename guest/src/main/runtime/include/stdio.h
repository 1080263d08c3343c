/*
 * stdio.h - formatted output into memory (snprintf and friends) of the quiesce runtime. There are
 * no files: no printf, fopen or FILE. Conversions: d i u x X o c s p % f F e E g G, flags - + space
 * # 0, width and precision (also *), length modifiers hh h l ll z j t L (a long double is printed
 * as the double nearest to it). Not supported: a A n and positional arguments (%1$d) are copied to
 * the output as written (their argument consumed); there are no wide characters (%lc and %ls are
 * %c and %s). Floating-point output is exact (correctly rounded, ties to even), as glibc's.
 */
#ifndef QUIESCE_STDIO_H
#define QUIESCE_STDIO_H

#include <stddef.h>
#include <stdarg.h>

#define EOF (-1)

#pragma GCC visibility push(hidden)
int snprintf(char *restrict out, size_t size, const char *restrict format, ...)
    __attribute__((format(printf, 3, 4)));
int vsnprintf(char *restrict out, size_t size, const char *restrict format, va_list ap)
    __attribute__((format(printf, 3, 0)));
int sprintf(char *restrict out, const char *restrict format, ...) __attribute__((format(printf, 2, 3)));
int vsprintf(char *restrict out, const char *restrict format, va_list ap) __attribute__((format(printf, 2, 0)));
#pragma GCC visibility pop

#endif
