package dev.quiesce.emulator.memory;

import dev.quiesce.random.SeedStream;

/**
 * A host's guest memory with per-CPU code views under {@link XmcModel#ARM}, without engines: what each CPU's
 * instruction fetch sees is read from its {@link CodeView}. Two code pages at {@link #CODE}, data after them.
 */
record ArmFetchMachine(GuestMemory memory, CodeViews views) implements AutoCloseable {

    static final long CODE = 0x40000;
    static final long CODE_SIZE = 2 * GuestMemory.PAGE_SIZE;

    static ArmFetchMachine of(int cpus) {
        GuestMemory m = GuestMemory.allocateShared(CODE, 4 * GuestMemory.PAGE_SIZE);
        m.defineRegion(new Region("text", CODE, CODE_SIZE, Protection.RX));
        m.defineRegion(new Region("data", CODE + CODE_SIZE, 2 * GuestMemory.PAGE_SIZE, Protection.RW));
        CodeViews v = CodeViews.attach(m, XmcModel.ARM, cpus, SeedStream.root(1).child("xmc.errata"));
        for (int c = 0; c < cpus; c++) {
            v.view(c).refresh(); // booted having fetched nothing
        }
        return new ArmFetchMachine(m, v);
    }

    /** The 32-bit little-endian word CPU {@code cpu} fetches at {@code address}. */
    int fetch(int cpu, long address) {
        byte[] b = views.view(cpu).read(address, 4);
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | b[3] << 24;
    }

    void store(long address, int word) {
        memory.writeCode(address, new byte[] {(byte) word, (byte) (word >>> 8), (byte) (word >>> 16),
            (byte) (word >>> 24)});
    }

    /** CPU {@code cpu} executes a context synchronisation event (an ISB, exception entry or return). */
    long[] synchronise(int cpu) {
        return views.view(cpu).refresh();
    }

    @Override
    public void close() {
        memory.close();
    }
}
