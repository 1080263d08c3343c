package dev.quiesce.emulator.memory;

/**
 * A page protection of a guest memory region, with Unicorn's {@code UC_PROT_*} bit values.
 */
public enum Protection {
    /** Read only ({@code .rodata}). */
    R(1),
    /** Read and write ({@code .data}, {@code .bss}, stacks). */
    RW(1 | 2),
    /** Read and execute ({@code .text}): guest stores into code fault, as under Xen. */
    RX(1 | 4),
    /** Everything; used where a region holds both code and data (tests). */
    RWX(1 | 2 | 4);

    private final int ucBits;

    Protection(int ucBits) {
        this.ucBits = ucBits;
    }

    /** The {@code UC_PROT_*} bit mask. */
    public int ucBits() {
        return ucBits;
    }

    /** Whether guest code may be fetched from the region. */
    public boolean executable() {
        return (ucBits & 4) != 0;
    }
}
