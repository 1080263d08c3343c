package dev.quiesce.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiesce.elf.BuildId;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfObject;
import dev.quiesce.elf.ElfSection;
import dev.quiesce.elf.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PayloadWriter}: what it writes reads back, and binutils and gcc agree with its layout. */
class PayloadWriterTest {

    @TempDir
    Path dir;

    @Test
    void write_thenRead_givesTheSameFunctionsDependsHooksAndModinfo() {
        Payload p = PayloadReader.read("p.livepatch", PayloadSamples.payload());
        assertThat(p.functions()).containsExactly(
                new PatchFunction("do_foo", 0, "new_foo", 16, 24, 2, Expectation.of(new byte[] {0x55, 0x48})),
                new PatchFunction("do_bar", 0, null, 3, 8, 2, Expectation.none()));
        assertThat(p.depends()).isEqualTo(PayloadSamples.IMAGE);
        assertThat(p.xenDepends()).contains(PayloadSamples.XEN);
        assertThat(p.hooks()).containsExactly(Map.entry(HookKind.LOAD, List.of("hook_a", "hook_b")),
                Map.entry(HookKind.PREAPPLY, List.of("pre")));
        assertThat(p.modinfo()).containsExactly("LIVEPATCH_RULEZ", "version=1");
    }

    @Test
    void write_isDeterministic_andItsBuildIdIsTheSha1OfTheBytesWithTheDescriptorZeroed() {
        byte[] a = PayloadSamples.payload();
        byte[] b = PayloadSamples.payload();
        assertThat(b).isEqualTo(a);
        assertBuildIdIsSha1OfZeroedBytes(a);
        assertThat(PayloadSamples.helloPayload()).isEqualTo(PayloadSamples.helloPayload());
        assertBuildIdIsSha1OfZeroedBytes(PayloadSamples.helloPayload());
    }

    @Test
    void write_roundTripsByteForByteThroughElfObject() {
        for (byte[] payload : List.of(PayloadSamples.payload(), PayloadSamples.helloPayload(), PayloadSamples.hooksOnly())) {
            assertThat(ElfObject.from(ElfFile.parse("p", payload)).write()).isEqualTo(payload);
        }
    }

    @Test
    void write_showsItsNotesAndRelocationsToReadelf() throws IOException {
        byte[] bytes = PayloadSamples.payload();
        Path file = dir.resolve("p.livepatch");
        Files.write(file, bytes);
        Payload p = PayloadReader.read("p.livepatch", bytes);
        String notes = Tools.run(dir, "readelf", "-nW", file.toString());
        assertThat(notes).contains("Displaying notes found in: .note.gnu.build-id", "Build ID: " + p.buildId().hex());
        assertThat(hexDump(".livepatch.depends", file)).isEqualTo("040000001400000003000000474e5500" + PayloadSamples.IMAGE.hex());
        assertThat(hexDump(".livepatch.xen_depends", file)).isEqualTo("040000001400000003000000474e5500" + PayloadSamples.XEN.hex());
        String relocations = Tools.run(dir, "readelf", "-rW", file.toString());
        assertThat(relocations).contains("Relocation section '.rela.livepatch.funcs'",
                "Relocation section '.rela.livepatch.hooks.load'", "Relocation section '.rela.livepatch.hooks.preapply'");
        assertThat(relocations.lines().filter(l -> l.contains("R_X86_64_64")).map(l -> l.replaceAll("\\s+", " ").trim()))
                .anySatisfy(l -> assertThat(l).matches("0+8 .* R_X86_64_64 .* new_foo \\+ 0"))
                .anySatisfy(l -> assertThat(l).matches("0+0 .* R_X86_64_64 .* \\.livepatch\\.strings \\+ 0"))
                .anySatisfy(l -> assertThat(l).matches("0+68 .* R_X86_64_64 .* \\.livepatch\\.strings \\+ 7"))
                .anySatisfy(l -> assertThat(l).matches("0+8 .* R_X86_64_64 .* hook_b \\+ 0"));
        String sections = Tools.run(dir, "readelf", "-SW", file.toString());
        assertThat(sections.lines().filter(l -> l.contains(" .livepatch.funcs ")).findFirst().orElseThrow()
                .replaceAll("\\s+", " ")).matches(".* PROGBITS 0+ [0-9a-f]+ 0000d0 00 A 0 0 8");
    }

