/*
 * The workload a simulator runs on every CPU, and the short calls its interrupt handlers make.
 * All writable data here is per CPU (each CPU runs its own copy of the library's data).
 */
#include <stdio.h>
#include <string.h>
#include "tl.h"

char textlib_out[256];
char textlib_probe[256];
unsigned long textlib_runs;
unsigned long textlib_failures;
unsigned long textlib_irq_seen;
unsigned long textlib_nmi_seen;
unsigned textlib_irq_hash;
unsigned textlib_nmi_hash;

#ifdef TL_STACK_PROBE
unsigned long tl_stack_low;
#endif

static struct tl_ctx *tl_cpu_ctx;
static char tl_src[2048];
static char tl_pp[1024];

void textlib_init(unsigned cpu)
{
    (void)cpu;
    if (!tl_cpu_ctx)
        tl_cpu_ctx = tl_new();
}

/* Appends "name=value" (or "name=!error") to the probe line. */
static size_t tl_probe_field(char *out, size_t cap, size_t at, const char *name, const char *value, int failed)
{
    int n;

    if (at >= cap)
        return at;
    n = snprintf(out + at, cap - at, "%s%s=%s%s", at ? " " : "", name, failed ? "!" : "", value);
    if (n < 0)
        return at;
    return at + (size_t)n < cap ? at + (size_t)n : cap - 1;
}

/* The pretty printer's probe: its text's ';' count and whether the text parses again. */
static void tl_probe_pretty(struct tl_ctx *ctx, char *value, size_t cap)
{
    unsigned semis = 0;
    int len = tl_pretty(ctx, tl_pp, sizeof tl_pp);
    size_t i;

    for (i = 0; tl_pp[i]; i++)
        semis += tl_pp[i] == ';';
    if (tl_run(ctx, tl_pp) == TL_OK)
        snprintf(value, cap, "%u/%d/ok", semis, len);
    else
        snprintf(value, cap, "%u/%d/reparse-failed", semis, len);
}

static void tl_run_probes(struct tl_ctx *ctx)
{
    char value[64];
    size_t at = 0;
    unsigned i;

    textlib_probe[0] = '\0';
    for (i = 0; i < tl_probe_count; i++) {
        enum tl_status st = tl_run(ctx, tl_probes[i].text);
        if (st != TL_OK)
            snprintf(value, sizeof value, "%.40s", tl_error(ctx));
        else if (strcmp(tl_probes[i].name, "pp") == 0)
            tl_probe_pretty(ctx, value, sizeof value);
        else
            tl_get_text(ctx, "result", value, sizeof value);
        at = tl_probe_field(textlib_probe, sizeof textlib_probe, at, tl_probes[i].name, value, st != TL_OK);
    }
}

/* One iteration: run input (cpu, iter), write its summary, then run the probes. */
void textlib_workload(unsigned cpu, unsigned long iter)
{
    const struct tl_input *in = &tl_inputs[(cpu * 5u + iter) % tl_input_count];
    char result[96];
    unsigned h;
    int n;

    if (!tl_cpu_ctx)
        textlib_init(cpu);
    if (!tl_cpu_ctx) {
        snprintf(textlib_out, sizeof textlib_out, "%s nomem", in->name);
        textlib_failures++;
        return;
    }
    n = snprintf(tl_src, sizeof tl_src, "let cpu = %u;\nlet iter = %lu;\n%s", cpu, iter, in->text);
    if (n < 0 || (size_t)n >= sizeof tl_src) {
        snprintf(textlib_out, sizeof textlib_out, "%s too-long", in->name);
        textlib_failures++;
        return;
    }
    if (tl_run(tl_cpu_ctx, tl_src) == TL_OK) {
        tl_get_text(tl_cpu_ctx, "result", result, sizeof result);
        h = tl_bindings_digest(tl_cpu_ctx);
        tl_pretty(tl_cpu_ctx, tl_pp, sizeof tl_pp);
        h = tl_hash_bytes(h, tl_pp, strlen(tl_pp));
        snprintf(textlib_out, sizeof textlib_out, "%s ok b=%u h=%08x r=%s", in->name,
                 tl_binding_count(tl_cpu_ctx), h, result);
    } else {
        snprintf(textlib_out, sizeof textlib_out, "%s err %s", in->name, tl_error(tl_cpu_ctx));
        textlib_failures++;
    }
    tl_run_probes(tl_cpu_ctx);
    textlib_runs++;
}

/* For irq-calls: a few hundred instructions, no allocation, no floating point. */
void textlib_irq_call(unsigned cpu)
{
    static const char tag[] = "textlib-irq";

    textlib_irq_hash = tl_hash_bytes(textlib_irq_hash ^ cpu, tag, sizeof tag - 1);
    textlib_irq_hash = tl_hash_bytes(textlib_irq_hash, textlib_out, 16);
    textlib_irq_seen++;
}

/* For nmi-calls: formats a double on the stack (SSE registers and snprintf in NMI context). */
void textlib_nmi_call(unsigned cpu)
{
    char text[48];
    int n = tl_format_number(text, sizeof text, (double)cpu * 1.25 + (double)textlib_nmi_seen / 8.0);

    if (n > 0)
        textlib_nmi_hash = tl_hash_bytes(textlib_nmi_hash, text, (size_t)n);
    textlib_nmi_seen++;
}
