/**
 * The payload builder: the binary comparison of a base and a patched build of the same sources
 * that livepatch-build-tools' {@code create-diff-object} performs, producing a Xen payload that
 * replaces exactly the functions whose code changed. The objects' ELF machine (x86-64 or AArch64, one for all
 * inputs) chooses the relocation knowledge and the payload's machine.
 *
 * <p>{@link dev.quiesce.payload.build.PayloadBuilder#build} compares the objects (package
 * {@code diff}), refuses what cannot be live-patched or loaded — changed data, a function too small for the
 * patch jump (x86 JMP, Arm B), relocations Xen's x86 or Arm64 loader refuses ({@code RelocationRefusals}, against
 * {@link dev.quiesce.payload.XenRelocations}) — before writing anything
 * ({@link dev.quiesce.payload.build.UnpatchableChangeException},
 * {@link dev.quiesce.payload.build.NoFunctionalChangeException}), collects the new code with the
 * string literals and tables it needs into a body ({@code BodyEmitter}), and writes it with
 * {@link dev.quiesce.payload.PayloadWriter}.
 */
package dev.quiesce.payload.build;
