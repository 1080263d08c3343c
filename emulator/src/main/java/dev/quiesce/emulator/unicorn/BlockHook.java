package dev.quiesce.emulator.unicorn;

import java.lang.foreign.MemorySegment;

/**
 * The native block hook of {@link Counting#BLOCK}: at the start of each translated block it adds the block's
 * instruction count (learned once per block, {@link BlockCounter}), stops the run before a block that would overrun
 * the budget or needs single-stepping, and records arrivals at the watched address — 255 bytes of x86-64 machine code
 * in an executable page of this process, assembled from the source below with GNU as.
 *
 * <p>A {@code UC_HOOK_BLOCK} callback is {@code void (uc*, u64 address, u32 size, void* user)}: {@code rdi} = uc,
 * {@code rsi} = the block's address, {@code edx} = its size in bytes, {@code rcx} = the {@link BlockCounter} block.
 * Every stop records the block's address ({@code STOPPED_AT}) and why ({@code REQUEST}), then tail-calls
 * {@code uc_emu_stop}: a block whose hook stops the run does not execute (Unicorn checks the stop request before the
 * block's first instruction), and the caller restarts there. Entering or leaving single-stepping tail-calls the
 * switch function instead when there is one ({@link BlockCounter}): it sets or clears the trap flag and writes RIP,
 * which makes Unicorn leave the block unexecuted and go on at RIP without returning from {@code uc_emu_start}.
 * <pre>
 *       mov  rax, [rcx]              ; executed so far
 *       cmp  rax, [rcx+8]            ; budget spent?
 *       jae  stop_plain
 *       cmp  rsi, [rcx+64]           ; the stop address?
 *       je   stop_plain
 *       cmp  qword [rcx+88], 0       ; single-stepping (TF set: every block is one instruction)?
 *       jne  stepping
 *       mov  r8, rsi                 ; table slot: ((pc ^ pc >> 14) &amp; mask) * 16 + table
 *       shr  r8, 14
 *       xor  r8, rsi
 *       and  r8, [rcx+120]
 *       shl  r8, 4
 *       add  r8, [rcx+112]
 *       cmp  rsi, [r8]               ; this pc ...
 *       jne  miss
 *       cmp  edx, [r8+8]             ; ... and this size?
 *       jne  miss
 *       movsxd r9, dword [r8+12]     ; its instruction count; negative: single-step it
 *       test r9, r9
 *       js   step
 *       add  r9, rax
 *       cmp  r9, [rcx+8]             ; would it overrun the budget? finish by single-stepping
 *       ja   step
 *       cmp  rsi, [rcx+24]           ; the watched address?
 *       je   watch
 * count:
 *       mov  [rcx+128], rsi          ; last block counted, and the count before it
 *       mov  [rcx+136], rax
 *       mov  [rcx], r9
 *       ret
 * watch:
 *       cmp  qword [rcx+56], 0       ; stop before the watched address?
 *       jne  stop_plain
 *       mov  r10, [rcx+32]           ; hits recorded; buffer full: stop so the caller drains it
 *       cmp  r10, [rcx+40]
 *       jae  stop_plain
 *       mov  r11, [rcx+48]
 *       mov  [r11+r10*8], rax        ; record: instructions executed before this hit
 *       inc  r10
 *       mov  [rcx+32], r10
 *       jmp  count
 * stepping:
 *       cmp  rsi, [rcx+96]           ; left the stepped range: back to whole blocks
 *       jb   unstep
 *       cmp  rsi, [rcx+104]
 *       jae  unstep
 *       lea  r9, [rax+1]
 *       cmp  rsi, [rcx+24]
 *       je   watch
 *       jmp  count
 * unstep:
 *       mov  qword [rcx+80], 3
 *       jmp  switch
 * step:
 *       mov  [rcx+96], rsi           ; the range to single-step: this block
 *       mov  r9d, edx
 *       add  r9, rsi
 *       mov  [rcx+104], r9
 *       mov  qword [rcx+80], 2
 * switch:
 *       cmp  qword [rcx+152], 0      ; no switch function: stop, the caller restarts
 *       je   stop
 *       mov  [rcx+72], rsi
 *       jmp  [rcx+152]               ; tail call the switch (a Java upcall): flips TF, moves RIP here
 * miss:
 *       mov  [rcx+144], rdx          ; the caller learns this block's count
 *       mov  qword [rcx+80], 4
 *       jmp  stop
 * stop_plain:
 *       mov  qword [rcx+80], 1
 * stop:
 *       mov  [rcx+72], rsi
 *       jmp  [rcx+16]                ; tail call uc_emu_stop(uc): rdi still holds uc
 * </pre>
 */
