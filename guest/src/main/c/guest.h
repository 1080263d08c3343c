/*
 * The guest image's shared declarations: a small hypervisor-like program that every emulated CPU
 * of a host runs (docs/architecture.md §2 step 2).
 *
 * Data rule (docs/architecture.md §3 rule 5): writable data is per-CPU (struct percpu); anything shared
 * (struct workload, livepatch_work) is written only by the simulator, at quantum boundaries.
 */
#ifndef QUIESCE_GUEST_H
#define QUIESCE_GUEST_H

/* Every symbol is resolved inside the image (or against it, for payloads): no GOT, no PLT, only
 * PC-relative references (RIP-relative on x86-64, ADRP/ADD and BL on AArch64; see build-guest.sh). */
#pragma GCC visibility push(hidden)

typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long u64;

#define MAX_CPUS 256

/*
 * The architecture interface: the few instructions the common sources cannot write in C. Everything else of the
 * guest is the same C for both architectures; what differs beyond these is in the x86_*.c and a64_*.c files
 * (build-guest.sh compiles one set or the other) and in how the simulator enters the handlers (docs/aarch64.md).
 *
 * x86-64: CLI/STI clear and set RFLAGS.IF; PAUSE is the spin-wait hint (Intel SDM vol. 2B, "PAUSE").
 *
 * AArch64: IRQs are masked with PSTATE.I through the DAIF immediate forms, MSR DAIFSet/DAIFClr #2 (bit 1 of the
 * immediate is I; Arm ARM, "DAIFSet, DAIFClr"), exactly as Xen's local_irq_disable/local_irq_enable do
 * (xen/include/asm-arm/arm64/system.h at 5259aa4eb54c, since moved to xen/arch/arm/include/asm/arm64/system.h). Only
 * I: FIQ (F) is unused, and SError (A) stays unmasked in ordinary code as in Xen, so the machine-check analogue
 * (a64_serror.c) still arrives with IRQs off. The pseudo-NMI is the simulator's, delivered whatever PSTATE.I says,
 * as Linux's GIC-priority pseudo-NMI is delivered through its priority mask (arch/arm64/include/asm/irqflags.h).
 * Writes to PSTATE.{D,A,I,F} take effect in program order without an ISB (Arm ARM, "Synchronization requirements for
 * AArch64 System registers"), so none follows them. The spin-wait hint is YIELD, Linux's cpu_relax() on arm64
 * (arch/arm64/include/asm/vdso/processor.h at 287d163322b7).
 */
#if defined(__x86_64__)
#define ARCH_IRQ_DISABLE "cli"
#define ARCH_IRQ_ENABLE "sti"
#define ARCH_CPU_RELAX "pause"
/* FENTRY_PATCHABLE's pad: five 1-byte NOPs, the room of one 5-byte JMP rel32. */
#define ARCH_FENTRY_NOPS 5
#elif defined(__aarch64__)
#define ARCH_IRQ_DISABLE "msr daifset, #2"
#define ARCH_IRQ_ENABLE "msr daifclr, #2"
#define ARCH_CPU_RELAX "yield"
/* FENTRY_PATCHABLE's pad: two 4-byte NOPs, as Linux's arm64 ftrace sites (arch/arm64/Makefile: CC_FLAGS_FTRACE :=
 * -fpatchable-function-entry=2 under CONFIG_DYNAMIC_FTRACE_WITH_REGS). A patch's B imm26 replaces the first; NOP ->
 * B is one of the modifications Arm allows while another core executes the instruction (Arm ARM, "Concurrent
 * modification and execution of instructions"). */
#define ARCH_FENTRY_NOPS 2
#else
#error "the guest is built for x86-64 (gcc) or AArch64 (aarch64-linux-gnu-gcc) only: see build-guest.sh"
#endif

/* A function a payload may replace: never inlined, never specialised by IPA (so callers really
 * call it and really use its return value), kept even if unused. */
#define PATCHABLE __attribute__((noinline, noipa, used))
/* A PATCHABLE function whose entry is a 5-byte pad of five 1-byte NOPs (90 90 90 90 90) before the
 * prologue, like a Linux function built with -pg -mfentry -mnop-mcount (its ftrace site): the
 * simulator rewrites the pad into one 5-byte NOP at boot (Linux: ftrace_init), and a patch's 5-byte
 * JMP then replaces exactly that instruction. -pg is refused with -fpie, so gcc's
 * patchable_function_entry(5, 0) makes the pad (5 NOPs, none of them before the symbol). On AArch64 the
 * pad is two NOPs (ARCH_FENTRY_NOPS above) and needs no rewriting at boot. The
 * functions that carry it are listed by dev.quiesce.guest.PatchableEntries. */
