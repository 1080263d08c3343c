package dev.quiesce.emulator.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One host's guest physical memory: a page-aligned native segment that every CPU's Unicorn engine
 * maps with {@code uc_mem_map_ptr}, so the CPUs of a host really share it (docs/architecture.md §6).
 *
 * <p>Guest addresses {@code [base, base + size)} map to segment offsets {@code [0, size)}. Host
 * writes of data need nothing more; host writes of code go through {@link #writeCode} so that every
 * registered {@link CodeWriteListener} (each engine) can drop its stale translations. Under a stale-fetch
 * {@link XmcModel} the memory is a shared-memory file and each CPU fetches code through its own {@link CodeView}.
 * A program's private per-CPU data ({@link #makePrivate}) is one copy per CPU, each CPU's engine mapping its own
 * ({@link PrivateData}).
 */
public final class GuestMemory implements AutoCloseable {

    /** The x86-64 page size Unicorn maps with. */
    public static final long PAGE_SIZE = 4096;

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Arena arena;
    private final MemorySegment segment;
    private final long base;
    private final List<Region> regions = new ArrayList<>();
    private final List<CodeWriteListener> codeListeners = new CopyOnWriteArrayList<>();
    private final Attachments attachments = new Attachments();
    private final SharedFile file;
    private volatile long[] executable = new long[0];
    private volatile CodeViews views;
    private final PrivateData privateData;

    private GuestMemory(Arena arena, MemorySegment segment, long base, SharedFile file) {
        this.arena = arena;
        this.segment = segment;
        this.base = base;
        this.file = file;
        this.privateData = new PrivateData(this, arena);
    }

    /**
     * Allocates zeroed guest memory for {@code [base, base + size)}.
     *
     * @throws IllegalArgumentException if base or size is not page-aligned
     */
    public static GuestMemory allocate(long base, long size) {
        if ((base & (PAGE_SIZE - 1)) != 0 || (size & (PAGE_SIZE - 1)) != 0 || size <= 0 || base < 0) {
            throw new IllegalArgumentException("guest memory [0x%x, +0x%x) must be page-aligned and non-empty"
                    .formatted(base, size));
        }
        Arena arena = Arena.ofShared();
        MemorySegment seg = arena.allocate(size, PAGE_SIZE);
        return new GuestMemory(arena, seg, base, null);
    }

    /**
     * Allocates zeroed guest memory backed by a shared-memory file, so that per-CPU {@link CodeViews} can map it
     * again (a stale-fetch {@link XmcModel}).
     *
     * @throws IllegalArgumentException if base or size is not page-aligned
     */
    public static GuestMemory allocateShared(long base, long size) {
        if ((base & (PAGE_SIZE - 1)) != 0 || (size & (PAGE_SIZE - 1)) != 0 || size <= 0 || base < 0) {
            throw new IllegalArgumentException("guest memory [0x%x, +0x%x) must be page-aligned and non-empty"
                    .formatted(base, size));
        }
        SharedFile f = SharedFile.create(size);
        return new GuestMemory(Arena.ofShared(), f.map(), base, f);
    }

    /** The per-CPU code views attached to this memory, or null (the coherent model). */
    public CodeViews codeViews() {
        return views;
    }

    SharedFile sharedFile() {
        if (file == null) {
            throw new IllegalStateException("code views need memory from GuestMemory.allocateShared");
        }
        return file;
    }

    void attach(CodeViews v) {
        this.views = v;
    }

    /** First guest address. */
    public long base() {
        return base;
    }

    /** Size in bytes. */
    public long size() {
        return segment.byteSize();
    }

    /** One past the last guest address. */
    public long end() {
        return base + segment.byteSize();
    }

    /** The whole backing segment (guest address {@link #base()} at offset 0). */
    public MemorySegment segment() {
        return segment;
    }

    /** The backing segment of a page-aligned region, for {@code uc_mem_map_ptr}. */
    public MemorySegment slice(long address, long length) {
        return segment.asSlice(offset(address, length), length);
    }

    /**
     * Gives each of {@code cpus} CPUs its own copy of the private per-CPU data in {@code regions} (contiguous, defined,
     * page-aligned; e.g. a linked image's {@code privateRegions()}), initialised from what the memory holds there now.
     * From then on an engine mapping this memory for CPU k ({@link #backing}) sees CPU k's copy there; {@link #read}
     * and {@link #write} (no CPU named) reach CPU 0's, {@link #privateData()} any CPU's. Call once,
     * at boot, after everything written to the data and before any engine maps the memory; nothing to do for no
     * regions.
     *
     * @throws IllegalArgumentException if the regions are not contiguous, or already private
     */
    public synchronized void makePrivate(List<Region> regions, int cpus) {
        privateData.make(regions, cpus);
    }

    /** Whether some data is private per CPU ({@link #makePrivate}). */
    public boolean hasPrivate() {
        return privateData.copies() != null;
    }

    /** The private per-CPU data ({@link #makePrivate}): each CPU's copy, to read and write. */
    public PrivateData privateData() {
        return privateData;
    }

    /**
     * What CPU {@code cpu}'s engine maps for the page-aligned range {@code [address, address + length)}: its private
     * copy inside the private per-CPU range, the shared memory elsewhere. A range must not straddle the border (the
     * private data is whole regions).
     */
    public MemorySegment backing(int cpu, long address, long length) {
        PrivateCopies p = privateData.copies();
        if (p == null || !p.overlaps(address, length)) {
            return slice(address, length);
        }
        return p.slice(cpu, address, length);
    }

    /** Records a region and its protection; regions must not overlap. */
    public synchronized void defineRegion(Region region) {
        offset(region.address(), region.size());
        for (Region r : regions) {
            if (region.address() < r.end() && r.address() < region.end()) {
                throw new IllegalArgumentException("region %s overlaps region %s".formatted(region, r));
            }
        }
        regions.add(region);
        regions.sort(Comparator.comparingLong(Region::address));
        executable = regions.stream().filter(r -> r.protection().executable())
                .flatMapToLong(r -> java.util.stream.LongStream.of(r.address(), r.end())).toArray();
    }

    /** The defined regions, in address order. */
    public synchronized List<Region> regions() {
        return List.copyOf(regions);
    }

    /** Registers a listener for host-side code writes (one per engine that maps this memory). */
    public void addCodeWriteListener(CodeWriteListener listener) {
        codeListeners.add(listener);
    }

    /** Removes a listener added by {@link #addCodeWriteListener}. */
    public void removeCodeWriteListener(CodeWriteListener listener) {
        codeListeners.remove(listener);
    }

    /** Writes code bytes and tells every listener, so no engine keeps running the old translation. */
    public void writeCode(long address, byte[] bytes) {
        CodeViews v = views;
        long off = offset(address, bytes.length);
        if (v != null) {
            v.beforeCodeWrite(address, bytes.length);
        }
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, off, bytes.length);
        for (CodeWriteListener l : codeListeners) {
            l.codeWritten(address, bytes.length);
        }
        if (v != null) {
            v.afterCodeWrite(address, bytes.length);
        }
    }

    /**
     * The patcher's cache maintenance of code it stored at {@code [address, address + length)} has completed: on Arm,
     * {@code DC CVAU} (clean the data cache to the Point of Unification), {@code DSB ISH}, {@code IC IVAU}
     * (invalidate the instruction cache to the Point of Unification, broadcast to the Inner Shareable domain),
     * {@code DSB ISH} — Linux's {@code caches_clean_inval_pou()} in {@code aarch64_insn_patch_text_nosync()}
     * (arch/arm64/kernel/patching.c), Xen's {@code clean_and_invalidate_dcache_va_range()} and
     * {@code invalidate_icache()} (xen/arch/arm/arm64/livepatch.c, xen/arch/arm/livepatch.c). Under
     * {@link XmcModel#ARM} a code store becomes fetchable only after this and a context synchronisation event on the
     * fetching CPU; under every other model (and without code views) it changes nothing.
     */
    public void maintainCode(long address, long length) {
        CodeViews v = views;
        offset(address, length);
        if (v != null) {
            v.maintain(address, length);
        }
    }

    /** Writes data bytes (no translation invalidation: use {@link #writeCode} for code). */
    public void write(long address, byte[] bytes) {
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, offset(address, bytes.length), bytes.length);
        dataWritten(address, bytes.length);
    }

    /** Data written into an executable region reaches the private code pages of CPUs' views (data is coherent). */
    private void dataWritten(long address, long length) {
        CodeViews v = views;
        if (v == null) {
            return;
        }
        long[] ex = executable;
        for (int i = 0; i < ex.length; i += 2) {
            if (address < ex[i + 1] && address + length > ex[i]) {
                v.dataWritten(address, length);
                return;
            }
        }
    }

    /** Reads {@code length} bytes. */
    public byte[] read(long address, int length) {
        byte[] out = new byte[length];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, offset(address, length), out, 0, length);
        return out;
    }

    /** Reads a little-endian unsigned 32-bit value (as an {@code int}). */
    public int readU32(long address) {
        return segment.get(U32, offset(address, 4));
    }

    /** Writes a little-endian 32-bit value. */
    public void writeU32(long address, int value) {
        segment.set(U32, offset(address, 4), value);
        dataWritten(address, 4);
    }

    /** Reads a little-endian 64-bit value. */
    public long readU64(long address) {
        return segment.get(U64, offset(address, 8));
    }

    /** Writes a little-endian 64-bit value. */
    public void writeU64(long address, long value) {
        segment.set(U64, offset(address, 8), value);
        dataWritten(address, 8);
    }

    /** Whether {@code [address, address + length)} lies inside this memory. */
    public boolean contains(long address, long length) {
        return length >= 0 && address >= base && address + length <= end() && address + length >= address;
    }

    /** The segment offset of {@code [address, address + length)}, which must lie inside this memory. */
    long offset(long address, long length) {
        if (!contains(address, length)) {
            throw new IndexOutOfBoundsException("guest access [0x%x, +0x%x) outside guest memory [0x%x, 0x%x)"
                    .formatted(address, length, base, end()));
        }
        return address - base;
    }

    /**
     * The object kept with this memory under {@code key}, made by {@code create} the first time it is asked for, and
     * closed when this memory closes, before the memory goes away: e.g. the engine of a guest caller, which maps this
     * memory and serves every call. It belongs to the memory, not to a run's Java state, so a host snapshot neither
     * saves nor restores it.
     */
    public <T extends AutoCloseable> T attachment(Class<T> key, java.util.function.Supplier<T> create) {
        return attachments.get(key, create);
    }

    @Override
    public void close() {
        attachments.close();
        arena.close();
        if (file != null) {
            file.close();
        }
    }
}
