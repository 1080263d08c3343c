/**
 * A user's own C code as the guest's workload (docs/own-code.md): the user flags ({@link dev.quiesce.usercode.UserFlags}),
 * gcc run as a subprocess ({@link dev.quiesce.usercode.GuestCompiler}), the link of a user guest with its check of
 * undefined symbols ({@link dev.quiesce.usercode.UserGuestBuilder}) and the starting point {@code quiesce guest init}
 * writes ({@link dev.quiesce.usercode.GuestInit}).
 */
package dev.quiesce.usercode;
