package dev.quiesce.splice.registry;

import dev.quiesce.elf.BuildId;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfFormatException;
import dev.quiesce.elf.ElfSection;
import dev.quiesce.elf.ElfSymbol;
import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.emulator.link.GuestSymbol;
import dev.quiesce.emulator.link.ImageLinker;
import dev.quiesce.emulator.link.LinkException;
import dev.quiesce.emulator.link.SectionKind;
import dev.quiesce.emulator.link.SymbolTable;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.emulator.memory.Region;
import dev.quiesce.payload.ArmMappingSymbols;
import dev.quiesce.payload.Errno;
import dev.quiesce.payload.HookKind;
import dev.quiesce.payload.Payload;
import dev.quiesce.payload.PayloadException;
import dev.quiesce.payload.PayloadReader;
import dev.quiesce.payload.PayloadValidator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.TreeMap;

/**
 * The UPLOAD pipeline after the name checks, in Xen's order with Xen's errnos (Xen: {@code load_payload_data()}
 * in xen/common/livepatch.c): the ELF container ({@link PayloadReader}); {@code check_xen_buildid()} — the
 * payload's {@code .livepatch.xen_depends} must equal the image's build-id (-EINVAL); the rest of the reader's
 * checks; {@code move_payload()} — room in the payload area (-ENOMEM) and {@code safe_to_reapply};
 * {@code livepatch_elf_resolve_symbols()} (-ENOENT); relocation (-EOVERFLOW, -EINVAL); {@code prepare_payload()}
 * — old addresses, JMP sizes, distances ({@link PayloadValidator}), a build-id already loaded (-EEXIST);
 * {@code build_symbol_table()} — a new symbol clashing with the image or a loaded payload (-EEXIST). The reader's
 * own checks (sections, functions, hooks, notes) run as one step, before the area is allocated. On failure
 * nothing is kept. The payload is read for the host's {@link HostView#arch() architecture}; on AArch64 the Arm
 * mapping symbols are not payload symbols ({@link ArmMappingSymbols}), and the project's linker applies the AArch64
 * relocations (its range checks follow GNU ld, stricter than Xen's in the cases docs/xen-livepatch.md §8 lists).
 */
final class PayloadLoader {

    private final HostView host;
    private final AreaAllocator area;

    PayloadLoader(HostView host, AreaAllocator area) {
        this.host = host;
        this.area = area;
    }

    /** Loads {@code bytes} as payload {@code name} against the image and the {@code loaded} payloads. */
    LoadedPayload load(String name, byte[] bytes, List<LoadedPayload> loaded) {
        String fileName = name + ".livepatch";
        checkXenBuildId(name, fileName, bytes);
        Payload payload = PayloadReader.read(host.arch(), fileName, bytes);
        ElfFile elf = payload.elf();
        long imageSize = linkedSize(elf);
        long size = AreaAllocator.roundUp(imageSize) + FuncStates.bytesFor(payload.functions().size());
        long base = area.allocate(size).orElseThrow(() -> new PayloadException(Errno.ENOMEM, ("the payload area"
                + " [0x%x, 0x%x) has %d KiB free, not the %d KiB payload '%s' needs: unload payloads you no longer"
                + " need (xen-livepatch unload NAME) or give the host a larger payload area").formatted(
                area.area().base(), area.area().end(), area.available() / 1024, AreaAllocator.roundUp(size) / 1024,
                name)));
        try {
            return place(name, payload, base, size, imageSize, new SymbolContext(host.image(), host.memory(), loaded));
        } catch (RuntimeException e) {
            area.free(base, size);
            throw e;
        }
    }

    private LoadedPayload place(String name, Payload payload, long base, long size, long imageSize,
                                SymbolContext symbols) {
        ElfFile elf = payload.elf();
        SymbolTable external = symbols.external(elf);
        for (ElfSymbol s : elf.symbols()) {
            if (s.index() > 0 && s.isUndefined() && !s.name().isEmpty() && external.lookup(s.name()).isEmpty()) {
                throw new PayloadException(Errno.ENOENT, ("payload '%s' uses symbol '%s', which neither the image"
                        + " nor a loaded payload defines: build it against this image, or upload the payload that"
                        + " defines it first").formatted(name, s.name()));
            }
        }
        GuestImage linked = link(name, elf, base, external);
        if (linked.end() - base != imageSize) {
            throw new IllegalStateException("payload '%s' linked to 0x%x bytes, not the 0x%x computed".formatted(
                    name, linked.end() - base, imageSize));
        }
        PatchTable table = PatchTable.read(payload, linked, symbols);
        PayloadValidator.checkAgainst(payload, symbols.oldFunctions(), i -> table.newAddress((int) i));
        Map<HookKind, long[]> hooks = PatchTable.hooks(elf, linked);
        for (LoadedPayload other : symbols.loadedPayloads()) {
            if (other.payload.buildId().equals(payload.buildId())) {
                throw new PayloadException(Errno.EEXIST, ("payload '%s' has build-id %s, the same as loaded payload"
                        + " '%s' — it is already loaded; use that one, or unload it first").formatted(name,
                        payload.buildId().hex(), other.name));
            }
        }
        Map<String, GuestSymbol> newSymbols = newSymbols(name, linked, table, symbols);
        write(linked, table);
        FuncStates states = FuncStates.create(host.memory(), base + AreaAllocator.roundUp(imageSize), name,
                table.sites().size(), table.funcsAddress());
        return new LoadedPayload(name, payload, linked, base, size, table.sites(), hooks, newSymbols, states,
                safeToReapply(elf));
    }

