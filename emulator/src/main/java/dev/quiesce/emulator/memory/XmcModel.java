package dev.quiesce.emulator.memory;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A cross-modifying-code model: when a store to guest code by another agent (the coordinator, a hook) becomes
 * visible to a CPU's instruction fetch (docs/cross-modifying-code.md; Intel SDM vol. 3A §9.1.3 "Handling Self- and
 * Cross-Modifying Code" and §9.3 "Serializing Instructions"; for {@link #ARM} the Arm ARM DDI 0487, B2.2.5
 * "Concurrent modification and execution of instructions" and B2.4 "Caches and memory hierarchy").
 */
public enum XmcModel {
    /** Every store is fetched by every CPU's next instruction (the most forgiving hardware; today's traces). */
    COHERENT("coherent"),
    /** A CPU keeps fetching the bytes it last observed until its next serialising event. */
    SERIALIZE("serialize"),
    /**
     * {@link #SERIALIZE}, plus: a store spanning a 16-byte aligned fetch block may be observed torn (one block new,
     * the other old) by a CPU that has not serialised since (seeded per CPU and store).
     */
    ERRATA("errata"),
    /**
     * Arm's instruction fetch (Arm ARM DDI 0487, B2.2.5 and B2.4): a CPU keeps fetching the bytes it last observed
     * until <em>both</em> the patcher's cache maintenance for the stored range has completed ({@link
     * GuestMemory#maintainCode}: {@code DC CVAU}, {@code DSB ISH}, {@code IC IVAU}, {@code DSB ISH}) <em>and</em>
     * the CPU then executes a context synchronisation event ({@code ISB}, exception entry, exception return). A
     * store never maintained is never fetched, whatever the CPU executes; a CPU that synchronised before the
     * maintenance is still stale.
     */
    ARM("arm");

    private final String label;

    XmcModel(String label) {
        this.label = label;
    }

    /** The name used in scenarios and on the command line. */
    public String label() {
        return label;
    }

    /** Whether CPUs execute from private code views (every model but {@link #COHERENT}). */
    public boolean staleFetch() {
        return this != COHERENT;
    }

    /** Whether a code store becomes fetchable only after its cache maintenance ({@link #ARM}). */
    public boolean needsMaintenance() {
        return this == ARM;
    }

    /** The legal names, in declaration order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(XmcModel::label).toList();
    }

    /**
     * The model named {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException listing the legal names for an unknown one
     */
    public static XmcModel parse(String name) {
        for (XmcModel m : values()) {
            if (m.label.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("xmc = '%s' is not a cross-modifying-code model; legal: %s"
                .formatted(name, names()));
    }
}
