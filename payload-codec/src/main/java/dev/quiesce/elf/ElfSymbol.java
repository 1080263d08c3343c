package dev.quiesce.elf;

/**
 * One entry of an ELF symbol table.
 *
 * @param index        the symbol's index in its table (0 is the null symbol)
 * @param name         its name from the linked string table ({@code ""} for section symbols)
 * @param value        {@code st_value}: an offset into its section in relocatable objects
 * @param size         {@code st_size}
 * @param bind         {@code ELF64_ST_BIND}, one of {@code Elf.STB_*}
 * @param type         {@code ELF64_ST_TYPE}, one of {@code Elf.STT_*}
 * @param visibility   {@code ELF64_ST_VISIBILITY}, one of {@code Elf.STV_*}
 * @param sectionIndex the section it is defined in, or a special index ({@code SHN_UNDEF}, {@code SHN_ABS},
 *                     {@code SHN_COMMON}); an {@code SHN_XINDEX} entry is already resolved to the real index
 */
public record ElfSymbol(int index, String name, long value, long size, int bind, int type, int visibility,
                        int sectionIndex) {

    /** Whether the symbol is only referenced here, not defined ({@code SHN_UNDEF}). */
    public boolean isUndefined() {
        return sectionIndex == Elf.SHN_UNDEF;
    }

    /** Whether the value is an absolute number, not relative to a section ({@code SHN_ABS}). */
    public boolean isAbsolute() {
        return sectionIndex == Elf.SHN_ABS;
    }

    /** Whether it is a common block still to be allocated by the linker ({@code SHN_COMMON}). */
    public boolean isCommon() {
        return sectionIndex == Elf.SHN_COMMON;
    }

    /** Whether it is visible only inside its own object ({@code STB_LOCAL}). */
    public boolean isLocal() {
        return bind == Elf.STB_LOCAL;
    }

    /** Whether it is a strong global ({@code STB_GLOBAL}). */
    public boolean isGlobal() {
        return bind == Elf.STB_GLOBAL;
    }

    /** Whether it is a weak global ({@code STB_WEAK}). */
    public boolean isWeak() {
        return bind == Elf.STB_WEAK;
    }

    /** Whether it stands for a section ({@code STT_SECTION}). */
    public boolean isSection() {
        return type == Elf.STT_SECTION;
    }

    /** Whether it is a function ({@code STT_FUNC}). */
    public boolean isFunction() {
        return type == Elf.STT_FUNC;
    }

    /** Whether it is a data object ({@code STT_OBJECT}). */
    public boolean isObject() {
        return type == Elf.STT_OBJECT;
    }

    /** Whether it names the source file ({@code STT_FILE}). */
    public boolean isFile() {
        return type == Elf.STT_FILE;
    }
}
