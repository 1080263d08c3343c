package dev.quiesce.elf;

import java.util.Arrays;
import java.util.Objects;

/**
 * One section of an ELF file: its header fields and a copy of its bytes.
 *
 * @param index     the section's index in the section header table
 * @param name      its name from the section header string table ({@code ""} for none)
 * @param type      {@code sh_type}, one of {@code Elf.SHT_*}
 * @param flags     {@code sh_flags}, a mask of {@code Elf.SHF_*}
 * @param address   {@code sh_addr} (0 in relocatable objects)
 * @param offset    {@code sh_offset} in the file
 * @param size      {@code sh_size} (unsigned)
 * @param link      {@code sh_link}
 * @param info      {@code sh_info}
 * @param addralign {@code sh_addralign}
 * @param entsize   {@code sh_entsize}
 * @param data      the section's bytes; empty for {@code SHT_NOBITS} and {@code SHT_NULL}
 */
public record ElfSection(int index, String name, int type, long flags, long address, long offset, long size,
                         int link, int info, long addralign, long entsize, byte[] data) {

    public ElfSection {
        Objects.requireNonNull(name, "name");
        data = data.clone();
    }

    /** A copy of the section's bytes (empty for {@code SHT_NOBITS}). */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Whether the section occupies memory at run time ({@code SHF_ALLOC}). */
    public boolean isAlloc() {
        return (flags & Elf.SHF_ALLOC) != 0;
    }

    /** Whether the section is writable at run time ({@code SHF_WRITE}). */
    public boolean isWrite() {
        return (flags & Elf.SHF_WRITE) != 0;
    }

    /** Whether the section holds machine code ({@code SHF_EXECINSTR}). */
    public boolean isExec() {
        return (flags & Elf.SHF_EXECINSTR) != 0;
    }

    /** Whether the section occupies no file space ({@code SHT_NOBITS}, e.g. {@code .bss}). */
    public boolean isNobits() {
        return type == Elf.SHT_NOBITS;
    }

    /** The section as readelf names it in messages: {@code section [5] '.text.foo'}. */
    public String describe() {
        return "section [" + index + "] '" + name + "'";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ElfSection s && index == s.index && name.equals(s.name) && type == s.type
                && flags == s.flags && address == s.address && offset == s.offset && size == s.size
                && link == s.link && info == s.info && addralign == s.addralign && entsize == s.entsize
                && Arrays.equals(data, s.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, name, type, flags, address, offset, size, link, info, addralign, entsize)
                * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ElfSection[%d %s type=%d flags=0x%x addr=0x%x off=0x%x size=0x%x link=%d info=%d align=%d entsize=%d]"
                .formatted(index, name, type, flags, address, offset, size, link, info, addralign, entsize);
    }
}
