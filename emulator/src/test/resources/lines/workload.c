struct token {
    int kind;
    long value;
    unsigned long hash;
};

const char *next_token(const char *p, struct token *t);
double table_add(unsigned long key, double w);
int table_classify(int kind);

static const char input[] = "alpha 12 beta 7 gamma delta 99 alpha";

double total;

void workload(unsigned cpu, unsigned long iter)
{
    struct token t;
    const char *p = input;
    for (;;) {
        p = next_token(p, &t);
        if (t.kind == 0) {
            break;
        }
        if (t.kind == 1) {
            total += table_add((unsigned long) t.value + cpu, (double) iter);
        } else {
            total += table_add(t.hash, 1.5) * table_classify(t.kind);
        }
    }
}
