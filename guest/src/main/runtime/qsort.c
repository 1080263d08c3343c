/* qsort.c - sorting, searching and rand of the quiesce runtime. qsort is an introsort (median-of-three
 * quicksort that recurses into the smaller side, insertion sort below 12 elements, heapsort when the
 * depth exceeds 2 log2 n): O(n log n) worst case, bounded stack, not stable, no allocation. */
#include <stdint.h>
#include <stdlib.h>

typedef int (*cmp_r)(const void *, const void *, void *);

struct sorter {
    size_t size;
    cmp_r cmp;
    void *arg;
};

static void swap(char *a, char *b, size_t n)
{
    for (; n >= 8; n -= 8, a += 8, b += 8) {
        uint64_t t;
        __builtin_memcpy(&t, a, 8);
        __builtin_memcpy(a, b, 8);
        __builtin_memcpy(b, &t, 8);
    }
    for (; n; n--, a++, b++) {
        char t = *a;
        *a = *b;
        *b = t;
    }
}

#define AT(i) (base + (i) * s->size)
#define LESS(a, b) (s->cmp((a), (b), s->arg) < 0)

static void insertion(char *base, size_t n, const struct sorter *s)
{
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && LESS(AT(j), AT(j - 1)); j--)
            swap(AT(j), AT(j - 1), s->size);
}

static void sift(char *base, size_t root, size_t n, const struct sorter *s)
{
    for (size_t child; (child = 2 * root + 1) < n; root = child) {
        if (child + 1 < n && LESS(AT(child), AT(child + 1)))
            child++;
        if (!LESS(AT(root), AT(child)))
            return;
        swap(AT(root), AT(child), s->size);
    }
}

static void heapsort(char *base, size_t n, const struct sorter *s)
{
    for (size_t i = n / 2; i-- > 0;)
        sift(base, i, n, s);
    for (size_t end = n; end-- > 1;) {
        swap(AT(0), AT(end), s->size);
        sift(base, 0, end, s);
    }
}

static void intro(char *base, size_t n, unsigned depth, const struct sorter *s)
{
    while (n > 12) {
        if (depth-- == 0) {
            heapsort(base, n, s);
            return;
        }
        size_t mid = n / 2;
        if (LESS(AT(mid), AT(0)))
            swap(AT(mid), AT(0), s->size);
        if (LESS(AT(n - 1), AT(mid))) {
            swap(AT(n - 1), AT(mid), s->size);
            if (LESS(AT(mid), AT(0)))
                swap(AT(mid), AT(0), s->size);
        }
        swap(AT(mid), AT(n - 2), s->size);   /* pivot at n-2; AT(0) <= pivot <= AT(n-1) */
        char *pivot = AT(n - 2);
        size_t i = 0, j = n - 2;
        for (;;) {
            while (LESS(AT(++i), pivot))
                ;
            while (LESS(pivot, AT(--j)))
                ;
            if (i >= j)
                break;
            swap(AT(i), AT(j), s->size);
        }
        swap(AT(i), pivot, s->size);
        size_t left = i, right = n - i - 1;
        if (left < right) {
            intro(base, left, depth, s);
            base = AT(i + 1);
            n = right;
        } else {
            intro(AT(i + 1), right, depth, s);
            n = left;
        }
    }
    insertion(base, n, s);
}

void qsort_r(void *base, size_t count, size_t size, cmp_r compare, void *arg)
{
    if (count < 2 || size == 0)
        return;
    unsigned depth = 0;
    for (size_t n = count; n; n >>= 1)
        depth += 2;
    struct sorter s = {size, compare, arg};
    intro(base, count, depth, &s);
}

static int call_plain(const void *a, const void *b, void *fn)
{
    return ((int (*)(const void *, const void *))fn)(a, b);
}

void qsort(void *base, size_t count, size_t size, int (*compare)(const void *, const void *))
{
    qsort_r(base, count, size, call_plain, (void *)compare);
}

void *bsearch(const void *key, const void *base, size_t count, size_t size,
              int (*compare)(const void *, const void *))
{
    const char *lo = base;
    while (count) {
        const char *mid = lo + (count / 2) * size;
        int c = compare(key, mid);
        if (c == 0)
            return (void *)mid;
        if (c > 0) {
            lo = mid + size;
            count -= count / 2 + 1;
        } else {
            count /= 2;
        }
    }
    return NULL;
}

static unsigned rand_state = 1;

int rand_r(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return (int)((*state >> 1) & RAND_MAX);
}

int rand(void) { return rand_r(&rand_state); }
void srand(unsigned seed) { rand_state = seed; }