    @Test
    void write_isAcceptedByGnuLdRelocatable_andTheLinkedPayloadReadsTheSame() throws IOException {
        byte[] bytes = PayloadSamples.payload();
        Files.write(dir.resolve("p.o"), bytes);
        Tools.run(dir, "ld", "-r", "-o", "linked.o", "p.o");
        Payload original = PayloadReader.read("p.o", bytes);
        Payload linked = PayloadReader.read("linked.o", Tools.read(dir.resolve("linked.o")));
        assertThat(linked.functions()).isEqualTo(original.functions());
        assertThat(linked.hooks()).isEqualTo(original.hooks());
        assertThat(linked.modinfo()).isEqualTo(original.modinfo());
        assertThat(List.of(linked.buildId(), linked.depends(), linked.xenDepends().orElseThrow()))
                .containsExactly(original.buildId(), original.depends(), original.xenDepends().orElseThrow());
    }

    @Test
    void finish_readsAPayloadCompiledFromC_withGccsLayoutOfTheStructAndItsBitfields() {
        Payload p = PayloadReader.read("hello.livepatch", PayloadSamples.helloPayload());
        assertThat(p.functions()).containsExactly(new PatchFunction("xen_extra_version", 0, "xen_hello_world", 16, 24, 2,
                Expectation.of(new byte[] {0x55, 0x48, (byte) 0x89}), "xen_extra_version"));
        assertThat(p.hooks()).containsExactly(Map.entry(HookKind.LOAD, List.of("hi_func")),
                Map.entry(HookKind.UNLOAD, List.of("hi_func", "check_fnc")));
        assertThat(p.modinfo()).containsExactly("LIVEPATCH_RULEZ");
        assertThat(p.depends()).isEqualTo(PayloadSamples.IMAGE);
        assertThat(p.xenDepends()).contains(PayloadSamples.XEN);
    }

    @Test
    void addNotes_withoutXenDepends_removesTheSection_andFinishRecomputesTheBuildId() {
        ElfObject o = ElfObject.from(ElfFile.parse("hello", PayloadSamples.helloPayload()));
        BuildId before = PayloadReader.read("a", PayloadSamples.helloPayload()).buildId();
        PayloadWriter.addNotes(o, PayloadSamples.XEN, Optional.empty());
        byte[] bytes = PayloadWriter.finish(o);
        Payload p = PayloadReader.read("b", bytes);
        assertThat(p.xenDepends()).isEmpty();
        assertThat(p.depends()).isEqualTo(PayloadSamples.XEN);
        assertThat(p.buildId()).isNotEqualTo(before);
        assertBuildIdIsSha1OfZeroedBytes(bytes);
    }

    @Test
    void write_refusesABodyThatAlreadyHasLivepatchSections_andAPayloadWithNothingToPatch() {
        ElfObject body = PayloadSamples.body();
        body.addSection(".livepatch.funcs", 1, 2, 8, 0, new byte[104]);
        assertThatThrownBy(() -> PayloadWriter.write(PayloadSpec.of(body, PayloadSamples.functions(), PayloadSamples.IMAGE,
                Optional.empty()))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("addNotes() and finish()");
        assertThatThrownBy(() -> PayloadWriter.write(PayloadSpec.of(PayloadSamples.body(), List.of(), PayloadSamples.IMAGE,
                Optional.empty()))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Nothing to patch");
        assertThatThrownBy(() -> PayloadWriter.write(PayloadSpec.of(PayloadSamples.body(),
                List.of(FunctionSpec.jump("do_foo", 24, "no_such_symbol", 16)), PayloadSamples.IMAGE, Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'no_such_symbol'");
    }

    /** The section's bytes as {@code readelf -x} prints them, as one hex string. */
    private String hexDump(String section, Path file) {
        StringBuilder hex = new StringBuilder();
        for (String line : Tools.run(dir, "readelf", "-x", section, file.toString()).split("\n")) {
            if (line.matches("\\s+0x[0-9a-f]{8} .*")) {
                for (String word : line.trim().substring(11).split(" ")) {
                    if (word.matches("[0-9a-f]{2,8}")) {
                        hex.append(word);
                    } else {
                        break;
                    }
                }
            }
        }
        return hex.toString();
    }

    private static void assertBuildIdIsSha1OfZeroedBytes(byte[] bytes) {
        ElfFile f = ElfFile.parse("p", bytes);
        ElfSection note = f.findSection(".note.gnu.build-id").orElseThrow();
        byte[] zeroed = bytes.clone();
        int at = (int) note.offset() + 16;
        java.util.Arrays.fill(zeroed, at, at + BuildId.SHA1_LENGTH, (byte) 0);
        assertThat(f.buildId()).contains(BuildId.sha1(zeroed));
        assertThat(PayloadReader.read("p", bytes).buildId()).isEqualTo(BuildId.sha1(zeroed));
    }
}
