/*
 * Runs the workload natively over the quiesce runtime (guest/src/main/runtime) instead of glibc: the
 * library and runtime objects the guest links, with a _start of its own and raw write/exit system calls.
 * Its stdout must equal native_main's for the same CPUs and iterations; stderr gets the heap statistics
 * after each iteration (blocks in use stay flat: nothing leaks). From this folder, with RT the runtime's
 * sources and F the user flags plus -nostdinc -isystem $RT/include -isystem $(gcc -print-file-name=include):
 *   for c in base/\*.c $RT/\*.c; do gcc $F -c -o out/$(basename $c .c).o $c; done   (runtime: add -I $RT)
 *   gcc $F -Ibase -c -o out/runtime_main.o harness/runtime_main.c
 *   ld -static -o textlib-rt out/\*.o && ./textlib-rt 8 60
 */
#include <quiesce.h>
#include <stdio.h>
#include <stdlib.h>
#include "textlib.h"

static long sys_write(int fd, const void *buf, unsigned long n)
{
    long ret;

    __asm__ volatile("syscall" : "=a"(ret) : "a"(1L), "D"((long)fd), "S"(buf), "d"(n) : "rcx", "r11", "memory");
    return ret;
}

static __attribute__((noreturn)) void sys_exit(int code)
{
    __asm__ volatile("syscall" : : "a"(60L), "D"((long)code) : "rcx", "r11", "memory");
    __builtin_unreachable();
}

static char line[640];

static void emit(int fd, int n)
{
    if (n > 0)
        sys_write(fd, line, (unsigned long)n < sizeof line ? (unsigned long)n : sizeof line - 1);
}

__attribute__((noreturn, used)) void runtime_main(long argc, char **argv)
{
    unsigned cpus = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 2;
    unsigned long iters = argc > 2 ? strtoul(argv[2], NULL, 10) : 9;
    struct quiesce_heap_stats st;
    unsigned cpu;
    unsigned long it;

    for (cpu = 0; cpu < cpus; cpu++) {
        for (it = 0; it < iters; it++) {
            textlib_workload(cpu, it);
            emit(1, snprintf(line, sizeof line, "%u %lu out %s\n%u %lu probe %s\n", cpu, it, textlib_out,
                             cpu, it, textlib_probe));
            quiesce_heap_stats(&st);
            emit(2, snprintf(line, sizeof line, "heap free %zu largest %zu blocks %zu\n", st.free_bytes,
                             st.largest_free, st.blocks_in_use));
        }
        textlib_irq_call(cpu);
        textlib_nmi_call(cpu);
    }
    emit(1, snprintf(line, sizeof line, "runs %lu failures %lu irq %lu nmi %lu\n", textlib_runs,
                     textlib_failures, textlib_irq_seen, textlib_nmi_seen));
    sys_exit(0);
}

/* The kernel starts a static executable with argc at (%rsp) and argv after it. */
__asm__(".globl _start\n"
        "_start:\n"
        "  xor %rbp, %rbp\n"
        "  mov (%rsp), %rdi\n"
        "  lea 8(%rsp), %rsi\n"
        "  and $-16, %rsp\n"
        "  call runtime_main\n"
        "  hlt\n");
