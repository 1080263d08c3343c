package dev.quiesce.guest;

import java.util.List;

/**
 * The layout of the guest's shared structs as the simulator reads and writes them ({@code guest.h}): byte offsets
 * of the fields of {@code struct percpu} and {@code struct workload}, their sizes, {@code MAX_CPUS} and the
 * rendezvous words ({@code struct rendezvous_words}). The C side
 * checks each value with a {@code _Static_assert} in {@code guest.h}, so the guest does not build if they part;
 * {@code GuestLayoutTest} asks gcc for the same layout on its own.
 */
public final class GuestLayout {

    /** {@code MAX_CPUS}: entries of the {@code percpu} array. */
    public static final int MAX_CPUS = 256;

    /** {@code sizeof(struct percpu)}: the stride of the {@code percpu} array (each CPU's %gs base is its entry). */
    public static final long PERCPU_SIZE = 256;
    /** {@code percpu.rng}: the guest PRNG's state, seeded by the simulator (xorshift: never zero). */
    public static final long PERCPU_RNG = 0;
    /** {@code percpu.quiescence_checks}: the guest's count of its quiescence checks. */
    public static final long PERCPU_QUIESCENCE_CHECKS = 40;
    /** {@code percpu.irqs}: the guest's count of IRQs handled. */
    public static final long PERCPU_IRQS = 56;
    /** {@code percpu.timer_ticks}: the guest's count of timer IRQs. */
    public static final long PERCPU_TIMER_TICKS = 64;
    /** {@code percpu.nmis}: the guest's count of NMIs handled. */
    public static final long PERCPU_NMIS = 80;
    /** {@code percpu.extra_version_first}: {@code xen_extra_version()[1]} as the CPU last saw it. */
    public static final long PERCPU_EXTRA_VERSION_FIRST = 96;
    /** {@code percpu.mces}: the guest's count of machine checks handled ({@code mce_handler}). */
    public static final long PERCPU_MCES = 240;
    /** {@code percpu.mce_seen}: what the last machine check's call ({@code workload.mce_calls}) returned. */
    public static final long PERCPU_MCE_SEEN = 248;
    /** {@code percpu.stall_iters}: written by the simulator, the length of one long work to run next (a straggler). */
    public static final long PERCPU_STALL_ITERS = 224;
    /** {@code percpu.universe}: lazy.per-cpu's universe generation of the CPU, read at {@code %gs:232}. */
    public static final long PERCPU_UNIVERSE = 232;

    /** {@code sizeof(struct workload)}. */
    public static final long WORKLOAD_SIZE = 64;
    /** {@code workload.weight_hypercall} (u32, as every workload field). */
    public static final long WORKLOAD_WEIGHT_HYPERCALL = 0;
    /** {@code workload.weight_long_work}. */
    public static final long WORKLOAD_WEIGHT_LONG_WORK = 4;
    /** {@code workload.weight_irqs_off}. */
    public static final long WORKLOAD_WEIGHT_IRQS_OFF = 8;
    /** {@code workload.weight_idle}. */
    public static final long WORKLOAD_WEIGHT_IDLE = 12;
    /** {@code workload.long_work_iters}. */
    public static final long WORKLOAD_LONG_WORK_ITERS = 16;
    /** {@code workload.long_work_jitter}. */
    public static final long WORKLOAD_LONG_WORK_JITTER = 20;
    /** {@code workload.irqs_off_iters}. */
    public static final long WORKLOAD_IRQS_OFF_ITERS = 24;
    /** {@code workload.idle_iters}. */
    public static final long WORKLOAD_IDLE_ITERS = 28;
    /** {@code workload.device_irq_iters}. */
    public static final long WORKLOAD_DEVICE_IRQ_ITERS = 32;
    /** {@code workload.mce_calls}: what the machine-check handler calls ({@code MCE_CALLS_*} of guest.h). */
    public static final long WORKLOAD_MCE_CALLS = 36;
    /** {@code workload.irq_calls}: what the IRQ entry {@code irq_handler_calls} calls ({@code MCE_CALLS_*}). */
    public static final long WORKLOAD_IRQ_CALLS = 40;

    /** {@code RENDEZVOUS_WORDS}: the 64-bit words of {@code struct rendezvous_words} (the symbol {@value #RENDEZVOUS_SYMBOL}). */
    public static final int RENDEZVOUS_WORDS = 32;
    /** {@code sizeof(struct rendezvous_words)}. */
    public static final long RENDEZVOUS_SIZE = 256;
    /** The guest symbol of the rendezvous words ({@code x86_rendezvous.c}). */
    public static final String RENDEZVOUS_SYMBOL = "quiesce_rendezvous";

    /** The u32 fields of {@code struct workload} the simulator writes, in declaration order. */
    public static final List<Long> WORKLOAD_FIELDS = List.of(WORKLOAD_WEIGHT_HYPERCALL, WORKLOAD_WEIGHT_LONG_WORK,
            WORKLOAD_WEIGHT_IRQS_OFF, WORKLOAD_WEIGHT_IDLE, WORKLOAD_LONG_WORK_ITERS, WORKLOAD_LONG_WORK_JITTER,
            WORKLOAD_IRQS_OFF_ITERS, WORKLOAD_IDLE_ITERS, WORKLOAD_DEVICE_IRQ_ITERS, WORKLOAD_MCE_CALLS,
            WORKLOAD_IRQ_CALLS);

    private GuestLayout() {
    }
}
