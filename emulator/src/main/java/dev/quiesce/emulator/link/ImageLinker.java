package dev.quiesce.emulator.link;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.isa.Arch;
import java.util.List;

/**
 * The static linker of guest images and payloads: places the allocated sections of ELF relocatable objects of one
 * architecture (x86-64 or AArch64, by their {@code e_machine}) from a base address, resolves symbols, applies
 * relocations ({@link X86Relocations}, {@link A64Relocations}), and returns the result as a {@link GuestImage}.
 * Pure: it touches no guest memory.
 *
 * <p>Placement: text, rodata, data, bss (then the private per-CPU data and bss of objects named private), each
 * region page-aligned; within a region, object order
 * then section index order, each section at its {@code sh_addralign}. Non-allocated and empty
 * sections are not placed, nor are relocations that patch them. COMMON symbols are rejected (build
 * with {@code -fno-common}). Text padding traps: {@code int3} (0xcc) on x86-64, {@code UDF #0} (zero words) on
 * AArch64; other padding is zero.
 */
public final class ImageLinker {

    private ImageLinker() {
    }

    /** Links {@code objects} at {@code base} with no external symbols. */
    public static GuestImage link(List<ElfFile> objects, long base) {
        return link(objects, base, SymbolTable.empty());
    }

    /**
     * Links {@code objects} at {@code base}; symbols they leave undefined are looked up in
     * {@code external} (e.g. the base image's table, for a payload).
     *
     * @param base a page-aligned guest address
     * @throws LinkException           naming the object, section, offset and symbol of the problem
     * @throws IllegalArgumentException if {@code base} is not page-aligned
     */
    public static GuestImage link(List<ElfFile> objects, long base, SymbolTable external) {
        return link(objects, base, external, java.util.Set.of());
    }

    /**
     * Links as {@link #link(List, long, SymbolTable)} does, except that the writable sections (data and bss) of the
     * objects whose file names are in {@code privateObjects} go to the private regions {@code private-data} and
     * {@code private-bss}, page-aligned after bss: a host gives each CPU its own copy of them
     * ({@link dev.quiesce.emulator.memory.GuestMemory#makePrivate}).
     *
     * @throws LinkException if a name in {@code privateObjects} is not one of the objects
     */
    public static GuestImage link(List<ElfFile> objects, long base, SymbolTable external,
                                  java.util.Set<String> privateObjects) {
        for (String p : privateObjects) {
            if (objects.stream().noneMatch(o -> o.fileName().equals(p))) {
                throw new LinkException("private object %s is not one of the linked objects".formatted(p));
            }
        }
        Arch arch = machineOf(objects);
        Layout layout = Layout.of(objects, base, privateObjects, arch);
        SymbolResolver resolver = new SymbolResolver(objects, layout, external);
        Relocator.apply(arch, objects, layout, resolver);
        return new GuestImage(arch, base, layout, resolver.table(), objects);
    }

    /**
     * The architecture of the objects: every one must be a relocatable object of x86-64 or AArch64, all of the same
     * machine; x86-64 when there are none.
     */
    private static Arch machineOf(List<ElfFile> objects) {
        ElfFile first = null;
        for (ElfFile o : objects) {
            Arch arch = Arch.ofElfMachine(o.machine());
            if (o.type() != Elf.ET_REL || arch == null) {
                throw new LinkException("%s is not an %s relocatable object (e_type %d, e_machine %d); link gcc -c output"
                        .formatted(o.fileName(), arch == null ? "x86-64 or aarch64" : arch.label(), o.type(), o.machine()));
            }
            if (first == null) {
                first = o;
            } else if (o.machine() != first.machine()) {
                throw new LinkException(("objects of two machines in one link: %s is %s, %s is %s; build every object "
                        + "with one architecture's gcc (gcc for x86-64, aarch64-linux-gnu-gcc for aarch64)").formatted(
                        first.fileName(), Arch.describeElfMachine(first.machine()), o.fileName(),
                        Arch.describeElfMachine(o.machine())));
            }
        }
        return first == null ? Arch.X86_64 : Arch.ofElfMachine(first.machine());
    }
}
