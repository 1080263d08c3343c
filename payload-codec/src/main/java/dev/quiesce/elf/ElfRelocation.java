package dev.quiesce.elf;

/**
 * One RELA relocation: patch the place at {@code offset} with a value computed from a symbol.
 *
 * @param offset      {@code r_offset}: an offset into the target section in relocatable objects
 * @param type        {@code ELF64_R_TYPE}, e.g. {@code Elf.R_X86_64_PC32}
 * @param symbolIndex {@code ELF64_R_SYM}: an index into the linked symbol table
 * @param addend      {@code r_addend}
 */
public record ElfRelocation(long offset, int type, int symbolIndex, long addend) {

    /** The psABI name of the type, e.g. {@code R_X86_64_PC32}. */
    public String typeName() {
        return Elf.relocationName(type);
    }
}
