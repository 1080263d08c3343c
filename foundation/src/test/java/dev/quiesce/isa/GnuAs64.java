package dev.quiesce.isa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** GNU as for AArch64 ({@code aarch64-linux-gnu-as}, binutils): the bytes of a {@code .text} assembled at 0. */
final class GnuAs64 {

    private GnuAs64() {
    }

    /** The {@code .text} bytes of {@code source}, assembled and extracted with objcopy. */
    static byte[] assemble(Path dir, String source) throws IOException, InterruptedException {
        Path s = Files.writeString(dir.resolve("a64.s"), ".text\n" + source + "\n");
        Path o = dir.resolve("a64.o");
        Path bin = dir.resolve("a64.bin");
        run("aarch64-linux-gnu-as", "-o", o.toString(), s.toString());
        run("aarch64-linux-gnu-objcopy", "-O", "binary", "--only-section=.text", o.toString(), bin.toString());
        return Files.readAllBytes(bin);
    }

    /** The one instruction {@code source} assembles to. */
    static int one(Path dir, String source) throws IOException, InterruptedException {
        byte[] b = assemble(dir, source);
        assertThat(b).as("%s assembles to one instruction", source).hasSize(A64.INSN_SIZE);
        return A64.word(b, 0);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("%s: %s", String.join(" ", command), out).isZero();
    }
}
