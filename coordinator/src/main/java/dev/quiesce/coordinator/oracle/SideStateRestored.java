package dev.quiesce.coordinator.oracle;

import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.cpu.CpuSnapshot;

import java.util.List;

/**
 * When an action ends — done, aborted or timed out — everything its protocol changed on the way is back as it was:
 * NMIs unmasked on every CPU (Xen's {@code arch_livepatch_unmask()} under the {@code abort:} label of
 * {@code do_livepatch_work()}, xen/common/livepatch.c, which Xen commit c5ed88110cd1 moved there because
 * the CPU-phase abort skipped it), RFLAGS.IF as it was before the protocol took it on every CPU whose IRQs it turned
 * off, no CPU held, parked, stopped or asked to be, no IRQs-off request and no sync IPI left pending, no probe the
 * protocol asked for and no int3 the host emulates.
 *
 * <p>When: the host side (probes, int3 sites) at the boundary where the action's end is seen, before anything new is
 * issued; the CPUs at the next boundary, from the {@link CpuSnapshot}s each CPU took when it applied the ending
 * boundary's commands (a release takes effect then) — so the judged state is that of the release's instant, before
 * the CPU ran an instruction: the verdict comes one boundary late, with no tolerance in virtual time. When
 * another action is issued at the very boundary the previous one ended, its first commands (a hold, a stop, a sync
 * IPI) land at the same instant, so those three are not judged then. A CPU halted on a fault is not judged.
 */
public final class SideStateRestored implements Oracle {

    private boolean inAction;
    private boolean[] irqsTaken = new boolean[0];
    private boolean[] judgeTaken = new boolean[0];
    private long endedNs = -1;
    private String ended = "";
    private boolean backToBack;

    /** True: nothing is in action or pending before an action. */
    @Override
    public boolean eventsOnlyBeforeFirstAction() {
        return true;
    }

    @Override
    public String name() {
        return "SideStateRestored";
    }

    @Override
    public void issued(OracleView view) {
        backToBack = endedNs == view.nowNs();
        inAction = true;
        irqsTaken = new boolean[view.cpus()];
    }

    @Override
    public void check(OracleView view, List<Violation> out) {
        if (!inAction) {
            return;
        }
        for (CpuEvent e : view.events()) {
            if (e instanceof CpuEvent.IrqsOff || e instanceof CpuEvent.Stopped) {
                irqsTaken[e.cpu()] = true;
            }
        }
    }

    @Override
    public boolean pending() {
        return endedNs >= 0;
    }

    @Override
    public void afterBoundary(OracleView view, List<Violation> out) {
        if (endedNs >= 0 && view.nowNs() > endedNs) {
            judgeCpus(view, out);
            endedNs = -1;
        }
        if (inAction && !view.side().actionInProgress()) {
            inAction = false;
            ended = describe(view);
            judgeHost(view, out);
            endedNs = view.nowNs();
            judgeTaken = irqsTaken;
            backToBack = false;
        }
    }

    private void judgeHost(OracleView view, List<Violation> out) {
        if (!view.side().protocolProbes().isEmpty()) {
            out.add(new Violation(name(), view.nowNs(), -1, "after %s the protocol still probes %s"
                    .formatted(ended, view.symbolizer().apply(view.side().protocolProbes().getFirst().begin()))));
        } else if (!view.side().int3Sites().isEmpty()) {
            long at = view.side().int3Sites().getFirst();
            out.add(new Violation(name(), view.nowNs(), -1, "after %s an int3 is still emulated at %s (0x%x)"
                    .formatted(ended, view.symbolizer().apply(at), at)));
        }
    }

    private void judgeCpus(OracleView view, List<Violation> out) {
        for (int c = 0; c < view.cpus(); c++) {
            CpuSnapshot s = view.side().cpus().get(c);
            if (s == null || s.halted()) {
                continue;
            }
            String left = leftBehind(s, c < judgeTaken.length && judgeTaken[c]);
            if (left != null) {
                out.add(new Violation(name(), view.nowNs(), c, "after %s ended at t=%dns: %s, at %s (0x%x)"
                        .formatted(ended, endedNs, left, view.symbolizer().apply(s.pc()), s.pc())));
                return;
            }
        }
    }

    /** What the protocol left on the CPU, or null. */
    private String leftBehind(CpuSnapshot s, boolean irqsWereTaken) {
        if (s.nmisMasked()) {
            return "NMIs are still masked (%s): arch_livepatch_unmask() was skipped"
                    .formatted(s.nmisSwallowed() ? "swallowed by mask_nmi_callback" : "deferred");
        }
        if (s.irqsOffHeld()) {
            return "IRQs are still off by the protocol's command";
        }
        if (irqsWereTaken && s.interruptsOn() != s.ifWhenTaken()) {
            return "RFLAGS.IF is %d, but was %d when the protocol turned IRQs off"
                    .formatted(s.interruptsOn() ? 1 : 0, s.ifWhenTaken() ? 1 : 0);
        }
        if (s.irqsOffAsked()) {
            return "an IRQs-off request (IRQ phase) is still pending";
        }
        if (s.parked()) {
            return "it is still parked";
        }
        if (!backToBack && s.holdAsked()) {
            return "it is still asked to hold at its next quiescence point";
        }
        if (!backToBack && s.stopAsked()) {
            return "a stop is still pending";
        }
        if (!backToBack && s.syncIpiPending()) {
            return "a sync IPI is still pending";
        }
        return null;
    }

    /** "APPLY of 'p' (done, rc 0)" for the outcome finished now, or a neutral phrase when none is visible. */
    static String describe(OracleView view) {
        return view.finished().isEmpty() ? "the action" : view.finished().getLast().request().action() + " of '"
                + view.finished().getLast().request().payload() + "' (" + view.finished().getLast().result().label()
                + ", rc " + view.finished().getLast().rc() + ")";
    }
}
