package dev.quiesce.coordinator.oracle;

import dev.quiesce.coordinator.plan.StagedPlan;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.HostProbes;

import java.util.ArrayList;
import java.util.List;

/**
 * No CPU fetches an instruction overlapping a site between the site's first and last store (docs/peer-protocols.md, cross-modifying code:
 * Intel's unsynchronised cross-modifying-code errata; docs/toolchain-and-unicorn.md: a 5-byte JMP written a byte at a time). The one exception is
 * text_poke's int3 itself: executing exactly the site's first byte while it is an emulated int3 is the protocol.
 * Probes cover each in-flight site and the 15 bytes before it (an instruction starting there may reach into it).
 */
public final class NoTornFetch implements Oracle {

    private static final int MAX_INSN = 15;

    /** True: no plan is in flight before an action. */
    @Override
    public boolean eventsOnlyBeforeFirstAction() {
        return true;
    }

    @Override
    public String name() {
        return "NoTornFetch";
    }

    @Override
    public List<HostProbes.Range> probes(OracleView view) {
        List<HostProbes.Range> out = new ArrayList<>();
        view.plan().ifPresent(p -> {
            for (var c : p.changes()) {
                out.add(new HostProbes.Range(c.address() - MAX_INSN, c.address() + c.length()));
            }
        });
        return out;
    }

    @Override
    public void check(OracleView view, List<Violation> out) {
        if (view.plan().isEmpty()) {
            return;
        }
        List<StagedPlan.InFlight> sites = view.plan().get().inFlight();
        if (sites.isEmpty()) {
            return;
        }
        for (CpuEvent e : view.events()) {
            if (!(e instanceof CpuEvent.Probe p)) {
                continue;
            }
            long end = p.pc() + Math.max(1, p.size());
            for (StagedPlan.InFlight s : sites) {
                boolean overlaps = p.pc() < s.address() + s.length() && end > s.address();
                boolean int3 = s.int3Guarded() && p.pc() == s.address() && p.size() == 1;
                if (overlaps && !int3) {
                    out.add(new Violation(name(), p.time(), p.cpu(), ("fetched a %d-byte instruction at %s (0x%x)%s"
                            + " while the site [0x%x, +%d) was half written").formatted(p.size(),
                            view.symbolizer().apply(p.pc()), p.pc(), where(p),
                            s.address(), s.length())));
                    return;
                }
            }
        }
    }

    /** The handler the fetch ran in, innermost first: a machine check may interrupt an NMI handler and vice versa. */
    private static String where(CpuEvent.Probe p) {
        if (p.mce()) {
            return " in its #MC handler";
        }
        return p.nmi() ? " in its NMI handler" : "";
    }
}
