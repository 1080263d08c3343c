/* The rendezvous words on AArch64 (the same struct rendezvous_words as x86_rendezvous.c, written only by the
 * simulator; guest.h), and the two cache-maintenance steps of Xen's Arm livepatch that have no x86 counterpart in
 * guest code, for the simulator to run on a CPU as guest code (a GuestCall) where a protocol takes those steps.
 *
 * On x86 a CPU that leaves the rendezvous is to serialise (Xen's comment names CPUID; its x86
 * arch_livepatch_post_action is an empty call, and the simulator's release gives Xen the serialisation its comments
 * promise, docs/cross-modifying-code.md). On Arm a store to an instruction reaches another core's fetch
 * only after the data cache is cleaned and the instruction cache invalidated to the point of unification, and then
 * only once that core executes a context synchronisation event (Arm ARM, "Concurrent modification and execution of
 * instructions" and "Instruction cache maintenance"). Xen's Arm livepatch does the first on the patching CPU
 * (arch_livepatch_revive: invalidate_icache, after arch_livepatch_apply cleaned the data cache) and, since Xen commit
 * 84c3ae30aa79 ("xen/arm: livepatch: Prevent CPUs to fetch stale instructions after livepatching", 2019), the
 * second on every CPU leaving the rendezvous (arch_livepatch_post_action: isb). Before that commit the other CPUs
 * had no ISB and could go on executing instructions fetched before the patch. */
#include "guest.h"

volatile struct rendezvous_words quiesce_rendezvous __attribute__((section(".data.quiesce_rendezvous")));

/* Every CPU, leaving the rendezvous: discard instructions fetched before the patch (Xen 84c3ae30aa79). */
NOINLINE void arch_livepatch_post_action(void)
{
    __asm__ volatile("isb" ::: "memory");
}

/* The patching CPU, after its stores to code: invalidate every instruction cache of the Inner Shareable domain to
 * the point of unification, wait for it to complete, and resynchronise its own fetch (Xen's invalidate_icache on
 * arm64, called by arch_livepatch_revive in xen/arch/arm/livepatch.c at 84c3ae30aa79: IC IALLUIS; DSB ISH; ISB). The
 * data-cache clean before it (Xen: clean_and_invalidate_dcache_va_range of each patched range in
 * arch_livepatch_apply) stays with the patcher, which writes the code. */
NOINLINE void arch_livepatch_invalidate_icache(void)
{
    __asm__ volatile("ic ialluis\n\tdsb ish\n\tisb" ::: "memory");
}
