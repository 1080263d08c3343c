package dev.quiesce.host;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.quiesce.emulator.memory.XmcModel;
import dev.quiesce.guest.GuestLayout;
import dev.quiesce.guest.GuestProgram;
import dev.quiesce.settings.SettingsReader;

import java.util.Set;

/**
 * Settings of one simulated host, read from {@code quiesce.host} and validated on read.
 *
 * @param cpus         emulated CPUs
 * @param quantumNs    lockstep quantum in virtual nanoseconds
 * @param imageBase    guest address of the linked image
 * @param payloadArea  bytes reserved after the image for payloads
 * @param cpu          per-CPU settings
 * @param interrupts   interrupt arrival settings
 * @param workload     guest workload parameters
 * @param xmc          the cross-modifying-code model of the host's CPUs (a scenario's {@code xmc}; not a host key:
 *                     {@link #from} gives {@link XmcModel#COHERENT})
 * @param int3Handler  who handles a text_poke int3 (a scenario's {@code text-poke.int3-handler}; not a host key:
 *                     {@link #from} gives {@link Int3Handler#JAVA})
 * @param guest        the program the CPUs run (a scenario's {@code guest}; not a host key: {@link #from} gives
 *                     {@link GuestProgram#builtIn()})
 * @param barrierBatch at most this many quanta between two barriers of the host, while its quantum hook promises
 *                     to stay quiet (docs/architecture.md §3 rule 8); 1 = a barrier after every quantum
 */
