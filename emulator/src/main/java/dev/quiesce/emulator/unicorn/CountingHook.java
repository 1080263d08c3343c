package dev.quiesce.emulator.unicorn;

import java.lang.foreign.MemorySegment;

/**
 * The native per-instruction hook: counts retired instructions, stops the run when a budget is
 * spent, and records every arrival at one watched address (the quiescence point) — 59 bytes of
 * x86-64 machine code in an executable page of this process.
 *
 * <p>Why native: Unicorn's own {@code count} argument stops a run exactly, but when a run ends
 * earlier (a hook stop, a fault) the number executed is not readable; a Java upcall per instruction
 * costs 20–35 ns. And why one hook doing both: Unicorn 2.0 calls a lone full-range code hook
 * directly from translated code, but with a second code hook every instruction goes through the
 * generic {@code helper_uc_tracecode} loop (measured on the guest: 83 → 46 MIPS). Recording the
 * watched address here keeps the fast path.
 *
 * <p>{@code user_data} is a block per engine (offsets below). Unicorn calls code hooks before the
 * instruction executes and, once a hook requested a stop, executes neither it nor later hooks, so
 * the count is exact.
 * <pre>
 *       mov  rax, [rcx]          ; executed so far
 *       cmp  rax, [rcx+8]        ; budget spent?
 *       jae  stop
 *       cmp  rsi, [rcx+64]       ; the stop address (an interrupt handler's return)?
 *       je   stop
 *       cmp  rsi, [rcx+24]       ; the watched address?
 *       je   watch
 * count:
 *       inc  rax
 *       mov  [rcx], rax
 *       ret
 * watch:
 *       cmp  qword [rcx+56], 0   ; stop before the watched address?
 *       jne  stop
 *       mov  rdx, [rcx+32]       ; hits recorded
 *       cmp  rdx, [rcx+40]       ; buffer full: stop so the caller drains it
 *       jae  stop
 *       mov  r8, [rcx+48]
 *       mov  [r8+rdx*8], rax     ; record: instructions executed before this hit
 *       inc  rdx
 *       mov  [rcx+32], rdx
 *       jmp  count
 * stop:
 *       jmp  [rcx+16]            ; tail call uc_emu_stop(uc): rdi still holds uc
 * </pre>
 */
final class CountingHook {

    static final long EXECUTED = 0;
    static final long BUDGET = 8;
    static final long STOP_FN = 16;
    static final long WATCH_ADDRESS = 24;
    static final long WATCH_HITS = 32;
    static final long WATCH_CAPACITY = 40;
    static final long WATCH_BUFFER = 48;
    static final long WATCH_STOP = 56;
    static final long STOP_ADDRESS = 64;

    private static final byte[] CODE = {
        0x48, (byte) 0x8B, 0x01,                   //  0 mov rax, [rcx]
        0x48, 0x3B, 0x41, 0x08,                    //  3 cmp rax, [rcx+8]
        0x73, 0x35,                                //  7 jae stop (62)
        0x48, 0x3B, 0x71, 0x40,                    //  9 cmp rsi, [rcx+64]
        0x74, 0x2F,                                // 13 je stop (62)
        0x48, 0x3B, 0x71, 0x18,                    // 15 cmp rsi, [rcx+24]
        0x74, 0x07,                                // 19 je watch (28)
        0x48, (byte) 0xFF, (byte) 0xC0,            // 21 count: inc rax
        0x48, (byte) 0x89, 0x01,                   // 24 mov [rcx], rax
        (byte) 0xC3,                               // 27 ret
        0x48, (byte) 0x83, 0x79, 0x38, 0x00,       // 28 watch: cmp qword [rcx+56], 0
        0x75, 0x1B,                                // 33 jne stop (62)
        0x48, (byte) 0x8B, 0x51, 0x20,             // 35 mov rdx, [rcx+32]
        0x48, 0x3B, 0x51, 0x28,                    // 39 cmp rdx, [rcx+40]
        0x73, 0x11,                                // 43 jae stop (62)
        0x4C, (byte) 0x8B, 0x41, 0x30,             // 45 mov r8, [rcx+48]
        0x49, (byte) 0x89, 0x04, (byte) 0xD0,      // 49 mov [r8+rdx*8], rax
        0x48, (byte) 0xFF, (byte) 0xC2,            // 53 inc rdx
        0x48, (byte) 0x89, 0x51, 0x20,             // 56 mov [rcx+32], rdx
        (byte) 0xEB, (byte) 0xD7,                  // 60 jmp count (21)
        (byte) 0xFF, 0x61, 0x10,                   // 62 stop: jmp [rcx+16]
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
