/*
 * Native harness: runs the workload as the guest does and prints, for each (cpu, iter), the
 * workload's two output lines. Build with the host's gcc and libc (from this folder):
 *   gcc -O2 -Ibase base/\*.c harness/native_main.c -o textlib-native
 *   ./textlib-native [cpus [iters]]
 * With -DTL_STACK_PROBE it also prints the deepest stack the evaluator and parser reached.
 */
#include <stdio.h>
#include <stdlib.h>
#include "textlib.h"

#ifdef TL_STACK_PROBE
extern unsigned long tl_stack_low;
#endif

int main(int argc, char **argv)
{
    unsigned cpus = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 2;
    unsigned long iters = argc > 2 ? strtoul(argv[2], NULL, 10) : 9;
    unsigned cpu;
    unsigned long it;
#ifdef TL_STACK_PROBE
    unsigned long top = (unsigned long)__builtin_frame_address(0);
#endif

    for (cpu = 0; cpu < cpus; cpu++) {
        for (it = 0; it < iters; it++) {
            textlib_workload(cpu, it);
            printf("%u %lu out %s\n", cpu, it, textlib_out);
            printf("%u %lu probe %s\n", cpu, it, textlib_probe);
        }
        textlib_irq_call(cpu);
        textlib_nmi_call(cpu);
    }
    printf("runs %lu failures %lu irq %lu nmi %lu\n", textlib_runs, textlib_failures,
           textlib_irq_seen, textlib_nmi_seen);
#ifdef TL_STACK_PROBE
    printf("stack %lu\n", top - tl_stack_low);
#endif
    return 0;
}
