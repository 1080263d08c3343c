package dev.quiesce.isa;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The encodings of {@link X86} against GNU as (binutils), the independent oracle. */
class X86GnuAsTest {

    @TempDir
    Path dir;

    @Test
    void jmpRel32MatchesGnuAsForwardBackwardAndAtTheEdges() throws Exception {
        assertThat(hex(X86.jmpRel32(0x1000, 0x1000 + 0x1234))).isEqualTo(as("jmp .+0x1234"));
        assertThat(hex(X86.jmpRel32(0x40_0000, 0x40_0000 - 0x1000))).isEqualTo(as("jmp .-0x1000"));
        assertThat(hex(X86.jmpRel32(0, 5 + 0x7fff_ffffL))).isEqualTo(as("jmp .+5+0x7fffffff"));
        assertThat(hex(X86.jmpRel32(0x8000_0000L, 0x8000_0000L + 5 - 0x8000_0000L)))
                .isEqualTo(as("jmp .+5-0x80000000"));
    }

    @Test
    void jmpRel32DecodesToItsTargetAndRefusesWhatItCannotReach() {
        long at = 0xffff_8000_1000_0000L;
        for (long target : new long[] {at, at + 5, at - 0x7fff_0000L, at + 0x7fff_fff0L}) {
            assertThat(X86.jmpRel32Target(at, X86.jmpRel32(at, target))).isEqualTo(target);
        }
        assertThat(X86.reaches(0, 5 + 0x8000_0000L)).isFalse();
        assertThatThrownBy(() -> X86.jmpRel32(0, 5 + 0x8000_0000L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beyond the ±2 GiB of a rel32");
        assertThat(X86.jmpRel32Target(0, X86.idealNop(5))).isEqualTo(-1);
    }

    @Test
    void theIdealNopsAreTheP6NopsGnuAsEncodes() throws Exception {
        String[] asm = {"nop", "xchg %ax,%ax", "nopl (%rax)", "{disp8} nopl 0(%rax)", "{disp8} nopl 0(%rax,%rax,1)",
            "{disp8} nopw 0(%rax,%rax,1)", "{disp32} nopl 0(%rax)", "{disp32} nopl 0(%rax,%rax,1)",
            "{disp32} nopw 0(%rax,%rax,1)"};
        for (int n = 1; n <= X86.MAX_NOP; n++) {
            assertThat(hex(X86.idealNop(n))).as("NOP of %d bytes", n).isEqualTo(as(asm[n - 1]));
        }
        assertThat(X86.idealNop(0)).isEmpty();
    }

    @Test
    void nopFillUsesNineByteNopsThenTheRest() throws Exception {
        assertThat(hex(X86.nops(20))).isEqualTo(as("{disp32} nopw 0(%rax,%rax,1)\n{disp32} nopw 0(%rax,%rax,1)\n"
                + "xchg %ax,%ax"));
        assertThat(X86.nops(0)).isEmpty();
    }

    @Test
    void int3NopUd2AndEndbr64AreWhatGnuAsEncodes() throws Exception {
        assertThat(hex(new byte[] {X86.INT3})).isEqualTo(as("int3"));
        assertThat(hex(new byte[] {X86.NOP})).isEqualTo(as("nop"));
        assertThat(hex(X86.ud2())).isEqualTo(as("ud2"));
        assertThat(hex(X86.endbr64())).isEqualTo(as("endbr64"));
        assertThat(X86.startsWithEndbr64(X86.endbr64())).isTrue();
        assertThat(X86.startsWithEndbr64(HexFormat.of().parseHex(as("nopw (%rcx)\nret")))).isTrue();
        assertThat(X86.startsWithEndbr64(X86.idealNop(5))).isFalse();
        assertThat(X86.startsWithEndbr64(new byte[] {(byte) 0xf3, 0x0f})).isFalse();
    }

    @Test
    void entryPadsAreTheFiveByteNopOrOneByteNops() throws Exception {
        assertThat(X86.isEntryPad(HexFormat.of().parseHex(as("{disp8} nopl 0(%rax,%rax,1)")))).isTrue();
        assertThat(X86.isEntryPad(HexFormat.of().parseHex(as("nop\nnop\nnop\nnop\nnop")))).isTrue();
        assertThat(X86.isEntryPad(X86.jmpRel32(0, 0x100))).isFalse();
    }

    /** The bytes GNU as assembles {@code source} into, as hex. */
    private String as(String source) throws IOException, InterruptedException {
        Path s = Files.writeString(dir.resolve("t.s"), ".text\n" + source + "\n");
        run("as", "--64", "-o", dir.resolve("t.o").toString(), s.toString());
        run("objcopy", "-O", "binary", "--only-section=.text", dir.resolve("t.o").toString(),
                dir.resolve("t.bin").toString());
        return HexFormat.of().formatHex(Files.readAllBytes(dir.resolve("t.bin")));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("%s: %s", String.join(" ", command), out).isZero();
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
