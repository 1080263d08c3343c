package dev.quiesce.cli;

import dev.quiesce.sim.bench.EmulationBenchmark;
import dev.quiesce.sim.bench.MemoryBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quiesce bench}: macro benchmarks that print a ratio against a baseline measured in the same run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Macro benchmarks.",
        subcommands = {BenchCommand.Emulation.class, BenchCommand.Memory.class, BenchCommand.Apply.class,
            BenchCommand.Fleet.class, BenchCommand.HuntBench.class,
            BenchCommand.SweepBench.class})
final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "sweep", mixinStandardHelpOptions = true,
            description = "Applies/s of the straggler sweep (barrier.timeout x retry), forked at the hypercall on reused"
                    + " hosts vs every run booted; and their ratio, measured in the same run.")
    static final class SweepBench implements Runnable {
        @Option(names = "--seeds", defaultValue = "20", description = "Seeds per point (default: ${DEFAULT-VALUE}).")
        int seeds;

        @Option(names = "--threads", defaultValue = "2", description = "Runs in parallel (default: ${DEFAULT-VALUE}).")
        int threads;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            if (seeds < 1 || threads < 1) {
                throw new IllegalArgumentException("--seeds and --threads must be at least 1");
            }
            dev.quiesce.sim.bench.SweepBenchmark.run(seeds, threads, spec.commandLine().getOut());
        }
    }

    @Command(name = "hunt", mixinStandardHelpOptions = true,
            description = "Executions/s of `hunt nmi-in-patched-function` (targeted and pct), forked from snapshots vs"
                    + " --no-fork; medians over the hunt seeds and their ratio, measured in the same run.")
    static final class HuntBench implements Runnable {
        @Option(names = "--seeds", defaultValue = "10", description = "Hunt seeds per strategy (default: ${DEFAULT-VALUE}).")
        int seeds;

        @Option(names = "--budget", defaultValue = "200", description = "Executions per hunt (default: ${DEFAULT-VALUE}).")
        int budget;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            if (seeds < 1 || budget < 2) {
                throw new IllegalArgumentException("--seeds must be at least 1 and --budget at least 2");
            }
            dev.quiesce.sim.bench.HuntBenchmark.run(seeds, budget, spec.commandLine().getOut());
        }
    }

    @Command(name = "emulation", mixinStandardHelpOptions = true,
            description = "MIPS of raw counted Unicorn runs vs. the host lockstep (1 and 8 CPUs) for each Unicorn library and counting scheme, per-instruction counting on 2.0 as the baseline; prints the ratios, and the parallel lockstep's (8 CPUs on 2 threads"
                    + " vs 1 CPU) beside this machine's ceiling for it from raw engines. With"
                    + " --guest, also your own code's workload on 8 CPUs and its ratio to the built-in guest.")
    static final class Emulation implements Runnable {
        @Option(names = "--guest", paramLabel = "SCENARIO_OR_DIR", description = "A scenario file with a guest { … }"
                + " block (or a folder holding scenario.conf, as `quiesce guest init` writes): its workload is measured"
                + " too, in the same run.")
        java.nio.file.Path guest;

        @Option(names = "--instructions", defaultValue = "200000000",
                description = "Guest instructions per CPU per measurement (default: ${DEFAULT-VALUE}).")
        long instructions;

        @Option(names = "--repeat", defaultValue = "3", description = "Measurements of each mode; the best counts (default: ${DEFAULT-VALUE}).")
        int repeat;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            if (guest == null) {
                EmulationBenchmark.run(instructions, repeat, spec.commandLine().getOut());
                return;
            }
            java.nio.file.Path file = java.nio.file.Files.isDirectory(guest) ? guest.resolve("scenario.conf") : guest;
            if (!java.nio.file.Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--guest " + guest + ": no such scenario file; give a scenario with a"
                        + " guest { … } block, or a folder with scenario.conf (quiesce guest init DIR writes one)");
            }
            dev.quiesce.scenario.Scenario s = dev.quiesce.scenario.ScenarioLoader.load(file.toString(), java.util.List.of());
            if (s.guest().isEmpty()) {
                throw new IllegalArgumentException("--guest " + file + ": the scenario has no guest { … } block; name your"
                        + " code there (docs/own-code.md)");
            }
            EmulationBenchmark.run(instructions, repeat, s.host(), s.name(), spec.commandLine().getOut());
        }
    }

    @Command(name = "memory", mixinStandardHelpOptions = true,
            description = "Resident memory per emulated CPU (target <= 3 MiB).")
    static final class Memory implements Runnable {
        @Option(names = "--cpus", defaultValue = "256", description = "Emulated CPUs (default: ${DEFAULT-VALUE}).")
        int cpus;

        @Option(names = "--xmc", defaultValue = "coherent", description = "Cross-modifying-code model: coherent"
                + " (default), serialize, errata or arm; all but coherent also measure every text page pending on every CPU.")
        String xmc;

        @Option(names = "--arch", defaultValue = "x86-64", converter = ArchConverter.class, description = "The CPUs'"
                + " architecture: x86-64 (default) or aarch64 (the built-in guest compiled for AArch64).")
        dev.quiesce.isa.Arch arch;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            MemoryBenchmark.run(cpus, Xmc.parse(spec, xmc), arch, spec.commandLine().getOut());
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "One apply of the 3-function payload per protocol on emulated CPUs: wall time per apply,"
                    + " simulated CPU-us per wall second, and the oracles' overhead.")
    static final class Apply implements Runnable {
        @Option(names = "--cpus", defaultValue = "64", description = "Emulated CPUs (default: ${DEFAULT-VALUE}).")
        int cpus;

        @Option(names = "--repeat", defaultValue = "3", description = "Runs per row; the best counts (default: ${DEFAULT-VALUE}).")
        int repeat;

        @Option(names = "--protocols", split = ",", description = "Protocols to measure (default: all five).")
        java.util.List<String> protocols = dev.quiesce.coordinator.protocol.Protocols.names();

        @Option(names = "--xmc", split = ",", defaultValue = "coherent", description = "Cross-modifying-code models,"
                + " each measured in the same run: coherent (default), serialize, errata, arm.")
        java.util.List<String> xmc;

        @Option(names = "--int3-handler", split = ",", defaultValue = "java", description = "Who handles text_poke"
                + " int3s, each measured in the same run: java (default: emulated by the simulator) or guest"
                + " (the guest's poke_int3_handler; docs/guest-handlers.md).")
        java.util.List<String> int3Handler;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            java.util.List<dev.quiesce.emulator.memory.XmcModel> models = new java.util.ArrayList<>();
            for (String m : xmc) {
                models.add(Xmc.parse(spec, m));
            }
            java.util.List<dev.quiesce.host.Int3Handler> handlers = new java.util.ArrayList<>();
            for (String h : int3Handler) {
                if (!dev.quiesce.host.Int3Handler.names().contains(h)) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "unknown --int3-handler '"
                            + h + "'; legal: " + String.join(", ", dev.quiesce.host.Int3Handler.names()));
                }
                handlers.add(dev.quiesce.host.Int3Handler.parse(h));
            }
            dev.quiesce.sim.bench.ApplyBenchmark.run(cpus, repeat, protocols, models, handlers,
                    spec.commandLine().getOut());
        }
    }

    @Command(name = "fleet", mixinStandardHelpOptions = true,
            description = "Modelled fleet rollouts (no emulated canary) of each --hosts size in one run: wall time,"
                    + " host applies per second, peak heap, the 10k/1k wall ratio (target <= 11) and the targets"
                    + " (10,000 x 64 CPUs <= 60 s, 1,000,000 CPUs <= 120 s).")
    static final class Fleet implements Runnable {
        @Option(names = "--hosts", split = ",", defaultValue = "1000,10000",
                description = "Fleet sizes, comma-separated, e.g. 1000,10000,15625 (default: ${DEFAULT-VALUE}).")
        java.util.List<Integer> hosts;

        @Option(names = "--cpus", defaultValue = "64", description = "CPUs per host (default: ${DEFAULT-VALUE}).")
        int cpus;

        @Option(names = "--model", defaultValue = "xen-default",
                description = "CPU model of every host, a model of the scenario (default: ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--scenario", defaultValue = "fleet-10k",
                description = "Fleet scenario giving the protocol, retry, models and rollout policy (default: ${DEFAULT-VALUE}).")
        String scenario;

        @Option(names = "--threads", description = "Worker threads (default: the available processors).")
        Integer threads;

        @Option(names = "--warmup", defaultValue = "3000", description = "Hosts of an unreported warm-up rollout (default: ${DEFAULT-VALUE}).")
        int warmup;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            dev.quiesce.fleetsim.FleetBenchmark.run(scenario, hosts, cpus, model,
                    threads == null ? Runtime.getRuntime().availableProcessors() : threads, warmup,
                    spec.commandLine().getOut());
        }
    }

    /** {@code --xmc}: a model name, or a usage error listing the legal ones. */
    private static final class Xmc {
        static dev.quiesce.emulator.memory.XmcModel parse(picocli.CommandLine.Model.CommandSpec spec, String name) {
            try {
                return dev.quiesce.emulator.memory.XmcModel.parse(name);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }
}
