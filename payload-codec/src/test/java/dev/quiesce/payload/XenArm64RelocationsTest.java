package dev.quiesce.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiesce.elf.Elf;
import dev.quiesce.isa.A64;
import dev.quiesce.isa.Arch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Xen's Arm64 relocation overflow rules ({@code arch_livepatch_perform_rela()} in xen/arch/arm/arm64/livepatch.c)
 * at their edges, against GNU ld's "relocation truncated to fit" where the two agree, and where Xen is laxer.
 */
class XenArm64RelocationsTest {

    private static final long TEXT = 0x200000000L;

    @TempDir
    Path dir;

    @Test
    void xenAndGnuLdAgreeAtTheEdgesOfConditionalBranchAdrAdrpAndMovw() throws Exception {
        agree(Elf.R_AARCH64_CONDBR19, "b.eq sym", 0xffffc, 0x100000, -0x100000, -0x100004);
        agree(Elf.R_AARCH64_ADR_PREL_LO21, "adr x0, sym", 0xfffff, 0x100000, -0x100000, -0x100001);
        agree(Elf.R_AARCH64_ADR_PREL_PG_HI21, "adrp x0, sym", 0xfffff000L, 0x100000000L, -0x100000000L,
                -0x100001000L);
        agreeAbsolute(Elf.R_AARCH64_MOVW_UABS_G0, "movz x0, #:abs_g0:sym", 0xffff, 0x10000);
        agreeAbsolute(Elf.R_AARCH64_MOVW_UABS_G1, "movz x0, #:abs_g1:sym", 0xffffffffL, 0x100000000L);
        agreeAbsolute(Elf.R_AARCH64_MOVW_SABS_G0, "movz x0, #:abs_g0_s:sym", -0x10000, -0x10001);
        agreeAbsolute(Elf.R_AARCH64_MOVW_SABS_G0, "movz x0, #:abs_g0_s:sym", 0xffff, 0x10000);
        agreeAbsolute(Elf.R_AARCH64_ABS32, ".word sym", 0xffffffffL, 0x100000000L);
        agreeAbsolute(Elf.R_AARCH64_ABS16, ".hword sym", 0xffff, 0x10000);
    }

    @Test
    void xenIsLaxerThanGnuLdForTbzAndForNegativeOrUnsignedData() throws Exception {
        // Xen checks TSTBR14 against 19 bits: a TBZ 32 KiB away overflows for ld, not for Xen.
        assertThat(ldAccepts("tbz x0, #3, sym", TEXT + 0x8000)).isFalse();
        assertThat(XenArm64Relocations.overflows(Elf.R_AARCH64_TSTBR14, TEXT + 0x8000, TEXT)).isFalse();
        assertThat(XenArm64Relocations.overflows(Elf.R_AARCH64_TSTBR14, TEXT + 0x100000, TEXT)).isTrue();
        // reloc_data() accepts [INT_MIN, UINT_MAX] of the width whatever the type's signedness.
        assertThat(ldAccepts(".word sym", -0x80000000L)).isFalse();
        assertThat(XenArm64Relocations.overflows(Elf.R_AARCH64_ABS32, -0x80000000L, TEXT)).isFalse();
        assertThat(ldAccepts(".word sym - .", TEXT + 0x80000000L)).isFalse();
        assertThat(XenArm64Relocations.overflows(Elf.R_AARCH64_PREL32, TEXT + 0x80000000L, TEXT)).isFalse();
        assertThat(XenArm64Relocations.overflows(Elf.R_AARCH64_PREL32, TEXT + 0x100000000L, TEXT)).isTrue();
        assertThat(ldAccepts(".hword sym", -0x8000)).isFalse();
        assertThat(XenArm64Relocations.overflows(Elf.R_AARCH64_ABS16, -0x8000, TEXT)).isFalse();
    }

