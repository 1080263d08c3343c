package dev.quiesce.emulator.memory;

/**
 * Something that must learn about host-side writes to guest code, typically a Unicorn engine whose
 * translated blocks of that range are now stale (Unicorn hazard 1 in
 * {@code docs/toolchain-and-unicorn.md}).
 */
@FunctionalInterface
public interface CodeWriteListener {

    /** Called after the bytes {@code [address, address + length)} were written by the host. */
    void codeWritten(long address, long length);
}
