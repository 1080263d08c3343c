package dev.quiesce.hunt;

import dev.quiesce.host.InterruptSettings;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.seed.Seed;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code --set key=value} lists as hunts and shrinks edit them: one key replaced by a new value (later sets win, so
 * the old entry is dropped and the new one appended), and injections written in the scenario's syntax.
 */
public final class Overrides {

    /** The scenario key of exact interrupt injections. */
    public static final String INJECTIONS = "host.interrupts.injections";

    private Overrides() {
    }

    /** The key of {@code set} ({@code host.cpus} of {@code host.cpus=4}). */
    public static String key(String set) {
        int eq = set.indexOf('=');
        return (eq < 0 ? set : set.substring(0, eq)).strip();
    }

    /** {@code sets} without any entry for {@code key}, then {@code key=value}. */
    public static List<String> with(List<String> sets, String key, String value) {
        List<String> out = without(sets, key);
        out.add(key + "=" + value);
        return out;
    }

    /** {@code sets} without any entry for {@code key}. */
    public static List<String> without(List<String> sets, String key) {
        List<String> out = new ArrayList<>();
        for (String s : sets) {
            if (!key(s).equals(key)) {
                out.add(s);
            }
        }
        return out;
    }

    /** The seed as a set ({@code seed="0x2a"}). */
    public static String seedValue(long seed) {
        return "\"" + Seed.format(seed) + "\"";
    }

    /** The injections as the value of {@link #INJECTIONS}: {@code [{cpu=3,at=51234ns,kind=nmi}]}. */
    public static String injectionsValue(List<InterruptSettings.Injection> injections) {
        return injections.stream().map(i -> "{cpu=%d,at=%dns,kind=%s}".formatted(i.cpu(), i.atNs(), kind(i)))
                .collect(Collectors.joining(",", "[", "]"));
    }

    /** One injection in a report: {@code nmi on CPU 3 at 51234ns}. */
    public static String describe(InterruptSettings.Injection i) {
        return "%s on CPU %d at %dns".formatted(kind(i), i.cpu(), i.atNs());
    }

    private static String kind(InterruptSettings.Injection i) {
        return i.kind() == InterruptKind.NMI ? "nmi" : i.kind().name().toLowerCase(Locale.ROOT);
    }
}
