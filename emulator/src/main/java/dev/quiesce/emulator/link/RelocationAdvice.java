package dev.quiesce.emulator.link;

import dev.quiesce.elf.Elf;

/**
 * What fixes an unsupported relocation, per architecture: a GOT form needs hidden visibility, a thread-local form
 * an ordinary variable, anything else the guest's code model.
 */
final class RelocationAdvice {

    static final String GOT = "the code reaches a symbol through the GOT: give the symbol hidden visibility "
            + "(-fvisibility=hidden for definitions, __attribute__((visibility(\"hidden\"))) or #pragma GCC visibility "
            + "push(hidden) for declarations)";
    static final String TLS = "thread-local storage is not supported: use an ordinary variable";

    private RelocationAdvice() {
    }

    /** The advice for an unsupported x86-64 relocation (a GOT-relative TLS form counts as GOT). */
    static String x86(int type) {
        String name = Elf.relocationName(type);
        if (name.contains("GOT")) {
            return GOT;
        }
        if (name.contains("TPOFF") || name.contains("TLS") || name.contains("DTP")) {
            return TLS;
        }
        return "compile with -fpie -mcmodel=small (only PC-relative and 64-bit absolute relocations are linked)";
    }

    /** The advice for an unsupported AArch64 relocation: every TLS form names TLS, even one through the GOT. */
    static String a64(int type) {
        String name = Elf.relocationName(Elf.EM_AARCH64, type);
        if (name.contains("TLS") || name.contains("TPREL") || name.contains("DTPREL")) {
            return TLS;
        }
        if (name.contains("GOT")) {
            return GOT;
        }
        return "compile with -fpie -mcmodel=small (the linker applies the AArch64 relocations of the small code "
                + "model: data, branch, ADR/ADRP with their :lo12: companions and MOVZ/MOVK of absolute values)";
    }
}
