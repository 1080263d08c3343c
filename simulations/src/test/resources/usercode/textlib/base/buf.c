/* A growable text buffer over malloc/realloc; output formatting goes through vsnprintf. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tl.h"

void tl_buf_init(struct tl_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->oom = 0;
}

void tl_buf_free(struct tl_buf *b)
{
    free(b->data);
    tl_buf_init(b);
}

void tl_buf_reset(struct tl_buf *b)
{
    b->len = 0;
    b->oom = 0;
    if (b->data)
        b->data[0] = '\0';
}

/* Makes room for `extra` more bytes plus the terminating NUL; 0 on success. */
int tl_buf_reserve(struct tl_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    size_t cap;
    char *p;

    if (b->oom)
        return -1;
    if (need <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    p = realloc(b->data, cap);
    if (!p) {
        b->oom = 1;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

void tl_buf_putc(struct tl_buf *b, char c)
{
    if (tl_buf_reserve(b, 1))
        return;
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void tl_buf_putn(struct tl_buf *b, const char *s, size_t n)
{
    if (tl_buf_reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void tl_buf_puts(struct tl_buf *b, const char *s)
{
    tl_buf_putn(b, s, strlen(s));
}

void tl_buf_vprintf(struct tl_buf *b, const char *fmt, va_list ap)
{
    char small[96];
    va_list again;
    int n;

    va_copy(again, ap);
    n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < 0) {
        va_end(again);
        return;
    }
    if ((size_t)n < sizeof small) {
        tl_buf_putn(b, small, (size_t)n);
    } else if (tl_buf_reserve(b, (size_t)n) == 0) {
        int m = vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
        assert(m == n);
        b->len += (size_t)m;
    }
    va_end(again);
}

void tl_buf_printf(struct tl_buf *b, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    tl_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void tl_buf_indent(struct tl_buf *b, int depth)
{
    int i;

    for (i = 0; i < depth; i++)
        tl_buf_putn(b, "    ", 4);
}

/* Copies the buffer to `out` like snprintf: truncated, NUL-terminated; returns the full length. */
int tl_buf_copy_out(const struct tl_buf *b, char *out, size_t cap)
{
    size_t n = b->len;

    if (cap) {
        size_t k = n < cap - 1 ? n : cap - 1;
        if (k)
            memcpy(out, b->data, k);
        out[k] = '\0';
    }
    return (int)n;
}
