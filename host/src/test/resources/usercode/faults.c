/* User code that goes wrong in three ways: a failed assert(), a wild store, and a loop that never returns. */
void __quiesce_assert_fail(const char *expr, const char *file, unsigned line, const char *func)
    __attribute__((noreturn));
#define assert(e) ((e) ? (void) 0 : __quiesce_assert_fail(#e, __FILE__, __LINE__, __func__))

static unsigned long calls[64];

unsigned long checked_work(unsigned cpu, unsigned iters)
{
    calls[cpu & 63]++;
    assert(calls[cpu & 63] < 3);
    return iters;
}

unsigned long wild_store(unsigned cpu, unsigned iters)
{
    volatile unsigned long *p = (volatile unsigned long *) (0x10UL + cpu);
    *p = iters;
    return iters;
}

static inline unsigned long churn(unsigned long x)
{
    return x * 6364136223846793005UL + 1442695040888963407UL;
}

volatile unsigned long spin_state;

unsigned long never_returns(unsigned cpu, unsigned iters)
{
    unsigned long x = cpu + iters;
    for (;;) {
        x = churn(x);
        spin_state = x;
    }
}

/* CPU 2 never comes back to the idle loop (its quiescence point): a rendezvous waits for it in vain. */
unsigned long never_returns_on_cpu2(unsigned cpu, unsigned iters)
{
    if (cpu != 2) {
        return iters;
    }
    return never_returns(cpu, iters);
}

/* The same with IRQs off, so not even stop_machine can stop it. */
unsigned long never_returns_irqs_off_on_cpu2(unsigned cpu, unsigned iters)
{
    if (cpu != 2) {
        return iters;
    }
    __asm__ volatile("cli" ::: "memory");
    return never_returns(cpu, iters);
}

/* Returns at once on every CPU: the loop keeps reaching its quiescence point. */
unsigned long checked_work_never_called(unsigned cpu, unsigned iters)
{
    return iters + cpu;
}

void abort(void) __attribute__((noreturn));

/* Gives up on its first call. */
unsigned long gives_up(unsigned cpu, unsigned iters)
{
    if (iters + cpu < 0x7fffffff) {
        abort();
    }
    return iters;
}
