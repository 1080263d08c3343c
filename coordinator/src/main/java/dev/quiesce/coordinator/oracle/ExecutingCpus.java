package dev.quiesce.coordinator.oracle;

import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.cpu.CpuSnapshot;

/**
 * Which CPUs may execute guest code at a boundary, as the coordinator's commands leave them at the end of the
 * quantum that just ran: a CPU is held off when it is halted on a fault, or parked (held at its quiescence point, or
 * stopped) with its IRQs turned off by the protocol and outside any handler — Xen's CPUs spinning with IRQs off in
 * {@code do_livepatch_work()} (xen/common/livepatch.c), stop_machine's CPUs in {@code multi_cpu_stop()}
 * (kernel/stop_machine.c). Every other CPU may fetch any instruction. The snapshot of the quantum's start
 * (docs/oracles.md, "What the CPUs show the oracles") is carried forward through the quantum's events: a held CPU
 * reaching its quiescence point parks there, {@code IrqsOff} and {@code Stopped} take effect, an interrupt entered
 * and not left puts it in a handler, a fault halts it. The boundary's own commands (a release) are applied only at
 * the next quantum's start, after the boundary's stores.
 */
final class ExecutingCpus {

    private final boolean[] held;
    private final String[] why;

    private ExecutingCpus(int cpus) {
        held = new boolean[cpus];
        why = new String[cpus];
    }

    /** The CPUs of {@code view} at its boundary. */
    static ExecutingCpus at(OracleView view) {
        int n = view.cpus();
        boolean[] parked = new boolean[n];
        boolean[] holdAsked = new boolean[n];
        boolean[] irqsOff = new boolean[n];
        boolean[] halted = new boolean[n];
        int[] depth = new int[n];
        for (int c = 0; c < n; c++) {
            CpuSnapshot s = view.side() == null ? null : view.side().cpus().get(c);
            if (s != null) {
                parked[c] = s.parked();
                holdAsked[c] = s.holdAsked();
                irqsOff[c] = s.irqsOffHeld();
                halted[c] = s.halted();
                depth[c] = s.handlerDepth();
            }
        }
        for (CpuEvent e : view.events()) {
            int c = e.cpu();
            switch (e) {
                case CpuEvent.Quiescence q -> parked[c] |= holdAsked[c];
                case CpuEvent.IrqsOff i -> irqsOff[c] = true;
                case CpuEvent.Stopped s -> {
                    parked[c] = true;
                    irqsOff[c] = true;
                }
                case CpuEvent.InterruptEntry i -> depth[c]++;
                case CpuEvent.InterruptExit x -> depth[c] = Math.max(0, depth[c] - 1);
                case CpuEvent.Fault f -> halted[c] = true;
                default -> { }
            }
        }
        ExecutingCpus out = new ExecutingCpus(n);
        for (int c = 0; c < n; c++) {
            out.held[c] = halted[c] || parked[c] && irqsOff[c] && depth[c] == 0;
            out.why[c] = !parked[c] ? "running" : !irqsOff[c] ? "parked with its IRQs on"
                    : "parked, inside an interrupt handler";
        }
        return out;
    }

    /** No CPU is known to be held (before the first boundary): every one may execute. */
    static ExecutingCpus none(int cpus) {
        ExecutingCpus out = new ExecutingCpus(cpus);
        java.util.Arrays.fill(out.why, "running");
        return out;
    }

    /** The lowest CPU that may execute guest code, or -1 when every CPU is held off. */
    int firstExecuting() {
        for (int c = 0; c < held.length; c++) {
            if (!held[c]) {
                return c;
            }
        }
        return -1;
    }

    /** Why CPU {@code cpu} may execute: running, parked with its IRQs on, or in a handler. */
    String why(int cpu) {
        return why[cpu];
    }
}
