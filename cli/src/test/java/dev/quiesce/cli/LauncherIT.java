package dev.quiesce.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code quiesce} launcher as a user runs it from a folder of their own: relative paths in its arguments are the
 * caller's, and it finds its repository when invoked by a relative path or through symlinks. An integration test
 * (failsafe, after {@code package}): it runs the launcher with {@code QUIESCE_NO_BUILD=1} on the jar this build has
 * just packaged, so no Maven build starts inside this one.
 */
class LauncherIT {

    /** The launcher at the repository's root (system property set by this module's pom). */
    private static final Path LAUNCHER = Path.of(System.getProperty("quiesce.launcher")).toAbsolutePath().normalize();

    private record Result(int exit, String output) {
    }

    @Test
    void payloadFilesNamedRelativelyAreWrittenAndReadInTheCallersFolder(@TempDir Path caller) throws Exception {
        Result samples = launch(caller, Map.of(), LAUNCHER.toString(), "payload", "samples", "-o", "rel/dir");
        assertThat(samples.exit()).as(samples.output()).isZero();
        assertThat(caller.resolve("rel/dir/xen_hello_world.livepatch")).isRegularFile();
        assertThat(LAUNCHER.resolveSibling("rel")).doesNotExist();

        Result inspect = launch(caller, Map.of(), LAUNCHER.toString(), "payload", "inspect",
                "rel/dir/xen_hello_world.livepatch");
        assertThat(inspect.exit()).as(inspect.output()).isZero();
        assertThat(inspect.output()).contains("xen_hello_world");
    }

    @Test
    void launcherInvokedByARelativePathFromAnotherFolderWritesItsJsonThere(@TempDir Path caller) throws Exception {
        String relative = caller.relativize(LAUNCHER).toString(); // ../../…/quiesce
        assertThat(relative).startsWith("..");

        Result run = launch(caller, Map.of(), relative, "run", "--duration", "300us", "--json", "out.json");

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("trace-hash=");
        assertThat(Files.readString(caller.resolve("out.json"))).contains("\"seed\"");
        assertThat(LAUNCHER.resolveSibling("out.json")).doesNotExist();
    }

    @Test
    void launcherReachedThroughARelativeSymlinkToAnAbsoluteOneOnThePathFindsItsRepository(@TempDir Path home)
            throws Exception {
        // bin/quiesce -> ../links/quiesce (relative) -> the launcher (absolute), as `ln -s` in ~/bin would make it
        Path links = Files.createDirectories(home.resolve("links"));
        Files.createSymbolicLink(links.resolve("quiesce"), LAUNCHER);
        Path bin = Files.createDirectories(home.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("quiesce"), Path.of("../links/quiesce"));
        Path work = Files.createDirectories(home.resolve("work"));

        // a shell looks `quiesce` up on its PATH, as a user's shell would
        Result run = launch(work, Map.of("PATH", bin + ":" + System.getenv("PATH")), "bash", "-c",
                "quiesce \"$@\"", "bash", "run", "--duration", "300us", "--json", "out.json");
        Files.delete(links.resolve("quiesce")); // only the link: @TempDir's clean-up would warn about its target

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(Files.readString(work.resolve("out.json"))).contains("\"seed\"");
        assertThat(bin.resolve("out.json")).doesNotExist();
    }

    /** Runs a command in {@code dir} with the launcher pointed at this JDK and this build's jar; output merged. */
    private static Result launch(Path dir, Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("launcher", ".log");
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("QUIESCE_NO_BUILD", "1");
        pb.environment().putAll(env);
        Process p = pb.start();
        boolean finished = p.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        Files.delete(log);
        assertThat(finished).as("%s finished within 120 s: %s", String.join(" ", command), output).isTrue();
        return new Result(p.exitValue(), output);
    }
}
