/*
 * libgcc.c - the few libgcc helpers gcc calls from ordinary C on x86-64 without -mpopcnt: population count
 * and parity (__builtin_popcount*, __builtin_parity*) and 128-bit integer division (/ and % of __int128).
 * The names and signatures are gcc's (its internals manual, "Integer library routines"). Not provided:
 * __int128 <-> float conversions (__floattisf, __fixdfti, ...) and complex multiplication (__muldc3).
 */
#include <stdint.h>

typedef unsigned __int128 u128;
typedef __int128 i128;

__attribute__((visibility("hidden"))) int __popcountdi2(uint64_t x);
__attribute__((visibility("hidden"))) int __popcountsi2(uint32_t x);
__attribute__((visibility("hidden"))) int __paritydi2(uint64_t x);
__attribute__((visibility("hidden"))) int __paritysi2(uint32_t x);
__attribute__((visibility("hidden"))) u128 __udivti3(u128 a, u128 b);
__attribute__((visibility("hidden"))) u128 __umodti3(u128 a, u128 b);
__attribute__((visibility("hidden"))) i128 __divti3(i128 a, i128 b);
__attribute__((visibility("hidden"))) i128 __modti3(i128 a, i128 b);

int __popcountdi2(uint64_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555ull);
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return (int)((x * 0x0101010101010101ull) >> 56);
}

int __popcountsi2(uint32_t x) { return __popcountdi2(x); }
int __paritydi2(uint64_t x) { return __popcountdi2(x) & 1; }
int __paritysi2(uint32_t x) { return __popcountdi2(x) & 1; }

/* a / b and a % b by shift and subtract; b == 0 divides by zero like the hardware (#DE) */
static u128 udivmod(u128 a, u128 b, u128 *rem)
{
    if (b == 0) {
        volatile uint64_t zero = 0;
        *rem = (uint64_t)a / zero;
        return 0;
    }
    if (b > a) {
        *rem = a;
        return 0;
    }
    if ((a >> 64) == 0) {
        *rem = (uint64_t)a % (uint64_t)b;
        return (uint64_t)a / (uint64_t)b;
    }
    uint64_t bh = (uint64_t)(b >> 64);
    int shift = (bh ? __builtin_clzll(bh) : 64 + __builtin_clzll((uint64_t)b)) - __builtin_clzll((uint64_t)(a >> 64));
    u128 q = 0;
    b <<= shift;
    for (; shift >= 0; shift--, b >>= 1) {
        q <<= 1;
        if (a >= b) {
            a -= b;
            q |= 1;
        }
    }
    *rem = a;
    return q;
}

u128 __udivti3(u128 a, u128 b) { u128 r; return udivmod(a, b, &r); }
u128 __umodti3(u128 a, u128 b) { u128 r; udivmod(a, b, &r); return r; }

i128 __divti3(i128 a, i128 b)
{
    u128 r, q = udivmod(a < 0 ? -(u128)a : (u128)a, b < 0 ? -(u128)b : (u128)b, &r);
    return (a < 0) != (b < 0) ? -(i128)q : (i128)q;
}

i128 __modti3(i128 a, i128 b)
{
    u128 r;
    udivmod(a < 0 ? -(u128)a : (u128)a, b < 0 ? -(u128)b : (u128)b, &r);
    return a < 0 ? -(i128)r : (i128)r;
}
