package dev.quiesce.coordinator;

import dev.quiesce.coordinator.plan.PokeDescriptor;
import dev.quiesce.coordinator.plan.StagedPlan;
import dev.quiesce.coordinator.plan.StoreCapture;
import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.Int3Handler;
import dev.quiesce.splice.Granularity;
import dev.quiesce.splice.Store;
import dev.quiesce.splice.StoreListener;
import dev.quiesce.splice.registry.QuiescedAction;

/**
 * The stager of a host's registry actions: runs an action's quiesced work with its stores captured (it is the
 * registry's store listener), puts memory back and hands the stores to the protocol as a {@link StagedPlan} to
 * replay over virtual time.
 */
final class ActionStager implements ProtocolContext.Stager, StoreListener {

    private final HostMachine machine;
    private StoreCapture capture;

    ActionStager(HostMachine machine) {
        this.machine = machine;
    }

    @Override
    public StagedPlan capture(QuiescedAction action, Granularity g) {
        StoreCapture cap = new StoreCapture(machine.memory());
        capture = cap;
        try {
            action.quiesced();
        } finally {
            capture = null;
        }
        cap.restore();
        PokeDescriptor descriptor = g == Granularity.INT3
                && machine.settings().int3Handler() == Int3Handler.GUEST
                ? new PokeDescriptor(machine.memory(), machine.address("poke_desc")) : null;
        return new StagedPlan(machine.memory(), machine.probes(), cap.changes(), g, descriptor);
    }

    @Override
    public void storing(Store s) {
        if (capture != null) {
            capture.storing(s);
        }
    }

    @Override
    public void stored(Store s) {
        if (capture != null) {
            capture.stored(s);
        }
    }

    @Override
    public void synced() {
    }
}
