package dev.quiesce.guest;

import dev.quiesce.isa.Arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AArch64 guest as the build compiled it (docs/aarch64.md): relocatable {@code EM_AARCH64} objects whose
 * relocations are only those the project's linker supports (no GOT, no TLS), the same entry points as the x86-64
 * image, and the architecture interface's instructions where guest.h says they are.
 */
class AArch64ObjectsTest {

    /**
     * The relocation types the image linker and the payload loader handle on AArch64, by number ("ELF for the Arm
     * 64-bit Architecture", §5.7; R_AARCH64_NONE is 0, and 256 its withdrawn alias), with the names readelf prints.
     */
    private static final Map<Integer, String> SUPPORTED = Map.ofEntries(
            Map.entry(0, "R_AARCH64_NONE"), Map.entry(256, "R_AARCH64_NONE"),
            Map.entry(257, "R_AARCH64_ABS64"), Map.entry(258, "R_AARCH64_ABS32"),
            Map.entry(260, "R_AARCH64_PREL64"), Map.entry(261, "R_AARCH64_PREL32"),
            Map.entry(273, "R_AARCH64_LD_PREL_LO19"), Map.entry(274, "R_AARCH64_ADR_PREL_LO21"),
            Map.entry(275, "R_AARCH64_ADR_PREL_PG_HI21"), Map.entry(277, "R_AARCH64_ADD_ABS_LO12_NC"),
            Map.entry(278, "R_AARCH64_LDST8_ABS_LO12_NC"), Map.entry(279, "R_AARCH64_TSTBR14"),
            Map.entry(280, "R_AARCH64_CONDBR19"), Map.entry(282, "R_AARCH64_JUMP26"),
            Map.entry(283, "R_AARCH64_CALL26"),
            Map.entry(284, "R_AARCH64_LDST16_ABS_LO12_NC"), Map.entry(285, "R_AARCH64_LDST32_ABS_LO12_NC"),
            Map.entry(286, "R_AARCH64_LDST64_ABS_LO12_NC"), Map.entry(299, "R_AARCH64_LDST128_ABS_LO12_NC"));

    @TempDir
    Path dir;

    @Test
    void everyObjectIsARelocatableEmAarch64Object() {
        for (GuestObject o : all()) {
            byte[] b = o.bytes();
            assertThat(new String(b, 0, 4, StandardCharsets.ISO_8859_1)).as(o.name()).isEqualTo("\u007fELF");
            assertThat(b[4]).as("%s ELFCLASS64", o.name()).isEqualTo((byte) 2);
            assertThat(b[5]).as("%s little-endian", o.name()).isEqualTo((byte) 1);
            assertThat(b[16] | b[17] << 8).as("%s e_type ET_REL", o.name()).isEqualTo(1);
            assertThat(new ElfFunctions(b).machine()).as("%s e_machine", o.name())
                    .isEqualTo(Arch.AARCH64.elfMachine());
        }
    }

    @Test
    void everyRelocationIsOneTheLinkerSupports_noGotNoTls() {
        for (GuestObject o : all()) {
            assertThat(new ElfFunctions(o.bytes()).relocationTypes()).as(o.name()).isSubsetOf(SUPPORTED.keySet());
        }
    }

    /** readelf (binutils' own relocation names) as the oracle for the numbers above, object by object. */
    @Test
    void readelfNamesTheSameRelocationsAsTheSupportedTable() throws Exception {
        for (GuestObject o : all()) {
            TreeSet<String> ours = new TreeSet<>();
            new ElfFunctions(o.bytes()).relocationTypes().forEach(t -> ours.add(SUPPORTED.getOrDefault(t, "type " + t)));
            assertThat(readelfRelocationNames(o)).as(o.name()).isEqualTo(ours);
        }
    }

