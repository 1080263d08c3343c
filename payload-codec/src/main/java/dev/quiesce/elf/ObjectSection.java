package dev.quiesce.elf;

import java.util.Objects;

/**
 * One section of an {@link ElfObject} under assembly: its header fields and bytes, without a file offset
 * (that is decided by {@link ElfObject#write()}).
 *
 * @param name      the section's name
 * @param type      {@code sh_type}; never a table that {@code write()} generates (SYMTAB, STRTAB, RELA)
 * @param flags     {@code sh_flags}
 * @param addralign {@code sh_addralign}: 0 or a power of two
 * @param entsize   {@code sh_entsize}
 * @param data      the bytes (empty for {@code SHT_NOBITS}); not copied — callers copy
 * @param size      {@code sh_size}: {@code data.length}, or the size of a {@code SHT_NOBITS} section
 * @param link      {@code sh_link} as a section index of the object, 0, or {@link #LINK_SYMTAB}
 * @param info      {@code sh_info}; a section index of the object when {@code SHF_INFO_LINK} is set
 */
record ObjectSection(String name, int type, long flags, long addralign, long entsize, byte[] data, long size,
                     int link, int info) {

    /** A {@code link} value meaning "the symbol table", whose index is known only when writing. */
    static final int LINK_SYMTAB = -1;

    ObjectSection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
    }

    boolean isNobits() {
        return type == Elf.SHT_NOBITS;
    }

    ObjectSection withData(byte[] newData) {
        return new ObjectSection(name, type, flags, addralign, entsize, newData, newData.length, link, info);
    }

    ObjectSection withLinks(int newLink, int newInfo) {
        return new ObjectSection(name, type, flags, addralign, entsize, data, size, newLink, newInfo);
    }
}
