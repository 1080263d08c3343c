package dev.quiesce.hunt;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.ApplyRequest;
import dev.quiesce.coordinator.protocol.RendezvousEvent;
import dev.quiesce.scenario.ScenarioResult;

import java.util.ArrayList;
import java.util.List;

/**
 * The protocol's event times in one probe run of a scenario, as targeted and PCT hunts aim at them: the plan's
 * stores ({@link RendezvousEvent.Stored}), the masters' deadlines, the CPUs disabling IRQs, the actions, and the
 * action window (from the first action's hypercall to the last protocol event).
 *
 * @param stores      times of the plan's stores, in order (stores are {@code store.spacing} apart)
 * @param deadlines   {@link RendezvousEvent.MasterElected#deadline()} of every attempt
 * @param irqsOff     {@link RendezvousEvent.IrqsOff} times
 * @param actions     {@link RendezvousEvent.ActionDone} times
 * @param windowStart the first action's time
 * @param windowEnd   the last protocol event (the run's end when no action finished)
 */
public record ProtocolTimes(List<Long> stores, List<Long> deadlines, List<Long> irqsOff, List<Long> actions,
                            long windowStart, long windowEnd) {

    public ProtocolTimes {
        stores = List.copyOf(stores);
        deadlines = List.copyOf(deadlines);
        irqsOff = List.copyOf(irqsOff);
        actions = List.copyOf(actions);
    }

    /** The times of {@code probe}'s outcome events. */
    public static ProtocolTimes of(ScenarioResult probe) {
        List<Long> stores = new ArrayList<>();
        List<Long> deadlines = new ArrayList<>();
        List<Long> off = new ArrayList<>();
        List<Long> actions = new ArrayList<>();
        long start = probe.scenario().actions().stream().mapToLong(ApplyRequest::atNs).min().orElse(0);
        long end = -1;
        for (ApplyOutcome o : probe.outcomes()) {
            for (RendezvousEvent e : o.events()) {
                switch (e) {
                    case RendezvousEvent.Stored s -> stores.add(s.time());
                    case RendezvousEvent.MasterElected m -> deadlines.add(m.deadline());
                    case RendezvousEvent.IrqsOff i -> off.add(i.time());
                    case RendezvousEvent.ActionDone d -> actions.add(d.time());
                    default -> { }
                }
                end = Math.max(end, e.time());
            }
        }
        if (end <= start) {
            end = Math.max(start + 1, probe.endNs());
        }
        return new ProtocolTimes(stores, deadlines, off, actions, start, end);
    }

    /** One line for the hunt's report. */
    public String describe() {
        return "action window %d..%dns, %d stores%s, %d IRQs-off, %d actions".formatted(windowStart, windowEnd,
                stores.size(), stores.isEmpty() ? "" : " at " + stores.getFirst() + ".." + stores.getLast() + "ns",
                irqsOff.size(), actions.size());
    }
}