#define FENTRY_PATCHABLE PATCHABLE __attribute__((patchable_function_entry(ARCH_FENTRY_NOPS, 0)))
/* Not patchable, but must stay a real call (hooks, stack walks). */
#define NOINLINE __attribute__((noinline, noipa))

#define IRQ_VECTOR_TIMER 0x20u
#define IRQ_VECTOR_DEVICE 0x30u

/* workload.mce_calls: the patchable function the machine-check handler calls (x86_mce.c, a64_serror.c). */
#define MCE_CALLS_NONE 0u
#define MCE_CALLS_XEN_EXTRA_VERSION 1u
#define MCE_CALLS_XEN_MINOR_VERSION 2u
#define MCE_CALLS_DO_XEN_VERSION 3u

/* Workload parameters, written by the simulator before the run. Weights pick the next activity of
 * cpu_main; lengths are loop iterations. Layout is read by the simulator by symbol + offset (GuestLayout). */
struct workload {
    u32 weight_hypercall;   /* short hypercall-like functions */
    u32 weight_long_work;   /* long non-preemptible work, IRQs enabled */
    u32 weight_irqs_off;    /* short critical section with IRQs disabled */
    u32 weight_idle;        /* visit to the idle loop (quiescence points) */
    u32 long_work_iters;    /* base length of long work */
    u32 long_work_jitter;   /* + uniform [0, jitter) */
    u32 irqs_off_iters;     /* length of the IRQs-off section */
    u32 idle_iters;         /* idle loop iterations per visit */
    u32 device_irq_iters;   /* work per device IRQ */
    u32 mce_calls;          /* what mce_handler calls: one of MCE_CALLS_* */
    u32 irq_calls;          /* what irq_handler_calls calls after irq_handler: one of MCE_CALLS_* (x86_vector_calls.c,
                               a64_vector_calls.c) */
    u32 reserved[5];
};

/* A record written by record_write and checked by record_read: the two must change together. */
struct record {
    u32 format;
    u32 length;
    u64 payload;
    u64 check;
};

#define RECORD_FORMAT_V1 1u
#define RECORD_CHECK_KEY 0x5a5a5a5a5a5a5a5aul
/* Format 2, written and read only by the record_v2 payload (payloads/record_v2.c): each reader traps
 * on the other format. */
#define RECORD_FORMAT_V2 2u
#define RECORD_CHECK_KEY_V2 0xa5c3a5c3a5c3a5c3ul

/* One CPU's private data (only that CPU writes it). 256 bytes per CPU. */
struct percpu {
    u64 rng;                /* guest PRNG state, seeded by the simulator */
    u64 hypercalls;
    u64 long_works;
    u64 irqs_off_sections;
    u64 idle_visits;
    u64 quiescence_checks;
    u64 livepatch_work_seen;
    u64 irqs;
    u64 timer_ticks;
    u64 device_irqs;
    u64 nmis;
    u64 minor_version_seen;
    u64 extra_version_first;
    u64 checksum;
    struct record rec;
    u64 pad[11];            /* do_memory_op's scratch (work.c): its length is part of the workload */
    u64 stall_iters;        /* written by the simulator: run one long work of this length next (a straggler) */
    u64 universe;           /* written by the simulator: lazy.per-cpu's universe generation of this CPU, read by its
                               dispatch trampolines at %gs:232 (the simulator points %gs at this CPU's percpu) */
    u64 mces;               /* machine checks handled (x86_mce.c; on AArch64 SErrors, a64_serror.c) */
    u64 mce_seen;           /* what the last machine check's call returned (its low byte, or the version word) */
} __attribute__((aligned(256)));

/* The rendezvous words (x86_rendezvous.c, a64_rendezvous.c): RENDEZVOUS_WORDS named 64-bit words of a protocol's
 * rendezvous state, written by the simulator on behalf of the CPUs (Java: SharedWords). */
#define RENDEZVOUS_WORDS 32
struct rendezvous_words {
    u64 word[RENDEZVOUS_WORDS];
} __attribute__((aligned(64)));

/* The layout the simulator reads and writes (Java: dev.quiesce.guest.GuestLayout): the guest does not build if the
 * two part. Change both together; GuestLayoutTest also asks gcc for this layout and compares. */
