/* bignum.h - the runtime's internal unsigned big integers (base 2^32, little-endian words) used for
 * exact decimal <-> binary conversion by strtod.c and printf_float.c. Not a user header. */
#ifndef QUIESCE_RT_BIGNUM_H
#define QUIESCE_RT_BIGNUM_H

#include <stdint.h>

#define BIG_WORDS 176   /* 5632 bits: the largest strtod operand (see strtod.c) */

struct big {
    int n;              /* words in use; w[n-1] != 0 unless n == 0 */
    uint32_t w[BIG_WORDS];
};

__attribute__((visibility("hidden"))) void big_set(struct big *b, uint64_t v);
__attribute__((visibility("hidden"))) void big_muladd(struct big *b, uint32_t m, uint32_t a);
__attribute__((visibility("hidden"))) void big_mulpow5(struct big *b, int k);
__attribute__((visibility("hidden"))) void big_mulpow10(struct big *b, int k);
__attribute__((visibility("hidden"))) void big_shl(struct big *b, int bits);
__attribute__((visibility("hidden"))) void big_shr1(struct big *b);
__attribute__((visibility("hidden"))) int big_cmp(const struct big *a, const struct big *b);
__attribute__((visibility("hidden"))) void big_sub(struct big *a, const struct big *b);
__attribute__((visibility("hidden"))) int big_bits(const struct big *b);
__attribute__((visibility("hidden"))) uint32_t big_divsmall(struct big *b, uint32_t d);

#endif
