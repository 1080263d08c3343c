package dev.quiesce.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Adding a case" (docs/history.md) as a user does it outside quiesce: a variant class compiled against quiesce's
 * classes into a plug-in directory (with its services file), and a case file naming it with {@code plugins = […]};
 * the corpus reads the case and its documented seed holds — buggy caught by the oracle, replayed, fixed clean.
 */
class ACaseMayBringItsVariantAsAPluginTest {

    private static final String VARIANT = """
            package user.cases;

            import dev.quiesce.coordinator.protocol.ProtocolContext;
            import dev.quiesce.coordinator.protocol.ProtocolSpec;
            import dev.quiesce.coordinator.protocol.XenRendezvous;
            import dev.quiesce.host.QuantumHook;

            @ProtocolSpec(name = "user.never-unmasks", description = "a user's case: no ending unmasks NMIs")
            public final class NeverUnmasks extends XenRendezvous {
                public NeverUnmasks(ProtocolContext ctx) { super(ctx); }
                @Override protected void leave(long now, Ending e, QuantumHook.Controls out) { releaseAll(out); }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aCaseWhoseBuggyVariantIsAPluginIsReadAndHoldsAtItsSeed() throws IOException {
        Path plugin = compile();
        Path cases = Files.createDirectories(dir.resolve("cases"));
        Files.writeString(cases.resolve("user-never-unmasks.conf"), """
                name = user-never-unmasks
                duration = 2ms
                host { cpus = 2, interrupts { nmi-rate-per-ms = 20 } }
                plugins = ["%s"]
                protocol = user.never-unmasks
                oracles = [SideStateRestored]
                payloads = [xen_hello_world]
                actions = [ { at = 50us, action = apply, payload = xen_hello_world } ]
                history {
                  project = "Nowhere"
                  commit = "0123456789ab"
                  date = "2026-12"
                  title = "unmask NMIs on every ending"
                  story = "The done path forgot to reinstall the NMI handler."
                  simplifies = "Everything."
                  oracle = SideStateRestored
                  seed = "0x5eed"
                  fixed = [ "protocol=xen.rendezvous" ]
                  hunt { strategy = random, budget = 5 }
                }
                """.formatted(plugin.toString().replace("\\", "\\\\")));
        HistoryCase c = Corpus.in(cases).select(List.of("user-never-unmasks")).getFirst();
        assertThat(c.hunt().sets()).isEmpty();
        SeedCheck s = SeedCheck.run(c, c.seed());
        assertThat(s.violation()).isNotNull();
        assertThat(s.violation().message()).contains("NMIs are still masked");
        assertThat(s.replay()).isEmpty();
        assertThat(s.fixedClean()).isTrue();
        assertThat(s.buggy().scenario().replayLine()).contains("--plugins '" + plugin + "'");
    }

    /** The variant compiled into {@code dir/plugin} (a directory of classes with its services file). */
    private Path compile() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/user/cases")).resolve("NeverUnmasks.java");
        Files.writeString(src, VARIANT);
        Path classes = Files.createDirectories(dir.resolve("plugin"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-d", classes.toString(), "-cp",
                System.getProperty("java.class.path"), "-proc:none", src.toString());
        assertThat(rc).as("javac: %s", diagnostics).isZero();
        Path services = classes.resolve("META-INF/services/dev.quiesce.coordinator.protocol.RendezvousProtocol");
        Files.createDirectories(services.getParent());
        Files.writeString(services, "user.cases.NeverUnmasks\n");
        return classes;
    }
}
