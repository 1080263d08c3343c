package dev.quiesce.guest;

import dev.quiesce.isa.Arch;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a host runs on its CPUs: the objects linked into its image, the symbols its CPUs enter at (the per-CPU entry,
 * the IRQ, NMI and machine-check handlers), its quiescence point, the objects whose writable data every CPU holds a
 * private copy of, whether interrupts save the SSE state, and the function pointers the host writes at boot. Plain
 * data; {@link #builtIn()} is the project's own guest exactly as it has always run.
 *
 * @param objects        the objects to link, in link order
 * @param entry          the function each CPU starts in, called {@code entry(cpu)} with a return address that
 *                       faults ({@code cpu_main} for the built-in guest)
 * @param irqEntry       the IRQ handler, called {@code (vector, cpu)}, when {@code workload.irq-calls} is none
 * @param irqCallsEntry  the IRQ handler when {@code workload.irq-calls} names a function (built-in:
 *                       {@code irq_handler_calls}, which calls it after {@code irq_handler}'s work)
 * @param nmiEntry       the NMI handler, called {@code (cpu)}
 * @param mceEntry       the machine-check handler, called {@code (cpu)}
 * @param quiescence     the function whose first instruction is the quiescence point
 * @param privateObjects the names of objects (as in {@link GuestObject#name()}) whose writable sections are laid out
 *                       in the private per-CPU region: each CPU runs on its own copy of them (sorted)
 * @param saveSse        whether interrupt delivery saves XMM0–15 and MXCSR with the interrupted context and restores
 *                       them at the return (the built-in guest is compiled without SSE and needs none)
 * @param bootPointers   guest u64 variable ({@code symbol} or {@code symbol+offset}, offset decimal or {@code 0x}
 *                       hex) → function symbol whose address the host writes there at boot (sorted by variable)
 */
public record GuestProgram(List<GuestObject> objects, String entry, String irqEntry, String irqCallsEntry,
                           String nmiEntry, String mceEntry, String quiescence, SortedSet<String> privateObjects,
                           boolean saveSse, SortedMap<String, String> bootPointers) {

    /** Validates and copies: lists and maps are immutable and sorted where order could leak into a run. */
    public GuestProgram {
        objects = List.copyOf(objects);
        if (objects.isEmpty()) {
            throw new IllegalArgumentException("a guest program needs at least one object");
        }
        for (String s : new String[] {entry, irqEntry, irqCallsEntry, nmiEntry, mceEntry, quiescence}) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException("a guest program's entry and handler symbols must be named");
            }
        }
        privateObjects = Collections.unmodifiableSortedSet(new TreeSet<>(privateObjects));
        Set<String> names = new TreeSet<>();
        objects.forEach(o -> names.add(o.name()));
        for (String p : privateObjects) {
            if (!names.contains(p)) {
                throw new IllegalArgumentException("private object " + p + " is not one of the program's objects "
                        + names);
            }
        }
        bootPointers = Collections.unmodifiableSortedMap(new TreeMap<>(bootPointers));
        bootPointers.forEach((k, v) -> Objects.requireNonNull(v, k));
    }

    /** The project's own guest: {@link GuestObjects#baseImage()} entered at {@code cpu_main}, as it always ran. */
    public static GuestProgram builtIn() {
        return BuiltIn.PROGRAM;
    }

    /**
     * The project's own guest compiled for {@code arch}: {@link #builtIn()} on x86-64; on AArch64 the same entry,
     * handlers and quiescence point over {@link GuestObjects#baseImage(Arch)} (docs/aarch64.md).
     */
    public static GuestProgram builtIn(Arch arch) {
        return arch == Arch.AARCH64 ? BuiltInAarch64.PROGRAM : BuiltIn.PROGRAM;
    }

    /**
     * The architecture the program's objects are compiled for: the ELF machine of its first object (the linker refuses
     * a program whose objects differ).
     *
     * @throws IllegalArgumentException when the first object is not an x86-64 or AArch64 ELF file
     */
    public Arch arch() {
        byte[] b = objects.get(0).bytes();
        int machine = b.length >= 20 ? (b[18] & 0xff) | (b[19] & 0xff) << 8 : -1;
        Arch a = Arch.ofElfMachine(machine);
        if (a == null) {
            throw new IllegalArgumentException("object %s is not an x86-64 or AArch64 ELF file (%s)"
                    .formatted(objects.get(0).name(), Arch.describeElfMachine(machine)));
        }
        return a;
    }

    /** Whether this is {@link #builtIn()} (the same objects, symbols and options). */
    public boolean isBuiltIn() {
        return this == BuiltIn.PROGRAM || equals(BuiltIn.PROGRAM);
    }

    /** The IRQ handler for a host whose {@code workload.irq-calls} is {@code irqCalls} (0: none). */
    public String irqEntryFor(int irqCalls) {
        return irqCalls == 0 ? irqEntry : irqCallsEntry;
    }

    /** A copy linking {@code list} instead. */
    public GuestProgram withObjects(List<GuestObject> list) {
        return new GuestProgram(list, entry, irqEntry, irqCallsEntry, nmiEntry, mceEntry, quiescence, privateObjects,
                saveSse, bootPointers);
    }

    /** A copy entered at {@code symbol}. */
    public GuestProgram withEntry(String symbol) {
        return new GuestProgram(objects, symbol, irqEntry, irqCallsEntry, nmiEntry, mceEntry, quiescence,
                privateObjects, saveSse, bootPointers);
    }

    /** A copy whose IRQ (both cases), NMI and machine-check handlers are these. */
    public GuestProgram withHandlers(String irq, String nmi, String mce) {
        return new GuestProgram(objects, entry, irq, irq, nmi, mce, quiescence, privateObjects, saveSse,
                bootPointers);
    }

    /** A copy whose quiescence point is the first instruction of {@code symbol}. */
    public GuestProgram withQuiescence(String symbol) {
        return new GuestProgram(objects, entry, irqEntry, irqCallsEntry, nmiEntry, mceEntry, symbol, privateObjects,
                saveSse, bootPointers);
    }

    /** A copy whose private per-CPU objects are {@code names}. */
    public GuestProgram withPrivateObjects(Set<String> names) {
        return new GuestProgram(objects, entry, irqEntry, irqCallsEntry, nmiEntry, mceEntry, quiescence,
                new TreeSet<>(names), saveSse, bootPointers);
    }

    /** A copy whose interrupts save (or not) the SSE state. */
    public GuestProgram withSaveSse(boolean save) {
        return new GuestProgram(objects, entry, irqEntry, irqCallsEntry, nmiEntry, mceEntry, quiescence,
                privateObjects, save, bootPointers);
    }

    /** A copy whose boot pointers are {@code pointers} (variable → function). */
    public GuestProgram withBootPointers(Map<String, String> pointers) {
        return new GuestProgram(objects, entry, irqEntry, irqCallsEntry, nmiEntry, mceEntry, quiescence,
                privateObjects, saveSse, new TreeMap<>(pointers));
    }

    @Override
    public String toString() {
        return "GuestProgram[" + objects.size() + " objects, entry " + entry + ", irq " + irqEntry + "/" + irqCallsEntry
                + ", nmi " + nmiEntry + ", mce " + mceEntry + ", quiescence " + quiescence + ", private "
                + privateObjects + ", saveSse " + saveSse + ", bootPointers " + bootPointers + "]";
    }

    /** The built-in program for AArch64, read on first use. */
    private static final class BuiltInAarch64 {
        static final GuestProgram PROGRAM = BuiltIn.PROGRAM.withObjects(GuestObjects.baseImage(Arch.AARCH64));
    }

    /** The built-in program, read once (its objects are resources). */
    private static final class BuiltIn {
        static final GuestProgram PROGRAM = new GuestProgram(GuestObjects.baseImage(), "cpu_main", "irq_handler",
                "irq_handler_calls", "nmi_handler", "mce_handler", "check_for_livepatch_work", new TreeSet<>(), false,
                new TreeMap<>());
    }
}