#define GUEST_LAYOUT(type, field, offset) \
    _Static_assert(__builtin_offsetof(struct type, field) == (offset), \
                   "struct " #type " field " #field " must be at offset " #offset " (GuestLayout)")
_Static_assert(MAX_CPUS == 256, "MAX_CPUS must be GuestLayout.MAX_CPUS (256)");
_Static_assert(sizeof(struct percpu) == 256, "sizeof(struct percpu) must be GuestLayout.PERCPU_SIZE (256)");
GUEST_LAYOUT(percpu, rng, 0);
GUEST_LAYOUT(percpu, quiescence_checks, 40);
GUEST_LAYOUT(percpu, irqs, 56);
GUEST_LAYOUT(percpu, timer_ticks, 64);
GUEST_LAYOUT(percpu, nmis, 80);
GUEST_LAYOUT(percpu, extra_version_first, 96);
GUEST_LAYOUT(percpu, stall_iters, 224);
GUEST_LAYOUT(percpu, universe, 232);
GUEST_LAYOUT(percpu, mces, 240);
GUEST_LAYOUT(percpu, mce_seen, 248);
_Static_assert(sizeof(struct workload) == 64, "sizeof(struct workload) must be GuestLayout.WORKLOAD_SIZE (64)");
GUEST_LAYOUT(workload, weight_hypercall, 0);
GUEST_LAYOUT(workload, weight_long_work, 4);
GUEST_LAYOUT(workload, weight_irqs_off, 8);
GUEST_LAYOUT(workload, weight_idle, 12);
GUEST_LAYOUT(workload, long_work_iters, 16);
GUEST_LAYOUT(workload, long_work_jitter, 20);
GUEST_LAYOUT(workload, irqs_off_iters, 24);
GUEST_LAYOUT(workload, idle_iters, 28);
GUEST_LAYOUT(workload, device_irq_iters, 32);
GUEST_LAYOUT(workload, mce_calls, 36);
GUEST_LAYOUT(workload, irq_calls, 40);
_Static_assert(RENDEZVOUS_WORDS == 32, "RENDEZVOUS_WORDS must be GuestLayout.RENDEZVOUS_WORDS (32)");
_Static_assert(sizeof(struct rendezvous_words) == 256,
               "sizeof(struct rendezvous_words) must be GuestLayout.RENDEZVOUS_SIZE (256)");
#undef GUEST_LAYOUT

extern volatile struct workload workload;
extern struct percpu percpu[MAX_CPUS];
extern volatile u32 livepatch_work_to_do;
extern volatile struct rendezvous_words quiesce_rendezvous;

/* arch.c */
void local_irq_disable(void);
void local_irq_enable(void);
void cpu_relax(void);
u64 prng_next(u64 *state);
void *memset(void *dst, int c, unsigned long n);
void *memcpy(void *dst, const void *src, unsigned long n);

/* version.c — like Xen's, so the hello/bye/replace/nop payloads have something to patch */
const char *xen_extra_version(void);
int xen_minor_version(void);
int xen_major_version(void);
u64 do_xen_version(u32 cpu);

/* record.c — the pair that must change together */
void record_write(struct record *r, u64 value);
u64 record_read(const struct record *r);
u64 do_record_op(u32 cpu, u64 value);

/* work.c */
u64 do_long_work(u32 cpu, u32 iters);
u64 do_irqs_off_work(u32 cpu, u32 iters);
u64 do_memory_op(u32 cpu, u64 value);

/* idle.c */
void check_for_livepatch_work(u32 cpu);
void idle_loop(u32 cpu, u32 iters);

/* irq.c — entry points the simulator jumps to (x86-64: RDI = vector or cpu, RSI = cpu; AArch64: X0, X1, and X30 the
 * magic return address) */
void irq_handler(u32 vector, u32 cpu);
void nmi_handler(u32 cpu);

/* x86_mce.c, a64_serror.c — the machine-check entry point (RDI/X0 = cpu, RSI/X1 = cpu) */
void mce_handler(u32 cpu);

/* x86_vector_calls.c, a64_vector_calls.c — the IRQ entry point when workload.irq_calls is not none (RDI/X0 = vector,
 * RSI/X1 = cpu) */
void irq_handler_calls(u32 vector, u32 cpu);

/* main.c */
void cpu_main(u32 cpu) __attribute__((noreturn));

#endif
