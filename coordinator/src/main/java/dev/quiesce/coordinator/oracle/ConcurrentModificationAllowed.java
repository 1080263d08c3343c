package dev.quiesce.coordinator.oracle;

import dev.quiesce.isa.A64;
import dev.quiesce.isa.Arch;
import dev.quiesce.splice.SiteChange;
import dev.quiesce.splice.registry.ActionSite;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * On an AArch64 host, no code store changes an instruction that another CPU may be executing unless both the old and
 * the new instruction are ones the Arm ARM lets a PE execute while they are modified: {@code B}, {@code BL},
 * {@code BRK}, {@code HVC}, {@code ISB}, {@code NOP}, {@code SMC}, {@code SVC} (DDI 0487, B2.2.5 "Concurrent
 * modification and execution of instructions"; {@link A64#concurrentModificationAllowed}). Anything else, changed
 * under a running CPU, may execute as any mix of the two until synchronised — which is why Linux patches such
 * instructions under {@code stop_machine()} ({@code aarch64_insn_patch_text()}, arch/arm64/kernel/patching.c) and
 * only a {@code NOP}↔{@code B}/{@code BL} with {@code aarch64_insn_patch_text_nosync()}, and why Xen's master
 * patches while every other CPU spins with IRQs off ({@code do_livepatch_work()}, xen/common/livepatch.c).
 *
 * <p>Watched are the 4-byte aligned instruction words of each site the action changes ({@link OracleView#watched()}:
 * the first {@link #SITE_BYTES} bytes of each old function, where a {@code B} or a run of {@code NOP}s goes) and of
 * each change of the store plan in flight. A store is seen as a changed word at the boundary it landed; whether a
 * CPU may execute is {@link ExecutingCpus}' answer for that boundary. Stores made at an issue (after the boundary's
 * other checks) are judged at the next check against the CPUs as that boundary left them. Other architectures are
 * not judged (x86 has no such rule; its cross-modification hazards are {@code NoTornFetch}'s).
 */
public final class ConcurrentModificationAllowed implements Oracle {

    /** How much of each old function is watched: the {@code B} and the longest {@code NOP} fill Xen writes (28). */
    static final int SITE_BYTES = 32;

    private final TreeMap<Long, Integer> shadow = new TreeMap<>();
    private ExecutingCpus lastBoundary;
    private long lastBoundaryNs;

    /** True: with nothing watched it judges no store; the executing CPUs it reads at a boundary are read again at every boundary, the included, before any use. */
    @Override
    public boolean eventsOnlyBeforeFirstAction() {
        return true;
    }

    @Override
    public String name() {
        return "ConcurrentModificationAllowed";
    }

    @Override
    public void issued(OracleView view) {
        if (view.arch() != Arch.AARCH64) {
            return;
        }
        shadow.clear();
        watch(view);
    }

    @Override
    public void check(OracleView view, List<Violation> out) {
        if (view.arch() != Arch.AARCH64 || shadow.isEmpty()) {
            return;
        }
        ExecutingCpus cpus = lastBoundary != null ? lastBoundary : ExecutingCpus.none(view.cpus());
        seedPlan(view); // a plan staged at the issue
        judge(view, cpus, lastBoundaryNs, out); // stores made at the last boundary's issue
    }

    @Override
    public void afterBoundary(OracleView view, List<Violation> out) {
        if (view.arch() != Arch.AARCH64) {
            return;
        }
        lastBoundary = ExecutingCpus.at(view);
        lastBoundaryNs = view.nowNs();
        seedPlan(view);
        judge(view, lastBoundary, view.nowNs(), out);
        if (view.watched().isEmpty() && view.plan().isEmpty()) {
            shadow.clear();
        } else {
            watch(view);
        }
    }

    /** Starts watching the words of every watched site not watched yet, as memory holds them now. */
    private void watch(OracleView view) {
        for (ActionSite s : view.watched()) {
            long from = s.site().oldAddr() & -A64.INSN_SIZE;
            long to = s.site().oldAddr() + Math.min(SITE_BYTES, Math.max(A64.INSN_SIZE, s.site().oldSize()));
            for (long a = from; a < to; a += A64.INSN_SIZE) {
                if (view.memory().contains(a, A64.INSN_SIZE)) {
                    shadow.putIfAbsent(a, view.memory().readU32(a));
                }
            }
        }
    }

    /** The plan's changes: their words as they were before the plan's first store ({@link SiteChange#before}). */
    private void seedPlan(OracleView view) {
        view.plan().ifPresent(p -> {
            for (SiteChange c : p.changes()) {
                for (long a = c.address() & -A64.INSN_SIZE; a < c.address() + c.length(); a += A64.INSN_SIZE) {
                    if (!shadow.containsKey(a) && view.memory().contains(a, A64.INSN_SIZE)) {
                        shadow.put(a, before(view, c, a));
                    }
                }
            }
        });
    }

    /** The word at {@code a} before change {@code c}: its {@code before} bytes, memory for bytes outside it. */
    private static int before(OracleView view, SiteChange c, long a) {
        byte[] w = view.memory().read(a, A64.INSN_SIZE);
        for (int i = 0; i < A64.INSN_SIZE; i++) {
            long at = a + i;
            if (at >= c.address() && at < c.address() + c.length()) {
                w[i] = c.before()[(int) (at - c.address())];
            }
        }
        return A64.word(w, 0);
    }

    /** Every watched word that changed since last seen is taken in; the first disallowed one under a CPU reported. */
    private void judge(OracleView view, ExecutingCpus cpus, long whenNs, List<Violation> out) {
        boolean reported = false;
        for (Map.Entry<Long, Integer> e : shadow.entrySet()) {
            long a = e.getKey();
            int now = view.memory().readU32(a);
            int old = e.getValue();
            if (now == old) {
                continue;
            }
            e.setValue(now);
            int cpu = cpus.firstExecuting();
            if (cpu >= 0 && !A64.concurrentModificationAllowed(old, now) && !reported) {
                reported = true;
                out.add(new Violation(name(), whenNs, cpu, ("changed the instruction at %s (0x%x) from 0x%08x (%s)"
                        + " to 0x%08x (%s) while CPU %d may execute it (%s): only B, BL, BRK, HVC, ISB, NOP, SMC and"
                        + " SVC may be modified under a running CPU (Arm ARM B2.2.5)").formatted(
                        view.symbolizer().apply(a), a, old, name(old), now, name(now), cpu, cpus.why(cpu))));
            }
        }
    }

    private static String name(int insn) {
        A64.Kind k = A64.kind(insn);
        return k == A64.Kind.OTHER ? "not in the set" : k.name();
    }
}
