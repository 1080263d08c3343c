/*
 * The user shell: the entry and interrupt entry points of a user guest's CPUs (docs/own-code.md). A user guest is the
 * built-in guest's objects (per-CPU data, the idle loop with its quiescence point check_for_livepatch_work, the
 * handlers, the rendezvous words) plus this object, the runtime and the user's objects; its CPUs start in
 * quiesce_user_main instead of cpu_main, and its interrupts enter here instead of the built-in handlers, which these
 * call first. Compiled with the guest's flags, but not part of the built-in image (objects.list).
 */
#include "guest.h"
#include "quiesce_user.h"

void quiesce_user_main(u32 cpu)
{
    struct percpu *pc = &percpu[cpu];
    unsigned long iter = 0;
    u32 since_idle = 0;
    if (quiesce_user.init)
        quiesce_user.init(cpu);
    for (;;) {
        if (pc->stall_iters) { /* the simulator's straggler knob, as in cpu_main */
            u32 n = (u32)pc->stall_iters;
            pc->stall_iters = 0;
            do_long_work(cpu, n);
            continue;
        }
        quiesce_user.workload(cpu, iter++);
        pc->hypercalls++;
        if (quiesce_user.idle_every && ++since_idle >= quiesce_user.idle_every) {
            since_idle = 0;
            idle_loop(cpu, workload.idle_iters);
        }
    }
}

void quiesce_user_irq(u32 vector, u32 cpu)
{
    irq_handler(vector, cpu);
    if (quiesce_user.irq_call)
        quiesce_user.irq_call(cpu);
}

void quiesce_user_nmi(u32 cpu)
{
    nmi_handler(cpu);
    if (quiesce_user.nmi_call)
        quiesce_user.nmi_call(cpu);
}

void quiesce_user_mce(u32 cpu)
{
    mce_handler(cpu);
    if (quiesce_user.mce_call)
        quiesce_user.mce_call(cpu);
}
