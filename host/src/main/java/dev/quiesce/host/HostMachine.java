package dev.quiesce.host;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.emulator.link.GuestSymbol;
import dev.quiesce.emulator.link.ImageLinker;
import dev.quiesce.emulator.memory.CodeViews;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.emulator.memory.Protection;
import dev.quiesce.emulator.memory.Region;
import dev.quiesce.guest.GuestLayout;
import dev.quiesce.guest.GuestObject;
import dev.quiesce.isa.X86;
import dev.quiesce.random.SeedStream;

import java.util.ArrayList;
import java.util.List;

/**
 * One booted host: the linked guest image loaded into its {@link GuestMemory}, per-CPU stacks, the
 * workload parameters and per-CPU guest seeds written, and the addresses a {@code Cpu} needs.
 *
 * <p>Memory layout (docs/architecture.md §2 step 2): {@code [image-base: text | rodata | data | bss | private-data |
 * private-bss]} (the private regions only when the program names private objects: one copy per CPU), then the payload
 * area ({@code livepatch}, RWX, within ±2 GiB of text; the registry links payloads into it), then for each CPU a stack and an interrupt stack, then
 * one read-execute "trampoline" page of {@code ud2}s holding the magic return addresses: CPUs stop
 * before executing them (the counting hook's stop address), and a stray jump there traps.
 */
public final class HostMachine implements AutoCloseable {

    /** Offset in the trampoline page of the return address pushed for an interrupt handler. */
    private static final long INTERRUPT_RETURN_OFFSET = 0;
    /** Offset in the trampoline page of the return address pushed for {@code cpu_main}. */
    private static final long CPU_EXIT_OFFSET = 16;
    private static final byte[] UD2 = X86.ud2();

    private final HostSettings settings;
    private final dev.quiesce.isa.Arch arch;
    private final GuestImage image;
    private final AssertFailures assertFailures;
    private final GuestMemory memory;
    private final long stacksBase;
    private final long percpuBase;
    private final long percpuStride;
    private final HostProbes probes = new HostProbes();
    private final java.util.TreeSet<Long> entryPads = new java.util.TreeSet<>();
    private final dev.quiesce.cpu.CpuSnapshots snapshots;
    private final long[] isbs; // isbAddresses(), found once at boot

    private HostMachine(HostSettings settings, GuestImage image, GuestMemory memory, long stacksBase,
                        long percpuBase, long percpuStride) {
        this.settings = settings;
        this.arch = settings.guest().arch();
        this.image = image;
        this.memory = memory;
        this.stacksBase = stacksBase;
        this.percpuBase = percpuBase;
        this.percpuStride = percpuStride;
        this.snapshots = new dev.quiesce.cpu.CpuSnapshots(settings.cpus());
        this.assertFailures = AssertFailures.of(image);
        this.isbs = findIsbs(); // the image is loaded: every CPU gets the same list
    }

    /** Links the objects of the settings' guest program ({@link HostSettings#guest()}) and boots a host with them. */
    public static HostMachine boot(HostSettings settings, SeedStream host) {
        List<ElfFile> objects = new ArrayList<>();
        for (GuestObject o : settings.guest().objects()) {
            objects.add(ElfFile.parse(o.name(), o.bytes()));
        }
        return boot(settings, host, ImageLinker.link(objects, settings.imageBase(),
                dev.quiesce.emulator.link.SymbolTable.empty(), settings.guest().privateObjects()));
    }

    /**
     * The addresses of the {@code ISB} instructions in the image's functions (AArch64; none on x86-64), where a CPU's
     * run stops so that its code view synchronises under {@code xmc = arm}. Payload code is not searched.
     */
    public long[] isbAddresses() {
        return isbs.clone();
    }

