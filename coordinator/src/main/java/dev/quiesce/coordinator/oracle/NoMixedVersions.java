package dev.quiesce.coordinator.oracle;

import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.HostProbes;
import dev.quiesce.guest.PatchableEntries;
import dev.quiesce.splice.registry.ActionSite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Between two quiescence points a CPU never runs both an old and a new function of one payload — the consistency
 * model of kGraft's universes and klp's per-task transition (docs/peer-protocols.md: kGraft, klp). Old code counts where the old
 * function's body is entered (for a function with an entry pad: the instruction after it; otherwise its first
 * instruction while the site does not start with a JMP); new code where the payload's function is entered. Only
 * the functions of the action being watched are probed (probes cost Unicorn's fast path).
 *
 * <p>A CPU may already be inside an old function when the action is issued (a caller whose callee the payload also
 * replaces, say): no probe saw it enter. So at the issue the oracle asks for the CPUs' stacks, and from the snapshots
 * taken at that boundary it counts as old code every old function that is on a CPU's stack — its PC or a return
 * address in the function's body, the frames klp's and kpatch's stack checks look at ({@code klp_check_stack()},
 * kernel/livepatch/transition.c). The stack is the CPU's own context unwound through its frame-pointer chain; the
 * frames of an interrupted handler are not seen.
 */
public final class NoMixedVersions implements Oracle {

    private final Map<Integer, Map<String, int[]>> seen = new HashMap<>();
    private boolean stacksAsked;

    /** True: watches no function, asks for no probe and no stack before an action. */
    @Override
    public boolean eventsOnlyBeforeFirstAction() {
        return true;
    }

    @Override
    public String name() {
        return "NoMixedVersions";
    }

    @Override
    public List<HostProbes.Range> probes(OracleView view) {
        List<HostProbes.Range> out = new ArrayList<>();
        for (ActionSite s : view.watched()) {
            out.add(new HostProbes.Range(oldBody(view, s), oldBody(view, s) + 1));
            if (!s.site().isNop()) {
                out.add(new HostProbes.Range(s.site().newAddr(), s.site().newAddr() + 1));
            }
        }
        return out;
    }

    @Override
    public void issued(OracleView view) {
        stacksAsked = true;
    }

    @Override
    public boolean wantsStacks(OracleView view) {
        return stacksAsked;
    }

    @Override
    public void check(OracleView view, List<Violation> out) {
        if (view.watched().isEmpty()) {
            seen.clear();
            stacksAsked = false;
            return;
        }
        if (stacksAsked) { // the snapshots this quantum started from hold the stacks of the boundary
            stacksAsked = false;
            seedFromStacks(view);
        }
        for (CpuEvent e : view.events()) {
            if (e instanceof CpuEvent.Quiescence q) {
                seen.remove(q.cpu());
            } else if (e instanceof CpuEvent.Probe p) {
                for (ActionSite s : view.watched()) {
                    int side = side(view, s, p.pc());
                    if (side < 0) {
                        continue;
                    }
                    Map<String, int[]> perPayload = seen.computeIfAbsent(p.cpu(), c -> new HashMap<>());
                    int[] mark = perPayload.computeIfAbsent(s.payload(), k -> new int[] {-1, -1});
                    mark[side] = mark[side] < 0 ? index(view, s) : mark[side];
                    if (mark[0] >= 0 && mark[1] >= 0) {
                        ActionSite old = view.watched().get(mark[0]);
                        ActionSite neu = view.watched().get(mark[1]);
                        out.add(new Violation(name(), p.time(), p.cpu(), ("ran %s (old) and the new %s of payload"
                                + " '%s' with no quiescence point between").formatted(old.site().function(),
                                neu.site().function(), s.payload())));
                        return;
                    }
                }
            }
        }
    }

    /** Marks as old, per CPU, each watched function its snapshot's stack is inside. */
    private void seedFromStacks(OracleView view) {
        for (int cpu = 0; cpu < view.cpus(); cpu++) {
            dev.quiesce.cpu.CpuSnapshot snap = view.side().cpus().get(cpu);
            if (snap == null) {
                continue;
            }
            for (long pc : snap.stack()) {
                for (ActionSite s : view.watched()) {
                    if (pc >= s.site().oldAddr() && pc < s.site().oldAddr() + s.site().oldSize()) {
                        int[] mark = seen.computeIfAbsent(cpu, c -> new HashMap<>())
                                .computeIfAbsent(s.payload(), k -> new int[] {-1, -1});
                        mark[0] = mark[0] < 0 ? index(view, s) : mark[0];
                    }
                }
            }
        }
    }

    /** 0 for old code of {@code s}, 1 for new, -1 if {@code pc} is neither. */
    private static int side(OracleView view, ActionSite s, long pc) {
        if (!s.site().isNop() && pc == s.site().newAddr()) {
            return 1;
        }
        if (pc != oldBody(view, s)) {
            return -1;
        }
        if (!view.entryPads().contains(s.site().oldAddr()) && AllOrNothing.jumpTarget(view, pc) >= 0) {
            return -1; // the site's JMP: the new code's probe counts it
        }
        return 0;
    }

    private static long oldBody(OracleView view, ActionSite s) {
        return view.entryPads().contains(s.site().oldAddr())
                ? s.site().oldAddr() + PatchableEntries.pad(view.arch()).length : s.site().oldAddr();
    }

    private static int index(OracleView view, ActionSite s) {
        return view.watched().indexOf(s);
    }
}
