package dev.quiesce.emulator.link;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfSection;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.emulator.memory.Region;
import dev.quiesce.isa.Arch;
import dev.quiesce.isa.X86;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The placement of every allocated section: kinds in {@link SectionKind} order, each kind starting
 * on a page boundary (so the private kinds of private objects come last, after bss, in their own pages); within a kind, object order then section index order, each section aligned
 * to its {@code sh_addralign}. Holds the region contents that relocation then patches.
 */
final class Layout {

    /** Regions above this size are refused (contents are Java arrays). */
    private static final long MAX_REGION = 1L << 30;

    /** One region with its contents ({@code null} for bss). */
    record Block(Region region, SectionKind kind, byte[] contents) {
    }

    private final List<PlacedSection[]> placements;
    private final List<PlacedSection> sections;
    private final List<Block> blocks;
    private final long end;

    private Layout(List<PlacedSection[]> placements, List<PlacedSection> sections, List<Block> blocks, long end) {
        this.placements = placements;
        this.sections = sections;
        this.blocks = blocks;
        this.end = end;
    }

    /**
     * The padding byte of the text region, so that a CPU running off a function traps: {@code int3} on x86-64; on
     * AArch64 zero, whose words are {@code UDF #0}, the permanently undefined instruction (Arm ARM, DDI 0487, C6.2
     * "UDF").
     */
    static byte textFill(Arch arch) {
        return arch == Arch.AARCH64 ? 0 : X86.INT3;
    }

    /**
     * The layout of {@code arch}'s objects, with the writable sections of the objects named in
     * {@code privateObjects} in the private kinds.
     */
    static Layout of(List<ElfFile> objects, long base, java.util.Set<String> privateObjects, Arch arch) {
        if (base < 0 || (base & (GuestMemory.PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("image base 0x%x is not a page-aligned guest address".formatted(base));
        }
        List<PlacedSection[]> placements = new ArrayList<>();
        for (ElfFile o : objects) {
            placements.add(new PlacedSection[o.sections().size()]);
        }
        List<PlacedSection> sections = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        long cursor = base;
        for (SectionKind kind : SectionKind.values()) {
            long start = cursor;
            List<ElfSection> inputs = new ArrayList<>();
            List<PlacedSection> placed = new ArrayList<>();
            for (int i = 0; i < objects.size(); i++) {
                ElfFile object = objects.get(i);
                boolean priv = privateObjects.contains(object.fileName());
                for (ElfSection s : object.sections()) {
                    SectionKind k = SectionKind.of(s).orElse(null);
                    if (k != null && priv) {
                        k = k.inPrivateObject();
                    }
                    if (k == kind) {
                        checkSupported(object, s);
                        long address = alignUp(cursor, alignment(object, s));
                        cursor = address + s.size();
                        if (address < start || cursor < address || cursor - base > MAX_REGION) {
                            throw new LinkException("%s section %s at 0x%x makes the image larger than 0x%x bytes"
                                    .formatted(object.fileName(), s.name(), address, MAX_REGION));
                        }
                        PlacedSection p = new PlacedSection(object.fileName(), s.index(), s.name(), kind, address, s.size());
                        placements.get(i)[s.index()] = p;
                        placed.add(p);
                        inputs.add(s);
                    }
                }
            }
            if (placed.isEmpty()) {
                continue;
            }
            long size = alignUp(cursor, GuestMemory.PAGE_SIZE) - start;
            byte[] contents = null;
            if (!kind.nobits()) {
                contents = new byte[(int) size];
                if (kind == SectionKind.TEXT) {
                    Arrays.fill(contents, textFill(arch));
                }
                for (int j = 0; j < placed.size(); j++) {
                    byte[] data = inputs.get(j).data();
                    System.arraycopy(data, 0, contents, (int) (placed.get(j).address() - start), data.length);
                }
            }
            blocks.add(new Block(new Region(kind.regionName(), start, size, kind.protection()), kind, contents));
            sections.addAll(placed);
            cursor = start + size;
        }
        return new Layout(placements, List.copyOf(sections), List.copyOf(blocks), cursor);
    }

    /** Where section {@code sectionIndex} of object {@code objectIndex} was placed, or {@code null}. */
    PlacedSection placed(int objectIndex, int sectionIndex) {
        PlacedSection[] p = placements.get(objectIndex);
        return sectionIndex >= 0 && sectionIndex < p.length ? p[sectionIndex] : null;
    }

    /** The placed sections, in address order. */
    List<PlacedSection> sections() {
        return sections;
    }

    /** The regions with their contents, in address order. */
    List<Block> blocks() {
        return blocks;
    }

    /** The contents of the region of {@code kind}, or {@code null} for bss or an absent region. */
    byte[] contents(SectionKind kind) {
        return blocks.stream().filter(b -> b.kind() == kind).map(Block::contents).findFirst().orElse(null);
    }

    /** The address of the first byte of the region of {@code kind}. */
    long regionStart(SectionKind kind) {
        return blocks.stream().filter(b -> b.kind() == kind).findFirst().orElseThrow().region().address();
    }

    /** One past the last region (page-aligned). */
    long end() {
        return end;
    }

    private static void checkSupported(ElfFile object, ElfSection s) {
        if ((s.flags() & Elf.SHF_TLS) != 0) {
            throw new LinkException("%s section %s is thread-local (SHF_TLS); the guest has no TLS: remove _Thread_local / __thread"
                    .formatted(object.fileName(), s.name()));
        }
    }

    private static long alignment(ElfFile object, ElfSection s) {
        long a = s.addralign();
        if (a == 0) {
            return 1;
        }
        if (Long.bitCount(a) != 1 || a > GuestMemory.PAGE_SIZE * 512) {
            throw new LinkException("%s section %s has sh_addralign %d; it must be a power of two of at most 2 MiB"
                    .formatted(object.fileName(), s.name(), a));
        }
        return a;
    }

    private static long alignUp(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }
}
