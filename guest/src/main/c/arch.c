/* Architecture helpers: interrupt masking, the spin-wait hint (their instructions are guest.h's architecture
 * interface), the guest's own PRNG, and the mem* functions gcc may emit calls to even in a freestanding build. */
#include "guest.h"

NOINLINE void local_irq_disable(void) { __asm__ volatile(ARCH_IRQ_DISABLE ::: "memory"); }

NOINLINE void local_irq_enable(void) { __asm__ volatile(ARCH_IRQ_ENABLE ::: "memory"); }

void cpu_relax(void) { __asm__ volatile(ARCH_CPU_RELAX ::: "memory"); }

/* xorshift64*: the guest's seeded PRNG (state seeded per CPU by the simulator, never 0). */
u64 prng_next(u64 *state)
{
    u64 x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545f4914f6cdd1dul;
}

/* Weak: a user guest links the runtime's memset and memcpy (guest/src/main/runtime/string.c), which win; the built-in
 * image has no other definition, so it runs these exactly as before (docs/own-code.md). */
__attribute__((weak)) void *memset(void *dst, int c, unsigned long n)
{
    u8 *d = dst;
    while (n--)
        *d++ = (u8)c;
    return dst;
}

__attribute__((weak)) void *memcpy(void *dst, const void *src, unsigned long n)
{
    u8 *d = dst;
    const u8 *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}
