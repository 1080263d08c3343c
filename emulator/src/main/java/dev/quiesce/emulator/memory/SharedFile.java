package dev.quiesce.emulator.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * An anonymous shared-memory file ({@code memfd_create}) holding guest memory, mapped more than once in this
 * process: once as the host's canonical view and once per CPU as that CPU's {@link CodeView}. A page of a CPU's
 * mapping can be swapped atomically ({@code mremap}) for a private copy and back, without Unicorn noticing: its
 * host pointer stays the same (Linux only).
 */
final class SharedFile implements AutoCloseable {

    private static final int PROT_RW = 1 | 2;
    private static final int MAP_SHARED = 1;
    private static final int MAP_PRIVATE = 2;
    private static final int MAP_FIXED = 0x10;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MREMAP_MAYMOVE = 1;
    private static final int MREMAP_FIXED = 2;
    private static final long PAGE = GuestMemory.PAGE_SIZE;
    private static final MethodHandle MEMFD;
    private static final MethodHandle FTRUNCATE;
    private static final MethodHandle MMAP;
    private static final MethodHandle MREMAP;
    private static final MethodHandle MUNMAP;
    private static final MethodHandle CLOSE;

    static {
        Linker l = Linker.nativeLinker();
        MEMFD = l.downcallHandle(l.defaultLookup().find("memfd_create").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        FTRUNCATE = l.downcallHandle(l.defaultLookup().find("ftruncate").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
        MMAP = l.downcallHandle(l.defaultLookup().find("mmap").orElseThrow(),
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
        MREMAP = l.downcallHandle(l.defaultLookup().find("mremap").orElseThrow(),
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS),
                Linker.Option.firstVariadicArg(4));
        MUNMAP = l.downcallHandle(l.defaultLookup().find("munmap").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        CLOSE = l.downcallHandle(l.defaultLookup().find("close").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    private final int fd;
    private final long size;
    private final List<MemorySegment> mappings = new ArrayList<>();

    private SharedFile(int fd, long size) {
        this.fd = fd;
        this.size = size;
    }

    /** A new zeroed file of {@code size} bytes (a page multiple). */
    static SharedFile create(long size) {
        try (Arena a = Arena.ofConfined()) {
            int fd = (int) MEMFD.invokeExact(a.allocateFrom("quiesce-guest"), 1 /* MFD_CLOEXEC */);
            if (fd < 0) {
                throw new IllegalStateException("memfd_create failed: per-CPU code views need Linux");
            }
            if ((int) FTRUNCATE.invokeExact(fd, size) != 0) {
                throw new IllegalStateException("ftruncate of the guest memory file failed");
            }
            return new SharedFile(fd, size);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** A new shared mapping of the whole file, unmapped by {@link #close()}. */
    synchronized MemorySegment map() {
        MemorySegment m = mmap(MemorySegment.NULL, size, MAP_SHARED, fd, 0);
        mappings.add(m);
        return m;
    }

    /** Points page {@code offset} of {@code mapping} back at the file (what every other mapping sees). */
    void share(MemorySegment mapping, long offset) {
        mmap(MemorySegment.ofAddress(mapping.address() + offset), PAGE, MAP_SHARED | MAP_FIXED, fd, offset);
    }

    /** Replaces page {@code offset} of {@code mapping}, atomically, by a private page holding {@code contents}. */
    void privatize(MemorySegment mapping, long offset, byte[] contents) {
        MemorySegment tmp = mmap(MemorySegment.NULL, PAGE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0).reinterpret(PAGE);
        MemorySegment.copy(contents, 0, tmp, ValueLayout.JAVA_BYTE, 0, contents.length);
        try {
            MemorySegment r = (MemorySegment) MREMAP.invokeExact(tmp, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED,
                    MemorySegment.ofAddress(mapping.address() + offset));
            if (r.address() == -1L) {
                throw new IllegalStateException("mremap of a private code page failed");
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static MemorySegment mmap(MemorySegment at, long length, int flags, int fd, long offset) {
        try {
            MemorySegment m = (MemorySegment) MMAP.invokeExact(at, length, PROT_RW, flags, fd, offset);
            if (m.address() == -1L) {
                throw new IllegalStateException("mmap of guest memory failed");
            }
            return m.reinterpret(length);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public synchronized void close() {
        try {
            for (MemorySegment m : mappings) {
                int ignored = (int) MUNMAP.invokeExact(m, size);
            }
            mappings.clear();
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
