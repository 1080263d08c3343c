/* stdlib.h - allocation over a per-CPU static arena, number conversion, sorting of the quiesce runtime. */
#ifndef QUIESCE_STDLIB_H
#define QUIESCE_STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 0x7fffffff
#define MB_CUR_MAX 1

typedef struct { int quot, rem; } div_t;
typedef struct { long quot, rem; } ldiv_t;
typedef struct { long long quot, rem; } lldiv_t;

#pragma GCC visibility push(hidden)
void *malloc(size_t size);
void *calloc(size_t count, size_t size);
void *realloc(void *p, size_t size);
void *reallocarray(void *p, size_t count, size_t size);
void *aligned_alloc(size_t alignment, size_t size);
void free(void *p);

int abs(int v);
long labs(long v);
long long llabs(long long v);
div_t div(int a, int b);
ldiv_t ldiv(long a, long b);
lldiv_t lldiv(long long a, long long b);

long strtol(const char *restrict s, char **restrict end, int base);
unsigned long strtoul(const char *restrict s, char **restrict end, int base);
long long strtoll(const char *restrict s, char **restrict end, int base);
unsigned long long strtoull(const char *restrict s, char **restrict end, int base);
int atoi(const char *s);
long atol(const char *s);
long long atoll(const char *s);
double strtod(const char *restrict s, char **restrict end);
float strtof(const char *restrict s, char **restrict end);
double atof(const char *s);

void qsort(void *base, size_t count, size_t size, int (*compare)(const void *, const void *));
void qsort_r(void *base, size_t count, size_t size, int (*compare)(const void *, const void *, void *), void *arg);
void *bsearch(const void *key, const void *base, size_t count, size_t size,
              int (*compare)(const void *, const void *));

/* A deterministic per-CPU generator (an LCG, as in C11's example); srand(1) is the initial state. */
int rand(void);
int rand_r(unsigned *state);
void srand(unsigned seed);

/* Traps like a failed assert ("abort() called"); exit() does the same with its status in the message. */
__attribute__((noreturn)) void abort(void);
__attribute__((noreturn)) void exit(int status);
#pragma GCC visibility pop

#endif
