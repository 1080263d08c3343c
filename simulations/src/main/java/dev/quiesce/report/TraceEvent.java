package dev.quiesce.report;

import dev.quiesce.coordinator.protocol.RendezvousEvent;
import dev.quiesce.cpu.CpuEvent;

import java.util.Objects;

/**
 * One event of a recorded trace: something a CPU did, or a step of a rendezvous attempt.
 */
public sealed interface TraceEvent {

    /** Virtual time in nanoseconds. */
    long time();

    /** A CPU's event, as the host traced it (probes left out). */
    record Cpu(CpuEvent event) implements TraceEvent {
        public Cpu {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public long time() {
            return event.time();
        }
    }

    /** A step of attempt {@code attempt} (1.., the run's outcomes in order) of a rendezvous. */
    record Rendezvous(int attempt, RendezvousEvent event) implements TraceEvent {
        public Rendezvous {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public long time() {
            return event.time();
        }
    }
}
