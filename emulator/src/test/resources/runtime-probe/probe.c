/*
 * probe.c - test harness of the runtime tests (dev.quiesce.emulator.runtime). Compiled twice from
 * this one source: for the guest against the quiesce runtime (linked by ImageLinker, run under
 * Unicorn), and natively against glibc with oracle_main.c (the oracle). Every probe has the same
 * signature: long probe(const char *a, const char *b, long x, long y, char *out).
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include <stdio.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <assert.h>

#define PROBE __attribute__((noinline, used)) long

/* the decimal text of v, without snprintf (which is under test) */
static char *put_long(char *out, long v)
{
    char tmp[24];
    int n = 0;
    unsigned long m = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
    do {
        tmp[n++] = (char)('0' + m % 10);
        m /= 10;
    } while (m);
    if (v < 0)
        *out++ = '-';
    while (n)
        *out++ = tmp[--n];
    *out = 0;
    return out;
}

static double as_double(long bits)
{
    double d;
    memcpy(&d, &bits, 8);
    return d;
}

static long bits_of(double d)
{
    long b;
    memcpy(&b, &d, 8);
    return b;
}

static long sign(long v) { return v < 0 ? -1 : v > 0; }

PROBE p_snprintf_int(const char *fmt, const char *b, long v, long size, char *out)
{
    (void)b;
    return snprintf(out, (size_t)size, fmt, (int)v);
}

PROBE p_snprintf_long(const char *fmt, const char *b, long v, long size, char *out)
{
    (void)b;
    return snprintf(out, (size_t)size, fmt, v);
}

PROBE p_snprintf_double(const char *fmt, const char *b, long bits, long size, char *out)
{
    (void)b;
    return snprintf(out, (size_t)size, fmt, as_double(bits));
}

PROBE p_snprintf_str(const char *fmt, const char *s, long null, long size, char *out)
{
    return snprintf(out, (size_t)size, fmt, null ? NULL : s);
}

PROBE p_snprintf_ptr(const char *fmt, const char *b, long v, long size, char *out)
{
    (void)b;
    return snprintf(out, (size_t)size, fmt, (void *)v);
}

/* "%*.*<conv>" with width x and precision y (both may be negative) of the double in b's 8 bytes */
PROBE p_snprintf_star(const char *fmt, const char *b, long width, long prec, char *out)
{
    double d;
    memcpy(&d, b, 8);
    return snprintf(out, 4096, fmt, (int)width, (int)prec, d);
}

/* strtod: returns the bits; out = "end errno" */
PROBE p_strtod(const char *s, const char *b, long x, long y, char *out)
{
    (void)b, (void)x, (void)y;
    char *end;
    errno = 0;
    double d = strtod(s, &end);
    int e = errno;
    char *p = put_long(out, end - s);
    *p++ = ' ';
    put_long(p, e);
    return bits_of(d);
}

/* strtol family (which: 0 strtol, 1 strtoul, 2 strtoll, 3 strtoull, 4 atoi); out = "end errno" */
PROBE p_strtol(const char *s, const char *b, long base, long which, char *out)
{
    (void)b;
    char *end = (char *)s;
    errno = 0;
    long v;
    switch (which) {
    case 0: v = strtol(s, &end, (int)base); break;
    case 1: v = (long)strtoul(s, &end, (int)base); break;
    case 2: v = (long)strtoll(s, &end, (int)base); break;
    case 3: v = (long)strtoull(s, &end, (int)base); break;
    default: v = atoi(s); break;
    }
    int e = errno;
    char *p = put_long(out, end - s);
    *p++ = ' ';
    put_long(p, e);
    return v;
}

static long offset_or(const char *base, const void *p)
{
    return p ? (const char *)p - base : -1;
}

