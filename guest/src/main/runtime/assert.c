/* assert.c - assertion failure, abort, exit and errno of the quiesce runtime. A failure formats its
 * message into quiesce_assert_message (per CPU, like all runtime data) and executes ud2: the CPU
 * faults there and the simulator reports the fault with the message. */
#include <stdio.h>
#include <stdlib.h>
#include <assert.h>
#include <quiesce.h>

int errno;
char quiesce_assert_message[256];

/* always inlined: the ud2 must lie inside __quiesce_assert_fail, abort and exit, where the simulator looks */
__attribute__((noreturn, always_inline)) static inline void trap(void)
{
    for (;;)
        __asm__ volatile("ud2");
}

void __quiesce_assert_fail(const char *expr, const char *file, unsigned line, const char *func)
{
    snprintf(quiesce_assert_message, sizeof quiesce_assert_message, "%s:%u: %s: Assertion `%s' failed.",
             file, line, func, expr);
    trap();
}

void abort(void)
{
    snprintf(quiesce_assert_message, sizeof quiesce_assert_message, "abort() called");
    trap();
}

void exit(int status)
{
    snprintf(quiesce_assert_message, sizeof quiesce_assert_message, "exit(%d) called", status);
    trap();
}
