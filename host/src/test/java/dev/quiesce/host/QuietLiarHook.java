package dev.quiesce.host;

import dev.quiesce.cpu.CpuControl;
import dev.quiesce.cpu.CpuEvent;

import java.util.List;

/**
 * A quantum hook for tests of spans (docs/architecture.md §3 rule 8) that promises to stay quiet for ever and still
 * sends CPU 0 a sync IPI at the boundary at {@link #ACTS_AT_NS}: a host must fail the run, not run on changed.
 */
public final class QuietLiarHook implements QuantumHook {

    /** The boundary it acts at. */
    public static final long ACTS_AT_NS = 10_000;

    @Override
    public void afterQuantum(long nowNs, List<CpuEvent> events, HostLockstep lockstep, Controls out) {
        if (nowNs == ACTS_AT_NS) {
            out.add(0, CpuControl.SYNC_IPI);
        }
    }

    @Override
    public long quietUntilNs(long nowNs) {
        return Long.MAX_VALUE;
    }
}
