/* limits.h - gcc's own freestanding limits.h. This wrapper only tells it that there is no C library
 * limits.h to chain to (_LIBC_LIMITS_H_), which it would otherwise look for with #include_next. */
#ifndef _LIBC_LIMITS_H_
#define _LIBC_LIMITS_H_ 1
#endif
#include_next <limits.h>
