/*
 * A stand-in for the runtime's __quiesce_assert_fail (guest/src/main/runtime), so these tests do not depend on
 * it: the same contract — "file:line: func: Assertion `expr' failed." into quiesce_assert_message, then ud2.
 */
char quiesce_assert_message[256];

static char *put(char *p, char *end, const char *s)
{
    while (*s && p < end) {
        *p++ = *s++;
    }
    return p;
}

static char *put_unsigned(char *p, char *end, unsigned v)
{
    char digits[12];
    int n = 0;
    do {
        digits[n++] = (char) ('0' + v % 10);
        v /= 10;
    } while (v);
    while (n && p < end) {
        *p++ = digits[--n];
    }
    return p;
}

__attribute__((noreturn, noinline))
void __quiesce_assert_fail(const char *expr, const char *file, unsigned line, const char *func)
{
    char *p = quiesce_assert_message;
    char *end = p + sizeof quiesce_assert_message - 1;
    p = put(p, end, file);
    p = put(p, end, ":");
    p = put_unsigned(p, end, line);
    p = put(p, end, ": ");
    p = put(p, end, func);
    p = put(p, end, ": Assertion `");
    p = put(p, end, expr);
    p = put(p, end, "' failed.");
    *p = 0;
    __builtin_trap(); /* the assert's trap */
}

/* The runtime's abort(): its message, then the same trap. */
__attribute__((noreturn, noinline))
void abort(void)
{
    char *end = quiesce_assert_message + sizeof quiesce_assert_message - 1;
    *put(quiesce_assert_message, end, "abort() called") = 0;
    __builtin_trap();
}
