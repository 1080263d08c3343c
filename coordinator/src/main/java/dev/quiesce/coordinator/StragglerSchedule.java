package dev.quiesce.coordinator;

import dev.quiesce.host.HostLockstep;
import dev.quiesce.host.HostMachine;
import dev.quiesce.guest.GuestLayout;

import java.util.Comparator;
import java.util.List;

/**
 * The stragglers of a run in time order: at the first boundary at or after its time, each sets its CPU's
 * {@code percpu.stall_iters} knob ({@link GuestLayout#PERCPU_STALL_ITERS}), so that CPU runs
 * {@code do_long_work(iterations)} next.
 */
final class StragglerSchedule {

    private final List<HostCoordinator.Straggler> stragglers;
    private int next;

    StragglerSchedule(List<HostCoordinator.Straggler> stragglers) {
        this.stragglers = stragglers.stream().sorted(Comparator.comparingLong(HostCoordinator.Straggler::atNs)).toList();
    }

    /** Whether every straggler was issued. */
    boolean done() {
        return next >= stragglers.size();
    }

    /** When the next straggler is due; {@link Long#MAX_VALUE} when every one was issued. */
    long nextAtNs() {
        return next < stragglers.size() ? stragglers.get(next).atNs() : Long.MAX_VALUE;
    }

    /** Issues the stragglers due at {@code nowNs} on {@code machine}, each noted in the trace. */
    void issueDue(long nowNs, HostMachine machine, HostLockstep lockstep) {
        while (next < stragglers.size() && stragglers.get(next).atNs() <= nowNs) {
            HostCoordinator.Straggler s = stragglers.get(next++);
            machine.memory().writeU64(machine.percpuField(s.cpu(), GuestLayout.PERCPU_STALL_ITERS), s.iterations());
            lockstep.note(CoordinatorEventEncoding.straggler(s, nowNs));
        }
    }
}
