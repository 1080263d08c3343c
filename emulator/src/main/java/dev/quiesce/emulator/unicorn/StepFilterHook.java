package dev.quiesce.emulator.unicorn;

import java.lang.foreign.MemorySegment;

/**
 * A native interrupt hook in front of a Java one under {@link Counting#BLOCK}: it swallows the trap flag's #DB
 * (vector 1) while the engine single-steps and passes every other interrupt on, so single-stepping costs no upcall
 * per instruction. {@code user_data} is {java upcall stub, counter block}; 19 bytes of x86-64 code, assembled from:
 * <pre>
 *       cmp  esi, 1              ; #DB?
 *       jne  forward
 *       mov  rax, [rdx+8]        ; the counter block
 *       cmp  qword [rax+88], 0   ; single-stepping?
 *       jne  done
 * forward:
 *       jmp  [rdx]               ; tail call the Java hook with the same arguments
 * done:
 *       ret
 * </pre>
 */
final class StepFilterHook {

    private static final byte[] CODE = {
        (byte) 0x83, (byte) 0xFE, 0x01,            //  0 cmp esi, 1
        0x75, 0x0B,                                //  3 jne forward (16)
        0x48, (byte) 0x8B, 0x42, 0x08,             //  5 mov rax, [rdx+8]
        0x48, (byte) 0x83, 0x78, 0x58, 0x00,       //  9 cmp qword [rax+88], 0
        0x75, 0x02,                                // 14 jne done (18)
        (byte) 0xFF, 0x22,                         // 16 forward: jmp [rdx]
        (byte) 0xC3,                               // 18 done: ret
    };

    private static final class Holder {
        static final MemorySegment PAGE = ProcessMemory.executablePage(CODE);
    }

    private StepFilterHook() {
    }

    /** The address of the hook function. */
    static MemorySegment function() {
        return Holder.PAGE;
    }
}
