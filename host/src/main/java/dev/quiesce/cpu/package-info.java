/**
 * An emulated CPU ({@link dev.quiesce.cpu.Cpu}: one Unicorn engine running the guest image) and the
 * typed events it produces.
 */
package dev.quiesce.cpu;
