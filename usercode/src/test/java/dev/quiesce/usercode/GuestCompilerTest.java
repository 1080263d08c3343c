package dev.quiesce.usercode;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.guest.GuestObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** gcc as a subprocess: objects per source, gcc's own errors, the missing-gcc line, the cache. */
class GuestCompilerTest {

    @TempDir
    Path dir;

    @Test
    void aFolderCompilesToOneObjectPerSourceInPathOrder() {
        CFiles.write(dir, "b.c", "int b(void) { return 2; }\n");
        CFiles.write(dir, "a.c", "int a(void) { return 1; }\n");
        CFiles.write(dir, "sub/c.c", "int c(void) { return 3; }\n");
        CFiles.write(dir, "notes.txt", "not C\n");
        List<GuestObject> objects = new GuestCompiler().compile(Sources.of(List.of(dir), "sources"),
                CompileOptions.none());
        assertThat(objects).extracting(GuestObject::name).containsExactly("a.o", "b.o", "sub/c.o");
        assertThat(ElfFile.parse("sub/c.o", objects.get(2).bytes()).symbols()).anyMatch(s -> s.name().equals("c"));
    }

    @Test
    void aCompileErrorCarriesGccsFileAndLine() {
        Path bad = CFiles.write(dir, "bad.c", "int f(void)\n{\n    return missing_variable;\n}\n");
        assertThatThrownBy(() -> new GuestCompiler().compile(Sources.of(List.of(bad), "sources"),
                CompileOptions.none()))
                .isInstanceOf(CompileException.class)
                .hasMessageStartingWith("gcc could not compile " + bad + ": " + bad + ":3:12: error: 'missing_variable'"
                        + " undeclared");
    }

    @Test
    void aMissingGccIsTheBuildScriptsOneLineError() {
        CFiles.write(dir, "a.c", "int a(void) { return 1; }\n");
        assertThatThrownBy(() -> new GuestCompiler("quiesce-no-such-gcc").compile(Sources.of(List.of(dir), "s"),
                CompileOptions.none()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("quiesce-no-such-gcc not found. The guest image is compiled with gcc: install it"
                        + " (Debian/Ubuntu: apt-get install -y gcc; macOS: brew install x86_64-elf-gcc and put it first"
                        + " on PATH as gcc).");
    }

    @Test
    void theSameTreeInTwoFoldersCompilesToTheSameBytesAndNamesItsFileRelatively() throws Exception {
        String src = "const char *where(void) { return __FILE__; }\n";
        CFiles.write(dir.resolve("one"), "w.c", src);
        CFiles.write(dir.resolve("two/deeper"), "w.c", src);
        byte[] one = compile(dir.resolve("one"), List.of("X=1")).getFirst().bytes();
        byte[] two = compile(dir.resolve("two/deeper"), List.of("X=1")).getFirst().bytes();
        assertThat(two).isEqualTo(one);
        String text = new String(one, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("w.c\0").doesNotContain("./w.c").doesNotContain(dir.toString());
    }

    @Test
    void aSecondCompileOfTheSameBytesRunsNoGccButAChangedHeaderDoes() throws Exception {
        CFiles.write(dir, "h.h", "#define V 1\n");
        CFiles.write(dir, "m.c", "#include \"h.h\"\nint v(void) { return V; }\n");
        byte[] first = compile(dir, List.of()).getFirst().bytes();
        long runs = GuestCompiler.gccRuns();
        assertThat(compile(dir, List.of()).getFirst().bytes()).isEqualTo(first);
        assertThat(GuestCompiler.gccRuns()).isEqualTo(runs);
        Files.writeString(dir.resolve("h.h"), "#define V 2\n");
        assertThat(compile(dir, List.of()).getFirst().bytes()).isNotEqualTo(first);
        assertThat(GuestCompiler.gccRuns()).isEqualTo(runs + 1);
        assertThat(compile(dir, List.of("EXTRA")).getFirst().bytes()).isNotNull();
        assertThat(GuestCompiler.gccRuns()).isEqualTo(runs + 2);
    }

    @Test
    void systemHeadersAreFoundThroughIsystem() {
        CFiles.write(dir, "u.c", "#include <quiesce_test.h>\nint u(void) { return QUIESCE_TEST_VALUE; }\n");
        var o = new CompileOptions(List.of(), List.of(), Map.of("quiesce_test.h",
                "#define QUIESCE_TEST_VALUE 42\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(new GuestCompiler().compile(Sources.of(List.of(dir), "s"), o)).hasSize(1);
    }

    @Test
    void badSourceListsAreRefusedWithWhatToDo() {
        CFiles.write(dir, "x.h", "\n");
        assertThatThrownBy(() -> Sources.of(List.of(dir), "guest.sources"))
                .hasMessageContaining("guest.sources folder").hasMessageContaining("holds no .c file");
        assertThatThrownBy(() -> Sources.of(List.of(dir.resolve("x.h")), "guest.sources"))
                .hasMessageContaining("is not a .c file");
        assertThatThrownBy(() -> Sources.of(List.of(dir.resolve("nope.c")), "guest.sources"))
                .hasMessageContaining("does not exist");
        CFiles.write(dir, "a/x.c", "int x1;\n");
        CFiles.write(dir, "b/x.c", "int x2;\n");
        assertThatThrownBy(() -> Sources.of(List.of(dir.resolve("a/x.c"), dir.resolve("b/x.c")), "guest.sources"))
                .hasMessageContaining("would both compile to x.o");
        assertThatThrownBy(() -> new CompileOptions(List.of("-fno-pie"), List.of(), Map.of()))
                .hasMessageContaining("is not NAME or NAME=VALUE");
    }

    private static List<GuestObject> compile(Path folder, List<String> defines) {
        return new GuestCompiler().compile(Sources.of(List.of(folder), "s"),
                new CompileOptions(defines, List.of(), Map.of()));
    }
}
