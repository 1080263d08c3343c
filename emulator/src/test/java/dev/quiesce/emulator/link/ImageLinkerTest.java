package dev.quiesce.emulator.link;

import dev.quiesce.elf.Tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfRelaSection;
import dev.quiesce.elf.ElfRelocation;
import dev.quiesce.emulator.memory.Protection;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Symbol resolution, relocation and error cases, on tiny objects compiled with gcc for each test. */
class ImageLinkerTest {

    private static final long BASE = 0x400000;
    private static final String[] GUEST_FLAGS = {"-O2", "-ffreestanding", "-fno-pic", "-fno-pie", "-mcmodel=small",
            "-ffunction-sections", "-fdata-sections", "-fno-common", "-fcf-protection=none",
            "-fno-asynchronous-unwind-tables"};

    @TempDir
    Path dir;

    private ElfFile cc(String name, String source, String... extraFlags) {
        List<String> flags = new ArrayList<>(List.of(GUEST_FLAGS));
        flags.addAll(List.of(extraFlags));
        return ElfFile.parse(name + ".o", Tools.read(Tools.compile(dir, name, source, flags.toArray(String[]::new))));
    }

    /** The only relocation of {@code type} in {@code object}. */
    private static ElfRelocation only(ElfFile object, int type) {
        return object.relocationSections().stream().flatMap(r -> r.relocations().stream())
                .filter(r -> r.type() == type).reduce((a, b) -> {
                    throw new AssertionError("two relocations of type " + type);
                }).orElseThrow(() -> new AssertionError("no relocation of type " + Elf.relocationName(type)));
    }

