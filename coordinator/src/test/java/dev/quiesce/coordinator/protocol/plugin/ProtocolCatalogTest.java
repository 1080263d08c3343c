package dev.quiesce.coordinator.protocol.plugin;

import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.Protocols;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The catalog over plug-in roots made of this module's test classes: a directory whose services file names them
 * (the classes resolve through the parent loader).
 */
class ProtocolCatalogTest {

    private static Path root(Path dir, String... classes) throws IOException {
        Path services = dir.resolve(PluginLoader.SERVICES);
        Files.createDirectories(services.getParent());
        Files.writeString(services, "# test plug-ins\n" + String.join("\n", classes) + "\n");
        return dir;
    }

    @Test
    void pluginsFollowTheBuiltInsSortedByName_andAreCreatedByName(@TempDir Path dir) throws IOException {
        Path r = root(dir, XenVariantsTest.FirstArrivalPatches.class.getName(),
                XenVariantsTest.AbortForgetsUnmask.class.getName());
        ProtocolCatalog c = ProtocolCatalog.of(List.of(r.toString()));
        List<String> builtIns = Protocols.names();
        assertThat(c.names()).startsWith(builtIns.toArray(String[]::new))
                .endsWith("test.abort-forgets-unmask", "test.first-arrival-patches");
        assertThat(c.create("test.abort-forgets-unmask", ProtocolContext.detached(2)).name())
                .isEqualTo("test.abort-forgets-unmask");
        assertThat(ProtocolCatalog.of(List.of(r.toString()))).isSameAs(c);
    }

    @Test
    void anUnknownNameListsTheLegalOnesOnOneLine() {
        assertThatThrownBy(() -> ProtocolCatalog.of(List.of()).create("nope", ProtocolContext.detached(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no protocol named 'nope'; legal: " + String.join(", ", Protocols.names()));
    }

    @Test
    void aNameDefinedTwiceIsRefusedNamingBothSources(@TempDir Path a, @TempDir Path b) throws IOException {
        String cls = XenVariantsTest.AbortForgetsUnmask.class.getName();
        assertThatThrownBy(() -> ProtocolCatalog.of(List.of(root(a, cls).toString(), root(b, cls).toString())))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("protocol name 'test.abort-forgets-unmask' is defined twice")
                .hasMessageContaining(cls + " in " + a).hasMessageContaining(cls + " in " + b);
    }

    @Test
    void aPluginReusingABuiltInNameIsRefused(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("x"));
        assertThatThrownBy(() -> ProtocolCatalog.of(List.of(root(dir, Shadow.class.getName()).toString())))
                .hasMessageContaining("'xen.rendezvous' is defined twice: by built-in "
                        + "dev.quiesce.coordinator.protocol.XenRendezvous and by " + Shadow.class.getName());
    }

    /** A plug-in that takes a built-in's name. */
    @dev.quiesce.coordinator.protocol.ProtocolSpec(name = "xen.rendezvous")
    public static final class Shadow extends dev.quiesce.coordinator.protocol.XenRendezvous {
        public Shadow(ProtocolContext ctx) {
            super(ctx);
        }
    }

    @Test
    void aMissingPathANonJarAndAClassThatDoesNotLoadAreErrorsNamingThem(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> ProtocolCatalog.of(List.of(dir.resolve("none.jar").toString())))
                .hasMessageContaining("plug-in " + dir.resolve("none.jar") + " does not exist");
        Path text = Files.writeString(dir.resolve("text.jar"), "not a zip");
        assertThatThrownBy(() -> ProtocolCatalog.of(List.of(text.toString())))
                .hasMessageContaining("plug-in " + text + " is not a jar");
        Path missing = root(dir.resolve("r"), "com.example.Missing");
        assertThatThrownBy(() -> ProtocolCatalog.of(List.of(missing.toString())))
                .hasMessageContaining("plug-in class com.example.Missing in " + missing + " failed to load");
        Path notAProtocol = root(dir.resolve("s"), String.class.getName());
        assertThatThrownBy(() -> ProtocolCatalog.of(List.of(notAProtocol.toString())))
                .hasMessageContaining("is not a public concrete class implementing");
    }
}
