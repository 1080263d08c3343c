package dev.quiesce.coordinator.protocol.plugin;

import dev.quiesce.coordinator.plan.StagedPlan;
import dev.quiesce.coordinator.protocol.NmiPolicy;
import dev.quiesce.coordinator.protocol.RendezvousEvent;
import dev.quiesce.coordinator.protocol.RendezvousProtocol;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.HostProbes;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.splice.registry.QuiescedAction;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A plug-in protocol behind a guard: whatever it throws (an exception, a linkage error, a stack overflow) becomes a
 * {@link PluginFailure} naming its class and the step, which ends the run with that one line instead of a stack
 * trace or a stalled host.
 */
public final class GuardedProtocol implements RendezvousProtocol {

    /** A plug-in protocol failed; the message names its class and what it was doing. */
    public static final class PluginFailure extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PluginFailure(String className, String step, Throwable cause) {
            super("plug-in protocol " + className + " failed in " + step + ": " + PluginLoader.describe(cause), cause);
        }
    }

    private final String className;
    private final RendezvousProtocol p;

    private GuardedProtocol(String className, RendezvousProtocol p) {
        this.className = className;
        this.p = p;
    }

    /** The protocol {@code create} makes, guarded; a failing constructor is a {@link PluginFailure} too. */
    public static RendezvousProtocol wrap(String className, Supplier<RendezvousProtocol> create) {
        return new GuardedProtocol(className, guard(className, "its constructor", create));
    }

    private static <T> T guard(String className, String step, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException | LinkageError | StackOverflowError | AssertionError e) {
            throw new PluginFailure(className, step, e);
        }
    }

    private void run(String step, Runnable call) {
        guard(className, step, () -> {
            call.run();
            return null;
        });
    }

    @Override
    public String name() {
        return guard(className, "name()", p::name);
    }

    @Override
    public void start(QuiescedAction action, int requester, long nowNs) {
        run("start", () -> p.start(action, requester, nowNs));
    }

    @Override
    public void start(QuiescedAction action, int requester, long nowNs, NmiPolicy nmi) {
        run("start", () -> p.start(action, requester, nowNs, nmi));
    }

    @Override
    public void onQuantum(long nowNs, List<CpuEvent> events, QuantumHook.Controls out, List<RendezvousEvent> emitted) {
        run("onQuantum at " + nowNs + " ns", () -> p.onQuantum(nowNs, events, out, emitted));
    }

    @Override
    public boolean busy() {
        return guard(className, "busy()", p::busy);
    }

    @Override
    public boolean lingering() {
        return guard(className, "lingering()", p::lingering);
    }

    @Override
    public List<HostProbes.Range> probes() {
        return guard(className, "probes()", p::probes);
    }

    @Override
    public long nextDeadlineNs() {
        return guard(className, "nextDeadlineNs()", p::nextDeadlineNs);
    }

    @Override
    public Optional<StagedPlan> inFlight() {
        return guard(className, "inFlight()", p::inFlight);
    }
}
