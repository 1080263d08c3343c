/**
 * Access to the gcc-built guest objects packaged as resources ({@code guest/*.o}), what a host runs
 * ({@link dev.quiesce.guest.GuestProgram}: objects, entry points, private data, SSE save, boot pointers), and the layout of the guest's
 * shared structs as the simulator uses it ({@link dev.quiesce.guest.GuestLayout}, checked against {@code guest.h}).
 */
package dev.quiesce.guest;
