/* The replacement xen_extra_version of xen_hello_world and the hook payloads (Xen:
 * xen_hello_world_func.c). */
#include "livepatch.h"

const char *xen_hello_world(void) { return "Hello World"; }
