package dev.quiesce.elf;

import java.util.Objects;

/**
 * One symbol of an {@link ElfObject} under assembly.
 *
 * @param name       its name ({@code ""} for section symbols)
 * @param bind       {@code STB_*}
 * @param type       {@code STT_*}
 * @param visibility {@code STV_*}
 * @param section    a section index of the object, or {@code SHN_UNDEF}, {@code SHN_ABS}, {@code SHN_COMMON}
 * @param value      {@code st_value}
 * @param size       {@code st_size}
 */
record ObjectSymbol(String name, int bind, int type, int visibility, int section, long value, long size) {

    ObjectSymbol {
        Objects.requireNonNull(name, "name");
    }

    boolean isLocal() {
        return bind == Elf.STB_LOCAL;
    }

    /** Whether {@code section} names a real section (not UNDEF or a reserved index). */
    boolean inSection() {
        return section != Elf.SHN_UNDEF && section < Elf.SHN_LORESERVE;
    }

    ObjectSymbol inSection(int newSection) {
        return new ObjectSymbol(name, bind, type, visibility, newSection, value, size);
    }

    ElfSymbol toElfSymbol(int index) {
        return new ElfSymbol(index, name, value, size, bind, type, visibility, section);
    }
}
