/*
 * textlib: a small configuration and expression language.
 *
 * A program is a list of statements: `let NAME = EXPR;`, `fn NAME(ARGS) = EXPR;`,
 * `section NAME { KEY = EXPR; ... }` and `assert EXPR, "message";`. Expressions have integers,
 * doubles, strings, booleans, lists, user functions and built-in functions (see builtins.c).
 * Sections define dotted keys (`net.mtu`) readable by later statements.
 *
 * The public API is a context (one per CPU: all state lives in it or in per-CPU globals), a run
 * that parses and evaluates a source text, and accessors for its results.
 */
#ifndef TEXTLIB_H
#define TEXTLIB_H

#include <stddef.h>

#define TEXTLIB_VERSION "textlib 1.4.2"

struct tl_ctx;

/* Outcome of one run; TL_OK when the program parsed and every statement evaluated. */
enum tl_status { TL_OK = 0, TL_ERR_LEX, TL_ERR_PARSE, TL_ERR_EVAL, TL_ERR_NOMEM };

struct tl_ctx *tl_new(void);
void tl_free(struct tl_ctx *ctx);

/* Parses and evaluates `src` (NUL-terminated). The results stay readable until the next run. */
enum tl_status tl_run(struct tl_ctx *ctx, const char *src);

/* The first error of the last run ("line:col: message"), or "" after a successful run. */
const char *tl_error(const struct tl_ctx *ctx);

/* Writes the value bound to `name` (a variable or a dotted section key) as text; returns its
 * length, or -1 if the name is unbound. Truncates to `cap` like snprintf. */
int tl_get_text(struct tl_ctx *ctx, const char *name, char *out, size_t cap);

/* The canonical pretty-printed form of the last parsed program; returns its length. */
int tl_pretty(struct tl_ctx *ctx, char *out, size_t cap);

/* Number of bindings (variables, functions and section keys) after the last run. */
unsigned tl_binding_count(const struct tl_ctx *ctx);

/* A 32-bit FNV-1a digest of every binding (name and value text) in name order. */
unsigned tl_bindings_digest(struct tl_ctx *ctx);

/* Number of distinct interned names since the context was created. */
unsigned tl_interned_count(const struct tl_ctx *ctx);

/* Formats a double the way the language prints numbers; returns the length written. */
int tl_format_number(char *out, size_t cap, double d);

/* 32-bit FNV-1a over `len` bytes, continuing from `h` (start with TL_FNV_BASIS). */
#define TL_FNV_BASIS 2166136261u
unsigned tl_hash_bytes(unsigned h, const void *data, size_t len);

/* The workload and handler calls a simulator runs (quiesce's user guest contract). */
void textlib_init(unsigned cpu);
void textlib_workload(unsigned cpu, unsigned long iter);
void textlib_irq_call(unsigned cpu);
void textlib_nmi_call(unsigned cpu);

/* Outputs of the workload, read from guest memory by tests (one copy per CPU). */
extern char textlib_out[256];
extern char textlib_probe[256];
extern unsigned long textlib_runs;
extern unsigned long textlib_failures;
extern unsigned long textlib_irq_seen;
extern unsigned long textlib_nmi_seen;

/* The built-in programs the workload runs. */
struct tl_input { const char *name; const char *text; };
extern const struct tl_input tl_inputs[];
extern const unsigned tl_input_count;
extern const struct tl_input tl_probes[];
extern const unsigned tl_probe_count;

#endif