    /** {@code check_xen_buildid()}: the payload must say it was built for this image (-EINVAL). */
    private void checkXenBuildId(String name, String fileName, byte[] bytes) {
        ElfFile elf;
        try {
            elf = ElfFile.parse(fileName, bytes);
        } catch (ElfFormatException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return; // not an ELF this reader accepts: PayloadReader.read reports the defect with its errno

        }
        BuildId running = host.image().buildId();
        ElfSection s = elf.findSection(".livepatch.xen_depends").orElseThrow(() -> new PayloadException(Errno.EINVAL,
                ("payload '%s' has no .livepatch.xen_depends, so nothing ties it to this hypervisor (build-id %s):"
                        + " rebuild it against this image (payload build --xen-depends)").formatted(name, running.hex())));
        gnuBuildId(s.data()).filter(id -> !id.equals(running)).ifPresent(id -> {
            throw new PayloadException(Errno.EINVAL, ("payload '%s' was built for hypervisor build-id %s but this"
                    + " host runs %s (check against hypervisor build-id failed): rebuild it against this image")
                    .formatted(name, id.hex(), running.hex()));
        });
    }

    /** The descriptor of a well-formed GNU build-id note, else empty (the reader then reports the defect). */
    private static Optional<BuildId> gnuBuildId(byte[] note) {
        if (note.length < 16) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(note).order(ByteOrder.LITTLE_ENDIAN);
        long namesz = Integer.toUnsignedLong(b.getInt(0));
        long descsz = Integer.toUnsignedLong(b.getInt(4));
        long descAt = 12 + ((namesz + 3) & -4L);
        if (b.getInt(8) != 3 || namesz != 4 || descsz == 0 || descAt + descsz > note.length) {
            return Optional.empty();
        }
        return Optional.of(new BuildId(Arrays.copyOfRange(note, (int) descAt, (int) (descAt + descsz))));
    }

    private static GuestImage link(String name, ElfFile elf, long base, SymbolTable external) {
        try {
            return ImageLinker.link(List.of(elf), base, external);
        } catch (LinkException e) {
            Errno errno = e.getMessage().contains("does not fit") ? Errno.EOVERFLOW : Errno.EINVAL;
            throw new PayloadException(errno, "payload '%s' cannot be relocated at 0x%x: %s".formatted(name, base,
                    e.getMessage()));
        }
    }

    /** {@code build_symbol_table()}: the symbols that are not a function's new code must be new (-EEXIST). */
    private Map<String, GuestSymbol> newSymbols(String name, GuestImage linked, PatchTable table,
                                                SymbolContext symbols) {
        Map<String, GuestSymbol> out = new TreeMap<>();
        for (GuestSymbol s : linked.symbols().all()) {
            if (s.name().isEmpty() || table.isNewCode(s.address()) || ArmMappingSymbols.skipped(host.arch(), s.name())) {
                continue;
            }
            symbols.owner(s.name()).ifPresent(owner -> {
                throw new PayloadException(Errno.EEXIST, ("payload '%s' defines symbol '%s', which %s already"
                        + " defines (duplicate new symbol): unload that payload first, or give the symbol a"
                        + " unique name").formatted(name, s.name(), owner));
            });
            out.putIfAbsent(s.name(), s);
        }
        return out;
    }

    /**
     * Copies the linked regions into guest memory and writes back old addresses resolved by name. Code comes with its
     * cache maintenance ({@link GuestMemory#maintainCode}; only {@code xmc = arm} sees it): Xen on Arm cleans the new
     * functions to memory before it writes the branch to them ({@code clean_and_invalidate_dcache_va_range()} on
     * {@code func->new_addr} in {@code arch_livepatch_apply()}, xen/arch/arm/arm64/livepatch.c), so no CPU can reach
     * them unmaintained.
     */
    private void write(GuestImage linked, PatchTable table) {
        GuestMemory memory = host.memory();
        for (Region r : linked.regions()) {
            if (r.name().equals(SectionKind.BSS.regionName())) {
                memory.write(r.address(), new byte[(int) r.size()]);
            } else if (r.protection().executable()) {
                memory.writeCode(r.address(), linked.read(r.address(), (int) r.size()));
                memory.maintainCode(r.address(), r.size()); // Xen cleans the new code before a B can reach it
            } else {
                memory.write(r.address(), linked.read(r.address(), (int) r.size()));
            }
        }
        table.writeResolved(memory);
    }

    /**
     * {@code move_payload()}'s rule: safe to re-apply when no writable allocated section has contents, or the only
     * one is {@code .livepatch.funcs}.
     */
    static boolean safeToReapply(ElfFile elf) {
        List<ElfSection> writable = elf.sections().stream().skip(1)
                .filter(s -> s.isAlloc() && s.size() != 0 && s.isWrite() && !s.isExec()).toList();
        return writable.isEmpty() || writable.size() == 1 && writable.getFirst().name().equals(".livepatch.funcs");
    }

    /** The bytes {@link ImageLinker} will give the payload: its regions, each page-aligned, in kind order. */
    static long linkedSize(ElfFile elf) {
        long total = 0;
        for (SectionKind kind : SectionKind.values()) {
            long cursor = 0;
            boolean any = false;
            for (ElfSection s : elf.sections()) {
                if (SectionKind.of(s).orElse(null) == kind) {
                    long align = Math.max(1, s.addralign());
                    cursor = (cursor + align - 1) / align * align + s.size();
                    any = true;
                }
            }
            total += any ? AreaAllocator.roundUp(cursor) : 0;
        }
        return total;
    }
}
