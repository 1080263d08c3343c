/**
 * Instruction-set architectures ({@link dev.quiesce.isa.Arch}) and their encodings: the one home of the x86-64 bytes the simulator writes into guest code and recognises
 * there (jumps, breakpoints, NOPs, ENDBR64), checked against GNU as.
 */
package dev.quiesce.isa;
