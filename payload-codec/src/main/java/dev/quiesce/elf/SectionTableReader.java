package dev.quiesce.elf;

import java.util.ArrayList;
import java.util.List;

/**
 * The reader of the section header table. It handles extended numbering (the section count in
 * section 0's {@code sh_size}, the string table index in its {@code sh_link}), names every section,
 * and checks that each section's bytes lie inside the file.
 */
final class SectionTableReader {

    private static final String CONTEXT = "ELF header";

    /** The raw fields of one section header; {@code at} is the header's file offset. */
    private record Raw(int index, long at, long nameOffset, int type, long flags, long address, long offset,
                       long size, int link, int info, long addralign, long entsize) {

        boolean hasFileData() {
            return type != Elf.SHT_NOBITS && type != Elf.SHT_NULL;
        }
    }

    private SectionTableReader() {
    }

    static List<ElfSection> read(ElfInput in, ElfHeader header) {
        if (header.shoff() == 0) {
            if (header.shnum() != 0) {
                throw in.error(CONTEXT, "e_shnum (at 0x3c) is %d but e_shoff (at 0x28) is 0".formatted(header.shnum()));
            }
            return List.of();
        }
        if (header.shentsize() != Elf.SHDR_SIZE) {
            throw in.error(CONTEXT, "e_shentsize (at 0x3a) is %d, expected 64".formatted(header.shentsize()));
        }
        in.requireInFile("section header table", "e_shoff", header.shoff(), "e_shentsize", Elf.SHDR_SIZE);
        Raw zero = raw(in, header.shoff(), 0);
        long count = header.shnum() != 0 ? header.shnum() : zero.size();
        if (Long.compareUnsigned(count, in.length() / Elf.SHDR_SIZE) > 0) {
            throw in.error("section header table", "%s 0x%s entries of 64 bytes cannot fit in file size 0x%x".formatted(
                    header.shnum() != 0 ? "e_shnum" : "extended count (sh_size of section [0])",
                    Long.toHexString(count), in.length()));
        }
        in.requireInFile("section header table", "e_shoff", header.shoff(), "e_shnum * 64", count * Elf.SHDR_SIZE);
        List<Raw> raws = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            raws.add(raw(in, header.shoff() + (long) i * Elf.SHDR_SIZE, i));
        }
        long strndx = header.shstrndx() == Elf.SHN_XINDEX && count > 0 ? Integer.toUnsignedLong(zero.link())
                : header.shstrndx();
        if (count == 0 && strndx == 0) {
            return List.of();
        }
        if (strndx >= count) {
            throw in.error(CONTEXT, "%s %d is not a section (the file has %d)".formatted(
                    header.shstrndx() == Elf.SHN_XINDEX ? "e_shstrndx SHN_XINDEX -> sh_link of section [0]"
                            : "e_shstrndx (at 0x3e)", strndx, count));
        }
        Raw strtab = strndx == 0 ? null : raws.get((int) strndx);
        if (strtab != null) {
            if (strtab.type() != Elf.SHT_STRTAB) {
                throw in.error(CONTEXT, "e_shstrndx %d names section [%d] of type %d, not SHT_STRTAB".formatted(
                        strndx, strndx, strtab.type()));
            }
            in.requireInFile("section [%d] (the section name table)".formatted(strndx),
                    "sh_offset", strtab.offset(), "sh_size", strtab.size());
        }
        List<ElfSection> sections = new ArrayList<>(raws.size());
        for (Raw r : raws) {
            String name = strtab == null ? ""
                    : in.string("section [%d] (header at 0x%x)".formatted(r.index(), r.at()), "sh_name",
                            r.nameOffset(), strtab.offset(), strtab.size(), "the section name table");
            String context = "section [%d] '%s'".formatted(r.index(), name);
            byte[] data = new byte[0];
            if (r.hasFileData()) {
                in.requireInFile(context, "sh_offset", r.offset(), "sh_size", r.size());
                data = in.slice(r.offset(), r.size());
            }
            if (r.link() < 0 || r.link() >= count) {
                throw in.error(context, "sh_link (at 0x%x) %d is not a section (the file has %d)".formatted(
                        r.at() + 0x28, Integer.toUnsignedLong(r.link()), count));
            }
            sections.add(new ElfSection(r.index(), name, r.type(), r.flags(), r.address(), r.offset(), r.size(),
                    r.link(), r.info(), r.addralign(), r.entsize(), data));
        }
        return List.copyOf(sections);
    }

    private static Raw raw(ElfInput in, long at, int index) {
        return new Raw(index, at, Integer.toUnsignedLong(in.u32(at)), in.u32(at + 4), in.u64(at + 8), in.u64(at + 0x10),
                in.u64(at + 0x18), in.u64(at + 0x20), in.u32(at + 0x28), in.u32(at + 0x2c), in.u64(at + 0x30),
                in.u64(at + 0x38));
    }
}
