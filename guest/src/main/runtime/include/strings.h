/* strings.h - the POSIX case-insensitive comparisons (also declared by string.h). */
#ifndef QUIESCE_STRINGS_H
#define QUIESCE_STRINGS_H

#include <stddef.h>

#pragma GCC visibility push(hidden)
int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);
#pragma GCC visibility pop

#endif
