package dev.quiesce.coordinator.oracle;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.ApplyResult;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.emulator.memory.CodeViews;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.host.HostProbes;
import dev.quiesce.splice.registry.ActionSite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Once a protocol reports an action done, every CPU that enters a function the action changed runs the new version:
 * the bytes it fetches at the function's patched site are the bytes the action stored. A protocol must therefore
 * make every CPU serialise after its last store and before it reports done (Xen's {@code arch_livepatch_post_action()}
 * on each released CPU, Linux's last {@code text_poke_sync()}); one that forgets is caught here under a stale-fetch
 * cross-modifying-code model (docs/cross-modifying-code.md). Under {@code coherent} no CPU can fetch stale bytes, so
 * the oracle probes nothing and never fires (and leaves the trace as it was).
 *
 * <p>What a CPU fetches is exact: after done no code store lands until the next action, so a CPU fetches at a site
 * what its code view held at done until it refreshes that page ({@link CpuEvent.CodeRefreshed}). Once every CPU
 * fetches the new bytes at every site, nothing is probed any more.
 */
public final class NewVersionEverywhere implements Oracle {

    private List<ActionSite> sites = List.of();
    private byte[][] stored = new byte[0][];
    private byte[][][] fetched = new byte[0][][];

    /** True: watches no site before a done action. */
    @Override
    public boolean eventsOnlyBeforeFirstAction() {
        return true;
    }

    @Override
    public String name() {
        return "NewVersionEverywhere";
    }

    @Override
    public void issued(OracleView view) {
        sites = List.of(); // a new action changes the code again; checked once it is done
    }

    @Override
    public List<HostProbes.Range> probes(OracleView view) {
        if (sites.isEmpty() || view.memory().codeViews() == null) {
            return List.of();
        }
        List<HostProbes.Range> out = new ArrayList<>();
        for (ActionSite s : sites) {
            out.add(new HostProbes.Range(s.site().oldAddr(), s.site().oldAddr() + 1));
        }
        return out;
    }

    @Override
    public void check(OracleView view, List<Violation> out) {
        CodeViews views = view.memory().codeViews();
        if (sites.isEmpty() || views == null) {
            return;
        }
        for (CpuEvent e : view.events()) {
            if (e instanceof CpuEvent.CodeRefreshed r) {
                for (int i = 0; i < sites.size(); i++) {
                    long a = sites.get(i).site().oldAddr();
                    if (a + view.arch().patchJumpSize() > r.page() && a < r.page() + GuestMemory.PAGE_SIZE) {
                        fetched[r.cpu()][i] = view.memory().read(a, view.arch().patchJumpSize());
                    }
                }
            } else if (e instanceof CpuEvent.Probe p) {
                for (int i = 0; i < sites.size(); i++) {
                    if (p.pc() == sites.get(i).site().oldAddr() && !Arrays.equals(fetched[p.cpu()][i], stored[i])) {
                        out.add(new Violation(name(), p.time(), p.cpu(), ("entered %s after the action on '%s' was"
                                + " reported done and fetched %s there, not the new %s: it had not serialised since"
                                + " the stores").formatted(sites.get(i).site().function(), sites.get(i).payload(),
                                hex(fetched[p.cpu()][i]), hex(stored[i]))));
                        return;
                    }
                }
            }
        }
    }

    @Override
    public void finishedAtIssue(OracleView view) {
        afterBoundary(view, new ArrayList<>());
    }

    @Override
    public void afterBoundary(OracleView view, List<Violation> out) {
        CodeViews views = view.memory().codeViews();
        if (views == null) {
            return;
        }
        for (ApplyOutcome o : view.finished()) {
            if (o.result() == ApplyResult.DONE && !view.watched().isEmpty()) {
                done(view, views);
            }
        }
        if (!sites.isEmpty() && everyCpuFetchesTheNewVersion()) {
            sites = List.of(); // no store follows until the next action: nothing stale is left to enter
        }
    }

    /** The action was reported done: what it stored, and what each CPU fetches at each site now. */
    private void done(OracleView view, CodeViews views) {
        sites = List.copyOf(view.watched());
        stored = new byte[sites.size()][];
        fetched = new byte[view.cpus()][sites.size()][];
        for (int i = 0; i < sites.size(); i++) {
            long a = sites.get(i).site().oldAddr();
            stored[i] = view.memory().read(a, view.arch().patchJumpSize());
            for (int c = 0; c < view.cpus(); c++) {
                fetched[c][i] = views.view(c).read(a, view.arch().patchJumpSize());
            }
        }
    }

    private boolean everyCpuFetchesTheNewVersion() {
        for (byte[][] cpu : fetched) {
            for (int i = 0; i < stored.length; i++) {
                if (!Arrays.equals(cpu[i], stored[i])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String hex(byte[] b) {
        return HexFormat.ofDelimiter(" ").formatHex(b);
    }
}
