/* oracle_main.c - the native driver of probe.c (glibc): reads "name hex(a) hex(b) x y" lines, calls
 * the probe, prints "ret hex(out)" per line. */
#define PROBE_NATIVE
#include "probe.c"
#include <locale.h>

struct entry {
    const char *name;
    long (*fn)(const char *, const char *, long, long, char *);
};

static const struct entry probes[] = {
    {"p_snprintf_int", p_snprintf_int}, {"p_snprintf_long", p_snprintf_long},
    {"p_snprintf_double", p_snprintf_double}, {"p_snprintf_str", p_snprintf_str},
    {"p_snprintf_ptr", p_snprintf_ptr}, {"p_snprintf_star", p_snprintf_star}, {"p_strtod", p_strtod},
    {"p_strtol", p_strtol}, {"p_str", p_str}, {"p_ctype", p_ctype},
};

static size_t unhex(const char *h, char *out)
{
    size_t n = 0;
    if (h[0] == '-')
        return (out[0] = 0), 0;
    for (; h[0] && h[1]; h += 2) {
        unsigned v;
        sscanf(h, "%2x", &v);
        out[n++] = (char)v;
    }
    out[n] = 0;
    return n;
}

int main(void)
{
    setlocale(LC_ALL, "C");
    static char line[1 << 16], a[1 << 15], b[1 << 15], out[4096 + 16];
    while (fgets(line, sizeof line, stdin)) {
        char name[64], ha[1 << 15], hb[1 << 15];
        long x, y;
        if (sscanf(line, "%63s %32767s %32767s %ld %ld", name, ha, hb, &x, &y) != 5) {
            fprintf(stderr, "bad line: %s", line);
            return 2;
        }
        unhex(ha, a);
        unhex(hb, b);
        memset(out, 0, sizeof out);
        long r = -1;
        int found = 0;
        for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
            if (strcmp(probes[i].name, name) == 0) {
                r = probes[i].fn(a, b, x, y, out);
                found = 1;
            }
        }
        if (!found) {
            fprintf(stderr, "no probe %s\n", name);
            return 2;
        }
        printf("%ld ", r);
        size_t n = strnlen(out, 4096);
        if (n == 0)
            printf("-");
        for (size_t i = 0; i < n; i++)
            printf("%02x", (unsigned char)out[i]);
        printf("\n");
    }
    return 0;
}
