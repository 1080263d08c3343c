package dev.quiesce.fleet.model;

import dev.quiesce.io.InputFiles;
import dev.quiesce.json.JsonReader;
import dev.quiesce.json.JsonValue;
import dev.quiesce.json.JsonValue.JsonArray;
import dev.quiesce.json.JsonValue.JsonNumber;
import dev.quiesce.json.JsonValue.JsonObject;
import dev.quiesce.json.JsonValue.JsonString;
import dev.quiesce.json.JsonWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The model file format ({@code model.json}): a {@link FleetModel} as JSON, written with the sorted samples of every
 * distribution (not just a mean) and read back exactly. A sample list must be sorted ascending (repeats allowed), as
 * it is written: an unsorted one is refused, not sorted on read, so no file is taken that this codec would not have
 * written. A file that is not a model says which file and what is wrong: {@code model.json:3:7: expected ',' ...}
 * or {@code model.json: classes[0] ('web'): irqRatePerMs must be ...}.
 *
 * <pre>{"format": "quiesce-model", "version": 1, "classes": [{"name": "xen-default", "calibration": "quiesce ...",
 *   "quiescenceGapNs": [...], "irqRatePerMs": 6.1, "irqDurationNs": [...], "nmiRatePerMs": 0.05,
 *   "nmiDurationNs": [...], "stallNsPerIteration": 1.25}]}</pre>
 * {@code calibration} may be left out (""), and {@code stallNsPerIteration} too (1 ns, as scenario files describe a
 * straggler's iteration).
 */
public final class ModelCodec {

    /** The value of the file's {@code format} key. */
    public static final String FORMAT = "quiesce-model";

    /** The file format version this codec writes and reads. */
    public static final int VERSION = 1;

    private static final Set<String> TOP = Set.of("format", "version", "classes");
    private static final List<String> CLASS_KEYS = List.of("name", "calibration", "quiescenceGapNs", "irqRatePerMs",
            "irqDurationNs", "nmiRatePerMs", "nmiDurationNs", "stallNsPerIteration");
    private static final int PER_LINE = 16;

    /** The largest model file read (a calibrated model is tens of kilobytes). */
    public static final long MAX_FILE_BYTES = 16L << 20;

    /** The largest duration sample, in ns (10 s: far beyond any gap or handler a calibration records). */
    public static final long MAX_SAMPLE_NS = 10_000_000_000L;

    private ModelCodec() {
    }

    /** Writes {@code model} to {@code file}. */
    public static void write(FleetModel model, Path file) throws IOException {
        dev.quiesce.io.OutputFiles.writeString(file, toJson(model));
    }

    /** Reads the model in {@code file}; IllegalArgumentException names the file and what is wrong. */
    public static FleetModel read(Path file) throws IOException {
        return parse(InputFiles.readString(file, MAX_FILE_BYTES, "model file"), file.toString());
    }

    /** {@code model} as JSON text. */
    public static String toJson(FleetModel model) {
        StringBuilder b = new StringBuilder();
        b.append("{\n  \"format\": \"").append(FORMAT).append("\",\n  \"version\": ").append(VERSION)
                .append(",\n  \"classes\": [");
        for (int i = 0; i < model.classes().size(); i++) {
            FleetModel.Entry e = model.classes().get(i);
            CpuModel m = e.model();
            b.append(i == 0 ? "\n" : ",\n").append("    {\n");
            b.append("      \"name\": ").append(quote(m.workloadClass())).append(",\n");
            b.append("      \"calibration\": ").append(quote(e.calibration())).append(",\n");
            samples(b, "quiescenceGapNs", m.quiescenceGapNs());
            b.append("      \"irqRatePerMs\": ").append(rate(m.irqRatePerMs())).append(",\n");
            samples(b, "irqDurationNs", m.irqDurationNs());
            b.append("      \"nmiRatePerMs\": ").append(rate(m.nmiRatePerMs())).append(",\n");
            samples(b, "nmiDurationNs", m.nmiDurationNs());
            b.append("      \"stallNsPerIteration\": ").append(rate(m.stallNsPerIteration())).append("\n    }");
        }
        return b.append(model.classes().isEmpty() ? "]\n}\n" : "\n  ]\n}\n").toString();
    }

    /** The model in {@code text}; {@code origin} (the file) names it in errors. */
    public static FleetModel parse(String text, String origin) {
        if (!(JsonReader.parse(text, origin) instanceof JsonObject top)) {
            throw new IllegalArgumentException(origin + ": not a model file: expected a JSON object at the top");
        }
        unknown(top, TOP, origin);
        if (!(top.get("format") instanceof JsonString f) || !f.value().equals(FORMAT)) {
            throw new IllegalArgumentException(origin + ": not a model file: \"format\" must be \"" + FORMAT
                    + "\", not " + show(top.get("format")));
        }
        if (!(top.get("version") instanceof JsonNumber v) || !v.isLong() || v.longValue() != VERSION) {
            throw new IllegalArgumentException(origin + ": model file version " + show(top.get("version"))
                    + " is not supported; this build reads version " + VERSION);
        }
        if (!(top.get("classes") instanceof JsonArray classes)) {
            throw new IllegalArgumentException(origin + ": \"classes\" must be an array of workload classes, not "
                    + show(top.get("classes")));
        }
        List<JsonValue> list = classes.elements();
        List<FleetModel.Entry> entries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            entries.add(entry(list.get(i), origin + ": classes[" + i + "]"));
        }
        try {
            return new FleetModel(entries);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
        }
    }

    private static FleetModel.Entry entry(JsonValue o, String where) {
        if (!(o instanceof JsonObject m)) {
            throw new IllegalArgumentException(where + ": expected an object (a workload class), not " + show(o));
        }
        if (!(m.get("name") instanceof JsonString(String name)) || name.isBlank()) {
            throw new IllegalArgumentException(where + ": \"name\" must be a non-empty string, not " + show(m.get("name")));
        }
        String at = where + " ('" + name + "')";
        unknown(m, Set.copyOf(CLASS_KEYS), at);
        JsonValue cal = m.members().containsKey("calibration") ? m.get("calibration") : new JsonString("");
        if (!(cal instanceof JsonString(String calibration))) {
            throw new IllegalArgumentException(at + ": \"calibration\" must be a string, not " + show(cal));
        }
        double stall = CpuModel.DEFAULT_STALL_NS_PER_ITERATION;
        if (m.members().containsKey("stallNsPerIteration")) {
            JsonValue v = m.get("stallNsPerIteration");
            if (!(v instanceof JsonNumber n) || !(n.doubleValue() > 0)
                    || n.doubleValue() > CpuModel.MAX_STALL_NS_PER_ITERATION) {
                throw new IllegalArgumentException(at + ": \"stallNsPerIteration\" must be a number in (0, "
                        + (long) CpuModel.MAX_STALL_NS_PER_ITERATION + "] (ns per iteration of a straggler's work), not "
                        + show(v));
            }
            stall = n.doubleValue();
        }
        CpuModel model = new CpuModel(name, empirical(m, "quiescenceGapNs", at), rate(m, "irqRatePerMs", at),
                empirical(m, "irqDurationNs", at), rate(m, "nmiRatePerMs", at), empirical(m, "nmiDurationNs", at),
                stall);
        return new FleetModel.Entry(model, calibration);
    }

    private static Empirical empirical(JsonObject m, String key, String at) {
        String legal = ": \"" + key + "\" must be a non-empty array of durations (integer ns, 0..10^10)";
        if (!(m.get(key) instanceof JsonArray(List<JsonValue> l)) || l.isEmpty()) {
            throw new IllegalArgumentException(at + legal + ", not " + show(m.get(key)));
        }
        long[] s = new long[l.size()];
        for (int i = 0; i < s.length; i++) {
            if (!(l.get(i) instanceof JsonNumber v) || !v.isLong() || v.longValue() < 0
                    || v.longValue() > MAX_SAMPLE_NS) {
                throw new IllegalArgumentException(at + legal + "; element " + i + " is " + show(l.get(i)));
            }
            s[i] = v.longValue();
            if (i > 0 && s[i] < s[i - 1]) { // written sorted: an unsorted list is not what calibrate wrote
                throw new IllegalArgumentException(at + ": \"" + key + "\" must be sorted ascending (equal samples"
                        + " may repeat), as `quiesce calibrate` writes it; element " + i + " (" + s[i]
                        + ") is below element " + (i - 1) + " (" + s[i - 1] + "): sort it or calibrate again");
            }
        }
        return Empirical.of(s);
    }

    private static double rate(JsonObject m, String key, String at) {
        if (!(m.get(key) instanceof JsonNumber n) || !(n.doubleValue() >= 0)
                || n.doubleValue() > CpuModel.MAX_RATE_PER_MS) {
            throw new IllegalArgumentException(at + ": \"" + key + "\" must be a number in 0.."
                    + (int) CpuModel.MAX_RATE_PER_MS + " (arrivals per ms, as the inline key), not " + show(m.get(key)));
        }
        return n.doubleValue();
    }

    private static void unknown(JsonObject m, Set<String> legal, String at) {
        for (String k : m.members().keySet()) {
            if (!legal.contains(k)) {
                throw new IllegalArgumentException(at + ": unknown key \"" + k + "\"; legal: "
                        + legal.stream().sorted().toList());
            }
        }
    }

    private static String show(JsonValue v) {
        return switch (v) {
            case null -> "missing (or null)";
            case JsonValue.JsonNull n -> "missing (or null)";
            case JsonString s -> quote(s.value());
            case JsonObject o -> "an object";
            case JsonArray a -> "an array";
            case JsonNumber n -> n.text();
            case JsonValue.JsonBoolean b -> Boolean.toString(b.value());
        };
    }

    private static void samples(StringBuilder b, String key, Empirical e) {
        b.append("      \"").append(key).append("\": ");
        array(b, e.samples());
        b.append(",\n");
    }

    private static void array(StringBuilder b, long[] values) {
        b.append('[');
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : i % PER_LINE == 0 ? ",\n        " : ", ").append(values[i]);
        }
        b.append(']');
    }

    private static String rate(double r) {
        if (!Double.isFinite(r)) {
            throw new IllegalArgumentException("a rate must be finite to be written, not " + r);
        }
        return Double.toString(r);
    }

    private static String quote(String s) {
        return JsonWriter.quote(s);
    }
}
