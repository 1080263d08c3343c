package dev.quiesce.cli.payload;

import dev.quiesce.cli.ArchConverter;
import dev.quiesce.isa.Arch;
import dev.quiesce.emulator.samples.SamplePayloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code quiesce payload samples -o DIR}: writes Xen's regression payloads (docs/xen-livepatch.md §6),
 * re-created for the built-in guest image, as {@code DIR/NAME.livepatch}.
 */
@Command(name = "samples", mixinStandardHelpOptions = true,
        description = "Write Xen's test payloads (xen_hello_world, xen_bye_world, ...) for the base image (of --arch) to DIR.")
final class SamplesCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Directory to write to (created).")
    Path dir;

    @Option(names = "--arch", paramLabel = "ARCH", defaultValue = "x86-64", converter = ArchConverter.class,
            description = "Build them for this host architecture: x86-64 (default) or aarch64.")
    Arch arch;

    @picocli.CommandLine.Mixin
    dev.quiesce.cli.ForceOption outputs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Map<String, byte[]> samples = SamplePayloads.assemble(StackCheck.baseImage(arch));
        outputs.claimDirectory("-o", dir, samples.keySet().stream().map(n -> n + ".livepatch").toArray(String[]::new));
        PrintWriter out = spec.commandLine().getOut();
        for (Map.Entry<String, byte[]> e : samples.entrySet()) {
            Path f = dir.resolve(e.getKey() + ".livepatch");
            dev.quiesce.io.OutputFiles.write(f, e.getValue());
            out.println(f);
        }
        out.flush();
        return 0;
    }
}
