/* The text_poke patch descriptor both architectures' breakpoint handlers read (x86_poke.c's poke_int3_handler,
 * a64_poke.c's poke_brk_handler): the shape of Linux's bp_patching_desc / text_poke_loc
 * (arch/x86/kernel/alternative.c). The simulator's PokeDescriptor writes it with one layout for both; only the
 * simulator writes it (guest.h's data rule). */
#ifndef QUIESCE_POKE_H
#define QUIESCE_POKE_H

#include "guest.h"

#define POKE_MAX_ENTRIES 64u

/* One patch site (Linux: struct text_poke_loc). Layout read by the simulator: PokeDescriptor. */
struct poke_loc {
    u64 addr;     /* the site's first byte, where the breakpoint goes */
    u64 target;   /* where the emulated instruction continues */
    u32 len;      /* the instruction's length */
    u32 opcode;   /* the handler's POKE_* kind */
};

/* The patch in progress (Linux: struct bp_patching_desc). refs != 0 means published. */
struct poke_desc {
    u32 nr_entries;
    u32 refs;
    u64 reserved;
    struct poke_loc vec[POKE_MAX_ENTRIES];
};

_Static_assert(sizeof(struct poke_loc) == 24, "struct poke_loc must be PokeDescriptor.ENTRY_SIZE (24)");
_Static_assert(__builtin_offsetof(struct poke_desc, vec) == 16, "poke_desc.vec must be at PokeDescriptor.VEC (16)");

extern struct poke_desc poke_desc;
extern u64 poke_hits[MAX_CPUS];   /* per CPU: breakpoints this CPU's handler claimed */

#endif
