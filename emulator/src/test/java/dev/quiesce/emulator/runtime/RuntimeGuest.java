package dev.quiesce.emulator.runtime;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.Tools;
import dev.quiesce.emulator.call.GuestCall;
import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.emulator.link.ImageLinker;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.emulator.memory.Protection;
import dev.quiesce.emulator.memory.Region;
import dev.quiesce.emulator.unicorn.UnicornEngine;
import dev.quiesce.emulator.unicorn.UnicornEngines;
import dev.quiesce.emulator.unicorn.X86Reg;
import dev.quiesce.guest.GuestObjects;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test support: the runtime's objects ({@link GuestObjects#runtime()}) linked by {@link ImageLinker} with
 * {@code probe.c} compiled as a user's code (the runtime's flags and headers), loaded into a
 * {@link GuestMemory} with a 16 KiB stack (a CPU's default), and called with {@link GuestCall} on one
 * Unicorn engine.
 */
final class RuntimeGuest implements AutoCloseable {

    static final long BASE = 0x400000;
    static final int OUT_SIZE = 8192;
    private static final long PAGE = GuestMemory.PAGE_SIZE;
    private static final long STACK = 16 * 1024;
    private static final long SCRATCH = 4L << 20;

    private final GuestImage image;
    private final GuestMemory memory;
    private final UnicornEngine engine;
    private final GuestCall call;
    private final long stackBase;
    private final long scratch;
    private final long out;
    private long next;

    private RuntimeGuest(GuestImage image) {
        this.image = image;
        this.stackBase = image.end();
        long stackTop = stackBase + STACK;
        long trampoline = stackTop;
        this.out = trampoline + PAGE;
        this.scratch = out + OUT_SIZE;
        this.memory = GuestMemory.allocate(BASE, scratch + SCRATCH - BASE);
        image.loadInto(memory);
        memory.defineRegion(new Region("stack", stackBase, STACK, Protection.RW));
        memory.defineRegion(new Region("trampoline", trampoline, PAGE, Protection.RX));
        memory.defineRegion(new Region("scratch", out, OUT_SIZE + SCRATCH, Protection.RW));
        for (long a = trampoline; a < trampoline + PAGE; a += 2) {
            memory.write(a, new byte[] {0x0F, 0x0B});
        }
        this.engine = UnicornEngines.open();
        engine.mapShared(memory);
        // a saveSse CPU boots with MXCSR 0x1F80 (host SseSave); Unicorn opens engines with 0
        engine.writeReg(X86Reg.MXCSR, 0x1F80);
        this.call = new GuestCall(memory, stackTop, trampoline, 500_000_000L);
        this.next = scratch;
    }

    private static RuntimeGuest shared;

    /**
     * One guest for the tests of pure functions (snprintf, strtod, …), built on first use and kept for the
     * JVM's lifetime; tests that depend on the heap's state build their own.
     */
    static synchronized RuntimeGuest shared() {
        if (shared == null) {
            shared = build();
        }
        return shared;
    }

    /** Compiles the probe, links it with the runtime and loads it. */
    static RuntimeGuest build() {
        Path dir = ProbeFiles.copy("runtime-guest");
        try {
            Path include = Files.createDirectories(dir.resolve("include"));
            for (Map.Entry<String, byte[]> h : GuestObjects.runtimeHeaders().entrySet()) {
                Files.write(include.resolve(h.getKey()), h.getValue());
            }
            String gccInclude = Tools.run(dir, "gcc", "-print-file-name=include").strip();
            List<String> command = new ArrayList<>(List.of("gcc"));
            command.addAll(GuestObjects.runtimeFlags());
            command.addAll(List.of("-isystem", include.toString(), "-isystem", gccInclude, "-Wall", "-Werror",
                    "-o", "probe.o", "probe.c"));
            Tools.run(dir, command.toArray(String[]::new));
            List<ElfFile> objects = new ArrayList<>();
            GuestObjects.runtime().forEach(o -> objects.add(ElfFile.parse(o.name(), o.bytes())));
            objects.add(ElfFile.parse("probe.o", Files.readAllBytes(dir.resolve("probe.o"))));
            RuntimeGuest guest = new RuntimeGuest(ImageLinker.link(objects, BASE));
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
            return guest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    GuestImage image() {
        return image;
    }

    GuestMemory memory() {
        return memory;
    }

    UnicornEngine engine() {
        return engine;
    }

    /** The lowest address of the stack (it grows down from {@code stackBase + 16 KiB}). */
    long stackBase() {
        return stackBase;
    }

    /** The probes' output buffer ({@value #OUT_SIZE} bytes). */
    long out() {
        return out;
    }

    long address(String symbol) {
        return image.symbols().require(symbol).address();
    }

    /** Calls {@code fn} with integer arguments and returns RAX. */
    long call(String fn, long... args) {
        return call.call(engine, address(fn), args);
    }

    /** Frees every scratch allocation. */
    void resetScratch() {
        next = scratch;
    }

    /** Copies {@code bytes} into scratch memory (16-byte aligned) and returns their address. */
    long put(byte[] bytes) {
        long at = next;
        next = (next + bytes.length + 15) & ~15L;
        if (next > scratch + SCRATCH) {
            throw new IllegalStateException("scratch memory exhausted");
        }
        memory.write(at, bytes);
        return at;
    }

    /** Copies a NUL-terminated Latin-1 string into scratch memory; {@code null} gives address 0. */
    long putString(String s) {
        if (s == null) {
            return 0;
        }
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        return put(z);
    }

    /** Runs one probe query: strings into scratch, the output buffer cleared, then the call. */
    Answer ask(Query q) {
        resetScratch();
        long a = putString(q.a() == null ? "" : q.a());
        long b = putString(q.b() == null ? "" : q.b());
        memory.write(out, new byte[OUT_SIZE]);
        long ret = call(q.fn(), a, b, q.x(), q.y(), out);
        return new Answer(ret, GuestCall.readCString(memory, out, 4096));
    }

    /** The whole stack's bytes that are no longer zero: how deep the calls so far went. */
    long stackHighWater() {
        byte[] s = memory.read(stackBase, (int) STACK);
        int i = 0;
        while (i < s.length && s[i] == 0) {
            i++;
        }
        return STACK - i;
    }

    @Override
    public void close() {
        engine.close();
        memory.close();
    }
}
