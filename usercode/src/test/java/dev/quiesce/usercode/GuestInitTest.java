package dev.quiesce.usercode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code quiesce guest init}: a starting point that builds, and a non-empty folder kept unless --force. */
class GuestInitTest {

    @TempDir
    Path dir;

    @Test
    void theStartingPointBuildsAsAUserGuestWithItsWorkload() throws Exception {
        Path out = dir.resolve("mine");
        assertThat(GuestInit.write(out, false)).hasSize(4).allSatisfy(p -> assertThat(p).isRegularFile());
        UserGuest g = UserGuestBuilder.standard()
                .build(GuestSpec.of(List.of(out.resolve("src")), "my_workload"));
        assertThat(g.userObjects()).extracting(o -> o.name()).containsExactly("workload.o");
        assertThat(Files.readString(out.resolve("fix/workload.c"))).contains("return x * 3;");
        assertThat(Files.readString(out.resolve("README.md"))).contains("## The contract");
    }

    @Test
    void aFolderThatIsNotEmptyIsKeptUnlessForced() throws Exception {
        Files.writeString(dir.resolve("mine.c"), "int mine;\n");
        assertThatThrownBy(() -> GuestInit.write(dir, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not empty: name a new folder, or add --force");
        assertThat(dir.resolve("scenario.conf")).doesNotExist();
        GuestInit.write(dir, true);
        assertThat(dir.resolve("scenario.conf")).isRegularFile();
        assertThat(dir.resolve("mine.c")).hasContent("int mine;");
    }
}
