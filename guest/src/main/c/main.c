/* Per-CPU entry: forever pick the next activity with the CPU's own seeded PRNG, weighted by the
 * workload parameters the simulator wrote into guest memory. */
#include "guest.h"

volatile struct workload workload = {
    .weight_hypercall = 40,
    .weight_long_work = 10,
    .weight_irqs_off = 5,
    .weight_idle = 45,
    .long_work_iters = 2000,
    .long_work_jitter = 2000,
    .irqs_off_iters = 200,
    .idle_iters = 8,
    .device_irq_iters = 50,
};

struct percpu percpu[MAX_CPUS];

static u64 do_hypercall(u32 cpu, u64 r)
{
    switch (r % 3) {
    case 0:
        return do_xen_version(cpu);
    case 1:
        return do_record_op(cpu, r);
    default:
        return do_memory_op(cpu, r);
    }
}

void cpu_main(u32 cpu)
{
    struct percpu *pc = &percpu[cpu];
    for (;;) {
        if (pc->stall_iters) { /* the simulator's straggler knob: long non-preemptible work, once */
            u32 n = (u32)pc->stall_iters;
            pc->stall_iters = 0;
            do_long_work(cpu, n);
            continue;
        }
        u32 wh = workload.weight_hypercall, wl = workload.weight_long_work;
        u32 wo = workload.weight_irqs_off, wi = workload.weight_idle;
        u32 total = wh + wl + wo + wi;
        u64 r = prng_next(&pc->rng);
        u32 pick = total ? (u32)(r % total) : 0;
        if (pick < wh) {
            pc->hypercalls++;
            pc->checksum += do_hypercall(cpu, r >> 32);
        } else if (pick < wh + wl) {
            u32 jitter = workload.long_work_jitter;
            u32 extra = jitter ? (u32)((r >> 32) % jitter) : 0;
            do_long_work(cpu, workload.long_work_iters + extra);
        } else if (pick < wh + wl + wo) {
            do_irqs_off_work(cpu, workload.irqs_off_iters);
        } else {
            idle_loop(cpu, workload.idle_iters);
        }
    }
}
