/* The text_poke breakpoint handler (#BP, vector 3), used when a scenario sets text-poke.int3-handler = guest
 * (docs/guest-handlers.md). It has the shape of Linux's poke_int3_handler() and the data it reads has the shape of
 * Linux's bp_patching_desc / text_poke_loc (arch/x86/kernel/alternative.c, Linux v5.10.13 as mirrored in
 * Rtoax/linux-5.10.13 at 22631ebfecc2be3606d2986c22b7cb534d6399b7): a vector of patch sites with the instruction to
 * emulate at each, a count, and a reference count that is zero while no patch is in progress. The patcher (the
 * simulator's StagedPlan, at quantum boundaries) publishes the descriptor before it writes the first int3 and tears it
 * down after the last sync; the handler trusts nothing else.
 *
 * The simulator enters it like nmi_handler (registers saved, interrupt stack, magic return address, IF clear, as
 * Linux's interrupt gate for vector 3 does), with a hardware-like exception frame whose ip is the address after the
 * int3 (a trap). The handler returns 1 when it claimed the int3 (the frame's ip, and for a CALL its sp, now say where
 * the interrupted code goes on) and 0 when the int3 is not one of the patch's (the simulator then treats it as a
 * fault, as Linux's do_int3 falls through to a SIGTRAP/die).
 *
 * Data rule (guest.h): the descriptor is shared, so only the simulator writes it; Linux's handler also increments the
 * refcount (try_get_desc) so that the patcher can wait for handlers in flight. Here the handler runs with IF clear, so
 * a text_poke_sync() round cannot complete while any CPU is inside it: the sync itself is the wait. The handler only
 * counts its hits per CPU.
 *
 * This file's name sorts after every other guest source on purpose (see x86_mce.c): the image linker places objects
 * in that order, so adding the handler moved no existing function or datum. */
#include "poke.h"

#define POKE_OPCODE_JMP32 0xe9u   /* continue at target (a NOP is emulated as a JMP to the next instruction) */
#define POKE_OPCODE_CALL 0xe8u    /* push the address after the instruction, continue at target */

/* What the simulator pushes on #BP (the hardware's exception frame, Intel SDM vol. 3A, "Exception and Interrupt
 * Handling in 64-bit Mode": SS, RSP, RFLAGS, CS, RIP). */
struct bp_frame {
    u64 ip;
    u64 cs;
    u64 flags;
    u64 sp;
    u64 ss;
};

_Static_assert(__builtin_offsetof(struct bp_frame, sp) == 24, "bp_frame.sp must be at offset 24 (Cpu)");

struct poke_desc poke_desc;
u64 poke_hits[MAX_CPUS];   /* per CPU: int3s this CPU's handler claimed */

int poke_int3_handler(struct bp_frame *regs, u32 cpu)
{
    volatile struct poke_desc *d = &poke_desc;
    if (d->refs == 0) {
        return 0;   /* no patch in progress: not ours */
    }
    u64 ip = regs->ip - 1;
    u32 n = d->nr_entries;
    if (n > POKE_MAX_ENTRIES) {
        return 0;
    }
    for (u32 i = 0; i < n; i++) {
        volatile struct poke_loc *tp = &d->vec[i];
        if (tp->addr != ip) {
            continue;
        }
        switch (tp->opcode) {
        case POKE_OPCODE_CALL:
            regs->sp -= 8;
            *(u64 *)regs->sp = ip + tp->len;
            regs->ip = tp->target;
            break;
        case POKE_OPCODE_JMP32:
            regs->ip = tp->target;
            break;
        default:
            return 0;
        }
        poke_hits[cpu]++;
        return 1;
    }
    return 0;
}