    @Test
    void theImageIsTheCommonSourcesThenTheA64Files_inPlaceOfTheX86Ones() {
        List<String> x86 = names(GuestObjects.baseImage());
        List<String> a64 = names(GuestObjects.baseImage(Arch.AARCH64));
        List<String> expected = new ArrayList<>(x86.stream().filter(n -> !n.startsWith("x86_")).toList());
        expected.addAll(List.of("a64_poke.o", "a64_rendezvous.o", "a64_serror.o", "a64_vector_calls.o"));
        assertThat(x86).as("the x86-64 image as it always was").containsExactly("arch.o", "idle.o", "irq.o", "main.o",
                "record.o", "version.o", "work.o", "x86_mce.o", "x86_poke.o", "x86_rendezvous.o", "x86_vector_calls.o");
        assertThat(a64).containsExactlyElementsOf(expected);
    }

    @Test
    void theImageDefinesEverySymbolTheHostEntersOrReadsOnX86() {
        List<String> defined = new ArrayList<>();
        GuestObjects.baseImage(Arch.AARCH64)
                .forEach(o -> defined.addAll(new ElfFunctions(o.bytes()).definedSymbols()));
        assertThat(defined).contains("cpu_main", "irq_handler", "irq_handler_calls", "nmi_handler", "mce_handler",
                "check_for_livepatch_work", "percpu", "workload", "livepatch_work_to_do", GuestLayout.RENDEZVOUS_SYMBOL,
                "poke_desc", "poke_hits", "arch_livepatch_post_action", "arch_livepatch_invalidate_icache");
        assertThat(defined).doesNotContain("poke_int3_handler").contains("poke_brk_handler");
    }

    @Test
    void irqMaskingIsDaifSetAndClearOfTheIBit_andTheSpinHintIsYield() {
        Map<String, byte[]> arch = new ElfFunctions(GuestObjects.object(Arch.AARCH64, "arch.o").bytes())
                .functionStarts(4);
        assertThat(word(arch.get("local_irq_disable"))).as("msr daifset, #2").isEqualTo(0xd50342df);
        assertThat(word(arch.get("local_irq_enable"))).as("msr daifclr, #2").isEqualTo(0xd50342ff);
        assertThat(word(arch.get("cpu_relax"))).as("yield").isEqualTo(0xd503203f);
        Map<String, byte[]> rv = new ElfFunctions(GuestObjects.object(Arch.AARCH64, "a64_rendezvous.o").bytes())
                .functionStarts(4);
        assertThat(word(rv.get("arch_livepatch_post_action"))).as("isb").isEqualTo(0xd5033fdf);
        assertThat(word(rv.get("arch_livepatch_invalidate_icache"))).as("ic ialluis").isEqualTo(0xd508711f);
    }

    @Test
    void noObjectCarriesUnwindTablesOrABranchProtectionNote() {
        for (GuestObject o : all()) {
            assertThat(new ElfFunctions(o.bytes()).sectionNames()).as(o.name())
                    .doesNotContain(".eh_frame", ".note.gnu.property");
        }
    }

    private static List<GuestObject> all() {
        List<GuestObject> out = new ArrayList<>(GuestObjects.baseImage(Arch.AARCH64));
        out.add(GuestObjects.userShell(Arch.AARCH64));
        out.addAll(GuestObjects.payloadBodies(Arch.AARCH64));
        assertThat(out).hasSizeGreaterThan(25);
        return out;
    }

    private static List<String> names(List<GuestObject> objects) {
        return objects.stream().map(GuestObject::name).toList();
    }

    private static int word(byte[] b) {
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    private TreeSet<String> readelfRelocationNames(GuestObject o) throws IOException, InterruptedException {
        Path file = dir.resolve(o.name());
        Files.write(file, o.bytes());
        Process p = new ProcessBuilder("aarch64-linux-gnu-readelf", "-rW", file.toString()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("readelf -rW %s: %s", o.name(), out).isZero();
        TreeSet<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^[0-9a-f]{16}\\s+[0-9a-f]{16}\\s+(R_AARCH64_\\w+)").matcher(out);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
