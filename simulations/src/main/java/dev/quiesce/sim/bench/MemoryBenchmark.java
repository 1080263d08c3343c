package dev.quiesce.sim.bench;

import dev.quiesce.cpu.Cpu;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.HostInterrupts;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostSettings;
import dev.quiesce.random.SeedStream;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.emulator.memory.Region;
import dev.quiesce.emulator.memory.XmcModel;
import dev.quiesce.emulator.unicorn.ProcessMemory;
import dev.quiesce.emulator.unicorn.UnicornEngines;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The memory macro benchmark: resident set growth per emulated CPU when a host of N CPUs has booted
 * and every CPU has run (translated its working set). Target: at most 3 MiB per CPU.
 */
public final class MemoryBenchmark {

    private MemoryBenchmark() {
    }

    /** Boots {@code cpus} CPUs, runs each for 20us of virtual time, prints resident MiB per CPU. */
    public static void run(int cpus, PrintWriter out) {
        run(cpus, XmcModel.COHERENT, out);
    }

    /**
     * As {@link #run(int, PrintWriter)} under {@code xmc}; under a stale-fetch model it then stores into every text
     * page with no CPU serialising, so each CPU holds a private copy of every text page (the worst case of pending
     * stale code), and prints resident MiB per CPU again.
     */
    public static void run(int cpus, XmcModel xmc, PrintWriter out) {
        run(cpus, xmc, dev.quiesce.isa.Arch.X86_64, out);
    }

    /** As {@link #run(int, XmcModel, PrintWriter)} with CPUs of {@code arch} running the built-in guest built for it. */
    public static void run(int cpus, XmcModel xmc, dev.quiesce.isa.Arch arch, PrintWriter out) {
        UnicornEngines.librarySource();
        HostSettings settings = HostSettings.defaults().withCpus(cpus).withXmc(xmc)
                .withGuest(dev.quiesce.guest.GuestProgram.builtIn(arch));
        SeedStream host = SeedStream.root(0x5eedL).child("host", 0);
        try (HostMachine m = HostMachine.boot(settings, host)) {
            System.gc();
            long before = ProcessMemory.residentBytes();
            List<Cpu> list = new ArrayList<>();
            try {
                List<CpuEvent> sink = new ArrayList<>();
                for (int i = 0; i < cpus; i++) {
                    Cpu c = new Cpu(i, m, HostInterrupts.schedule(settings.interrupts(), host.child("cpu", i)));
                    list.add(c);
                    c.runUntil(20_000, sink);
                    sink.clear();
                }
                System.gc();
                long after = ProcessMemory.residentBytes();
                double perCpu = (after - before) / (double) cpus / (1 << 20);
                out.printf(Locale.ROOT, "memory benchmark: %d emulated %s CPUs, each ran 20us of virtual time%n", cpus,
                        arch.label());
                out.printf(Locale.ROOT, "transparent huge pages disabled for the process: %s%n",
                        ProcessMemory.transparentHugePagesDisabled());
                out.printf(Locale.ROOT, "resident before CPUs: %.1f MiB, after: %.1f MiB%n",
                        before / 1048576.0, after / 1048576.0);
                out.printf(Locale.ROOT, "resident per emulated CPU: %.2f MiB (target <= 3): %s%n", perCpu,
                        perCpu <= 3.0 ? "met" : "NOT met");
                if (xmc.staleFetch()) {
                    Region text = m.image().region("text").orElseThrow();
                    for (long p = text.address(); p < text.end(); p += GuestMemory.PAGE_SIZE) {
                        m.memory().writeCode(p, m.memory().read(p, 1)); // a code store no CPU has observed
                    }
                    System.gc();
                    long pending = ProcessMemory.residentBytes();
                    long pages = m.codeViews().privatePages();
                    out.printf(Locale.ROOT, "xmc = %s: every text page pending on every CPU: %d private pages"
                            + " (%d per CPU), resident %.1f MiB: +%.2f MiB per CPU (bound 1.5)%n", xmc.label(), pages,
                            pages / cpus, pending / 1048576.0, (pending - after) / (double) cpus / (1 << 20));
                }
                out.flush();
            } finally {
                list.forEach(Cpu::close);
            }
        }
    }
}
