package dev.quiesce.coordinator.oracle;

import dev.quiesce.cpu.CpuSnapshot;

import java.util.List;

/**
 * Every CPU leaves the rendezvous within a bound after the action ends: by then each live CPU was released since
 * (Xen: every waiting CPU leaves its {@code while (livepatch_work.do_work)} spin in
 * {@code do_livepatch_work()}, xen/common/livepatch.c, once the master clears {@code do_work}) or is held by
 * no command of the coordinator. A CPU still held past the bound is reported with its PC, its symbol and what it
 * waits for (parked at its quiescence point, with IRQs off or on; stopped; waiting to turn IRQs off in a handler;
 * running in the guest toward a hold or stop it was asked for).
 *
 * <p>When: from the boundary where the action's end is seen, at every boundary, from the {@link CpuSnapshot}s the
 * CPUs took when they applied the previous boundary's commands; a CPU held in a snapshot stays held for the whole
 * quantum after it (commands change only at boundaries), so at a boundary more than the bound after the end a CPU
 * whose snapshot still shows it held, with no release since the end, has overstayed. While it waits the oracle is
 * {@link #pending()} (a run does not settle). A CPU halted on a fault is not judged.
 */
public final class RendezvousLiveness implements Oracle {

    private final long boundNs;
    private boolean inAction;
    private long endedNs = -1;
    private long[] releasesAtEnd = new long[0];
    private boolean[] left = new boolean[0];
    private String ended = "";

    /** The claim with bound {@code boundNs} (0..1 s). */
    public RendezvousLiveness(long boundNs) {
        this.boundNs = new OracleSettings(boundNs).livenessBoundNs();
    }

    /** True: nothing is in action or pending before an action. */
    @Override
    public boolean eventsOnlyBeforeFirstAction() {
        return true;
    }

    @Override
    public String name() {
        return "RendezvousLiveness";
    }

    /** The bound. */
    public long boundNs() {
        return boundNs;
    }

    @Override
    public void check(OracleView view, List<Violation> out) {
    }

    @Override
    public void issued(OracleView view) {
        inAction = true;
    }

    @Override
    public boolean pending() {
        return endedNs >= 0;
    }

    @Override
    public void afterBoundary(OracleView view, List<Violation> out) {
        if (inAction && !view.side().actionInProgress()) {
            inAction = false;
            if (endedNs < 0) {
                endedNs = view.nowNs();
                ended = SideStateRestored.describe(view);
                releasesAtEnd = new long[view.cpus()];
                left = new boolean[view.cpus()];
                for (int c = 0; c < view.cpus(); c++) {
                    CpuSnapshot s = view.side().cpus().get(c);
                    releasesAtEnd[c] = s == null ? 0 : s.releases();
                }
            }
        }
        if (endedNs >= 0) {
            watch(view, out);
        }
    }

    private void watch(OracleView view, List<Violation> out) {
        int stuck = -1;
        for (int c = 0; c < view.cpus(); c++) {
            CpuSnapshot s = view.side().cpus().get(c);
            left[c] |= s == null || s.halted() || s.releases() > releasesAtEnd[c] || !s.heldByCoordinator();
            stuck = stuck < 0 && !left[c] ? c : stuck;
        }
        if (stuck < 0) {
            endedNs = -1;
        } else if (view.nowNs() - endedNs > boundNs) {
            CpuSnapshot s = view.side().cpus().get(stuck);
            out.add(new Violation(name(), view.nowNs(), stuck, ("still in the rendezvous %dns after %s ended at"
                    + " t=%dns (bound %dns): %s, at %s (0x%x)").formatted(view.nowNs() - endedNs, ended, endedNs,
                    boundNs, waitsFor(s), view.symbolizer().apply(s.pc()), s.pc())));
            endedNs = -1;
        }
    }

    /** What a CPU still held by the coordinator waits for. */
    static String waitsFor(CpuSnapshot s) {
        String where = s.handlerDepth() > 0 ? " (inside an interrupt handler)" : "";
        if (s.parked() && s.irqsOffHeld() && !s.holdAsked()) {
            return "stopped with IRQs off, never released" + where;
        }
        if (s.parked() && s.irqsOffHeld()) {
            return "parked at its quiescence point with IRQs off, never released" + where;
        }
        if (s.parked()) {
            return "parked at its quiescence point, held by the coordinator, never released" + where;
        }
        if (s.irqsOffAsked()) {
            return "waiting to turn IRQs off once out of its interrupt handler, never released" + where;
        }
        if (s.stopAsked()) {
            return "spinning in the guest until its IRQs are on, to stop, never released" + where;
        }
        return "running in the guest toward a hold at its next quiescence point, never released" + where;
    }
}
