package dev.quiesce.report;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.coordinator.protocol.RendezvousEvent;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.scenario.ScenarioResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The instants of a run worth a marker in a trace viewer: the rendezvous's steps (election, arrivals, stores,
 * deadline, timeout, release, aborts), lost and swallowed interrupts, emulated {@code int3}s, faults and violations.
 */
final class Instants {

    /** Something at {@code timeNs} on CPU {@code cpu}, or on the whole host when {@code cpu} is -1. */
    record Instant(long timeNs, int cpu, String name, String cat, String detail) {
    }

    private Instants() {
    }

    /** The run's instants, by time. */
    static List<Instant> of(ScenarioResult r) {
        List<Instant> out = new ArrayList<>();
        int k = 0;
        for (ApplyOutcome o : r.outcomes()) {
            String a = "attempt " + ++k;
            if (o.deadlineNs() >= 0 && o.deadlineNs() <= r.endNs()) {
                out.add(new Instant(o.deadlineNs(), -1, "deadline", "rendezvous", a));
            }
            for (RendezvousEvent e : o.events()) {
                Instant i = switch (e) {
                    case RendezvousEvent.MasterElected m -> new Instant(m.time(), m.cpu(), "master elected", "rendezvous", a);
                    case RendezvousEvent.Arrived v -> new Instant(v.time(), v.cpu(), "arrived", "rendezvous", a);
                    case RendezvousEvent.Switched s -> new Instant(s.time(), s.cpu(), "switched", "rendezvous", a);
                    case RendezvousEvent.Stored s -> new Instant(s.time(), -1, "store", "patch", s.length()
                            + " bytes at 0x" + Long.toHexString(s.address()) + " (" + a + ")");
                    case RendezvousEvent.TimedOut t -> new Instant(t.time(), -1, "timed out", "rendezvous", t.phase()
                            + " phase: " + t.arrived() + " of " + t.of() + " arrived (" + a + ")");
                    case RendezvousEvent.Released v -> new Instant(v.time(), -1, "release", "rendezvous", a);
                    case RendezvousEvent.Aborted b -> new Instant(b.time(), -1, "aborted", "rendezvous", b.reason());
                    case RendezvousEvent.RunEnded x -> new Instant(x.time(), -1, "run ended", "rendezvous",
                            x.oracle() + " (" + a + ")");
                    case RendezvousEvent.NmiLost n -> new Instant(n.time(), n.cpu(), "NMI lost", "nmi",
                            (n.swallowed() ? "swallowed" : "already latched") + " (" + a + ")");
                    case RendezvousEvent.StackBusy s -> new Instant(s.time(), s.cpu(), "stack busy", "rendezvous",
                            s.function() + " in frame " + s.frame());
                    case RendezvousEvent.WordWritten w -> new Instant(w.time(), w.cpu(), "word " + w.word(),
                            "rendezvous", w.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + w.value());
                    case RendezvousEvent.NmiInPatchedFunction n -> new Instant(n.time(), n.cpu(),
                            "NMI in patched function", "nmi", n.function());
                    default -> null;
                };
                if (i != null) {
                    out.add(i);
                }
            }
        }
        for (CpuEvent e : r.trace()) {
            switch (e) {
                case CpuEvent.InterruptLost l -> out.add(new Instant(l.time(), l.cpu(), l.kind() + " lost", "interrupt",
                        "vector " + l.vector()));
                case CpuEvent.NmiSwallowed n -> out.add(new Instant(n.time(), n.cpu(), "NMI swallowed", "nmi",
                        "vector " + n.vector()));
                case CpuEvent.Int3Emulated i -> out.add(new Instant(i.time(), i.cpu(), "int3 emulated", "patch",
                        "at 0x" + Long.toHexString(i.pc()) + ", continued at 0x" + Long.toHexString(i.target())));
                case CpuEvent.Fault f -> out.add(new Instant(f.time(), f.cpu(), "fault", "fault", f.kind() + " at "
                        + f.where() + ": " + f.detail()));
                default -> { }
            }
        }
        for (Violation v : r.violations()) {
            out.add(new Instant(v.timeNs(), v.cpu(), "violation: " + v.oracle(), "violation", v.message()));
        }
        out.sort(Comparator.comparingLong(Instant::timeNs));
        return out;
    }
}
