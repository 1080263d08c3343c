package dev.quiesce.cli.host;

import dev.quiesce.cli.ArchConverter;
import dev.quiesce.guest.GuestProgram;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostSettings;
import dev.quiesce.random.SeedStream;
import dev.quiesce.seed.Seed;
import dev.quiesce.cli.TrustOption;
import dev.quiesce.isa.Arch;
import dev.quiesce.payload.envelope.SignaturePolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code quiesce host}: boots one host with the default settings and runs {@code xen-livepatch}
 * commands on it ({@code tools/misc/xen-livepatch.c}; see {@link HostShell}) — from {@code --exec},
 * else one per line from standard input, with a prompt when that is a terminal. The host lives for
 * the session, so payloads stay uploaded and applied from one command to the next. Uploads are checked against
 * the host's signature policy ({@link TrustOption}, docs/trust.md).
 */
@Command(name = "host", mixinStandardHelpOptions = true,
        description = {"Boot a host and live-patch it with xen-livepatch's commands: upload NAME FILE, "
                + "apply NAME [--nodeps], revert NAME, replace NAME, unload NAME, load FILE [--nodeps], list, info, dmesg.",
            "Commands come from --exec \"cmd; cmd\", else from standard input (one per line; a prompt on a terminal).",
            "Each command's status is xen-livepatch's exit code: 0 done, 2 retry (EAGAIN, EBUSY), 1 error; "
                + "the session exits with the last non-zero one, or 0.",
            "A signed envelope is checked at upload: with --trust, only signatures by those keys (-EPERM otherwise) "
                + "and no unsigned payloads (-EACCES); without it, the signature must verify against the key it names."})
public final class HostCommand implements Callable<Integer> {

    private static final String PROMPT = "quiesce-host# ";

    @Option(names = "--exec", paramLabel = "COMMANDS", description = "Commands separated by ';' (no stdin, no prompt).")
    String exec;

    @Option(names = "--payloads", paramLabel = "DIR", description = "Directory that relative payload file names refer to.")
    Path payloads;

    @Mixin
    TrustOption trust;

    @Option(names = "--echo", description = "Print each command as '# command' before its output (a transcript).")
    boolean echo;

    @Option(names = "--arch", paramLabel = "ARCH", defaultValue = "x86-64", converter = ArchConverter.class,
            description = "The host's architecture: x86-64 (default) or aarch64 (the same guest built for AArch64,"
                    + " docs/aarch64.md); payloads must be built for it.")
    Arch arch;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0x5eed",
            description = "Seed of the host's guest streams (decimal or 0x-hex; default ${DEFAULT-VALUE}).")
    String seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SeedStream root = SeedStream.root(parseSeed(seed));
        if (payloads != null && !Files.isDirectory(payloads)) {
            throw new IllegalArgumentException("--payloads " + payloads + " is not a directory: give the directory"
                    + " that relative payload file names refer to");
        }
        SignaturePolicy policy = trust.policy();
        HostSettings settings = HostSettings.defaults().withGuest(GuestProgram.builtIn(arch));
        try (HostMachine machine = HostMachine.boot(settings, root.child("host", 0));
             RegistryHost host = RegistryHost.on(machine, policy)) {
            HostShell shell = new HostShell(host, new PayloadFiles(payloads), out, err);
            if (exec != null) {
                return shell.runScript(exec, echo);
            }
            java.io.Console console = System.console();
        boolean terminal = console != null && console.isTerminal();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
            if (terminal) {
                out.println("host booted (build-id " + host.buildId() + "); 'help' lists the commands, 'quit' ends");
                out.println("signatures: " + policy.describe());
            }
            return shell.runLines(in, terminal ? PROMPT : null, echo);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static long parseSeed(String text) {
        try {
            return Seed.parseValue(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--seed " + e.getMessage(), e);
        }
    }
}
