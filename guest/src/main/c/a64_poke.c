/* The BRK handler of a text_poke-style patch on AArch64: the counterpart of x86_poke.c's poke_int3_handler, for a
 * patcher that puts BRK where x86 puts int3. It reads the same descriptor (struct poke_desc, the shape of Linux's
 * bp_patching_desc; layout in PokeDescriptor, which one writer fills for both architectures) and emulates the
 * instruction being written at a claimed site the way arm64 kprobes simulate a branch (simulate_b_bl in
 * arch/arm64/kernel/probes/simulate-insn.c at 0a704567b658): B sets the PC to the target; BL also sets X30 to the
 * address after the instruction (the link register, where x86's CALL pushes on the stack); a NOP is emulated as B to
 * the next instruction.
 *
 * Linux has no such path on arm64, and this file says why rather than pretending: every A64 instruction is one
 * aligned 4-byte word, written by one single-copy-atomic store, so the multi-byte tearing that text_poke_bp's int3
 * dance exists for cannot happen; Linux writes B/NOP sites directly (aarch64_insn_patch_text_nosync, jump labels and
 * ftrace) and anything else under stop_machine (aarch64_insn_patch_text). Arm allows only a few instructions (B, BL,
 * BRK, HVC, ISB, NOP, SMC, SVC) to be modified while another core executes them, before and after the change (Arm
 * ARM, "Concurrent modification and execution of instructions"), so writing BRK over an arbitrary first instruction
 * is itself outside the rule. The handler exists for the simulator to show exactly that under its Arm fetch model.
 *
 * Entered like nmi_handler (context saved, interrupt stack, X30 the magic return address, PSTATE.DAIF set by the
 * exception) with a frame whose pc is the BRK's own address: a BRK is a synchronous exception whose preferred return
 * address is the instruction itself (Arm ARM, "Breakpoint instruction exceptions"), where x86's #BP is a trap after
 * the int3. Returns 1 when it claimed the BRK (the frame's pc, and for BL its lr, say where the code goes on) and 0
 * otherwise. */
#include "poke.h"

/* The emulated instruction's kind: the same values as x86_poke.c's (x86's JMP rel32 and CALL opcodes), so the
 * descriptor's writer need not know the architecture. */
#define POKE_KIND_BRANCH 0xe9u   /* B: continue at target (a NOP: target is the next instruction) */
#define POKE_KIND_LINK 0xe8u     /* BL: X30 = the address after the instruction, continue at target */

/* What the simulator hands the handler on a BRK: the exception's return state (ELR_EL2, SPSR_EL2), the interrupted
 * stack pointer and its link register X30. */
struct brk_frame {
    u64 pc;
    u64 pstate;
    u64 sp;
    u64 lr;
};

_Static_assert(__builtin_offsetof(struct brk_frame, lr) == 24, "brk_frame.lr must be at offset 24");

struct poke_desc poke_desc;
u64 poke_hits[MAX_CPUS];   /* per CPU: BRKs this CPU's handler claimed */

int poke_brk_handler(struct brk_frame *regs, u32 cpu)
{
    volatile struct poke_desc *d = &poke_desc;
    /* Having taken the BRK, the descriptor must be read after the BRK was observed: x86's poke_int3_handler has
     * smp_rmb() there, a compiler barrier under x86's ordering (Linux arch/x86/kernel/alternative.c); on Arm it takes
     * a load-acquire of the reference count (LDAR), ordering the entries' loads after it. */
    if (__atomic_load_n(&poke_desc.refs, __ATOMIC_ACQUIRE) == 0) {
        return 0;   /* no patch in progress: not ours */
    }
    u64 pc = regs->pc;
    u32 n = d->nr_entries;
    if (n > POKE_MAX_ENTRIES) {
        return 0;
    }
    for (u32 i = 0; i < n; i++) {
        volatile struct poke_loc *tp = &d->vec[i];
        if (tp->addr != pc) {
            continue;
        }
        switch (tp->opcode) {
        case POKE_KIND_LINK:
            regs->lr = pc + tp->len;
            regs->pc = tp->target;
            break;
        case POKE_KIND_BRANCH:
            regs->pc = tp->target;
            break;
        default:
            return 0;
        }
        poke_hits[cpu]++;
        return 1;
    }
    return 0;
}
