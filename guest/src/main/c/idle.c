/* The idle loop and its quiescence point, after Xen's idle_loop() in xen/arch/x86/domain.c, which
 * calls check_for_livepatch_work() on every iteration (xen/common/livepatch.c). The simulator hooks
 * the first instruction of check_for_livepatch_work: reaching it is a quiescence point. */
#include "guest.h"

/* Set by the simulator when a live-patch action is pending (Xen: livepatch_work.do_work). */
volatile u32 livepatch_work_to_do;

NOINLINE void check_for_livepatch_work(u32 cpu)
{
    struct percpu *pc = &percpu[cpu];
    pc->quiescence_checks++;
    if (livepatch_work_to_do)
        pc->livepatch_work_seen++;
}

NOINLINE void idle_loop(u32 cpu, u32 iters)
{
    percpu[cpu].idle_visits++;
    for (u32 i = 0; i < iters; i++) {
        check_for_livepatch_work(cpu);
        cpu_relax();
    }
}
