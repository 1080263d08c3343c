/* ctype.h - character classes of the "C" locale (ASCII; bytes >= 0x80 are in no class). */
#ifndef QUIESCE_CTYPE_H
#define QUIESCE_CTYPE_H

#pragma GCC visibility push(hidden)
int isalnum(int c);
int isalpha(int c);
int isblank(int c);
int iscntrl(int c);
int isdigit(int c);
int isgraph(int c);
int islower(int c);
int isprint(int c);
int ispunct(int c);
int isspace(int c);
int isupper(int c);
int isxdigit(int c);
int isascii(int c);
int tolower(int c);
int toupper(int c);
#pragma GCC visibility pop

#endif