    private static int readInt(GuestImage image, long address) {
        return ByteBuffer.wrap(image.read(address, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    @Test
    void link_rejectsTwoStrongDefinitionsNamingBothObjects() {
        ElfFile a = cc("a", "int shared = 1; int fa(void) { return shared; }\n");
        ElfFile b = cc("b", "int shared = 2;\n");
        assertThatThrownBy(() -> ImageLinker.link(List.of(a, b), BASE)).isExactlyInstanceOf(LinkException.class)
                .hasMessage("duplicate symbol 'shared': defined in a.o (section .data.shared) and in b.o (section .data.shared)");
    }

    @Test
    void link_rejectsUndefinedSymbolNamingTheReferencingPlace() {
        ElfFile u = cc("u", "extern int missing_fn(int); int f(int x) { return missing_fn(x) + 1; }\n");
        ElfRelocation call = only(u, Elf.R_X86_64_PLT32);
        assertThatThrownBy(() -> ImageLinker.link(List.of(u), BASE)).isExactlyInstanceOf(LinkException.class)
                .hasMessage("undefined symbol 'missing_fn' referenced from u.o section .text.f+0x%x".formatted(call.offset()));
    }

    @Test
    void link_letsAStrongDefinitionBeatAWeakOneInEitherOrder() {
        ElfFile weak = cc("w", "__attribute__((weak)) int level = 1; int get_level(void) { return level; }\n");
        ElfFile strong = cc("s", "int level = 7;\n");
        for (List<ElfFile> objects : List.of(List.of(weak, strong), List.of(strong, weak))) {
            GuestImage image = ImageLinker.link(objects, BASE);
            GuestSymbol level = image.symbols().require("level");
            assertThat(level.object()).isEqualTo("s.o");
            assertThat(readInt(image, level.address())).isEqualTo(7);
            GnuLd.assertSameAsLd(dir, objects, image, Map.of());
        }
    }

    @Test
    void link_keepsTheFirstOfTwoWeakDefinitions() {
        ElfFile first = cc("w1", "__attribute__((weak)) int level = 1; int get_level(void) { return level; }\n");
        ElfFile second = cc("w2", "__attribute__((weak)) int level = 2;\n");
        GuestImage image = ImageLinker.link(List.of(first, second), BASE);
        assertThat(image.symbols().require("level").object()).isEqualTo("w1.o");
        GnuLd.assertSameAsLd(dir, List.of(first, second), image, Map.of());
    }

    @Test
    void link_resolvesAnUndefinedWeakSymbolToZero() {
        ElfFile o = cc("opt", "extern int opt __attribute__((weak)); int *opt_address(void) { return &opt; }\n");
        GuestImage image = ImageLinker.link(List.of(o), BASE);
        assertThat(image.symbols().lookup("opt")).isEmpty();
        GnuLd.assertSameAsLd(dir, List.of(o), image, Map.of());
    }

    @Test
    void link_resolvesUndefinedSymbolsFromTheExternalTable() {
        ElfFile e = cc("e", "extern int ext_fn(int); extern int ext_var; int call_ext(int x) { return ext_fn(x) + ext_var; }\n");
        SymbolTable external = SymbolTable.of(List.of(
                GuestSymbol.global("ext_fn", 0x500000, 16, GuestSymbol.Type.FUNCTION, "base"),
                GuestSymbol.global("ext_var", 0x600000, 4, GuestSymbol.Type.OBJECT, "base")));
        GuestImage image = ImageLinker.link(List.of(e), BASE, external);
        ElfRelocation call = only(e, Elf.R_X86_64_PLT32);
        long place = image.symbols().require("call_ext").address() + call.offset();
        assertThat(readInt(image, place)).isEqualTo((int) (0x500000 + call.addend() - place));
        assertThat(image.symbols().lookup("ext_fn")).isEmpty();
        GnuLd.assertSameAsLd(dir, List.of(e), image, Map.of("ext_fn", 0x500000L, "ext_var", 0x600000L));
    }

    @Test
    void link_prefersTheObjectsOwnDefinitionsOverTheExternalTable() {
        ElfFile p = cc("p", "int value(void) { return 42; } int call_value(void) { return value() + 1; }\n");
        SymbolTable base = SymbolTable.of(List.of(GuestSymbol.global("value", 0x500000, 6, GuestSymbol.Type.FUNCTION, "base")));
        GuestImage image = ImageLinker.link(List.of(p), BASE, base);
        assertThat(image.symbols().require("value").object()).isEqualTo("p.o");
        GnuLd.assertSameAsLd(dir, List.of(p), image, Map.of());
    }

    @Test
    void link_rejectsPc32OverflowNamingObjectSectionOffsetSymbolTypeAndValue() {
        ElfFile e = cc("e", "extern int ext_var; int read_ext(void) { return ext_var; }\n");
        ElfRelocation r = only(e, Elf.R_X86_64_PC32);
        long far = 0x1_0000_0000L;
        SymbolTable external = SymbolTable.of(List.of(GuestSymbol.global("ext_var", far, 4, GuestSymbol.Type.OBJECT, "base")));
        assertThatThrownBy(() -> ImageLinker.link(List.of(e), BASE, external)).isExactlyInstanceOf(LinkException.class)
                .hasMessage("relocation R_X86_64_PC32 in e.o section .text.read_ext at 0x%x against 'ext_var' (0x100000000): "
                        .formatted(r.offset()) + "S + A - P = 0x%x does not fit in signed 32 bits; the target is more than 2 GiB away from the place"
                        .formatted(far + r.addend() - (BASE + r.offset())));
    }

    @Test
    void link_rejects32BitOverflowButAcceptsTheLargestUnsignedValue() {
        ElfFile a = cc("addr", "extern char far_arr[]; unsigned long addr_of(void) { return (unsigned long)far_arr; }\n");
        ElfRelocation r = only(a, Elf.R_X86_64_32);
        SymbolTable tooFar = SymbolTable.of(List.of(GuestSymbol.global("far_arr", 0x1_0000_0000L, 1, GuestSymbol.Type.OBJECT, "x")));
        assertThatThrownBy(() -> ImageLinker.link(List.of(a), BASE, tooFar)).isExactlyInstanceOf(LinkException.class)
                .hasMessageStartingWith("relocation R_X86_64_32 in addr.o section .text.addr_of at 0x%x against 'far_arr' (0x100000000): S + A = 0x100000000 does not fit in unsigned 32 bits"
                        .formatted(r.offset()));
        SymbolTable high = SymbolTable.of(List.of(GuestSymbol.global("far_arr", 0xffff_f000L, 1, GuestSymbol.Type.OBJECT, "x")));
        GuestImage image = ImageLinker.link(List.of(a), BASE, high);
        assertThat(Integer.toUnsignedLong(readInt(image, BASE + r.offset()))).isEqualTo(0xffff_f000L);
        GnuLd.assertSameAsLd(dir, List.of(a), image, Map.of("far_arr", 0xffff_f000L));
    }

    @Test
    void link_rejects32SOverflowAtTwoGiBButAcceptsJustBelow() {
        ElfFile t = cc("tab", "extern int far_tab[]; int at(long i) { return far_tab[i]; }\n");
        ElfRelocation r = only(t, Elf.R_X86_64_32S);
        SymbolTable twoGiB = SymbolTable.of(List.of(GuestSymbol.global("far_tab", 0x8000_0000L, 4, GuestSymbol.Type.OBJECT, "x")));
        assertThatThrownBy(() -> ImageLinker.link(List.of(t), BASE, twoGiB)).isExactlyInstanceOf(LinkException.class)
                .hasMessageStartingWith("relocation R_X86_64_32S in tab.o section .text.at at 0x%x against 'far_tab' (0x80000000): S + A = 0x80000000 does not fit in signed 32 bits"
                        .formatted(r.offset()));
        SymbolTable below = SymbolTable.of(List.of(GuestSymbol.global("far_tab", 0x7fff_0000L, 4, GuestSymbol.Type.OBJECT, "x")));
        GuestImage image = ImageLinker.link(List.of(t), BASE, below);
        GnuLd.assertSameAsLd(dir, List.of(t), image, Map.of("far_tab", 0x7fff_0000L));
    }

    @Test
    void link_refusesGotRelocationsWithHiddenVisibilityAdvice() {
        ElfFile pic = cc("pic", "extern int ext; int g(void) { return ext; }\n", "-fpic");
        ElfRelocation got = only(pic, Elf.R_X86_64_REX_GOTPCRELX);
        assertThatThrownBy(() -> ImageLinker.link(List.of(pic), BASE)).isExactlyInstanceOf(LinkException.class)
                .hasMessageStartingWith("unsupported relocation R_X86_64_REX_GOTPCRELX (42) in pic.o section .text.g at 0x%x; "
                        .formatted(got.offset()) + "the code reaches a symbol through the GOT: give the symbol hidden visibility")
                .message().asString().doesNotContain("-fno-pic");
    }

    @Test
    void link_rejectsCommonSymbols() {
        ElfFile c = cc("c", "int counter; int get(void) { return counter; }\n", "-fcommon");
        assertThatThrownBy(() -> ImageLinker.link(List.of(c), BASE)).isExactlyInstanceOf(LinkException.class)
                .hasMessage("c.o defines 'counter' as a COMMON symbol; quiesce does not allocate common blocks: build with -fno-common");
    }

    @Test
    void link_rejectsThreadLocalSections() {
        ElfFile t = cc("tls", "_Thread_local int tls_var = 1;\n");
        assertThatThrownBy(() -> ImageLinker.link(List.of(t), BASE)).isExactlyInstanceOf(LinkException.class)
                .hasMessageStartingWith("tls.o section .tdata.tls_var is thread-local (SHF_TLS)");
    }

    @Test
    void link_rejectsInputThatIsNotARelocatableObject() {
        ElfFile o = cc("f", "int f(void) { return 1; }\n");
        Tools.run(dir, "ld", "-static", "-nostdlib", "-e", "f", "-o", "f.elf", "f.o");
        ElfFile exe = ElfFile.parse("f.elf", Tools.read(dir.resolve("f.elf")));
        assertThatThrownBy(() -> ImageLinker.link(List.of(o, exe), BASE)).isExactlyInstanceOf(LinkException.class)
                .hasMessageStartingWith("f.elf is not an x86-64 relocatable object (e_type 2, e_machine 62)");
    }

    @Test
    void link_rejectsABaseThatIsNotPageAligned() {
        ElfFile o = cc("f", "int f(void) { return 1; }\n");
        assertThatThrownBy(() -> ImageLinker.link(List.of(o), BASE + 0x10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("image base 0x400010 is not a page-aligned guest address");
    }

    @Test
    void link_rejectsAReferenceToASymbolInASectionThatIsNotLoaded() {
        ElfFile o = cc("na", """
                __asm__(".section .nonalloc,\\"\\"\\n.globl marker\\nmarker: .long 1\\n.text\\n");
                extern int marker;
                int read_marker(void) { return marker; }
                """);
        assertThatThrownBy(() -> ImageLinker.link(List.of(o), BASE)).isExactlyInstanceOf(LinkException.class)
                .hasMessageStartingWith("symbol 'marker' referenced from na.o section .text.read_marker+0x")
                .hasMessageEndingWith("is defined in na.o section .nonalloc, which is not loaded (not allocated, or empty)");
    }

    @Test
    void link_ignoresRelocationsOfSectionsThatAreNotLoaded() {
        ElfFile o = cc("dbg", "int twice(int x) { return 2 * x; }\n", "-g");
        assertThat(o.relocationSections()).extracting(ElfRelaSection::section).extracting(s -> s.name())
                .contains(".rela.debug_info");
        GuestImage image = ImageLinker.link(List.of(o), BASE);
        assertThat(image.sections()).extracting(PlacedSection::name).containsExactly(".text.twice");
        GnuLd.assertSameAsLd(dir, List.of(o), image, Map.of());
    }

    @Test
    void link_resolvesLocalSymbolsWithinTheirOwnObject() {
        ElfFile one = cc("l1", "static int counter = 1; int get1(void) { return counter++; }\n");
        ElfFile two = cc("l2", "static int counter = 2; int get2(void) { return counter++; }\n");
        GuestImage image = ImageLinker.link(List.of(one, two), BASE);
        List<GuestSymbol> counters = image.symbols().all().stream().filter(s -> s.name().equals("counter")).toList();
        assertThat(counters).extracting(GuestSymbol::object).containsExactly("l1.o", "l2.o");
        assertThat(counters).allMatch(GuestSymbol::local);
        assertThat(readInt(image, counters.get(0).address())).isEqualTo(1);
        assertThat(readInt(image, counters.get(1).address())).isEqualTo(2);
        GnuLd.assertSameAsLd(dir, List.of(one, two), image, Map.of());
    }

    @Test
    void link_writesAbsolute64BitPointersInData() {
        ElfFile o = cc("ptr", "int target_var = 5; int *ptr = &target_var; const char *msg = \"hi\";\n");
        GuestImage image = ImageLinker.link(List.of(o), BASE);
        long ptr = image.symbols().require("ptr").address();
        long pointee = ByteBuffer.wrap(image.read(ptr, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(pointee).isEqualTo(image.symbols().require("target_var").address());
        GnuLd.assertSameAsLd(dir, List.of(o), image, Map.of());
    }

    @Test
    void link_placesAllocatedNotesInRodataAsIs() {
        ElfFile o = cc("cet", "int f(int x) { return x + 1; }\n", "-fcf-protection=full");
        GuestImage image = ImageLinker.link(List.of(o), BASE);
        PlacedSection note = image.section("cet.o", ".note.gnu.property").orElseThrow();
        assertThat(note.kind()).isEqualTo(SectionKind.RODATA);
        assertThat(image.region("rodata").orElseThrow().protection()).isEqualTo(Protection.R);
        assertThat(image.read(note.address(), (int) note.size()))
                .isEqualTo(o.findSection(".note.gnu.property").orElseThrow().data());
    }

    @Test
    void link_ofNoObjectsIsAnEmptyImage() {
        GuestImage image = ImageLinker.link(List.of(), BASE);
        assertThat(image.regions()).isEmpty();
        assertThat(image.size()).isZero();
        assertThat(image.symbols().all()).isEmpty();
    }

    @Test
    void privateObjectsWritableSectionsGoToThePrivateRegionsAfterBssAndTheRestStaysShared() {
        ElfFile shared = cc("shared", "int s_data = 1; int s_bss; int use(void) { return s_data + s_bss; }\n");
        ElfFile mine = cc("mine", "int p_data = 5; int p_bss; const int p_ro = 9;\n"
                + "int bump(void) { return ++p_data + ++p_bss + p_ro; }\n");
        GuestImage image = ImageLinker.link(List.of(shared, mine), BASE, SymbolTable.empty(), java.util.Set.of("mine.o"));
        assertThat(image.regions()).extracting(r -> r.name())
                .containsExactly("text", "rodata", "data", "bss", "private-data", "private-bss");
        assertThat(image.privateRegions()).extracting(r -> r.name()).containsExactly("private-data", "private-bss");
        var pd = image.region("private-data").orElseThrow();
        var pb = image.region("private-bss").orElseThrow();
        assertThat(pd.address()).isEqualTo(image.region("bss").orElseThrow().end());
        assertThat(pb.address()).isEqualTo(pd.end());
        assertThat(pd.protection()).isEqualTo(Protection.RW);
        assertThat(pd.contains(image.symbols().require("p_data").address())).isTrue();
        assertThat(pb.contains(image.symbols().require("p_bss").address())).isTrue();
        assertThat(image.region("rodata").orElseThrow().contains(image.symbols().require("p_ro").address())).isTrue();
        assertThat(image.region("data").orElseThrow().contains(image.symbols().require("s_data").address())).isTrue();
        assertThat(readInt(image, image.symbols().require("p_data").address())).isEqualTo(5);
        // the same objects linked with nothing private: the built-in layout, no private region
        assertThat(ImageLinker.link(List.of(shared, mine), BASE).privateRegions()).isEmpty();
    }

    @Test
    void aPrivateObjectThatIsNotLinkedIsRefused() {
        ElfFile a = cc("a", "int x = 1;\n");
        assertThatThrownBy(() -> ImageLinker.link(List.of(a), BASE, SymbolTable.empty(), java.util.Set.of("b.o")))
                .isExactlyInstanceOf(LinkException.class).hasMessageContaining("b.o");
    }
}