    @Test
    void unhandledTypesAreNotApplied() {
        for (int type : new int[] {Elf.R_AARCH64_NONE, Elf.R_AARCH64_LD_PREL_LO19, Elf.R_AARCH64_ADR_GOT_PAGE,
            Elf.R_AARCH64_PLT32, Elf.R_AARCH64_TLSLE_ADD_TPREL_HI12, Elf.R_X86_64_PC32}) {
            assertThat(XenArm64Relocations.isApplied(type)).as("%d", type).isFalse();
            assertThat(XenArm64Relocations.width(type)).isEmpty();
            assertThatThrownBy(() -> XenArm64Relocations.overflows(type, 0, 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(XenArm64Relocations.width(Elf.R_AARCH64_ABS64)).hasValue(8);
        assertThat(XenArm64Relocations.width(Elf.R_AARCH64_ABS16)).hasValue(4);
        assertThat(XenRelocations.isApplied(Arch.AARCH64, Elf.R_AARCH64_CALL26)).isTrue();
        assertThat(XenRelocations.isApplied(Arch.X86_64, Elf.R_AARCH64_CALL26)).isFalse();
        assertThat(XenRelocations.names(Arch.AARCH64)).startsWith("R_AARCH64_ABS64, ").endsWith(
                " and R_AARCH64_LDST128_ABS_LO12_NC");
    }

    @Property(tries = 3000, seed = "19")
    void aCall26OverflowsExactlyWhenNoBReachesTheWordItNames(@ForAll long place,
            @ForAll @IntRange(min = -(1 << 22), max = 1 << 22) int delta) {
        long p = place & -4L;
        long target = p + (long) delta * 64; // up to ±256 MiB, word aligned: about half within reach
        boolean overflow = XenArm64Relocations.overflows(Elf.R_AARCH64_CALL26, target, p);
        assertThat(overflow).isEqualTo(!A64.reaches(p, target));
        assertThat(XenArm64Relocations.overflows(Elf.R_AARCH64_JUMP26, target, p)).isEqualTo(overflow);
    }

    private void agree(int type, String insn, long... deltas) throws Exception {
        for (long d : deltas) {
            assertThat(XenArm64Relocations.overflows(type, TEXT + d, TEXT)).as("%s to .%+d", insn, d)
                    .isEqualTo(!ldAccepts(insn, TEXT + d));
        }
    }

    private void agreeAbsolute(int type, String insn, long fits, long overflows) throws Exception {
        assertThat(ldAccepts(insn, fits)).as("ld: %s = 0x%x", insn, fits).isTrue();
        assertThat(XenArm64Relocations.overflows(type, fits, TEXT)).as("Xen: %s = 0x%x", insn, fits).isFalse();
        assertThat(ldAccepts(insn, overflows)).as("ld: %s = 0x%x", insn, overflows).isFalse();
        assertThat(XenArm64Relocations.overflows(type, overflows, TEXT)).as("Xen: %s = 0x%x", insn, overflows)
                .isTrue();
    }

    /** Whether GNU ld links {@code insn} at {@link #TEXT} with {@code sym} defined as {@code value}. */
    private boolean ldAccepts(String insn, long value) throws IOException, InterruptedException {
        Path s = Files.writeString(dir.resolve("r.s"), ".text\n.globl _start\n_start:\n" + insn + "\n");
        run("aarch64-linux-gnu-as", "-o", dir.resolve("r.o").toString(), s.toString());
        Process ld = new ProcessBuilder("aarch64-linux-gnu-ld", "-Ttext=0x" + Long.toHexString(TEXT),
                "--defsym", "sym=0x" + Long.toHexString(value), "-o", dir.resolve("r").toString(),
                dir.resolve("r.o").toString()).redirectErrorStream(true).start();
        String out = new String(ld.getInputStream().readAllBytes());
        assertThat(ld.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ld.exitValue() == 0 || out.contains("relocation truncated to fit")).as(out).isTrue();
        return ld.exitValue() == 0;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("%s: %s", String.join(" ", command), out).isZero();
    }
}
