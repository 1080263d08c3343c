package dev.quiesce.usercode.textlib;

import dev.quiesce.scenario.MachineObserver;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioPayload;
import dev.quiesce.scenario.UserCodeRuns;
import dev.quiesce.usercode.UserPayload;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test support: textlib as a user guest — its base tree and fix folders copied into one folder, a scenario per fix
 * (8 CPUs run the library with its IRQ and NMI calls; the fix's payload is built from {@code base/} and the fix's
 * folder, which holds only the changed files, applied at {@link #APPLY_AT} and again at {@link #CHECK_AT}), and an observer that keeps what
 * each CPU's {@code textlib_probe} showed for one fix's field.
 */
final class TextlibRuns {

    /** When the apply is issued: every CPU has finished a few workload calls (one takes 20–40 µs). */
    static final String APPLY_AT = "300us";

    /**
     * When the same payload is applied again, which Xen refuses (it is applied already): a run ends once its actions
     * settled, so this keeps it going until every CPU has finished several calls with the fix.
     */
    static final String CHECK_AT = "650us";

    private TextlibRuns() {
    }

    /** Copies {@code base/} and every fix folder into {@code dir} (the folders a scenario there names). */
    static void copyInto(Path dir) {
        UserCodeRuns.copyTree("usercode/textlib/base", dir, "base");
        UserCodeRuns.copyTree("usercode/textlib/fixes", dir, "fixes");
    }

    /** The scenario text: 8 CPUs run textlib for {@code duration}; payload {@code fix} is applied at {@link #APPLY_AT}. */
    static String scenario(String fix, String duration) {
        return scenario(fix, duration, APPLY_AT);
    }

    /** The scenario text with the apply at {@code at}. */
    static String scenario(String fix, String duration, String at) {
        return """
                name = "textlib-%1$s"
                duration = %2$s
                host { cpus = 8 }
                guest {
                  sources = ["base"]
                  workload = textlib_workload
                  init = textlib_init
                  irq-calls = textlib_irq_call
                  nmi-calls = textlib_nmi_call
                  includes = ["base"]
                }
                payloads = [ { name = "%1$s", build { base = "base", patch = "fixes/%1$s/fix.patch" } } ]
                actions = [
                  { at = %3$s, action = apply, payload = "%1$s" }
                  { at = %4$s, action = apply, payload = "%1$s" }
                ]
                """.formatted(fix, duration, at, CHECK_AT);
    }

    /** The scenario of {@code fix} in {@code dir}, with {@code sets}. */
    static Scenario load(Path dir, String fix, String duration, List<String> sets) {
        return UserCodeRuns.scenario(dir, fix + ".conf", scenario(fix, duration), sets);
    }

    /** The scenario of {@code fix} in {@code dir} with the apply at {@code at}. */
    static Scenario load(Path dir, String fix, String duration, String at, List<String> sets) {
        return UserCodeRuns.scenario(dir, fix + "-" + at + ".conf", scenario(fix, duration, at), sets);
    }

    /** The payload a scenario builds from its trees. */
    static UserPayload built(Scenario s) {
        return ((ScenarioPayload.Built) s.payloadSources().getFirst()).payload();
    }

    /** The probe field of the fix ({@code mod}, {@code err}, … from its {@code expected-probe.txt}). */
    static String field(String fix) {
        return Textlib.manifest(fix, "expected-probe.txt").getFirst().split(" ", 2)[1].split("=", 2)[0];
    }

    /** The value {@code before} or {@code after} of the fix's probe field. */
    static String probe(String fix, String which) {
        return Textlib.manifest(fix, "expected-probe.txt").stream().filter(l -> l.startsWith(which + " "))
                .map(l -> l.substring(which.length() + 1).split("=", 2)[1]).findFirst().orElseThrow();
    }

    /** One change of a CPU's field: when it was first seen. */
    record Seen(long nowNs, int cpu, String value) {
    }

    /** A whole probe line: its last field, {@code pp=}, is written last. */
    private static final java.util.regex.Pattern COMPLETE = java.util.regex.Pattern.compile(
            "^mod=.* pp=\\d+/\\d+/(ok|reparse-failed)$");

    /**
     * Keeps each change of {@code field} in each CPU's {@code textlib_probe}, read only when the line is whole (the
     * workload rewrites it every call, and a boundary can fall while it does).
     */
    static final class ProbeWatch implements MachineObserver {
        private final String field;
        private final List<Seen> seen = new ArrayList<>();
        private String[] last;

        ProbeWatch(String field) {
            this.field = field;
        }

        @Override
        public void afterQuantum(long nowNs, dev.quiesce.host.HostMachine m) {
            if (last == null) {
                last = new String[m.settings().cpus()];
            }
            for (int cpu = 0; cpu < last.length; cpu++) {
                String line = UserCodeRuns.privateString(m, cpu, "textlib_probe", 256);
                if (!COMPLETE.matcher(line).find()) {
                    continue; // the workload is writing it (snprintf field by field): keep the last complete one
                }
                String v = ProbeLine.fields(line).get(field);
                if (v != null && !v.equals(last[cpu])) {
                    seen.add(new Seen(nowNs, cpu, v));
                }
                last[cpu] = v;
            }
        }

        List<Seen> seen() {
            return seen;
        }

        /** Each CPU's value at the end (null where it wrote none). */
        List<String> last() {
            return List.of(last).stream().map(v -> v == null ? "" : v).toList();
        }

        /** The values seen strictly before {@code ns}, by CPU. */
        Map<Integer, List<String>> before(long ns) {
            Map<Integer, List<String>> out = new java.util.TreeMap<>();
            seen.stream().filter(x -> x.nowNs() < ns)
                    .forEach(x -> out.computeIfAbsent(x.cpu(), c -> new ArrayList<>()).add(x.value()));
            return out;
        }
    }
}
