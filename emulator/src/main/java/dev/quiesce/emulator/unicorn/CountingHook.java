package dev.quiesce.emulator.unicorn;

import java.lang.foreign.MemorySegment;

/**
 * The native per-instruction hook that counts retired instructions and stops the run when a budget
 * is spent: 19 bytes of x86-64 machine code in an executable page of this process.
 *
 * <p>Why native: Unicorn's own {@code count} argument stops a run exactly, but when a run ends
 * earlier (a hook stop, a fault) the number executed is not readable; a Java upcall per instruction
 * costs 20–35 ns. This hook costs what Unicorn's internal count hook costs. Its {@code user_data}
 * is a 24-byte block per engine: {@code [0] executed, [8] budget, [16] &uc_emu_stop}.
 *
 * <pre>
 *   mov  rax, [rcx]       ; executed so far (rcx = user_data, 4th argument)
 *   cmp  rax, [rcx+8]     ; budget spent?
 *   jae  stop
 *   inc  rax              ; this instruction will execute: count it
 *   mov  [rcx], rax
 *   ret
 * stop:
 *   jmp  [rcx+16]         ; tail call uc_emu_stop(uc): rdi still holds uc
 * </pre>
 * Unicorn calls code hooks before the instruction executes and, once a hook requested a stop,
 * neither calls later hooks nor executes the instruction, so the count is exact.
 */
final class CountingHook {

    static final long EXECUTED = 0;
    static final long BUDGET = 8;
    static final long STOP_FN = 16;
    static final long BLOCK_SIZE = 24;

    private static final byte[] CODE = {
        0x48, (byte) 0x8B, 0x01,             // mov rax, [rcx]
        0x48, 0x3B, 0x41, 0x08,              // cmp rax, [rcx+8]
        0x73, 0x07,                          // jae +7
        0x48, (byte) 0xFF, (byte) 0xC0,      // inc rax
        0x48, (byte) 0x89, 0x01,             // mov [rcx], rax
        (byte) 0xC3,                         // ret
        (byte) 0xFF, 0x61, 0x10,             // jmp [rcx+16]
    };

    private static final class Holder {
        static final MemorySegment PAGE = ProcessMemory.executablePage(CODE);
    }

    private CountingHook() {
    }

    /** The address of the hook function. */
    static MemorySegment function() {
        return Holder.PAGE;
    }
}
