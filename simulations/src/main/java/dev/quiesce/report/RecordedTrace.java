package dev.quiesce.report;

import java.util.List;

/**
 * A trace read back from a {@code --record} file: its header and its events in time order.
 */
public record RecordedTrace(TraceHeader header, List<TraceEvent> events) {

    public RecordedTrace {
        events = List.copyOf(events);
    }
}
