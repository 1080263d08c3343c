/**
 * Instruction-set architectures ({@link dev.quiesce.isa.Arch}) and their encodings: the one home of the bytes the
 * simulator writes into guest code and recognises there — x86-64's jumps, breakpoints, NOPs and ENDBR64
 * ({@link dev.quiesce.isa.X86}) and AArch64's {@code B}/{@code BL}, {@code NOP}, {@code BRK}, barriers and the
 * Arm ARM's concurrent-modification set ({@link dev.quiesce.isa.A64}) — each checked against GNU as.
 */
package dev.quiesce.isa;