/* the string functions: op selects one; results are signs, lengths, offsets or text in out */
PROBE p_str(const char *a, const char *b, long op, long n, char *out)
{
    char buf[512];
    switch (op) {
    case 0: return (long)strlen(a);
    case 1: return sign(strcmp(a, b));
    case 2: return sign(strncmp(a, b, (size_t)n));
    case 3: return sign(strcasecmp(a, b));
    case 4: return sign(strncasecmp(a, b, (size_t)n));
    case 5: return offset_or(a, strchr(a, b[0]));
    case 6: return offset_or(a, strrchr(a, b[0]));
    case 7: return offset_or(a, strstr(a, b));
    case 8: return offset_or(a, memmem(a, strlen(a), b, strlen(b)));
    case 9: return (long)strspn(a, b);
    case 10: return (long)strcspn(a, b);
    case 11: return offset_or(a, strpbrk(a, b));
    case 12: {
        char *save, *t;
        long count = 0;
        strcpy(buf, a);
        out[0] = 0;
        for (t = strtok_r(buf, b, &save); t; t = strtok_r(NULL, b, &save), count++) {
            strcat(out, t);
            strcat(out, "|");
        }
        return count;
    }
    case 13: {
        memset(buf, 'x', sizeof buf);
        char *r = strncpy(buf, a, (size_t)n);
        for (long i = 0; i < n + 2; i++)
            out[i] = buf[i] ? buf[i] : '@';
        out[n + 2] = 0;
        return r == buf;
    }
    case 14: strcpy(out, a); strcat(out, b); return (long)strlen(out);
    case 15: return (long)strnlen(a, (size_t)n);
    case 16: return offset_or(a, memchr(a, b[0], (size_t)n));
    case 17: {
        char *d = strndup(a, (size_t)n);
        strcpy(out, d);
        free(d);
        d = strdup(b);
        strcat(out, d);
        free(d);
        return (long)strlen(out);
    }
    case 18: return sign(memcmp(a, b, (size_t)n));
    case 19: {
        char *s = buf, *t;
        long count = 0;
        strcpy(buf, a);
        out[0] = 0;
        while ((t = strsep(&s, b))) {
            strcat(out, t);
            strcat(out, "|");
            count++;
        }
        return count;
    }
    case 20: return strchrnul(a, b[0]) - a;
    case 21: return offset_or(a, strcasestr(a, b));
    case 22: return offset_or(a, memrchr(a, b[0], (size_t)n));
    case 23: strcpy(out, a); strncat(out, b, (size_t)n); return (long)strlen(out);
    case 24: {
        memset(buf, 'x', sizeof buf);
        char *e = stpcpy(buf, a);
        memmove(buf + n, buf, strlen(a) + 1);
        strcpy(out, buf + n);
        return e - buf;
    }
    default: return -99;
    }
}

/* ctype of c in the "C" locale: one bit per class, tolower and toupper above */
PROBE p_ctype(const char *a, const char *b, long c, long y, char *out)
{
    (void)a, (void)b, (void)y, (void)out;
    int ci = (int)c;
    int classes[12] = {isalnum(ci), isalpha(ci), isblank(ci), iscntrl(ci), isdigit(ci), isgraph(ci),
                       islower(ci), isprint(ci), ispunct(ci), isspace(ci), isupper(ci), isxdigit(ci)};
    long m = 0;
    for (int i = 0; i < 12; i++)
        m |= (long)(classes[i] != 0) << i;
    return m | (long)(tolower(ci) & 0xffff) << 16 | (long)(toupper(ci) & 0xffff) << 32;
}

#ifndef PROBE_NATIVE
#include <quiesce.h>

static int compare_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int compare_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

PROBE p_qsort_int(const char *a, const char *b, long count, long y, char *out)
{
    (void)b, (void)y, (void)out;
    qsort((void *)a, (size_t)count, sizeof(int), compare_int);
    return 0;
}

PROBE p_qsort_str(const char *a, const char *b, long count, long y, char *out)
{
    (void)b, (void)y, (void)out;
    qsort((void *)a, (size_t)count, sizeof(char *), compare_str);
    return 0;
}

PROBE p_bsearch_int(const char *a, const char *b, long count, long key, char *out)
{
    (void)b, (void)out;
    int k = (int)key;
    return offset_or(a, bsearch(&k, a, (size_t)count, sizeof(int), compare_int));
}

PROBE p_malloc(const char *a, const char *b, long n, long y, char *out)
{
    (void)a, (void)b, (void)y, (void)out;
    return (long)malloc((size_t)n);
}

PROBE p_calloc(const char *a, const char *b, long count, long size, char *out)
{
    (void)a, (void)b, (void)out;
    return (long)calloc((size_t)count, (size_t)size);
}

PROBE p_realloc(const char *p, const char *b, long n, long y, char *out)
{
    (void)b, (void)y, (void)out;
    return (long)realloc((void *)p, (size_t)n);
}

