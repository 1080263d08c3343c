/* errno.h - errno of the quiesce runtime: one int in the runtime's data, private per CPU. */
#ifndef QUIESCE_ERRNO_H
#define QUIESCE_ERRNO_H

#pragma GCC visibility push(hidden)
extern int errno;
#pragma GCC visibility pop

#define EDOM 33
#define ERANGE 34
#define EINVAL 22
#define ENOMEM 12
#define EILSEQ 84
#define EOVERFLOW 75

#endif