final class BlockHook {

    private static final byte[] CODE = {
        0x48, (byte) 0x8B, 0x01, //   0 hook: mov rax,[rcx]
        0x48, 0x3B, 0x41, 0x08, //   3 cmp rax,[rcx+0x8]
        0x0F, (byte) 0x83, (byte) 0xE3, 0x00, 0x00, 0x00, //   7 jae f0
        0x48, 0x3B, 0x71, 0x40, //  13 cmp rsi,[rcx+0x40]
        0x0F, (byte) 0x84, (byte) 0xD9, 0x00, 0x00, 0x00, //  17 je f0
        0x48, (byte) 0x83, 0x79, 0x58, 0x00, //  23 cmp [rcx+0x58],0x0
        0x75, 0x75, //  28 jne 93
        0x49, (byte) 0x89, (byte) 0xF0, //  30 mov r8,rsi
        0x49, (byte) 0xC1, (byte) 0xE8, 0x0E, //  33 shr r8,0xe
        0x49, 0x31, (byte) 0xF0, //  37 xor r8,rsi
        0x4C, 0x23, 0x41, 0x78, //  40 and r8,[rcx+0x78]
        0x49, (byte) 0xC1, (byte) 0xE0, 0x04, //  44 shl r8,0x4
        0x4C, 0x03, 0x41, 0x70, //  48 add r8,[rcx+0x70]
        0x49, 0x3B, 0x30, //  52 cmp rsi,[r8]
        0x0F, (byte) 0x85, (byte) 0xA2, 0x00, 0x00, 0x00, //  55 jne df
        0x41, 0x3B, 0x50, 0x08, //  61 cmp edx,[r8+0x8]
        0x0F, (byte) 0x85, (byte) 0x98, 0x00, 0x00, 0x00, //  65 jne df
        0x4D, 0x63, 0x48, 0x0C, //  71 movsxd r9,[r8+0xc]
        0x4D, (byte) 0x85, (byte) 0xC9, //  75 test r9,r9
        0x78, 0x65, //  78 js b5
        0x49, 0x01, (byte) 0xC1, //  80 add r9,rax
        0x4C, 0x3B, 0x49, 0x08, //  83 cmp r9,[rcx+0x8]
        0x77, 0x5C, //  87 ja b5
        0x48, 0x3B, 0x71, 0x18, //  89 cmp rsi,[rcx+0x18]
        0x74, 0x12, //  93 je 71
        0x48, (byte) 0x89, (byte) 0xB1, (byte) 0x80, 0x00, 0x00, 0x00, //  95 count: mov [rcx+0x80],rsi
        0x48, (byte) 0x89, (byte) 0x81, (byte) 0x88, 0x00, 0x00, 0x00, // 102 mov [rcx+0x88],rax
        0x4C, (byte) 0x89, 0x09, // 109 mov [rcx],r9
        (byte) 0xC3, // 112 ret
        0x48, (byte) 0x83, 0x79, 0x38, 0x00, // 113 watch: cmp [rcx+0x38],0x0
        0x75, 0x78, // 118 jne f0
        0x4C, (byte) 0x8B, 0x51, 0x20, // 120 mov r10,[rcx+0x20]
        0x4C, 0x3B, 0x51, 0x28, // 124 cmp r10,[rcx+0x28]
        0x73, 0x6E, // 128 jae f0
        0x4C, (byte) 0x8B, 0x59, 0x30, // 130 mov r11,[rcx+0x30]
        0x4B, (byte) 0x89, 0x04, (byte) 0xD3, // 134 mov [r11+r10*8],rax
        0x49, (byte) 0xFF, (byte) 0xC2, // 138 inc r10
        0x4C, (byte) 0x89, 0x51, 0x20, // 141 mov [rcx+0x20],r10
        (byte) 0xEB, (byte) 0xCC, // 145 jmp 5f
        0x48, 0x3B, 0x71, 0x60, // 147 stepping: cmp rsi,[rcx+0x60]
        0x72, 0x12, // 151 jb ab
        0x48, 0x3B, 0x71, 0x68, // 153 cmp rsi,[rcx+0x68]
        0x73, 0x0C, // 157 jae ab
        0x4C, (byte) 0x8D, 0x48, 0x01, // 159 lea r9,[rax+0x1]
        0x48, 0x3B, 0x71, 0x18, // 163 cmp rsi,[rcx+0x18]
        0x74, (byte) 0xC8, // 167 je 71
        (byte) 0xEB, (byte) 0xB4, // 169 jmp 5f
        0x48, (byte) 0xC7, 0x41, 0x50, 0x03, 0x00, 0x00, 0x00, // 171 unstep: mov [rcx+0x50],0x3
        (byte) 0xEB, 0x16, // 179 jmp cb
        0x48, (byte) 0x89, 0x71, 0x60, // 181 step: mov [rcx+0x60],rsi
        0x41, (byte) 0x89, (byte) 0xD1, // 185 mov r9d,edx
        0x49, 0x01, (byte) 0xF1, // 188 add r9,rsi
        0x4C, (byte) 0x89, 0x49, 0x68, // 191 mov [rcx+0x68],r9
        0x48, (byte) 0xC7, 0x41, 0x50, 0x02, 0x00, 0x00, 0x00, // 195 mov [rcx+0x50],0x2
        0x48, (byte) 0x83, (byte) 0xB9, (byte) 0x98, 0x00, 0x00, 0x00, 0x00, // 203 switch: cmp [rcx+0x98],0x0
        0x74, 0x23, // 211 je f8
        0x48, (byte) 0x89, 0x71, 0x48, // 213 mov [rcx+0x48],rsi
        (byte) 0xFF, (byte) 0xA1, (byte) 0x98, 0x00, 0x00, 0x00, // 217 jmp [rcx+0x98]
        0x48, (byte) 0x89, (byte) 0x91, (byte) 0x90, 0x00, 0x00, 0x00, // 223 miss: mov [rcx+0x90],rdx
        0x48, (byte) 0xC7, 0x41, 0x50, 0x04, 0x00, 0x00, 0x00, // 230 mov [rcx+0x50],0x4
        (byte) 0xEB, 0x08, // 238 jmp f8
        0x48, (byte) 0xC7, 0x41, 0x50, 0x01, 0x00, 0x00, 0x00, // 240 stop_plain: mov [rcx+0x50],0x1
        0x48, (byte) 0x89, 0x71, 0x48, // 248 stop: mov [rcx+0x48],rsi
        (byte) 0xFF, 0x61, 0x10, // 252 jmp [rcx+0x10]
    };

