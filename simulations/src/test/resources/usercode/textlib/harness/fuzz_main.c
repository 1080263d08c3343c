/*
 * A small mutation fuzzer for development: mutates the built-in programs (1-4 byte edits, xorshift
 * seeded with a constant, so runs repeat), runs each mutant, pretty-prints what parses and runs the
 * printed text again. Build with the sanitizers to catch memory and undefined-behaviour bugs:
 *   gcc -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -Ibase base/\*.c harness/fuzz_main.c -o textlib-fuzz
 *   ./textlib-fuzz 30000
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "textlib.h"
static unsigned long long rng = 88172645463325252ull;
static unsigned rnd(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return (unsigned)rng; }
int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 20000;
    struct tl_ctx *ctx = tl_new();
    static char buf[4096], out[2048];
    static const char alpha[] = "abcxyz019.+-*/%^()[]{}=<>!;,\"\\# \nletfnsectionifthenelse";
    unsigned ok = 0;
    for (long i = 0; i < n; i++) {
        const struct tl_input *in = (i & 1) ? &tl_inputs[rnd() % tl_input_count] : &tl_probes[rnd() % tl_probe_count];
        size_t len = strlen(in->text);
        memcpy(buf, in->text, len + 1);
        int muts = 1 + rnd() % 4;
        for (int m = 0; m < muts; m++) {
            unsigned op = rnd() % 3, at = len ? rnd() % len : 0;
            if (op == 0 && len) buf[at] = alpha[rnd() % (sizeof alpha - 1)];
            else if (op == 1 && len + 1 < sizeof buf) { memmove(buf + at + 1, buf + at, len - at + 1); buf[at] = alpha[rnd() % (sizeof alpha - 1)]; len++; }
            else if (len) { memmove(buf + at, buf + at + 1, len - at); len--; }
        }
        char pre[4200];
        snprintf(pre, sizeof pre, "let cpu = 3;\nlet iter = %ld;\n%s", i, buf);
        if (tl_run(ctx, pre) == TL_OK) { ok++; tl_pretty(ctx, out, sizeof out); tl_bindings_digest(ctx); tl_get_text(ctx, "result", out, sizeof out);
            char pp[2048]; tl_pretty(ctx, pp, sizeof pp); tl_run(ctx, pp); }
    }
    printf("ok %u of %ld, interned %u\n", ok, n, tl_interned_count(ctx));
    tl_free(ctx);
    return 0;
}
