package dev.quiesce.report;

import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.json.JsonWriter;
import dev.quiesce.scenario.ScenarioResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class PerfettoExportTest {

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> events(ScenarioResult r, Path dir) throws IOException {
        Path file = dir.resolve("run.json");
        long n = PerfettoExport.write(r, file);
        Map<String, Object> root = (Map<String, Object>) MiniJson.parse(Files.readString(file));
        List<Map<String, Object>> events = (List<Map<String, Object>>) root.get("traceEvents");
        assertThat(events).hasSize((int) n);
        return events;
    }

    @Test
    void perfetto_isTraceEventJsonWithANamedTrackPerCpu(@TempDir Path dir) throws IOException {
        // byte stores 20 ns apart, so that the master's patching lasts (whole-site stores land in no time)
        ScenarioResult r = Runs.run("xen-default", "host.cpus=4", "store.granularity=per-byte", "store.spacing=20ns");
        List<Map<String, Object>> events = events(r, dir);
        assertThat(events).filteredOn(e -> "thread_name".equals(e.get("name")))
                .extracting(e -> (Object) ((Map<?, ?>) e.get("args")).get("name"))
                .contains("cpu 0", "cpu 1", "cpu 2", "cpu 3", "rendezvous");
        for (Map<String, Object> e : events) {
            assertThat(e.get("pid")).isEqualTo(BigDecimal.ONE);
            assertThat(((BigDecimal) e.get("tid")).intValue()).isBetween(0, 4);
            assertThat(e.get("ph")).isIn("M", "X", "i");
            if (!"M".equals(e.get("ph"))) {
                assertThat((BigDecimal) e.get("ts")).isBetween(BigDecimal.ZERO, BigDecimal.valueOf(r.endNs(), 3));
            }
            if ("X".equals(e.get("ph"))) {
                assertThat((BigDecimal) e.get("dur")).isNotNegative();
            }
        }
        assertThat(events).filteredOn(e -> "X".equals(e.get("ph"))).extracting(e -> e.get("name"))
                .contains("spinning in the barrier", "IRQs off", "patching", "CPU phase", "IRQ phase")
                .anySatisfy(n -> assertThat((String) n).startsWith("attempt 1: apply xen_hello_world"));
        long handlers = r.trace().stream().filter(e -> e instanceof CpuEvent.InterruptEntry).count();
        assertThat(events).filteredOn(e -> "X".equals(e.get("ph")) && ((String) e.get("name")).matches("(IRQ|NMI) vector \\d+"))
                .hasSizeGreaterThanOrEqualTo((int) handlers);
        assertThat(events).filteredOn(e -> "i".equals(e.get("ph")) && "store".equals(e.get("name")))
                .allSatisfy(e -> assertThat(e.get("s")).isEqualTo("g")).isNotEmpty();
    }

    @Test
    void perfetto_slicesNestOnEveryTrack(@TempDir Path dir) throws IOException {
        ScenarioResult r = Runs.run("nmi-in-patched-function", "host.cpus=4", "duration=80us");
        Map<Object, List<long[]>> tracks = events(r, dir).stream().filter(e -> "X".equals(e.get("ph")))
                .collect(Collectors.groupingBy(e -> e.get("tid"), Collectors.mapping(e -> new long[] {
                        ns(e.get("ts")), ns(e.get("ts")) + ns(e.get("dur"))}, Collectors.toList())));
        assertThat(tracks).hasSizeGreaterThan(2);
        for (List<long[]> slices : tracks.values()) {
            slices.sort(Comparator.comparingLong((long[] s) -> s[0]).thenComparing(s -> -s[1]));
            List<Long> open = new ArrayList<>();
            for (long[] s : slices) {
                open.removeIf(end -> end <= s[0]);
                assertThat(open).allSatisfy(end -> assertThat(s[1]).isLessThanOrEqualTo(end));
                open.add(s[1]);
            }
        }
    }

    @Test
    void json_escapesQuotesBackslashesControlAndLineSeparatorCharacters() throws IOException {
        StringWriter w = new StringWriter();
        String nasty = "a\"b\\c\nd\te\u0001f\u2028g µs";
        JsonWriter.write(Map.of("k", nasty), w);
        assertThat(w.toString()).isEqualTo("{\"k\":\"a\\\"b\\\\c\\nd\\te\\u0001f\\u2028g µs\"}");
        assertThat(((Map<?, ?>) MiniJson.parse(w.toString())).get("k")).isEqualTo(nasty);
    }

    private static long ns(Object micros) {
        return ((BigDecimal) micros).movePointRight(3).longValueExact();
    }
}