PROBE p_free(const char *p, const char *b, long x, long y, char *out)
{
    (void)b, (void)x, (void)y, (void)out;
    free((void *)p);
    return 0;
}

PROBE p_errno(const char *a, const char *b, long x, long y, char *out)
{
    (void)a, (void)b, (void)x, (void)y, (void)out;
    return errno;
}

/* heap statistics into out as four u64: arena, free bytes, largest request, blocks in use */
PROBE p_heap_stats(const char *a, const char *b, long x, long y, char *out)
{
    (void)a, (void)b, (void)x, (void)y;
    struct quiesce_heap_stats st;
    quiesce_heap_stats(&st);
    memcpy(out, &st, sizeof st);
    return 0;
}

/* math: op on the doubles in io[0..7] and io[8..15]; returns the result's bits */
PROBE p_math(const char *a, const char *b, long op, long y, char *io)
{
    (void)a, (void)b, (void)y;
    double u, v;
    int e = 0;
    memcpy(&u, io, 8);
    memcpy(&v, io + 8, 8);
    switch (op) {
    case 0: return bits_of(fabs(u));
    case 1: return bits_of(floor(u));
    case 2: return bits_of(ceil(u));
    case 3: return bits_of(trunc(u));
    case 4: return bits_of(round(u));
    case 5: return bits_of(sqrt(u));
    case 6: return bits_of(fmod(u, v));
    case 7: return bits_of(pow(u, v));
    case 8: return bits_of(exp(u));
    case 9: return bits_of(log(u));
    case 10: return bits_of(copysign(u, v));
    case 11: return bits_of(ldexp(u, (int)v));
    case 12: { double m = frexp(u, &e); memcpy(io, &e, 4); return bits_of(m); }
    case 13: { double ip; double f = modf(u, &ip); memcpy(io, &ip, 8); return bits_of(f); }
    case 14: return isnan(u) | !!isinf(u) << 1 | !!isfinite(u) << 2;
    case 15: return bits_of(log10(u));
    case 16: return bits_of(log2(u));
    default: return -99;
    }
}

PROBE p_assert(const char *a, const char *b, long x, long y, char *out)
{
    (void)a, (void)b, (void)y, (void)out;
    assert(x == 42);
    return x;
}

PROBE p_abort(const char *a, const char *b, long x, long y, char *out)
{
    (void)a, (void)b, (void)x, (void)y, (void)out;
    abort();
}

/* libgcc helpers gcc calls: op 0..3 = / % of unsigned and signed __int128 (a, b: 16 bytes each, the result
 * into out), 4 = __builtin_popcountl(x), 5 = __builtin_parityl(x), 6 = __builtin_popcount((unsigned)x) */
PROBE p_libgcc(const char *a, const char *b, long op, long x, char *out)
{
    unsigned __int128 u = 0, v = 1, r = 0;
    if (op < 4) {
        memcpy(&u, a, 16);
        memcpy(&v, b, 16);
    }
    switch (op) {
    case 0: r = u / v; break;
    case 1: r = u % v; break;
    case 2: r = (unsigned __int128)((__int128)u / (__int128)v); break;
    case 3: r = (unsigned __int128)((__int128)u % (__int128)v); break;
    case 4: return __builtin_popcountl((unsigned long)x);
    case 5: return __builtin_parityl((unsigned long)x);
    case 6: return __builtin_popcount((unsigned)x);
    default: return -99;
    }
    memcpy(out, &r, 16);
    return 0;
}

typedef double v2df __attribute__((vector_size(16)));

/* packed SSE2 (mulpd/addpd over 2 doubles at a time), MXCSR round trip: the dot product of the
 * n doubles at a and b, as bits; out receives MXCSR as read by stmxcsr */
PROBE p_sse_dot(const char *a, const char *b, long n, long y, char *out)
{
    (void)y;
    v2df acc = {0, 0};
    for (long i = 0; i + 1 < n; i += 2) {
        v2df x, z;
        memcpy(&x, a + 8 * i, 16);
        memcpy(&z, b + 8 * i, 16);
        acc += x * z;
    }
    double sum = acc[0] + acc[1];
    if (n & 1) {
        double x, z;
        memcpy(&x, a + 8 * (n - 1), 8);
        memcpy(&z, b + 8 * (n - 1), 8);
        sum += x * z;
    }
    unsigned mxcsr;
    __asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
    memcpy(out, &mxcsr, 4);
    return bits_of(sum);
}
#endif
