package dev.quiesce.emulator.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfRelocation;
import dev.quiesce.elf.Tools;
import dev.quiesce.isa.Arch;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AArch64 objects compiled by {@code aarch64-linux-gnu-gcc} with the guest's flags ({@link A64Toolchain#FLAGS}),
 * linked by {@link ImageLinker} and compared with {@code aarch64-linux-gnu-ld}; and what the linker refuses.
 */
class A64ImageLinkerTest {

    private static final long BASE = 0x400000;

    @TempDir
    Path dir;

    private static final String CALLEE = """
            char c8 = 1; short s16 = 2; int i32 = 3; long i64 = 4; static int hits;
            const char *const names[] = {"idle", "busy"};
            long table[4] = {10, 20, 30, 40};
            int twice(int x) { hits++; return 2 * x; }
            long get_entry(int i) { return table[i & 3]; }
            """;
    private static final String CALLER = """
            extern char c8; extern short s16; extern int i32; extern long i64;
            extern const char *const names[];
            int twice(int x); long get_entry(int i); long ext_counter; void ext_hook(int);
            long sum(int x) { return twice(x) + c8 + s16 + i32 + i64 + get_entry(x) + ext_counter; }
            int forward(int x) { return twice(x + 1); }
            const char *name(int i) { return names[i & 1]; }
            void hook(int x) { ext_hook(x); }
            """;

    @Test
    void guestFlagCodeOfTwoObjectsAndAnExternalTableLinksAsGnuLdLinksIt() {
        ElfFile callee = A64Toolchain.cc(dir, "callee", CALLEE);
        ElfFile caller = A64Toolchain.cc(dir, "caller", CALLER.replace("long ext_counter;", "extern long ext_counter;")
                .replace("void ext_hook(int);", "extern void ext_hook(int);"));
        Set<String> types = types(callee, caller);
        assertThat(types).as("what gcc emits for the guest's flags").contains("R_AARCH64_CALL26", "R_AARCH64_JUMP26",
                "R_AARCH64_ADR_PREL_PG_HI21", "R_AARCH64_ADD_ABS_LO12_NC", "R_AARCH64_LDST8_ABS_LO12_NC",
                "R_AARCH64_LDST16_ABS_LO12_NC", "R_AARCH64_LDST32_ABS_LO12_NC", "R_AARCH64_LDST64_ABS_LO12_NC",
                "R_AARCH64_ABS64", "R_AARCH64_PREL32");
        SymbolTable external = SymbolTable.of(List.of(
                GuestSymbol.global("ext_counter", 0xf000_0008L, 8, GuestSymbol.Type.OBJECT, "base"),
                GuestSymbol.global("ext_hook", BASE + 0x7ff_fff0, 4, GuestSymbol.Type.FUNCTION, "base")));
        List<ElfFile> objects = List.of(callee, caller);
        GuestImage image = ImageLinker.link(objects, BASE, external);
        assertThat(image.arch()).isEqualTo(Arch.AARCH64);
        assertThat(image.sections()).extracting(PlacedSection::name).contains(".eh_frame", ".text.sum", ".data.table");
        GnuLd.assertSameAsLd(dir, objects, image, Map.of("ext_counter", 0xf000_0008L, "ext_hook", BASE + 0x7ff_fff0));
    }

    @Test
    void aTailCallToAnUndefinedWeakFunctionBecomesANopAsGnuLdWritesIt() {
        ElfFile o = A64Toolchain.cc(dir, "weak", """
                extern void maybe(void) __attribute__((weak));
                void call_maybe(void) { maybe(); }
                extern void maybe_too(int) __attribute__((weak));
                int call_then_add(int x) { maybe_too(x); return x + 1; }
                """);
        assertThat(types(o)).contains("R_AARCH64_JUMP26", "R_AARCH64_CALL26");
        GuestImage image = ImageLinker.link(List.of(o), BASE);
        long callMaybe = image.symbols().require("call_maybe").address();
        assertThat(A64RelocationsTest.word(image, callMaybe)).as("nop").isEqualTo(0xd503201f);
        GnuLd.assertSameAsLd(dir, List.of(o), image, Map.of());
    }

    @Test
    void objectsOfTwoMachinesAreRefusedNamingEachMachineAndFile() {
        ElfFile arm = A64Toolchain.cc(dir, "arm", "int f(void) { return 1; }\n");
        ElfFile x86 = ElfFile.parse("x86.o", Tools.read(Tools.compile(dir, "x86", "int g(void) { return 2; }\n", "-O2")));
        assertThatThrownBy(() -> ImageLinker.link(List.of(arm, x86), BASE)).isExactlyInstanceOf(LinkException.class)
                .hasMessage("objects of two machines in one link: arm.o is aarch64 (e_machine 183), x86.o is x86-64 "
                        + "(e_machine 62); build every object with one architecture's gcc (gcc for x86-64, "
                        + "aarch64-linux-gnu-gcc for aarch64)");
        assertThatThrownBy(() -> ImageLinker.link(List.of(x86, arm), BASE)).isExactlyInstanceOf(LinkException.class)
                .hasMessageStartingWith("objects of two machines in one link: x86.o is x86-64 (e_machine 62), arm.o is aarch64 (e_machine 183)");
    }

