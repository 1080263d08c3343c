package dev.quiesce.elf;

/**
 * One RELA relocation of an {@link ElfObject} under assembly.
 *
 * @param target the section it patches (an index of the object)
 * @param offset the place, an offset into {@code target}
 * @param type   {@code R_X86_64_*}
 * @param symbol the symbol, an index of the object
 * @param addend {@code r_addend}
 */
record ObjectRelocation(int target, long offset, int type, int symbol, long addend) {

    ElfRelocation toElfRelocation() {
        return new ElfRelocation(offset, type, symbol, addend);
    }
}
