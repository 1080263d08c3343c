package dev.quiesce.payload.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.payload.PayloadReader;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ground truth again for position-independent code, which is how the guest is built and the only code
 * Xen's x86 loader accepts: string literals are reached through {@code .LC} labels and jump tables hold
 * PC-relative offsets. These payloads also pass {@link PayloadReader}'s load checks.
 */
class PayloadBuilderPieTest {

    @TempDir
    Path dir;

    @Test
    void changedStringLiteral_changesExactlyTheFunctionsThatUseIt() {
        TwoBuilds b = TwoBuilds.pie(dir, PayloadBuilderGroundTruthTest.STRINGS,
                PayloadBuilderGroundTruthTest.STRINGS.replace("\"shared\"", "\"SHARED!\""));
        assertThat(PayloadBuilderGroundTruthTest.relocatedTargets(b.base("unit.o"), ".rela.text.g")).contains(".LC1");

        BuildResult r = b.build();

        assertThat(r.changedFunctions()).containsExactly("f", "g");
        assertThat(PayloadReader.read("strings.livepatch", r.payload()).functions()).hasSize(2);
    }

    @Test
    void stringLiteralThatOnlyMoved_leavesItsOtherUsersUnchanged() {
        BuildResult r = TwoBuilds.pie(dir, PayloadBuilderGroundTruthTest.STRINGS,
                PayloadBuilderGroundTruthTest.STRINGS.replace("\"alpha\"", "\"alpha, but longer\"")).build();

        assertThat(r.changedFunctions()).containsExactly("f");
    }

    @Test
    void changedJumpTable_changesItsFunction() {
        TwoBuilds b = TwoBuilds.pie(dir, PayloadBuilderGroundTruthTest.JUMP_TABLE, PayloadBuilderGroundTruthTest.JUMP_TABLE
                .replace("case 1: return g1(v) + 3; case 2:", "case 2: return g1(v) + 3; case 1:"));
        ElfFile base = b.base("unit.o");
        assertThat(base.relocationSections().stream().filter(rs -> rs.section().name().equals(".rela.rodata.dispatch"))
                .flatMap(rs -> rs.relocations().stream()).map(x -> x.type()).distinct()).containsExactly(Elf.R_X86_64_PC32);

        BuildResult r = b.build();

        assertThat(r.changedFunctions()).containsExactly("dispatch");
        assertThat(PayloadReader.read("dispatch.livepatch", r.payload()).functions()).hasSize(1);
    }

    @Test
    void unchangedJumpTableFunction_isUnchangedWhenAnotherFunctionChanges() {
        String source = PayloadBuilderGroundTruthTest.JUMP_TABLE;
        BuildResult r = TwoBuilds.pie(dir, source, source.replace("g0(v) + g1(v)", "g0(v) - g1(v)")).build();

        assertThat(r.changedFunctions()).containsExactly("bystander");
    }

    @Test
    void changedSwitchValueTable_changesItsFunction() {
        BuildResult r = TwoBuilds.pie(dir, PayloadBuilderGroundTruthTest.LOOKUP,
                PayloadBuilderGroundTruthTest.LOOKUP.replace("return 47", "return 48")).build();

        assertThat(r.changedFunctions()).containsExactly("lookup");
    }
}
