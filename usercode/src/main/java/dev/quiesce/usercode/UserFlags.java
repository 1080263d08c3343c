package dev.quiesce.usercode;

import java.util.List;

/**
 * The one home of the gcc flags that user code, the runtime and the user's payload trees are compiled with: the flags
 * that make an object loadable the way Xen's payload loader loads one (docs/own-code.md, "The contract").
 *
 * <ul>
 *   <li>{@code -fpie -mcmodel=small -fvisibility=hidden}: every reference is RIP-relative ({@code R_X86_64_PC32},
 *       {@code PLT32}) or a 64-bit absolute in data ({@code R_X86_64_64}); no GOT. Xen's x86 payload loader
 *       ({@code arch_livepatch_perform_rela} in xen/arch/x86/livepatch.c) applies {@code R_X86_64_NONE}, {@code 64},
 *       {@code PC32} and {@code PLT32} only. Jump tables stay on: under {@code -fpie} gcc writes them as
 *       {@code R_X86_64_PC32} differences (under {@code -fno-pic} they would be {@code R_X86_64_32S}), which
 *       {@code UserFlagsTest} checks.</li>
 *   <li>{@code -ffunction-sections -fdata-sections}: one section per function and object, so a payload can replace
 *       one function (livepatch-build's create-diff-object pairs sections by name).</li>
 *   <li>{@code -ffreestanding -nostdlib}: no host libc; the runtime provides the C library subset.</li>
 *   <li>{@code -mno-red-zone}: interrupts push onto the interrupted stack, as in Xen and Linux kernel code.</li>
 *   <li>{@code -fno-omit-frame-pointer}: the stack-check protocol walks RBP chains.</li>
 *   <li>{@code -fcf-protection=none}: no ENDBR64 before the patched entry; {@code -fno-stack-protector}: no
 *       {@code %fs} canary (no TLS); {@code -fno-asynchronous-unwind-tables}: no {@code .eh_frame};
 *       {@code -fno-common}: the image linker allocates no common blocks.</li>
 *   <li>{@code -g}: DWARF line tables, so a fault names {@code file:line}.</li>
 *   <li>{@code -nostdinc}: only the runtime's headers and gcc's own freestanding ones ({@code stdint.h},
 *       {@code stddef.h}, {@code stdarg.h}, …) are visible, each through {@code -isystem}; a host header such as
 *       {@code unistd.h} is "No such file", not a declaration of a function the guest does not have.</li>
 *   <li>The {@link #PRELUDE}, included before every source ({@code -include}): {@code #pragma GCC visibility
 *       push(hidden)}. {@code -fvisibility=hidden} covers definitions only; without the pragma, taking the address of
 *       a function a file only declares ({@code callbacks[i] = handler}) is an {@code R_X86_64_REX_GOTPCRELX} under
 *       {@code -fpie} (gcc 12), a GOT reference that neither Xen's loader nor the image linker applies. With it every
 *       declaration is hidden too, and the reference is {@code R_X86_64_PC32} ({@code UserFlagsTest}).</li>
 * </ul>
 * Unlike the built-in guest there is no {@code -mgeneral-regs-only}: user code may use floating point, and a user
 * guest saves the SSE state around interrupts.
 */
public final class UserFlags {

    /** The C dialect and code-generation flags, in order (without {@code -isystem}, prefix maps and the user's). */
    public static final List<String> FLAGS = List.of("-c", "-std=gnu11", "-O2", "-g", "-ffreestanding", "-nostdlib",
            "-fpie", "-mcmodel=small", "-ffunction-sections", "-fdata-sections", "-mno-red-zone",
            "-fno-asynchronous-unwind-tables", "-fno-omit-frame-pointer", "-fcf-protection=none",
            "-fno-stack-protector", "-fno-common", "-fvisibility=hidden", "-nostdinc");

    /** The file name of the prelude, as gcc's {@code -include} sees it. */
    public static final String PRELUDE_NAME = "quiesce_prelude.h";

    /** The text included before every user source: every declaration and definition hidden. */
    public static final String PRELUDE = "/* quiesce: every symbol of user code is resolved inside the image (no GOT) */\n"
            + "#pragma GCC visibility push(hidden)\n";

    private UserFlags() {
    }

    /** {@link #FLAGS} as one line, for messages and docs. */
    public static String line() {
        return String.join(" ", FLAGS);
    }
}
