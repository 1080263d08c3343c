package dev.quiesce.report;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.json.JsonValue.JsonNumber;
import dev.quiesce.json.JsonWriter;
import dev.quiesce.report.Timeline.Segment;
import dev.quiesce.report.Timeline.State;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.seed.Seed;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --perfetto} export of a run: Chrome's trace-event JSON ({@code {"traceEvents": [...]}}), which
 * ui.perfetto.dev and chrome://tracing open. The host is process 1; each CPU is thread {@code N} named {@code cpu N},
 * carrying its barrier spin, IRQs-off and patching spans and the IRQ/NMI handlers (complete events, {@code ph "X"},
 * times in µs with ns precision); a {@code rendezvous} track above them carries each attempt and its phases. Stores,
 * deadlines, releases and violations are instant events ({@code ph "i"}).
 */
public final class PerfettoExport {

    static final int PID = 1;

    private PerfettoExport() {
    }

    /** Writes the export to {@code file}; returns how many trace events it holds. */
    public static long write(ScenarioResult r, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            return write(r, w);
        }
    }

    /** Writes the export to {@code out} (left open); returns how many trace events it holds. */
    public static long write(ScenarioResult r, Writer out) throws IOException {
        Scenario s = r.scenario();
        int cpus = s.host().cpus();
        List<Object> events = new ArrayList<>();
        events.add(meta("process_name", -1, Map.of("name", "quiesce " + s.name() + " (" + cpus + " CPUs, "
                + s.protocol() + ", seed " + Seed.format(s.seed()) + ")")));
        events.add(meta("thread_name", cpus, Map.of("name", "rendezvous")));
        events.add(meta("thread_sort_index", cpus, Map.of("sort_index", -1)));
        for (int c = 0; c < cpus; c++) {
            events.add(meta("thread_name", c, Map.of("name", "cpu " + c)));
            events.add(meta("thread_sort_index", c, Map.of("sort_index", c)));
        }
        List<Slices.Slice> slices = new ArrayList<>();
        Timeline whole = TimelineBuilder.build(r, "", 0, r.endNs());
        for (Segment g : whole.states()) {
            if (g.state() != State.RUNNING) {
                slices.add(new Slices.Slice(g.cpu(), g.fromNs(), g.toNs(), g.state().label(), "rendezvous", 0));
            }
        }
        for (Segment h : Handlers.of(r, 0, r.endNs())) {
            slices.add(new Slices.Slice(h.cpu(), h.fromNs(), h.toNs(), h.detail(), h.state().name().toLowerCase(
                    java.util.Locale.ROOT), 1));
        }
        int attempt = 0;
        for (ApplyOutcome o : r.outcomes()) {
            attempt++;
            long end = Math.max(o.issuedNs(), o.releasedNs() >= 0 ? o.releasedNs()
                    : o.events().isEmpty() ? o.issuedNs() : o.events().getLast().time());
            slices.add(new Slices.Slice(cpus, o.issuedNs(), end, "attempt " + attempt + ": "
                    + o.request().action().name().toLowerCase(java.util.Locale.ROOT) + " " + o.request().payload()
                    + " → " + o.result().label() + " rc " + o.rc(), "attempt", 0));
            if (o.cpuPhaseNs() >= 0) {
                slices.add(new Slices.Slice(cpus, o.cpuPhaseNs(), o.cpuPhaseNs() + o.cpuPhaseDurationNs(),
                        "CPU phase", "phase", 1));
            }
            if (o.irqPhaseNs() >= 0) {
                slices.add(new Slices.Slice(cpus, o.irqPhaseNs(), o.irqPhaseNs() + o.irqPhaseDurationNs(),
                        "IRQ phase", "phase", 1));
            }
        }
        for (Slices.Slice x : Slices.nested(slices)) {
            Map<String, Object> e = event("X", x.name(), x.cat(), x.tid(), x.fromNs());
            e.put("dur", micros(x.toNs() - x.fromNs()));
            events.add(e);
        }
        for (Instants.Instant i : Instants.of(r)) {
            Map<String, Object> e = event("i", i.name(), i.cat(), i.cpu() < 0 ? cpus : i.cpu(), i.timeNs());
            e.put("s", i.cpu() < 0 ? "g" : "t");
            e.put("args", Map.of("detail", String.valueOf(i.detail())));
            events.add(e);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("displayTimeUnit", "ns");
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("scenario", s.name());
        about.put("seed", Seed.format(s.seed()));
        about.put("traceHash", r.report().traceHash());
        about.put("replay", s.replayLine());
        root.put("otherData", about);
        String head = JsonWriter.toJson(root);
        out.append(head, 0, head.length() - 1).append(",\"traceEvents\":[\n");
        for (int i = 0; i < events.size(); i++) {
            JsonWriter.write(events.get(i), out);
            out.append(i + 1 < events.size() ? ",\n" : "\n");
        }
        out.append("]}\n").flush();
        return events.size();
    }

    /** Nanoseconds as a JSON number of microseconds with three decimals ({@code 204224} is {@code 204.224}). */
    private static JsonNumber micros(long ns) {
        return new JsonNumber(Html.micros(ns, 3));
    }

    private static Map<String, Object> meta(String name, int tid, Map<String, Object> args) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("ph", "M");
        e.put("name", name);
        e.put("pid", PID);
        e.put("tid", Math.max(0, tid));
        e.put("args", args);
        return e;
    }

    private static Map<String, Object> event(String ph, String name, String cat, int tid, long ns) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("ph", ph);
        e.put("name", name);
        e.put("cat", cat);
        e.put("pid", PID);
        e.put("tid", tid);
        e.put("ts", micros(ns));
        return e;
    }
}
