package dev.quiesce.coordinator.protocol;

import dev.quiesce.host.HostProbes;
import dev.quiesce.splice.registry.ActionSite;
import dev.quiesce.splice.registry.QuiescedAction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The bookkeeping of one action in {@link XenRendezvous}: its state, requester, master and deadline, which CPUs are
 * held, have arrived (Xen's {@code cpu_semaphore} count of the CPU phase) and have turned their IRQs off (the IRQ
 * phase's count), and the functions the action changes for the NMI check (docs/xen-livepatch.md §4.1–§4.5).
 */
final class XenWindow {

    /** Where the rendezvous is: no action, waiting for the master, the two phases, the action running or storing. */
    enum State { IDLE, AWAIT_MASTER, CPU_PHASE, IRQ_PHASE, RUN, PATCHING }

    final int cpus;
    final boolean[] arrived;
    final boolean[] irqsOff;
    final boolean[] held;
    State state = State.IDLE;
    QuiescedAction action;
    int requester;
    int master;
    long deadline;
    boolean pendingHold;
    boolean ipiPending;
    boolean ipiSent;
    int arrivals;
    int offs;
    NmiPolicy nmi = NmiPolicy.DEFAULT;
    List<HostProbes.Range> leaving = List.of();
    List<String> leavingNames = List.of();
    String abortReason;

    /** The bookkeeping of a host of {@code cpus} CPUs, idle. */
    XenWindow(int cpus) {
        this.cpus = cpus;
        this.arrived = new boolean[cpus];
        this.irqsOff = new boolean[cpus];
        this.held = new boolean[cpus];
    }

    /**
     * Takes {@code work} from {@code requestingCpu}: everything reset, waiting for the master.
     *
     * @throws IllegalStateException if an action is already in progress
     * @throws IllegalArgumentException if the host has no CPU {@code requestingCpu}
     */
    void begin(QuiescedAction work, int requestingCpu, NmiPolicy nmiPolicy) {
        if (busy()) {
            throw new IllegalStateException("an action is already in progress: " + action.payload());
        }
        if (requestingCpu < 0 || requestingCpu >= cpus) {
            throw new IllegalArgumentException("no cpu " + requestingCpu);
        }
        action = work;
        nmi = Objects.requireNonNull(nmiPolicy, "nmiPolicy");
        leaving = new ArrayList<>();
        leavingNames = new ArrayList<>();
        for (ActionSite s : work.changing()) {
            if (s.leavingSize() > 0) {
                leaving.add(new HostProbes.Range(s.leavingStart(), s.leavingStart() + s.leavingSize()));
                leavingNames.add(s.site().function());
            }
        }
        requester = requestingCpu;
        master = -1;
        ipiPending = false;
        ipiSent = false;
        arrivals = 0;
        offs = 0;
        Arrays.fill(arrived, false);
        Arrays.fill(irqsOff, false);
        Arrays.fill(held, false);
        state = State.AWAIT_MASTER;
        pendingHold = true;
    }

    /** Whether an action is in progress. */
    boolean busy() {
        return state != State.IDLE;
    }

    /** Whether the CPUs are gathered (the action runs or stores), or no action is on (CPUs may linger after one). */
    boolean gatheredOrIdle() {
        return state == State.RUN || state == State.PATCHING || state == State.IDLE;
    }

    /** Whether the CPU or the IRQ phase is on (the deadline runs). */
    boolean inPhase() {
        return state == State.CPU_PHASE || state == State.IRQ_PHASE;
    }

    /** CPU {@code cpu} is elected master at {@code atNs}: the deadline is set, the CPU phase starts, IPIs pending. */
    void elect(int cpu, long atNs) {
        master = cpu;
        deadline = atNs + action.timeoutNs();
        state = State.CPU_PHASE;
        ipiPending = true;
    }

    /** CPU {@code cpu} arrived in the CPU phase. */
    void arrive(int cpu) {
        arrived[cpu] = true;
        arrivals++;
    }

    /** CPU {@code cpu} turned its IRQs off in the IRQ phase. */
    void turnIrqsOff(int cpu) {
        irqsOff[cpu] = true;
        offs++;
    }

    /** The window is over: no action, idle. */
    void end() {
        action = null;
        state = State.IDLE;
    }
}
