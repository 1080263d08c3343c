package dev.quiesce.emulator.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfRelocation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every AArch64 relocation type the linker applies, assembled by {@code aarch64-linux-gnu-as} against external
 * symbols placed by the test, linked by {@link ImageLinker} and by {@code aarch64-linux-gnu-ld} at the same layout:
 * the bytes must be GNU ld's wherever both link, and a value just past a type's range is refused by both.
 */
class A64RelocationsTest {

    /** Above 8 GiB, so that a page difference of -4 GiB still has a place to reach down to. */
    static final long BASE = 0x2_0000_0000L;

    @TempDir
    Path dir;

    @Test
    void everySupportedTypeWritesTheBytesGnuLdWrites() {
        List<A64Case> cases = A64Case.ALL;
        List<Long> addends = IntStream.range(0, cases.size()).mapToObj(i -> (long) (i * 12 - 100)).toList();
        A64Program program = A64Program.assemble(dir, cases, addends, 0);
        assertThat(program.object().relocationSections().stream().flatMap(r -> r.relocations().stream())
                .map(ElfRelocation::type).distinct().sorted().toList())
                .as("the assembler emitted every case's type")
                .containsExactlyElementsOf(cases.stream().map(A64Case::type).distinct().sorted().toList());
        List<Long> symbols = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            A64Case c = cases.get(i);
            long x;
            if (c.checked()) {
                long reach = c.op() == A64Case.Op.ABS ? c.max() / 3 : (i % 2 == 0 ? c.max() / 3 : c.min() / 3);
                x = reach & -c.step();
            } else {
                x = 0x0000_7654_3210_fedcL & -c.multiple();
            }
            symbols.add(c.symbolFor(x, BASE + program.offsets().get(i), addends.get(i)) + (c.op() == A64Case.Op.PAGE ? 0x9a5 : 0));
        }
        link(program, symbols, true);
    }

    static Stream<A64Case> checkedCases() {
        return A64Case.ALL.stream().filter(A64Case::checked);
    }

    @ParameterizedTest
    @MethodSource("checkedCases")
    void eachEndOfTheRangeLinksAsGnuLdLinksIt(A64Case c) {
        for (long x : new long[] {c.min(), c.max() - c.step()}) {
            A64Program program = A64Program.assemble(dir, List.of(c), List.of(8L), 0);
            link(program, List.of(c.symbolFor(x, BASE, 8)), true);
        }
    }

    @ParameterizedTest
    @MethodSource("checkedCases")
    void justPastEitherEndIsRefusedNamingTheValueAndTheRange(A64Case c) {
        for (long x : new long[] {c.max(), c.min() - c.step()}) {
            A64Program program = A64Program.assemble(dir, List.of(c), List.of(8L), 0);
            long s = c.symbolFor(x, BASE, 8);
            assertThatThrownBy(() -> link(program, List.of(s), false)).isExactlyInstanceOf(LinkException.class)
                    .hasMessageStartingWith("relocation %s in relocs.o section .text.relocs at 0x0 against 's0' (0x%x): %s = %s does not fit in [%s, %s)"
                            .formatted(c.name(), s, operation(c), hex(x), hex(c.min()), hex(c.max())));
            GnuLd.Outcome ld = GnuLd.link(dir, List.of(program.object()), layoutOf(program), Map.of("s0", s));
            if (c.type() == Elf.R_AARCH64_CALL26 || c.type() == Elf.R_AARCH64_JUMP26) {
                assertThat(ld.exit()).as("GNU ld links it through a veneer").isZero();
                assertThat(ld.output().findSection(".q0").orElseThrow().size()).as("the section with ld's veneer")
                        .isGreaterThan(c.width());
            } else {
                assertThat(ld.exit()).as("GNU ld refuses %s = %s", c, hex(x)).isNotZero();
                assertThat(ld.stderr()).contains("relocation truncated to fit: " + c.name());
            }
        }
    }

    @Test
    void aBranchBeyond128MiBSaysThatThereAreNoVeneers() {
        A64Case call = A64Case.ALL.getFirst();
        A64Program program = A64Program.assemble(dir, List.of(call), List.of(0L), 0);
        assertThatThrownBy(() -> link(program, List.of(BASE + (1L << 27)), false))
                .hasMessage(("relocation R_AARCH64_CALL26 in relocs.o section .text.relocs at 0x0 against 's0' (0x208000000): "
                        + "S + A - P = 0x8000000 does not fit in [-0x8000000, 0x8000000) (±128 MiB); the target is more than 128 MiB "
                        + "away from the place, and this linker inserts no veneers (branch stubs): place the caller and its "
                        + "target within 128 MiB of each other"));
    }

    @Test
    void callReachesExactlyMinus128MiBAndPlus128MiBLessOneInstruction() {
        A64Case call = A64Case.ALL.getFirst();
        A64Program program = A64Program.assemble(dir, List.of(call, call), List.of(0L, 0L), 0);
        GuestImage image = link(program, List.of(BASE - (1L << 27), BASE + 4 + (1L << 27) - 4), true);
        assertThat(word(image, BASE)).as("bl -128 MiB").isEqualTo(0x9600_0000);
        assertThat(word(image, BASE + 4)).as("bl +128 MiB - 4").isEqualTo(0x95ff_ffff);
    }

    @Test
    void adrpCountsPagesAcrossAPageBoundary() {
        A64Case adrp = A64Case.ALL.stream().filter(c -> c.type() == Elf.R_AARCH64_ADR_PREL_PG_HI21).findFirst().orElseThrow();
        A64Program program = A64Program.assemble(dir, List.of(adrp, adrp, adrp), List.of(0L, 0L, 0L), 0xff8);
        assertThat(program.offsets()).containsExactly(0xff8L, 0xffcL, 0x1000L);
        GuestImage image = link(program, List.of(BASE + 0xfff, BASE + 0x1000, BASE + 0xfff), true);
        assertThat(adrpPages(word(image, BASE + 0xff8))).as("the last byte of its own page").isZero();
        assertThat(adrpPages(word(image, BASE + 0xffc))).as("the first byte of the next page").isEqualTo(1);
        assertThat(adrpPages(word(image, BASE + 0x1000))).as("the last byte of the page before").isEqualTo(-1);
    }

    static Stream<A64Case> accessSized() {
        return A64Case.ALL.stream().filter(c -> c.multiple() > 1 && c.type() != Elf.R_AARCH64_CALL26
                && c.type() != Elf.R_AARCH64_JUMP26 && c.type() != Elf.R_AARCH64_CONDBR19 && c.type() != Elf.R_AARCH64_TSTBR14);
    }

    @ParameterizedTest
    @MethodSource("accessSized")
    void aValueThatIsNotAMultipleOfTheAccessSizeIsRefusedAsGnuLdRefusesIt(A64Case c) {
        A64Program program = A64Program.assemble(dir, List.of(c), List.of(0L), 0);
        long s = c.symbolFor(0x100 + c.multiple() / 2, BASE, 0);
        assertThatThrownBy(() -> link(program, List.of(s), false)).isExactlyInstanceOf(LinkException.class)
                .hasMessageContaining("against 's0' (0x%x)".formatted(s))
                .hasMessageContaining("is not a multiple of " + c.multiple());
        GnuLd.Outcome ld = GnuLd.link(dir, List.of(program.object()), layoutOf(program), Map.of("s0", s));
        assertThat(ld.exit()).isNotZero();
        assertThat(ld.stderr()).contains("relocation truncated to fit: " + c.name());
    }

    static Stream<A64Case> branches() {
        return A64Case.ALL.stream().filter(c -> c.type() == Elf.R_AARCH64_CALL26 || c.type() == Elf.R_AARCH64_JUMP26
                || c.type() == Elf.R_AARCH64_CONDBR19 || c.type() == Elf.R_AARCH64_TSTBR14);
    }

    /** GNU ld 2.40 drops the low two bits of such a branch silently; this linker refuses it (A64Relocations). */
    @ParameterizedTest
    @MethodSource("branches")
    void aBranchToAnAddressThatIsNotAnInstructionIsRefused(A64Case c) {
        A64Program program = A64Program.assemble(dir, List.of(c), List.of(0L), 0);
        long s = BASE + 0x102;
        assertThatThrownBy(() -> link(program, List.of(s), false)).isExactlyInstanceOf(LinkException.class)
                .hasMessageEndingWith("S + A - P = 0x102 is not a multiple of 4: a branch target must be an instruction");
        assertThat(GnuLd.link(dir, List.of(program.object()), layoutOf(program), Map.of("s0", s)).exit())
                .as("GNU ld links it, dropping the low bits").isZero();
    }

    @Test
    void theWithdrawnNoneCode256ChangesNothing() {
        A64Case none = A64Case.ALL.stream().filter(c -> c.type() == Elf.R_AARCH64_NONE).findFirst().orElseThrow();
        A64Case abs64 = A64Case.ALL.stream().filter(c -> c.type() == Elf.R_AARCH64_ABS64).findFirst().orElseThrow();
        A64Program program = A64Program.assemble(dir, List.of(none, abs64), List.of(0L, 0L), 0);
        ElfFile patched = A64Objects.withType(program.object(), Elf.R_AARCH64_NONE, 256);
        assertThat(patched.relocationSections().getFirst().relocations()).extracting(ElfRelocation::type)
                .containsExactlyInAnyOrder(256, Elf.R_AARCH64_ABS64);
        GuestImage image = ImageLinker.link(List.of(patched), BASE, table(List.of(0x42L, 0x1234_5678L)));
        assertThat(ByteBuffer.wrap(image.read(BASE, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong()).isEqualTo(0x1234_5678L);
        assertThat(image.section("relocs.o", A64Program.SECTION).orElseThrow().size()).isEqualTo(8);
    }

    // --- support

    /** Links {@code program} with {@code s<i>} at {@code symbols[i]}; with {@code compare}, asserts ld's bytes. */
    private GuestImage link(A64Program program, List<Long> symbols, boolean compare) {
        GuestImage image = ImageLinker.link(List.of(program.object()), BASE, table(symbols));
        assertThat(image.section("relocs.o", A64Program.SECTION).orElseThrow().address()).isEqualTo(BASE);
        if (compare) {
            GnuLd.assertSameAsLd(dir, List.of(program.object()), image, defsyms(symbols));
        }
        return image;
    }

    /** The layout of {@code program} alone (its relocations all resolved to a harmless 0 offset). */
    private static GuestImage layoutOf(A64Program program) {
        return ImageLinker.link(List.of(A64Objects.withType(program.object(), -1, Elf.R_AARCH64_NONE)), BASE);
    }

    static SymbolTable table(List<Long> symbols) {
        List<GuestSymbol> out = new ArrayList<>();
        for (int i = 0; i < symbols.size(); i++) {
            out.add(GuestSymbol.global("s" + i, symbols.get(i), 0, GuestSymbol.Type.OTHER, "test"));
        }
        return SymbolTable.of(out);
    }

    static Map<String, Long> defsyms(List<Long> symbols) {
        Map<String, Long> out = new TreeMap<>();
        for (int i = 0; i < symbols.size(); i++) {
            out.put("s" + i, symbols.get(i));
        }
        return out;
    }

    static int word(GuestImage image, long address) {
        return ByteBuffer.wrap(image.read(address, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /** The signed page count of an ADRP ({@code immhi:immlo}, 21 bits). */
    static long adrpPages(int insn) {
        long imm = ((insn >>> 5) & 0x7ffff) << 2 | (insn >>> 29) & 3;
        return imm << 43 >> 43;
    }

    static String operation(A64Case c) {
        return switch (c.op()) {
            case ABS -> "S + A";
            case PREL -> "S + A - P";
            case PAGE -> "Page(S + A) - Page(P)";
        };
    }

    static String hex(long v) {
        return v < 0 ? "-0x" + Long.toHexString(-v) : "0x" + Long.toHexString(v);
    }
}
