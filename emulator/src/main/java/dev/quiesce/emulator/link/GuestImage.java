package dev.quiesce.emulator.link;

import dev.quiesce.elf.BuildId;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.emulator.memory.Region;
import dev.quiesce.isa.Arch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A linked image: page-aligned regions ({@code text}, {@code rodata}, {@code data}, {@code bss})
 * with their relocated bytes, the placed sections, the symbol table and a build-id. Immutable;
 * {@link #loadInto} copies it into a host's memory.
 *
 * <p>The build-id is the SHA-1 over every region in address order of: its name, a NUL, its address
 * and size (64-bit little-endian), and its bytes, except bss whose bytes are all zero by definition
 * and are not hashed. So it changes with any byte of code or data and with the layout.
 */
public final class GuestImage {

    private final Arch arch;
    private final long base;
    private final long end;
    private final List<Layout.Block> blocks;
    private final List<PlacedSection> sections;
    private final SymbolTable symbols;
    private final BuildId buildId;
    private final List<ElfFile> objects;
    private final Layout layout;
    private volatile SourceLines sourceLines;

    GuestImage(Arch arch, long base, Layout layout, SymbolTable symbols, List<ElfFile> objects) {
        this.arch = arch;
        this.base = base;
        this.layout = layout;
        this.objects = List.copyOf(objects);
        this.end = layout.end();
        this.blocks = layout.blocks();
        this.sections = layout.sections();
        this.symbols = symbols;
        BuildId.Hasher h = BuildId.hasher();
        for (Layout.Block b : blocks) {
            h.add(b.region().name().getBytes(StandardCharsets.UTF_8)).add(new byte[1])
                    .addLong(b.region().address()).addLong(b.region().size());
            if (b.contents() != null) {
                h.add(b.contents());
            }
        }
        this.buildId = h.build();
    }

    /** The architecture of the image's code: that of the objects it was linked from (x86-64 for no objects). */
    public Arch arch() {
        return arch;
    }

    /** The first address (the base the image was linked at). */
    public long base() {
        return base;
    }

    /** One past the last region, page-aligned ({@code base} for an empty image). */
    public long end() {
        return end;
    }

    /** {@code end() - base()}. */
    public long size() {
        return end - base;
    }

    /** The regions in address order; kinds with no sections are omitted. */
    public List<Region> regions() {
        return blocks.stream().map(Layout.Block::region).toList();
    }

    /**
     * The regions of private per-CPU data ({@code private-data}, {@code private-bss}), in address order: contiguous,
     * after every shared region; empty when no object was linked private.
     */
    public List<Region> privateRegions() {
        return blocks.stream().filter(b -> b.kind().isPrivate()).map(Layout.Block::region).toList();
    }

    /** The region with this name ({@code text}, {@code rodata}, {@code data}, {@code bss}). */
    public Optional<Region> region(String name) {
        return regions().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The image's symbols: global definitions, and local functions and objects. */
    public SymbolTable symbols() {
        return symbols;
    }

    /** The build-id of the loaded bytes and layout (see the class comment). */
    public BuildId buildId() {
        return buildId;
    }

    /**
     * The source line of each code address, from the DWARF line tables of the objects the image was linked from
     * (those compiled with {@code -g}); empty when none has one. Built on first use.
     */
    public SourceLines sourceLines() {
        SourceLines lines = sourceLines;
        if (lines == null) {
            synchronized (this) {
                lines = sourceLines;
                if (lines == null) {
                    lines = SourceLines.of(objects, layout::placed);
                    sourceLines = lines;
                }
            }
        }
        return lines;
    }

    /**
     * {@code name+0x1c} for the symbol containing {@code address}, followed by {@code " (file.c:42)"} when a line
     * table covers it (see {@link SymbolTable#symbolize} and {@link #sourceLines()}).
     */
    public String describe(long address) {
        String where = symbols.symbolize(address);
        return sourceLines().at(address).map(l -> where + " (" + l + ")").orElse(where);
    }

    /** The placed input sections, in address order. */
    public List<PlacedSection> sections() {
        return sections;
    }

    /** The placed section {@code name} of object {@code object}. */
    public Optional<PlacedSection> section(String object, String name) {
        return sections.stream().filter(s -> s.object().equals(object) && s.name().equals(name)).findFirst();
    }

    /**
     * The image's bytes at {@code [address, address + length)}, which must lie in one region (bss reads as zeros).
     *
     * @throws IllegalArgumentException if the range is not inside one region
     */
    public byte[] read(long address, int length) {
        for (Layout.Block b : blocks) {
            Region r = b.region();
            if (length >= 0 && address >= r.address() && address - r.address() <= r.size() - length) {
                byte[] out = new byte[length];
                if (b.contents() != null) {
                    System.arraycopy(b.contents(), (int) (address - r.address()), out, 0, length);
                }
                return out;
            }
        }
        throw new IllegalArgumentException("[0x%x, +0x%x) is not inside one region of the image %s".formatted(
                address, length, regions()));
    }

    /**
     * Defines the image's regions in {@code memory} and writes their bytes; bss is zeroed. Code goes
     * through {@link GuestMemory#writeCode} so attached engines drop stale translations.
     *
     * @throws IllegalArgumentException if the image does not fit in {@code memory} or overlaps a defined region
     */
    public void loadInto(GuestMemory memory) {
        if (!blocks.isEmpty() && !memory.contains(base, end - base)) {
            throw new IllegalArgumentException("image [0x%x, 0x%x) does not fit in guest memory [0x%x, 0x%x)".formatted(
                    base, end, memory.base(), memory.end()));
        }
        for (Layout.Block b : blocks) {
            memory.defineRegion(b.region());
            if (b.contents() == null) {
                memory.slice(b.region().address(), b.region().size()).fill((byte) 0);
            } else if (b.region().protection().executable()) {
                memory.writeCode(b.region().address(), b.contents());
            } else {
                memory.write(b.region().address(), b.contents());
            }
        }
    }

    @Override
    public String toString() {
        return "GuestImage[%s 0x%x-0x%x %s build-id %s]".formatted(arch, base, end, regions(), buildId);
    }
}
