#include "textutil.h"

#define SLOTS 64

struct entry {
    unsigned long key;
    double weight;
    int used;
};

static struct entry slots[SLOTS];

static unsigned slot_of(unsigned long key)
{
    return (unsigned) (key ^ (key >> 17)) & (SLOTS - 1);
}

double table_add(unsigned long key, double w)
{
    unsigned i = slot_of(key);
    for (unsigned n = 0; n < SLOTS; n++, i = (i + 1) & (SLOTS - 1)) {
        if (!slots[i].used) {
            slots[i].used = 1;
            slots[i].key = key;
            slots[i].weight = w;
            return w;
        }
        if (slots[i].key == key) {
            slots[i].weight = slots[i].weight * 0.5 + w;
            return slots[i].weight;
        }
    }
    return -1.0;
}

int table_classify(int kind)
{
    switch (kind) {
    case 0:
        return 10;
    case 1:
        return 21;
    case 2:
        return 32;
    case 3:
        return 43;
    case 7:
        return 77;
    default:
        return -1;
    }
}
