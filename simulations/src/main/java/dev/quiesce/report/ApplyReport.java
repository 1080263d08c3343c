package dev.quiesce.report;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.LateCpu;
import dev.quiesce.json.JsonWriter;
import dev.quiesce.time.SimTime;

import java.io.PrintWriter;

/**
 * The apply outcome of a run with {@code --apply}, as text after the per-CPU table and as a JSON object: the
 * result and rc, the master, per-CPU arrival and IRQs-off times, the phase durations and each CPU's IRQs-off
 * pause and NMIs lost in the window, and, when the attempt ran out of time, each CPU it waited for in vain with its
 * PC, {@code function+offset} and {@code file:line} ({@link LateCpu}) (Xen's {@code mask_nmi_callback}, xen/arch/x86/livepatch.c) — the steps of Xen's {@code do_livepatch_work()} rendezvous (xen/common/livepatch.c).
 */
public final class ApplyReport {

    private ApplyReport() {
    }

    public static void print(String protocol, ApplyOutcome o, PrintWriter out) {
        out.printf("%s %s (%s)%s: %s rc=%d%n", o.request().action().name().toLowerCase(java.util.Locale.ROOT),
                o.request().payload(), protocol,
                o.request().attempt() > 1 ? " attempt " + o.request().attempt() : "", o.result().label(), o.rc());
        if (!o.message().isEmpty()) {
            out.println("  " + o.message());
        }
        for (LateCpu late : o.late()) {
            out.println("  late at the deadline: " + late);
        }
        if (o.stores() > 0 || o.syncRoundsNs().length > 0) {
            out.printf("  stores %d, sync rounds %d%s, time-to-apply %s%n", o.stores(), o.syncRoundsNs().length,
                    o.syncRoundsNs().length == 0 ? "" : " " + java.util.Arrays.stream(o.syncRoundsNs())
                            .mapToObj(ApplyReport::time).toList(), time(o.timeToApplyNs()));
        }
        if (o.master() < 0) {
            return;
        }
        out.printf("  issued %s, master cpu %d at %s, deadline %s, time-to-apply %s%n", SimTime.format(o.issuedNs()),
                o.master(), SimTime.format(o.masterNs()), SimTime.format(o.deadlineNs()), time(o.timeToApplyNs()));
        out.printf("  cpu phase %s, irq phase %s%n", time(o.cpuPhaseDurationNs()), time(o.irqPhaseDurationNs()));
        out.printf("  nmi policy %s, lost NMIs %d%n", o.request().nmiPolicy().cliName(), o.totalLostNmis());
        out.printf("%4s %14s %14s %14s %9s%n", "cpu", "arrived", "irqs-off", "irqs-off-pause", "lost-nmis");
        for (int c = 0; c < o.arrivalNs().length; c++) {
            out.printf("%4d %14s %14s %14s %9d%n", c, time(o.arrivalNs()[c]), time(o.irqsOffNs()[c]),
                    time(o.irqsOffPauseNs(c)), o.lostNmis()[c]);
        }
    }

    /** The last attempt's outcome as JSON, with the number of attempts. */
    public static String json(String protocol, ApplyOutcome o, int attempts) {
        StringBuilder b = new StringBuilder();
        b.append("{\"protocol\": ").append(JsonWriter.quote(protocol)).append(", \"attempts\": ").append(attempts)
                .append(", \"at\": ").append(JsonWriter.quote(SimTime.format(o.request().atNs())))
                .append(", \"payload\": ").append(JsonWriter.quote(o.request().payload()))
                .append(", \"result\": ").append(JsonWriter.quote(o.result().label()))
                .append(", \"rc\": ").append(o.rc())
                .append(", \"message\": ").append(JsonWriter.quote(o.message()))
                .append(", \"issuedNs\": ").append(o.issuedNs())
                .append(", \"master\": ").append(o.master())
                .append(", \"masterNs\": ").append(o.masterNs())
                .append(", \"deadlineNs\": ").append(o.deadlineNs())
                .append(", \"cpuPhaseNs\": ").append(o.cpuPhaseDurationNs())
                .append(", \"irqPhaseNs\": ").append(o.irqPhaseDurationNs())
                .append(", \"timeToApplyNs\": ").append(o.timeToApplyNs())
                .append(", \"nmiPolicy\": ").append(JsonWriter.quote(o.request().nmiPolicy().cliName()))
                .append(", \"lostNmis\": ").append(o.totalLostNmis())
                .append(", \"stores\": ").append(o.stores())
                .append(", \"syncRoundsNs\": ").append(java.util.Arrays.toString(o.syncRoundsNs()))
                .append(", \"late\": [");
        for (int i = 0; i < o.late().size(); i++) {
            LateCpu l = o.late().get(i);
            b.append(i == 0 ? "" : ", ").append("{\"cpu\": ").append(l.cpu()).append(", \"pc\": ").append(l.pc())
                    .append(", \"symbol\": ").append(JsonWriter.quote(l.symbol()))
                    .append(", \"line\": ").append(JsonWriter.quote(l.line()))
                    .append(", \"handlerDepth\": ").append(l.handlerDepth()).append('}');
        }
        b.append("], \"cpus\": [");
        for (int c = 0; c < o.arrivalNs().length; c++) {
            b.append(c == 0 ? "" : ", ").append("{\"cpu\": ").append(c)
                    .append(", \"arrivedNs\": ").append(o.arrivalNs()[c])
                    .append(", \"irqsOffNs\": ").append(o.irqsOffNs()[c])
                    .append(", \"irqsOffPauseNs\": ").append(o.irqsOffPauseNs(c))
                    .append(", \"lostNmis\": ").append(o.lostNmis()[c]).append('}');
        }
        return b.append("]}").toString();
    }

    private static String time(long ns) {
        return ns < 0 ? "-" : SimTime.format(ns);
    }
}
