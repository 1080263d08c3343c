package dev.quiesce.splice.registry;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.emulator.call.GuestCall;
import dev.quiesce.emulator.call.GuestCaller;
import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.emulator.link.ImageLinker;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.emulator.memory.Protection;
import dev.quiesce.emulator.memory.Region;
import dev.quiesce.emulator.samples.SamplePayloads;
import dev.quiesce.guest.GuestObjects;
import dev.quiesce.payload.envelope.SignaturePolicy;
import dev.quiesce.splice.SpliceEngine;
import dev.quiesce.splice.X86_64Isa;
import java.util.List;
import java.util.Map;

/**
 * A host for registry tests, laid out as {@code HostMachine} lays one out: the guest image at 0x400000, the payload
 * area right after it, a stack for hook calls and a trampoline page of {@code ud2}s whose first address is the
 * stop address of {@link GuestCall}.
 */
final class TestHost implements HostView, AutoCloseable {

    static final long BASE = 0x400000;
    static final GuestImage IMAGE = ImageLinker.link(GuestObjects.baseImage().stream()
            .map(o -> ElfFile.parse(o.name(), o.bytes())).toList(), BASE);
    /** Xen's regression payloads assembled against {@link #IMAGE}, by name. */
    static final Map<String, byte[]> SAMPLES = SamplePayloads.assemble(IMAGE);

    private static final long PAGE = GuestMemory.PAGE_SIZE;
    private static final long STACK_SIZE = 16 * PAGE;

    private final GuestMemory memory;
    private final PayloadArea area;
    private final GuestCall call;

    TestHost() {
        this(1 << 20);
    }

    TestHost(long areaSize) {
        area = new PayloadArea(IMAGE.end(), areaSize);
        long stackTop = area.end() + STACK_SIZE;
        long trampoline = stackTop;
        memory = GuestMemory.allocate(BASE, trampoline + PAGE - BASE);
        IMAGE.loadInto(memory);
        memory.defineRegion(new Region("stack", area.end(), STACK_SIZE, Protection.RW));
        memory.defineRegion(new Region("trampoline", trampoline, PAGE, Protection.RX));
        for (long a = trampoline; a < trampoline + PAGE; a += 2) {
            memory.write(a, new byte[] {0x0F, 0x0B});
        }
        call = new GuestCall(memory, stackTop, trampoline);
    }

    /** A registry over this host with the immediate executor. */
    LivepatchRegistry registry() {
        return registry(ImmediateExecutor.INSTANCE);
    }

    LivepatchRegistry registry(ActionExecutor executor) {
        return new LivepatchRegistry(this, new SpliceEngine(memory, X86_64Isa.INSTANCE), executor,
                SignaturePolicy.NONE);
    }

    static byte[] sample(String name) {
        byte[] b = SAMPLES.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no sample payload " + name + " in " + SAMPLES.keySet());
        }
        return b.clone();
    }

    /** What {@code xl info} shows as xen_extra: {@code xen_extra_version()} called on the guest. */
    String extra() {
        return GuestCall.readCString(memory, call.call(IMAGE.symbols().require("xen_extra_version").address()), 64);
    }

    /** {@code xen_minor_version()} called on the guest. */
    long minor() {
        return call.call(IMAGE.symbols().require("xen_minor_version").address());
    }

    /** The names of the sample payloads, in Xen's order. */
    static List<String> sampleNames() {
        return List.copyOf(SAMPLES.keySet());
    }

    @Override
    public GuestImage image() {
        return IMAGE;
    }

    @Override
    public GuestMemory memory() {
        return memory;
    }

    @Override
    public PayloadArea payloadArea() {
        return area;
    }

    @Override
    public GuestCaller caller() {
        return call;
    }

    @Override
    public void close() {
        memory.close();
    }
}
