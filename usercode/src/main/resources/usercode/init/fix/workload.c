/*
 * Your code: every emulated CPU calls my_workload(cpu, iter) in a loop (iter counts that CPU's calls from 0).
 * Global and static variables are per CPU: each CPU has its own copy, like thread-local storage.
 * See README.md for the whole contract, and docs/own-code.md of quiesce.
 */

#include <quiesce.h>   /* QUIESCE_PATCHABLE; the C library: <string.h>, <stdio.h> (snprintf), <stdlib.h>, ... */

unsigned long last_result;   /* this CPU's latest result (the simulator can read each CPU's copy) */
unsigned long calls;

/* A function a payload replaces: keep it a real call (not inlined into its caller). */
QUIESCE_PATCHABLE unsigned long scale(unsigned long x)
{
    return x * 3; /* the fix */
}

void my_workload(unsigned cpu, unsigned long iter)
{
    last_result = scale(iter + cpu);
    calls++;
}