public record HostSettings(int cpus, long quantumNs, long imageBase, long payloadArea, CpuSettings cpu,
                           InterruptSettings interrupts, WorkloadSettings workload, XmcModel xmc,
                           Int3Handler int3Handler, GuestProgram guest, int barrierBatch) {

    /** Requires a program and a batch of 1..{@value #MAX_BARRIER_BATCH}. */
    public HostSettings {
        java.util.Objects.requireNonNull(guest, "guest");
        if (barrierBatch < 1 || barrierBatch > MAX_BARRIER_BATCH) {
            throw new IllegalArgumentException(ROOT + ".barrier-batch = " + barrierBatch + " is out of range; legal: 1.."
                    + MAX_BARRIER_BATCH);
        }
    }

    /** The most quanta a host runs between two barriers. */
    public static final int MAX_BARRIER_BATCH = 1024;

    /** The guest's {@code MAX_CPUS}. */
    public static final int MAX_CPUS = GuestLayout.MAX_CPUS;
    private static final String ROOT = "quiesce.host";

    /** The defaults of reference.conf. */
    public static HostSettings defaults() {
        return from(ConfigFactory.load());
    }

    /** Reads and validates {@code quiesce.host} of {@code config}. */
    public static HostSettings from(Config config) {
        Config c = config.getConfig(ROOT);
        SettingsReader r = new SettingsReader(c, ROOT);
        r.rejectUnknown(Set.of("cpus", "quantum", "barrier-batch", "image-base", "payload-area",
                "cpu.picos-per-instruction", "cpu.stack-size", "cpu.interrupt-stack-size",
                "cpu.irq-poll-instructions", "cpu.max-interrupt-nesting", "cpu.spin-poll",
                "interrupts.timer-period", "interrupts.device-rate-per-ms", "interrupts.storm-rate-per-ms",
                "interrupts.storm-length", "interrupts.storm-spacing", "interrupts.nmi-rate-per-ms",
                "interrupts.nmi-watchdog-period", "interrupts.mce-rate-per-ms", "interrupts.injections",
                "workload.weight-hypercall", "workload.weight-long-work", "workload.weight-irqs-off",
                "workload.weight-idle", "workload.long-work-iterations", "workload.long-work-jitter",
                "workload.irqs-off-iterations", "workload.idle-iterations", "workload.device-irq-iterations",
                "workload.mce-calls", "workload.irq-calls"));
        long kib4 = 4096;
        CpuSettings cpu = new CpuSettings(
                r.longIn("cpu.picos-per-instruction", 1, 100_000),
                pageMultiple(r, "cpu.stack-size", r.bytesIn("cpu.stack-size", kib4, 1 << 20)),
                pageMultiple(r, "cpu.interrupt-stack-size", r.bytesIn("cpu.interrupt-stack-size", kib4, 1 << 20)),
                r.longIn("cpu.irq-poll-instructions", 1, 100_000),
                (int) r.longIn("cpu.max-interrupt-nesting", 1, 16),
                r.nanosIn("cpu.spin-poll", 0, 1000));
        long timer = r.nanosIn("interrupts.timer-period", 0, 1_000_000_000L);
        if (timer != 0 && timer < 1000) {
            throw new IllegalArgumentException(ROOT + ".interrupts.timer-period = " + timer
                    + "ns is out of range; legal: 0 (off) or 1us..1s");
        }
        InterruptSettings irq = new InterruptSettings(timer,
                r.doubleIn("interrupts.device-rate-per-ms", 0, 10_000),
                r.doubleIn("interrupts.storm-rate-per-ms", 0, 1_000),
                (int) r.longIn("interrupts.storm-length", 1, 100_000),
                r.nanosIn("interrupts.storm-spacing", 1, 1_000_000_000L),
                r.doubleIn("interrupts.nmi-rate-per-ms", 0, 10_000),
                r.nanosIn("interrupts.nmi-watchdog-period", 0, 100_000_000_000L),
                r.doubleIn("interrupts.mce-rate-per-ms", 0, 10_000),
                injections(c, (int) r.longIn("cpus", 1, MAX_CPUS)));
        WorkloadSettings w = new WorkloadSettings(
                weight(r, "workload.weight-hypercall"), weight(r, "workload.weight-long-work"),
                weight(r, "workload.weight-irqs-off"), weight(r, "workload.weight-idle"),
                iterations(r, "workload.long-work-iterations"), iterations(r, "workload.long-work-jitter"),
                iterations(r, "workload.irqs-off-iterations"), iterations(r, "workload.idle-iterations"),
                iterations(r, "workload.device-irq-iterations"),
                WorkloadSettings.MCE_CALLS.indexOf(r.oneOf("workload.mce-calls", WorkloadSettings.MCE_CALLS)),
                WorkloadSettings.MCE_CALLS.indexOf(r.oneOf("workload.irq-calls", WorkloadSettings.MCE_CALLS)));
        if (w.weightHypercall() + w.weightLongWork() + w.weightIrqsOff() + w.weightIdle() == 0) {
            throw new IllegalArgumentException(ROOT + ".workload: all weights are 0; at least one must be positive");
        }
        return new HostSettings(
                (int) r.longIn("cpus", 1, MAX_CPUS),
                r.nanosIn("quantum", 10, 1_000_000),
                pageMultiple(r, "image-base", r.hexAddressIn("image-base", 0x10000, 0x4000_0000)),
                pageMultiple(r, "payload-area", r.bytesIn("payload-area", 0, 256L << 20)),
                cpu, irq, w, XmcModel.COHERENT, Int3Handler.JAVA, GuestProgram.builtIn(),
                (int) r.longIn("barrier-batch", 1, MAX_BARRIER_BATCH));
    }

    /** A copy with another CPU count. */
    public HostSettings withCpus(int n) {
        if (n < 1 || n > MAX_CPUS) {
            throw new IllegalArgumentException("cpus = " + n + " is out of range; legal: 1.." + MAX_CPUS);
        }
        return new HostSettings(n, quantumNs, imageBase, payloadArea, cpu, interrupts, workload, xmc, int3Handler, guest,
                barrierBatch);
    }

    /** A copy with another cross-modifying-code model. */
    public HostSettings withXmc(XmcModel model) {
        return new HostSettings(cpus, quantumNs, imageBase, payloadArea, cpu, interrupts, workload,
                java.util.Objects.requireNonNull(model, "model"), int3Handler, guest, barrierBatch);
    }

    /** A copy whose text_poke int3s are handled by {@code handler}. */
    public HostSettings withInt3Handler(Int3Handler handler) {
        return new HostSettings(cpus, quantumNs, imageBase, payloadArea, cpu, interrupts, workload, xmc,
                java.util.Objects.requireNonNull(handler, "handler"), guest, barrierBatch);
    }

    /** A copy whose CPUs run {@code program}. */
    public HostSettings withGuest(GuestProgram program) {
        return new HostSettings(cpus, quantumNs, imageBase, payloadArea, cpu, interrupts, workload, xmc, int3Handler,
                java.util.Objects.requireNonNull(program, "program"), barrierBatch);
    }

    /** A copy with at most {@code n} quanta between two barriers (1: a barrier after every quantum). */
    public HostSettings withBarrierBatch(int n) {
        return new HostSettings(cpus, quantumNs, imageBase, payloadArea, cpu, interrupts, workload, xmc, int3Handler,
                guest, n);
    }

    /** {@code interrupts.injections}: a list of {cpu, at, kind = nmi|irq|mce}. */
    private static java.util.List<InterruptSettings.Injection> injections(Config c, int cpus) {
        java.util.List<? extends Config> list;
        try {
            list = c.getConfigList("interrupts.injections");
        } catch (com.typesafe.config.ConfigException e) {
            throw new IllegalArgumentException(ROOT + ".interrupts.injections must be a list of { cpu = N, at = 51us,"
                    + " kind = nmi|irq|mce }: " + e.getMessage(), e);
        }
        java.util.List<InterruptSettings.Injection> out = new java.util.ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            SettingsReader r = new SettingsReader(list.get(i), ROOT + ".interrupts.injections[" + i + "]");
            r.rejectUnknown(Set.of("cpu", "at", "kind"));
            out.add(new InterruptSettings.Injection((int) r.longIn("cpu", 0, cpus - 1),
                    r.nanosIn("at", 0, Long.MAX_VALUE / 1000),
                    dev.quiesce.interrupt.InterruptKind.valueOf(
                            r.oneOf("kind", java.util.List.of("nmi", "irq", "mce")).toUpperCase(java.util.Locale.ROOT))));
        }
        return out;
    }

    private static int weight(SettingsReader r, String key) {
        return (int) r.longIn(key, 0, 10_000);
    }

    private static int iterations(SettingsReader r, String key) {
        return (int) r.longIn(key, 0, 100_000_000);
    }

    private static long pageMultiple(SettingsReader r, String key, long v) {
        if (v % 4096 != 0) {
            throw new IllegalArgumentException(ROOT + "." + key + " = " + v + " is not a multiple of 4 KiB");
        }
        return v;
    }
}
