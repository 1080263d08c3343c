/* printf.h - internal to the runtime's snprintf: the output sink and one conversion's specification. */
#ifndef QUIESCE_RT_PRINTF_H
#define QUIESCE_RT_PRINTF_H

#include <stddef.h>

/* Where formatted output goes: buf[0..size-1] (truncated, NUL added by vsnprintf); len counts every
 * character produced, written or not. With size 0 nothing is written (a counting pass). */
struct sink {
    char *buf;
    size_t size;
    size_t len;
};

struct spec {
    int minus, plus, space, alt, zero;  /* flags - + space # 0 */
    int width;                          /* 0: none */
    int prec;                           /* -1: none */
    char conv;
};

__attribute__((visibility("hidden"))) void sink_put(struct sink *s, char c);
__attribute__((visibility("hidden"))) void sink_fill(struct sink *s, char c, long n);
__attribute__((visibility("hidden"))) void format_double(struct sink *s, const struct spec *sp, double x);

#endif
