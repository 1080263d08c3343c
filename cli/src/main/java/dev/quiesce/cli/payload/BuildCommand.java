package dev.quiesce.cli.payload;

import dev.quiesce.io.InputFiles;
import dev.quiesce.cli.Main;
import dev.quiesce.elf.BuildId;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.isa.Arch;
import dev.quiesce.payload.Payload;
import dev.quiesce.payload.PayloadException;
import dev.quiesce.payload.PayloadReader;
import dev.quiesce.payload.build.BuildOptions;
import dev.quiesce.payload.build.BuildResult;
import dev.quiesce.payload.build.NoFunctionalChangeException;
import dev.quiesce.payload.build.PayloadBuilder;
import dev.quiesce.payload.build.UnpatchableChangeException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code quiesce payload build}: compares a base and a patched build function by function and
 * writes a Xen payload replacing what changed (livepatch-build-tools' {@code create-diff-object};
 * exit 3 for "no functional change" as it does). The objects' ELF machine (x86-64 or AArch64) is the payload's; a
 * mix of machines is one error line naming a file of each.
 */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Build a payload from two builds compiled with -ffunction-sections -fdata-sections.",
                "Exit 3: no functional change; exit 2: the change cannot be live-patched (the reasons and their fixes are"
                        + " printed, and nothing is written)."})
final class BuildCommand implements Callable<Integer> {

    /** The largest object file read (a hypervisor's objects are a few megabytes each). */
    private static final long MAX_OBJECT_BYTES = 256L << 20;

    @Option(names = "--base", required = true, split = ",", paramLabel = "DIR_OR_OBJS",
            description = "The running build: a directory (every *.o below it) or object files, comma-separated.")
    List<Path> base;

    @Option(names = "--patched", required = true, split = ",", paramLabel = "DIR_OR_OBJS",
            description = "The fixed build, the same objects by name.")
    List<Path> patched;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Payload name, [A-Za-z0-9_-].")
    String name;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Depends depends;

    @Option(names = "--xen-depends", paramLabel = "BUILD_ID",
            description = "Hypervisor build-id (.livepatch.xen_depends); default with --depends-on-image: the image's.")
    String xenDepends;

    @Option(names = "--expect", description = "Make each function expect the old function's first bytes.")
    boolean expect;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Output file (default: NAME.livepatch).")
    Path output;

    @picocli.CommandLine.Mixin
    dev.quiesce.cli.ForceOption outputs;

    @Spec
    CommandSpec spec;

    /** What the payload applies on top of. */
    static final class Depends {
        @Option(names = "--depends", paramLabel = "BUILD_ID",
                description = "Build-id the payload applies on: the image's or the payload below it in the stack.")
        String buildId;

        @Option(names = "--depends-on-image", paramLabel = "IMAGE",
                description = "Depend on an image's build-id; 'base' is the built-in guest image.")
        String image;
    }

    /**
     * Builds, then writes. Every refusal — the builder's (changed data, a function too small for the JMP, a
     * relocation Xen's loader refuses) and Xen's load checks of the finished bytes — comes before the output is
     * claimed, so a refused build leaves nothing on disk and an existing file as it was; the payload is then written
     * whole or not at all ({@link dev.quiesce.io.OutputFiles}), and the report is printed and flushed only after it.
     */
    @Override
    public Integer call() throws IOException {
        Path file = output != null ? output : Path.of(name + ".livepatch");
        List<ElfFile> baseObjects = objects(base, "--base");
        List<ElfFile> patchedObjects = objects(patched, "--patched");
        // the objects' e_machine chooses the architecture: no option (a mix is refused naming a file of each)
        Arch arch = PayloadBuilder.machineOf(baseObjects, patchedObjects);
        Optional<BuildId> imageId = Optional.empty();
        if (depends.image != null) {
            if (!depends.image.equals("base")) {
                throw new IllegalArgumentException("--depends-on-image '" + depends.image + "': only 'base' (the built-in "
                        + "guest image) is known; give another image's build-id with --depends BUILD_ID");
            }
            imageId = Optional.of(StackCheck.baseImage(arch).buildId());
        }
        BuildId dep = imageId.orElseGet(() -> BuildId.parse(depends.buildId));
        Optional<BuildId> xen = xenDepends != null ? Optional.of(BuildId.parse(xenDepends)) : imageId;
        BuildOptions options = new BuildOptions(name, dep, xen, expect);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BuildResult r;
        Payload loaded;
        try {
            r = PayloadBuilder.build(baseObjects, patchedObjects, options);
            loaded = PayloadReader.read(arch, file.getFileName().toString(), r.payload());
        } catch (NoFunctionalChangeException e) {
            err.println(e.getMessage());
            err.flush();
            return NoFunctionalChangeException.EXIT_CODE;
        } catch (UnpatchableChangeException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return Main.EXIT_ERROR;
        } catch (PayloadException e) {
            err.println("error: the built payload fails Xen's load checks (-" + e.errno().name() + ": "
                    + e.getMessage().strip().replaceAll("\\s*\\R\\s*", "; ") + "); nothing was written — this is a"
                    + " builder fault: report it with the two builds");
            err.flush();
            return Main.EXIT_ERROR;
        }
        outputs.claimFile("-o", file);
        dev.quiesce.io.OutputFiles.write(file, r.payload());
        out.print(r.report().endsWith("\n") || r.report().isEmpty() ? r.report() : r.report() + "\n");
        out.println("wrote " + file + ": " + r.changedFunctions().size() + " changed, " + r.newFunctions().size()
                + " new function(s), build-id " + loaded.buildId().hex());
        if (xen.isEmpty()) {
            out.println("note: no --xen-depends: Xen refuses to upload a payload without .livepatch.xen_depends");
        }
        out.flush();
        return 0;
    }

    /** The objects named by {@code paths}: files as given, directories by every {@code *.o} below them. */
    static List<ElfFile> objects(List<Path> paths, String option) throws IOException {
        List<ElfFile> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> found;
                try (Stream<Path> s = Files.walk(p)) {
                    found = s.filter(f -> f.getFileName().toString().endsWith(".o") && Files.isRegularFile(f)).sorted().toList();
                }
                if (found.isEmpty()) {
                    throw new IllegalArgumentException(option + " " + p + " holds no *.o files; compile the build first "
                            + "(with -ffunction-sections -fdata-sections)");
                }
                for (Path f : found) {
                    out.add(ElfFile.parse(p.relativize(f).toString(), InputFiles.read(f, MAX_OBJECT_BYTES, "object file")));
                }
            } else if (Files.isRegularFile(p)) {
                out.add(ElfFile.parse(p.getFileName().toString(), InputFiles.read(p, MAX_OBJECT_BYTES, "object file")));
            } else {
                throw new IllegalArgumentException(option + " " + p + " does not exist");
            }
        }
        return out;
    }
}
