/* assert.h - assert() of the quiesce runtime: a failure records its message and traps (ud2). */
#ifndef QUIESCE_ASSERT_H
#define QUIESCE_ASSERT_H

#pragma GCC visibility push(hidden)
/* Formats "file:line: func: Assertion `expr' failed." into quiesce_assert_message, then executes
 * ud2; the simulator reports the fault with that message. */
__attribute__((noreturn, cold)) void __quiesce_assert_fail(const char *expr, const char *file,
                                                           unsigned line, const char *func);
#pragma GCC visibility pop

#endif

#undef assert
#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e) ((e) ? (void)0 : __quiesce_assert_fail(#e, __FILE__, __LINE__, __func__))
#endif

#ifndef __cplusplus
#undef static_assert
#define static_assert _Static_assert
#endif