    /** Where the stepping branch's {@code lea r9, [rax+1]; cmp rsi, [rcx+24]; je watch} starts, and its length. */
    private static final int STEPPING_COUNT = 159;
    private static final int STEPPING_COUNT_LENGTH = 10;
    /** {@code mov r9, rax} and a 7-byte {@code nop} (Intel SDM vol. 2B, NOP: {@code 0F 1F 80 00 00 00 00}). */
    private static final byte[] COUNT_NOTHING = {0x49, (byte) 0x89, (byte) 0xC1, 0x0F, 0x1F, (byte) 0x80, 0, 0, 0, 0};

    private static final class Holder {
        static final MemorySegment PAGE = ProcessMemory.executablePage(CODE);
    }

    private static final class CodeStepHolder {
        static final MemorySegment PAGE = ProcessMemory.executablePage(codeStepVariant());
    }

    private BlockHook() {
    }

    /** The address of the hook function. */
    static MemorySegment function() {
        return Holder.PAGE;
    }

    /**
     * The address of the variant for single-stepping by a code hook ({@link CodeHookStep}): while single-stepping, a
     * block inside the stepped range adds nothing and records no arrival — the per-instruction {@link CountingHook}
     * over the range counts its instructions and records arrivals at the watched address. Everything else is
     * {@link #function()}'s code, byte for byte.
     */
    static MemorySegment codeStepFunction() {
        return CodeStepHolder.PAGE;
    }

    static byte[] codeStepVariant() {
        byte[] code = CODE.clone();
        System.arraycopy(COUNT_NOTHING, 0, code, STEPPING_COUNT, STEPPING_COUNT_LENGTH);
        return code;
    }
}