    @Test
    void anAarch64ExecutableIsNotARelocatableObject() {
        A64Toolchain.cc(dir, "f", "int f(void) { return 1; }\n");
        Tools.run(dir, "aarch64-linux-gnu-ld", "-static", "-nostdlib", "-e", "f", "-o", "f.elf", "f.o");
        ElfFile exe = ElfFile.parse("f.elf", Tools.read(dir.resolve("f.elf")));
        assertThatThrownBy(() -> ImageLinker.link(List.of(exe), BASE)).isExactlyInstanceOf(LinkException.class)
                .hasMessage("f.elf is not an aarch64 relocatable object (e_type 2, e_machine 183); link gcc -c output");
    }

    @Test
    void aGotLoadIsRefusedWithTheHiddenVisibilityAdvice() {
        ElfFile pic = A64Toolchain.ccRaw(dir, "pic", "extern int ext; int g(void) { return ext; }\n");
        assertThat(types(pic)).contains("R_AARCH64_LD64_GOTPAGE_LO15");
        assertThatThrownBy(() -> ImageLinker.link(List.of(pic), BASE)).isExactlyInstanceOf(LinkException.class)
                .hasMessage("relocation R_AARCH64_ADR_PREL_PG_HI21 in pic.o section .text.g at 0x0 against "
                        + "'_GLOBAL_OFFSET_TABLE_' (the GOT's page, for a load of a GOT entry); " + RelocationAdvice.GOT);
        ElfFile bigGot = A64Toolchain.ccRaw(dir, "bigpic", "extern int ext; int g(void) { return ext; }\n", "-fPIE");
        ElfRelocation page = only(bigGot, Elf.R_AARCH64_ADR_GOT_PAGE);
        assertThatThrownBy(() -> ImageLinker.link(List.of(bigGot), BASE)).isExactlyInstanceOf(LinkException.class)
                .hasMessage("unsupported relocation R_AARCH64_ADR_GOT_PAGE (311) in bigpic.o section .text.g at 0x%x; "
                        .formatted(page.offset()) + RelocationAdvice.GOT);
    }

    @Test
    void threadLocalAccessIsRefusedWithTheTlsAdvice() {
        ElfFile tls = A64Toolchain.cc(dir, "tls", "extern __thread int tv; int g(void) { return tv; }\n");
        assertThatThrownBy(() -> ImageLinker.link(List.of(tls), BASE)).isExactlyInstanceOf(LinkException.class)
                .hasMessageStartingWith("unsupported relocation R_AARCH64_TLS")
                .hasMessageEndingWith("; thread-local storage is not supported: use an ordinary variable");
    }

    @Test
    void textPaddingIsUdfZeroesOnAarch64AndInt3OnX86() {
        GuestImage arm = ImageLinker.link(List.of(A64Toolchain.cc(dir, "pad", "int f(int x) { return x + 1; }\n")), BASE);
        PlacedSection f = arm.section("pad.o", ".text.f").orElseThrow();
        long textEnd = arm.region("text").orElseThrow().end();
        assertThat(arm.read(f.end(), (int) (textEnd - f.end()))).isNotEmpty().containsOnly(0);
        ElfFile x86 = ElfFile.parse("x.o", Tools.read(Tools.compile(dir, "x", "int g(int x) { return x + 2; }\n", "-O2",
                "-ffunction-sections", "-fno-asynchronous-unwind-tables")));
        GuestImage image = ImageLinker.link(List.of(x86), BASE);
        assertThat(image.arch()).isEqualTo(Arch.X86_64);
        PlacedSection g = image.section("x.o", ".text.g").orElseThrow();
        assertThat(image.read(g.end(), 16)).containsOnly(0xcc);
        assertThat(ImageLinker.link(List.of(), BASE).arch()).as("no objects").isEqualTo(Arch.X86_64);
    }

    private static Set<String> types(ElfFile... objects) {
        return java.util.Arrays.stream(objects).flatMap(o -> o.relocationSections().stream())
                .flatMap(r -> r.relocations().stream()).map(r -> Elf.relocationName(Elf.EM_AARCH64, r.type()))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static ElfRelocation only(ElfFile object, int type) {
        List<ElfRelocation> all = object.relocationSections().stream().flatMap(r -> r.relocations().stream())
                .filter(r -> r.type() == type).toList();
        assertThat(all).hasSize(1);
        return all.getFirst();
    }
}