    private long[] findIsbs() {
        if (arch != dev.quiesce.isa.Arch.AARCH64) {
            return new long[0];
        }
        java.util.TreeSet<Long> out = new java.util.TreeSet<>();
        for (GuestSymbol f : image.symbols().all()) {
            if (f.type() != GuestSymbol.Type.FUNCTION || f.size() < 4) {
                continue;
            }
            byte[] code = memory.read(f.address(), (int) f.size());
            for (int i = 0; i + 4 <= code.length; i += 4) {
                if (dev.quiesce.isa.A64.word(code, i) == dev.quiesce.isa.A64.ISB) {
                    out.add(f.address() + i);
                }
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** The instruction-set architecture of this host's CPUs and guest image. */
    public dev.quiesce.isa.Arch arch() {
        return arch;
    }

    /** Boots a host with an already linked image. */
    public static HostMachine boot(HostSettings settings, SeedStream host, GuestImage image) {
        long perCpu = settings.cpu().stackSize() + settings.cpu().interruptStackSize();
        long stacksBase = alignUp(image.end() + settings.payloadArea(), GuestMemory.PAGE_SIZE);
        long trampoline = stacksBase + perCpu * settings.cpus();
        long end = trampoline + GuestMemory.PAGE_SIZE;
        GuestMemory memory = settings.xmc().staleFetch()
                ? GuestMemory.allocateShared(settings.imageBase(), end - settings.imageBase())
                : GuestMemory.allocate(settings.imageBase(), end - settings.imageBase());
        try {
            ProgramSymbols.check(settings.guest(), image.symbols());
            image.loadInto(memory);
            if (settings.payloadArea() > 0) {
                // mapped from boot, so every CPU engine (created before or after the registry) sees payloads
                memory.defineRegion(new Region("livepatch", image.end(), settings.payloadArea(), Protection.RWX));
            }
            memory.defineRegion(new Region("stacks", stacksBase, perCpu * settings.cpus(), Protection.RW));
            memory.defineRegion(new Region("trampoline", trampoline, GuestMemory.PAGE_SIZE, Protection.RX));
            if (settings.guest().arch() == dev.quiesce.isa.Arch.X86_64) {
                for (long a = trampoline; a < end; a += UD2.length) {
                    memory.write(a, UD2);
                }
            } // on AArch64 the zeroed page is all UDF #0, permanently undefined (Arm ARM C6.2 UDF)
            GuestSymbol percpu = image.symbols().require("percpu");
            long stride = percpu.size() / HostSettings.MAX_CPUS;
            HostMachine m = new HostMachine(settings, image, memory, stacksBase, percpu.address(), stride);
            m.writeWorkload();
            BootPointers.write(settings.guest().bootPointers(), image.symbols(), memory);
            m.initEntryPads();
            m.seedGuests(host);
            memory.makePrivate(image.privateRegions(), settings.cpus()); // each CPU's copy starts as the image's
            if (settings.xmc().staleFetch()) { // from here on, code stores are seen per CPU as the model says
                CodeViews.attach(memory, settings.xmc(), settings.cpus(), host.child("xmc.errata"));
            }
            return m;
        } catch (RuntimeException e) {
            memory.close();
            throw e;
        }
    }

    public HostSettings settings() {
        return settings;
    }

    public GuestImage image() {
        return image;
    }

    public GuestMemory memory() {
        return memory;
    }

    /** The per-CPU code views of a stale-fetch cross-modifying-code model, or null under {@code coherent}. */
    public CodeViews codeViews() {
        return memory.codeViews();
    }

    /** Addresses of the functions that have a 5-byte entry pad (turned into one NOP at boot), sorted. */
    public java.util.SortedSet<Long> entryPads() {
        return java.util.Collections.unmodifiableSortedSet(entryPads);
    }

    /** The host's probes and emulated int3 sites, set by its coordinator at quantum boundaries. */
    public HostProbes probes() {
        return probes;
    }

    /** Each CPU's latest snapshot (published by the CPU at the start of each quantum; read-only for oracles). */
    public dev.quiesce.cpu.CpuSnapshots cpuSnapshots() {
        return snapshots;
    }

    /** First address of the payload area (right after the image). */
    public long payloadAreaBase() {
        return image.end();
    }

    /** The magic return address pushed below an interrupt handler's frame. */
    public long interruptReturn() {
        return trampolineBase() + INTERRUPT_RETURN_OFFSET;
    }

    /** The magic return address pushed below {@code cpu_main}'s frame (it never returns). */
    public long cpuExit() {
        return trampolineBase() + CPU_EXIT_OFFSET;
    }

    private long trampolineBase() {
        return stacksBase + perCpu() * settings.cpus();
    }

    /** The address of a guest symbol, or a clear error naming it. */
    public long address(String symbol) {
        return image.symbols().require(symbol).address();
    }

    /** {@code symbol+0xoff} for a guest address. */
    public String symbolize(long address) {
        return image.symbols().symbolize(address);
    }

    /**
     * Reads {@code length} bytes of CPU {@code cpu}'s own copy of the private per-CPU data (the writable data of the
     * program's private objects); {@link #memory()}{@code .read} there sees CPU 0's.
     */
    public byte[] readPrivate(int cpu, long address, int length) {
        return memory.privateData().read(cpu, address, length);
    }

    /** Writes bytes into CPU {@code cpu}'s own copy of the private per-CPU data only. */
    public void writePrivate(int cpu, long address, byte[] bytes) {
        memory.privateData().write(cpu, address, bytes);
    }

    /** Reads the u64 at {@code symbol} in CPU {@code cpu}'s copy of the private per-CPU data. */
    public long readPrivateU64(int cpu, String symbol) {
        return memory.privateData().readU64(cpu, address(symbol));
    }

    /**
     * {@code symbol+0xoff}, followed by {@code " (file.c:42)"} when the image's objects carry line tables
     * ({@link GuestImage#describe}); the built-in guest has none, so its faults read as before.
     */
    public String describe(long address) {
        return image.describe(address);
    }

    /**
     * The detail of CPU {@code cpu}'s fault on an invalid instruction at {@code pc} when it is the runtime's trap
     * after a message: {@code "assertion failed: …"} for a failed {@code assert()} of user code, the message of
     * {@code abort()} or {@code exit()} ({@link AssertFailures}).
     */
    public java.util.Optional<String> runtimeTrapDetail(int cpu, long pc) {
        return assertFailures.detail(memory, cpu, pc);
    }

    /** One past the top of CPU {@code cpu}'s stack (16-byte aligned). */
    public long stackTop(int cpu) {
        return stacksBase + perCpu() * cpu + settings.cpu().stackSize();
    }

    /** One past the top of CPU {@code cpu}'s interrupt stack (16-byte aligned). */
    public long interruptStackTop(int cpu) {
        return stacksBase + perCpu() * (cpu + 1L);
    }

    /** Guest address of field {@code offset} of {@code percpu[cpu]}. */
    public long percpuField(int cpu, long offset) {
        return percpuBase + percpuStride * cpu + offset;
    }

    private long perCpu() {
        return settings.cpu().stackSize() + settings.cpu().interruptStackSize();
    }

    private void writeWorkload() {
        long w = address("workload");
        int[] fields = settings.workload().asStructFields();
        for (int i = 0; i < fields.length; i++) {
            memory.writeU32(w + GuestLayout.WORKLOAD_FIELDS.get(i), fields[i]);
        }
    }

    /**
     * Writes the per-CPU guest seeds of another run seed ({@code host} is its {@code host/0} stream): a booted host
     * restored to its boot snapshot is reused for another seed (docs/forking.md) as if booted with it; under
     * {@code xmc = errata} the code views draw torn observations from that seed's stream.
     */
    public void reseedGuests(SeedStream host) {
        seedGuests(host);
        if (memory.codeViews() != null) { // the errata stream boot gave the views
            memory.codeViews().reseed(host.child("xmc.errata"));
        }
    }

    private void seedGuests(SeedStream host) {
        for (int cpu = 0; cpu < settings.cpus(); cpu++) {
            long seed = host.child("cpu", cpu).child("guest").seed();
            memory.writeU64(percpuField(cpu, GuestLayout.PERCPU_RNG), seed == 0 ? 1 : seed);
        }
    }

    /**
     * Turns each function's 5-NOP entry pad ({@code patchable_function_entry(5)}) into one 5-byte NOP, as Linux's
     * {@code ftrace_init()} does at boot: a single instruction, so no CPU can ever be stopped inside it and a
     * 5-byte JMP can replace it whole.
     */
    /**
     * Records the functions that start with their architecture's ftrace-style entry pad (PatchableEntries.pad) and,
     * on x86-64, rewrites each pad's five 1-byte NOPs into one 5-byte NOP, as ftrace does at boot; AArch64's two
     * 4-byte NOPs stay as compiled (docs/aarch64.md).
     */
    private void initEntryPads() {
        byte[] pad = dev.quiesce.guest.PatchableEntries.pad(arch);
        for (GuestSymbol f : image.symbols().all()) {
            if (f.type() == GuestSymbol.Type.FUNCTION && f.size() >= pad.length
                    && java.util.Arrays.equals(memory.read(f.address(), pad.length), pad)) {
                if (arch == dev.quiesce.isa.Arch.X86_64) {
                    memory.writeCode(f.address(), X86.idealNop(pad.length));
                }
                entryPads.add(f.address());
            }
        }
    }

    private static long alignUp(long v, long a) {
        return (v + a - 1) & -a;
    }

    @Override
    public void close() {
        memory.close();
    }
}
