package dev.quiesce.payload;

import dev.quiesce.elf.Elf;
import dev.quiesce.isa.Arch;

import java.util.List;
import java.util.OptionalInt;

/**
 * The relocation types Xen's x86 payload loader applies, and nothing else: {@code R_X86_64_NONE}, {@code _64},
 * {@code _PC32} and {@code _PLT32} (PLT32 treated as PC32, because Xen is built with {@code -fpic} and hidden
 * visibility, and gcc still calls an out-of-line {@code memcpy} through the PLT); any other type is -EOPNOTSUPP
 * (Xen: {@code arch_livepatch_perform_rela()} in xen/arch/x86/livepatch.c, read at commit {@code 0198960edb};
 * docs/xen-livepatch.md §2.6). One home for the list: the loader's checks ({@code LoadChecks}) and the payload
 * builder's refusals both ask here, so the builder accepts exactly what the loader loads. The methods taking an
 * {@link Arch} answer for either host: x86-64 here, AArch64 from {@link XenArm64Relocations}.
 */
public final class XenRelocations {

    /** The applied types, in type-number order. */
    public static final List<Integer> APPLIED = List.of(Elf.R_X86_64_NONE, Elf.R_X86_64_64, Elf.R_X86_64_PC32,
            Elf.R_X86_64_PLT32);

    private XenRelocations() {
    }

    /** Whether Xen's x86 loader applies relocations of {@code type}. */
    public static boolean isApplied(int type) {
        return APPLIED.contains(type);
    }

    /** The number of bytes Xen writes for {@code type}, or empty when it refuses the type. */
    public static OptionalInt width(int type) {
        return switch (type) {
            case Elf.R_X86_64_NONE -> OptionalInt.of(0);
            case Elf.R_X86_64_64 -> OptionalInt.of(8);
            case Elf.R_X86_64_PC32, Elf.R_X86_64_PLT32 -> OptionalInt.of(4);
            default -> OptionalInt.empty();
        };
    }

    /** Whether Xen's loader on {@code arch} applies relocations of {@code type}. */
    public static boolean isApplied(Arch arch, int type) {
        return arch == Arch.AARCH64 ? XenArm64Relocations.isApplied(type) : isApplied(type);
    }

    /** The bytes Xen on {@code arch} checks at the place of {@code type}, or empty when it refuses the type. */
    public static OptionalInt width(Arch arch, int type) {
        return arch == Arch.AARCH64 ? XenArm64Relocations.width(type) : width(type);
    }

    /** The names of the types Xen on {@code arch} applies, for messages. */
    public static String names(Arch arch) {
        return arch == Arch.AARCH64 ? XenArm64Relocations.names() : names();
    }

    /** "R_X86_64_NONE, R_X86_64_64, R_X86_64_PC32 and R_X86_64_PLT32", for messages. */
    public static String names() {
        List<String> n = APPLIED.stream().map(Elf::relocationName).toList();
        return String.join(", ", n.subList(0, n.size() - 1)) + " and " + n.getLast();
    }
}
