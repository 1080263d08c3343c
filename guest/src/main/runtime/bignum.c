/* bignum.c - the runtime's internal unsigned big integers (bignum.h). Every operation is exact; a
 * result wider than BIG_WORDS words traps (callers bound their operands so it cannot happen). */
#include "bignum.h"
#include <assert.h>

static void trim(struct big *b)
{
    while (b->n > 0 && b->w[b->n - 1] == 0)
        b->n--;
}

static void grow(struct big *b, uint32_t carry)
{
    if (carry) {
        if (b->n == BIG_WORDS)
            __quiesce_assert_fail("big integer fits BIG_WORDS", "bignum.c", __LINE__, "grow");
        b->w[b->n++] = carry;
    }
}

void big_set(struct big *b, uint64_t v)
{
    b->w[0] = (uint32_t)v;
    b->w[1] = (uint32_t)(v >> 32);
    b->n = 2;
    trim(b);
}

void big_muladd(struct big *b, uint32_t m, uint32_t a)
{
    uint64_t carry = a;
    for (int i = 0; i < b->n; i++) {
        uint64_t t = (uint64_t)b->w[i] * m + carry;
        b->w[i] = (uint32_t)t;
        carry = t >> 32;
    }
    grow(b, (uint32_t)carry);
}

void big_mulpow5(struct big *b, int k)
{
    for (; k >= 13; k -= 13)
        big_muladd(b, 1220703125u, 0);           /* 5^13 */
    static const uint32_t p5[13] = {1, 5, 25, 125, 625, 3125, 15625, 78125, 390625, 1953125, 9765625,
                                    48828125, 244140625};
    if (k)
        big_muladd(b, p5[k], 0);
}

void big_mulpow10(struct big *b, int k)
{
    big_mulpow5(b, k);
    big_shl(b, k);
}

void big_shl(struct big *b, int bits)
{
    if (b->n == 0 || bits == 0)
        return;
    int words = bits / 32, r = bits % 32;
    if (b->n + words + 1 > BIG_WORDS)
        __quiesce_assert_fail("big integer fits BIG_WORDS", "bignum.c", __LINE__, "big_shl");
    b->w[b->n + words] = 0;
    for (int i = b->n - 1; i >= 0; i--) {
        uint64_t t = (uint64_t)b->w[i] << r;
        b->w[i + words + 1] |= (uint32_t)(t >> 32);
        b->w[i + words] = (uint32_t)t;
    }
    for (int i = 0; i < words; i++)
        b->w[i] = 0;
    b->n += words + 1;
    trim(b);
}

void big_shr1(struct big *b)
{
    for (int i = 0; i < b->n; i++)
        b->w[i] = (b->w[i] >> 1) | (i + 1 < b->n ? b->w[i + 1] << 31 : 0);
    trim(b);
}

int big_cmp(const struct big *a, const struct big *b)
{
    if (a->n != b->n)
        return a->n < b->n ? -1 : 1;
    for (int i = a->n - 1; i >= 0; i--)
        if (a->w[i] != b->w[i])
            return a->w[i] < b->w[i] ? -1 : 1;
    return 0;
}

void big_sub(struct big *a, const struct big *b)
{
    uint64_t borrow = 0;
    for (int i = 0; i < a->n; i++) {
        uint64_t t = (uint64_t)a->w[i] - (i < b->n ? b->w[i] : 0) - borrow;
        a->w[i] = (uint32_t)t;
        borrow = (t >> 32) & 1;
    }
    trim(a);
}

int big_bits(const struct big *b)
{
    return b->n == 0 ? 0 : 32 * (b->n - 1) + 32 - __builtin_clz(b->w[b->n - 1]);
}

uint32_t big_divsmall(struct big *b, uint32_t d)
{
    uint64_t r = 0;
    for (int i = b->n - 1; i >= 0; i--) {
        uint64_t t = (r << 32) | b->w[i];
        b->w[i] = (uint32_t)(t / d);
        r = t % d;
    }
    trim(b);
    return (uint32_t)r;
}
