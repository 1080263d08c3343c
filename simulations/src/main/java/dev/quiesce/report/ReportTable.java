package dev.quiesce.report;

import dev.quiesce.host.CpuSummary;
import dev.quiesce.host.HostReport;

import java.io.PrintWriter;

/**
 * The per-CPU table of a host run, for terminals.
 */
public final class ReportTable {

    private ReportTable() {
    }

    public static void print(HostReport r, PrintWriter out) {
        out.printf("%4s %14s %12s %8s %6s %6s %14s %7s%n",
                "cpu", "instructions", "quiescence", "irqs", "nmis", "lost", "max-gap-us", "faults");
        long insn = 0, qp = 0, irqs = 0, nmis = 0, lost = 0, faults = 0;
        for (CpuSummary c : r.cpus()) {
            out.printf("%4d %14d %12d %8d %6d %6d %14s %7d%n", c.cpu(), c.instructions(), c.quiescencePoints(),
                    c.irqs(), c.nmis(), c.lostInterrupts(), gapMicros(c), c.faults());
            insn += c.instructions();
            qp += c.quiescencePoints();
            irqs += c.irqs();
            nmis += c.nmis();
            lost += c.lostInterrupts();
            faults += c.faults();
        }
        out.printf("%4s %14d %12d %8d %6d %6d %14s %7d%n", "all", insn, qp, irqs, nmis, lost, "", faults);
        out.printf("virtual time %s, quantum %s, %d events, guest build-id %s%n",
                dev.quiesce.time.SimTime.format(r.durationNs()), dev.quiesce.time.SimTime.format(r.quantumNs()),
                r.events(), r.buildId());
    }

    /** A CPU's longest gap between quiescence points, in µs with three decimals (the table's and JSON's form). */
    public static String gapMicros(CpuSummary c) {
        return String.format(java.util.Locale.ROOT, "%.3f", dev.quiesce.time.SimTime.toMicros(c.longestGapNs()));
    }
}
