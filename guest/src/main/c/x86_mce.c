/* The machine-check handler (#MC, vector 18). The simulator enters it like nmi_handler (context saved,
 * interrupt stack, magic return address; IF clear), regardless of RFLAGS.IF, of NMI blocking and of the
 * rendezvous's NMI policy: Xen's livepatch masks NMIs through its NMI callback only, nothing masks #MC
 * (docs/machine-checks.md). Like Xen's do_machine_check, it may call ordinary code; which patchable function
 * it calls is workload.mce_calls, so a machine check can hit code being patched.
 *
 * This file's name sorts after every guest source older than it on purpose: the image linker places objects in
 * that order, so adding the handler moved no existing function and left every trace hash as it was
 * (x86_vector_calls.c, added later, sorts after it for the same reason). Its work is handlers.h's mce_work, shared with
 * the AArch64 entry point (a64_serror.c). */
#include "handlers.h"

void mce_handler(u32 cpu)
{
    mce_work(cpu);
}
