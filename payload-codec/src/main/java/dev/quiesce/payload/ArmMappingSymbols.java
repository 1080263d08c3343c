package dev.quiesce.payload;

import dev.quiesce.isa.Arch;

/**
 * The Arm ELF mapping symbols Xen leaves out of a payload's symbol table: {@code $x} (A64 code) and {@code $d}
 * (data), short or followed by {@code .} and anything; every payload has them, so they would otherwise clash
 * (Xen: {@code arch_livepatch_symbol_ok()} in xen/arch/arm/livepatch.c, commit {@code 725e8e66c6}; AAELF64
 * "Mapping symbols"). On 32-bit Arm it is {@code $a} instead of {@code $x}; x86 has no such rule.
 */
public final class ArmMappingSymbols {

    private ArmMappingSymbols() {
    }

    /** Whether Xen on {@code arch} leaves the symbol {@code name} out of the payload's symbol table. */
    public static boolean skipped(Arch arch, String name) {
        if (arch != Arch.AARCH64 || name.length() < 2 || name.charAt(0) != '$') {
            return false;
        }
        char kind = name.charAt(1);
        boolean form = name.length() == 2 || name.charAt(2) == '.';
        return form && (kind == 'x' || kind == 'd');
    }
}
