/* The rendezvous words: named 64-bit words of a protocol's rendezvous state (an arrival counter, a release flag,
 * per-CPU work flags, a callback pointer) that the simulator keeps in guest memory on behalf of the CPUs, so that
 * guest code (an NMI handler, a spin loop) can read what the protocol races on (docs/protocol-api.md, "Shared
 * words"; Java: dev.quiesce.coordinator.protocol.SharedWords). Which word is which is the protocol's choice, in the
 * order it names them.
 *
 * Data rule (guest.h): only the simulator writes them, at quantum boundaries, following its memory model (a plain
 * store reaches memory at the boundary that ends the quantum of its instant; an atomic at once).
 *
 * This file's name sorts after every other guest source on purpose (see x86_mce.c): the image linker places objects
 * in that order, so adding the words moved no existing function or datum. They are in .data, not .bss, on purpose
 * too: the bss region's last page had 240 bytes left, and a bss region one page longer would move the payload area
 * after the image (and every trace hash); the data region has most of its page free. */
#include "guest.h"

volatile struct rendezvous_words quiesce_rendezvous __attribute__((section(".data.quiesce_rendezvous")));
