/*
 * The user shell's hooks (docs/own-code.md, "The contract"): which of the user's functions a user guest's CPUs call.
 * The simulator defines `quiesce_user` for each user guest (a generated object, quiesce_user_config.o, that the
 * image linker resolves like any other), so the shell (user_main.c) and that object share this one layout.
 */
#ifndef QUIESCE_USER_H
#define QUIESCE_USER_H

#pragma GCC visibility push(hidden)

struct quiesce_user_hooks {
    void (*workload)(unsigned cpu, unsigned long iter); /* called in a loop by every CPU */
    void (*irq_call)(unsigned cpu);                     /* called after the built-in irq_handler; 0 = none */
    void (*nmi_call)(unsigned cpu);                     /* called after the built-in nmi_handler; 0 = none */
    void (*mce_call)(unsigned cpu);                     /* called after the built-in mce_handler; 0 = none */
    void (*init)(unsigned cpu);                         /* called once per CPU before the loop; 0 = none */
    unsigned idle_every;                                /* idle_loop() every N workload calls; 0 = never */
};

_Static_assert(sizeof(struct quiesce_user_hooks) == 48, "struct quiesce_user_hooks is 48 bytes (UserShell.java)");
_Static_assert(__builtin_offsetof(struct quiesce_user_hooks, idle_every) == 40, "idle_every at 40 (UserShell.java)");

extern const struct quiesce_user_hooks quiesce_user;

void quiesce_user_main(unsigned cpu) __attribute__((noreturn));
void quiesce_user_irq(unsigned vector, unsigned cpu);
void quiesce_user_nmi(unsigned cpu);
void quiesce_user_mce(unsigned cpu);

#pragma GCC visibility pop

#endif
