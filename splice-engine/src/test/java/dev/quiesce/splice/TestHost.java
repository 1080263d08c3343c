package dev.quiesce.splice;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.emulator.call.GuestCall;
import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.emulator.link.ImageLinker;
import dev.quiesce.emulator.link.SymbolTable;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.emulator.memory.Protection;
import dev.quiesce.emulator.memory.Region;
import dev.quiesce.emulator.samples.SamplePayloads;
import dev.quiesce.guest.GuestObjects;
import dev.quiesce.payload.PatchFunction;
import dev.quiesce.payload.Payload;
import dev.quiesce.payload.PayloadReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A guest host for tests: the gcc-built guest image linked at 0x400000 and loaded, a stack, a ud2 trampoline
 * page (the stop address of guest calls), a page for hand-made functions and a payload area after them, where
 * Xen's sample payloads are linked and loaded as the registry will do.
 */
final class TestHost implements AutoCloseable {

    static final long BASE = 0x400000;
    static final long PAGE = GuestMemory.PAGE_SIZE;
    private static final long AREA = 256 * PAGE;
    private static final byte[] UD2 = {0x0F, 0x0B};
    private static final GuestImage IMAGE = ImageLinker.link(GuestObjects.baseImage().stream()
            .map(o -> ElfFile.parse(o.name(), o.bytes())).toList(), BASE);
    private static final Map<String, byte[]> SAMPLES = SamplePayloads.assemble(IMAGE);

    /** A payload linked and loaded into the payload area, with its sites resolved. */
    record Loaded(Payload payload, GuestImage image, List<PatchSite> sites) {
    }

    private final GuestMemory memory;
    private final long stackTop;
    private final long trampoline;
    private final long handmade;
    private final GuestCall call;
    private SymbolTable symbols = IMAGE.symbols();
    private long cursor;

    TestHost() {
        long stackBase = align(IMAGE.end());
        stackTop = stackBase + 4 * PAGE;
        trampoline = stackTop;
        handmade = trampoline + PAGE;
        cursor = handmade + PAGE;
        memory = GuestMemory.allocate(BASE, cursor + AREA - BASE);
        IMAGE.loadInto(memory);
        memory.defineRegion(new Region("stack", stackBase, stackTop - stackBase, Protection.RW));
        memory.defineRegion(new Region("trampoline", trampoline, PAGE, Protection.RX));
        memory.defineRegion(new Region("handmade", handmade, PAGE, Protection.RX));
        for (long a = trampoline; a < handmade + PAGE; a += 2) {
            memory.writeCode(a, UD2);
        }
        call = new GuestCall(memory, stackTop, trampoline, 100_000);
    }

    GuestMemory memory() {
        return memory;
    }

    GuestImage image() {
        return IMAGE;
    }

    GuestCall call() {
        return call;
    }

    long trampoline() {
        return trampoline;
    }

    /** The first byte of the page for hand-made functions (RX, filled with ud2). */
    long handmade() {
        return handmade;
    }

    long address(String symbol) {
        return symbols.require(symbol).address();
    }

    /** Links sample payload {@code name} at the area cursor, loads it and resolves its sites. */
    Loaded load(String name) {
        Payload payload = PayloadReader.read(name + ".livepatch", SAMPLES.get(name));
        GuestImage linked = ImageLinker.link(List.of(payload.elf()), cursor, symbols);
        linked.loadInto(memory);
        cursor = align(linked.end());
        List<PatchSite> sites = new ArrayList<>();
        for (PatchFunction f : payload.functions()) {
            long old = f.oldSymbol() != null ? symbols.require(f.oldSymbol()).address() + f.oldAddr()
                    : f.oldAddr() != 0 ? f.oldAddr() : symbols.require(f.oldName()).address();
            long neu = f.isNop() ? 0 : linked.symbols().require(f.newSymbol()).address();
            sites.add(new PatchSite(f.displayName(), old, f.oldSize(), neu, f.newSize(), f.expect()));
        }
        symbols = symbols.overlay(linked.symbols());
        return new Loaded(payload, linked, sites);
    }

    /** Calls {@code xen_extra_version()} on a fresh engine and reads the string it returns. */
    String extraVersion() {
        return GuestCall.readCString(memory, call.call(IMAGE.symbols().require("xen_extra_version").address()), 64);
    }

    /** Calls {@code xen_minor_version()} on a fresh engine. */
    int minorVersion() {
        return (int) call.call(IMAGE.symbols().require("xen_minor_version").address());
    }

    private static long align(long a) {
        return (a + PAGE - 1) & -PAGE;
    }

    @Override
    public void close() {
        memory.close();
    }
}
