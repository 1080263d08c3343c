/*
 * quiesce.h - the user API of a quiesce user guest.
 *
 * The contract between your C code and the simulator:
 *
 *  - The workload is a function of this signature, named by `guest.workload` in the scenario:
 *
 *        void my_workload(unsigned cpu, unsigned long iter);
 *
 *    Every simulated CPU calls it in a loop, with its CPU number (0 .. cpus-1) and an iteration
 *    counter that starts at 0 and grows by one per call. It must return: the loop between calls is
 *    where the CPU reaches its quiescence point (the idle hook, as in Xen's idle loop) unless the
 *    scenario names another function (`guest.quiescence`). A workload that never returns never
 *    quiesces, and the patch barrier times out as Xen's would.
 *  - Handler calls (`guest.irq-calls`, `guest.nmi-calls`, `guest.mce-calls`) have the signature
 *    `void fn(unsigned cpu);` and run in interrupt context on the interrupt stack: keep them short.
 *  - The optional per-CPU init (`guest.init`), also `void fn(unsigned cpu);`, runs once on each CPU,
 *    on its own stack, before its first workload call.
 *  - Functions a payload replaces must be real, out-of-line functions of at least 5 bytes (the JMP
 *    Xen writes at their entry). Mark them QUIESCE_PATCHABLE so gcc neither inlines them into their
 *    callers nor specialises them (clones, IPA-derived calling conventions), and keeps them even if
 *    unused. A function gcc inlines is still patchable through its callers, but then the payload
 *    replaces the callers.
 *  - Writable data (.data, .bss, including this runtime's heap and errno) is private per CPU: each
 *    CPU runs its own copy, like thread-local storage. Code and read-only data are shared.
 *  - The runtime is freestanding: no files, no threads, no clock, no environment. See
 *    docs/own-code.md ("The runtime") for what is there.
 */
#ifndef QUIESCE_H
#define QUIESCE_H

#include <stddef.h>

#pragma GCC visibility push(hidden)

/** Marks a function a payload may replace: never inlined, never cloned or re-signatured, always kept. */
#define QUIESCE_PATCHABLE __attribute__((noinline, noipa, used))

/** The type of a workload function (see the contract above). */
typedef void quiesce_workload_fn(unsigned cpu, unsigned long iter);

/** The type of a handler call and of the per-CPU init function. */
typedef void quiesce_cpu_fn(unsigned cpu);

/** The message of the last failed assert() on this CPU ("file:line: func: Assertion `expr' failed."). */
extern char quiesce_assert_message[256];

/** What the heap of this CPU looks like (quiesce_heap_stats). */
struct quiesce_heap_stats {
    size_t arena_bytes;      /* size of the arena (256 KiB) */
    size_t free_bytes;       /* bytes in free blocks, headers included */
    size_t largest_free;     /* the largest request malloc can satisfy right now */
    size_t blocks_in_use;    /* allocated blocks not yet freed */
};

/** Fills *out with this CPU's heap statistics (walks the whole arena; checks its consistency). */
void quiesce_heap_stats(struct quiesce_heap_stats *out);

#pragma GCC visibility pop

#endif
