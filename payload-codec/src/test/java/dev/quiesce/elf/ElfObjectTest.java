package dev.quiesce.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ElfObject}: its canonical layout, checked against itself, GNU readelf and GNU ld. */
class ElfObjectTest {

    @TempDir
    Path dir;

    static List<String> guestObjects() {
        return GuestObjects.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guestObjects")
    void write_roundTripsByteForByte_forEveryGuestObject(String name) {
        byte[] written = ElfObject.from(GuestObjects.parse(name)).write();
        byte[] again = ElfObject.from(ElfFile.parse(name, written)).write();
        assertThat(again).isEqualTo(written);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guestObjects")
    void write_keepsSectionsSymbolsAndRelocations_asReadelfShowsThem(String name) {
        ElfFile original = GuestObjects.parse(name);
        byte[] written = ElfObject.from(original).write();
        ElfFile copy = ElfFile.parse(name, written);
        Readelf oracle = Readelf.of(dir, "copy-" + name, written);
        assertThat(oracle.sections()).extracting(s -> s.name() + " " + s.type() + " " + s.flags() + " " + s.size())
                .containsExactlyElementsOf(copy.sections().stream().map(s -> s.name() + " " + s.type() + " " + s.flags()
                        + " " + s.size()).map(ElfObjectTest::readelfForm).toList());
        assertThat(kept(copy)).isEqualTo(kept(original));
        assertThat(oracle.symbols()).extracting(s -> s.bind() + " " + s.type() + " " + s.name())
                .containsExactlyElementsOf(copy.symbols().stream().map(s -> bindName(s) + " " + typeName(s) + " "
                        + displayName(copy, s)).toList());
        assertThat(symbolsByBind(copy)).containsExactlyInAnyOrderElementsOf(symbolsByBind(original));
        assertThat(relocationsByName(copy)).containsExactlyElementsOf(relocationsByName(original));
        for (ElfRelaSection rela : copy.relocationSections()) {
            assertThat(oracle.relocations().get(rela.section().name()))
                    .extracting(r -> r.offset() + " " + r.typeName() + " " + r.addend())
                    .containsExactlyElementsOf(rela.relocations().stream()
                            .map(r -> r.offset() + " " + r.typeName() + " " + r.addend()).toList());
        }
        ElfSection symtab = copy.findSection(".symtab").orElseThrow();
        assertThat(symtab.info()).as("sh_info = first non-local")
                .isEqualTo((int) copy.symbols().stream().filter(ElfSymbol::isLocal).count());
    }

    @Test
    void write_linksWithGnuLd_toTheSameImageAsTheOriginalObjects() {
        List<String> originals = new ArrayList<>(List.of("ld", "-static", "-nostdlib", "-e", "cpu_main", "-o", "a.elf"));
        List<String> copies = new ArrayList<>(List.of("ld", "-static", "-nostdlib", "-e", "cpu_main", "-o", "b.elf"));
        for (String name : GuestObjects.names()) {
            write(dir.resolve(name), GuestObjects.bytes(name));
            write(dir.resolve("copy-" + name), ElfObject.from(GuestObjects.parse(name)).write());
            originals.add(name);
            copies.add("copy-" + name);
        }
        Tools.run(dir, originals.toArray(String[]::new));
        Tools.run(dir, copies.toArray(String[]::new));
        ElfFile a = ElfFile.parse("a.elf", Tools.read(dir.resolve("a.elf")));
        ElfFile b = ElfFile.parse("b.elf", Tools.read(dir.resolve("b.elf")));
        List<String> allocated = a.sections().stream().filter(ElfSection::isAlloc).map(ElfSection::name).toList();
        assertThat(allocated).contains(".text");
        for (String section : allocated) {
            ElfSection x = a.findSection(section).orElseThrow();
            ElfSection y = b.findSection(section).orElseThrow();
            assertThat(List.of(y.address(), y.size())).as(section).isEqualTo(List.of(x.address(), x.size()));
            assertThat(y.data()).as(section).isEqualTo(x.data());
        }
    }

    @Test
    void write_isAcceptedByLdRelocatable_forAHandBuiltObject() {
        byte[] written = handBuilt().write();
        write(dir.resolve("hand.o"), written);
        Tools.run(dir, "ld", "-r", "-o", "merged.o", "hand.o");
        ElfFile merged = ElfFile.parse("merged.o", Tools.read(dir.resolve("merged.o")));
        assertThat(merged.findSection(".text.f").orElseThrow().data()).isEqualTo(code());
        assertThat(merged.symbols()).extracting(ElfSymbol::name).contains("f", "helper", "counter", "ext");
        assertThat(merged.relocationSections()).flatMap(ElfRelaSection::relocations).extracting(ElfRelocation::type)
                .containsExactlyInAnyOrder(Elf.R_X86_64_PLT32, Elf.R_X86_64_PC32, Elf.R_X86_64_64, Elf.R_X86_64_64);
    }

    @Test
    void write_putsLocalSymbolsFirst_andKeepsHandlesOfSymbolsAddedInAnyOrder() {
        byte[] written = handBuilt().write();
        ElfFile f = ElfFile.parse("hand.o", written);
        assertThat(f.symbols()).extracting(s -> s.name() + "/" + s.bind())
                .containsExactly("/0", "helper/0", "/0", "f/1", "ext/1", "counter/1");
        ElfSection symtab = f.findSection(".symtab").orElseThrow();
        assertThat(symtab.info()).isEqualTo(3);
        ElfRelaSection rela = f.relocationSections().getFirst();
        assertThat(rela.section().name()).isEqualTo(".rela.text.f");
        assertThat(rela.relocations()).extracting(r -> f.symbols().get(r.symbolIndex()).name() + "@" + r.offset())
                .containsExactly("ext@1", "helper@6", "@12");
        assertThat(ElfObject.from(f).write()).isEqualTo(written);
        Readelf oracle = Readelf.of(dir, "hand.o", written);
        assertThat(oracle.sections()).extracting(Readelf.Section::name).containsExactly("", ".text.f", ".bss.counter",
                ".data.table", ".rela.text.f", ".rela.data.table", ".symtab", ".strtab", ".shstrtab");
        assertThat(oracle.relocations().get(".rela.data.table")).singleElement()
                .satisfies(r -> assertThat(r.typeName()).isEqualTo("R_X86_64_64"));
    }

    @Test
    void write_alignsEverySectionAndTheHeaderTable_andPadsWithZeros() {
        byte[] written = handBuilt().write();
        ElfFile f = ElfFile.parse("hand.o", written);
        boolean[] covered = new boolean[written.length];
        for (int i = 0; i < Elf.EHDR_SIZE; i++) {
            covered[i] = true;
        }
        for (ElfSection s : f.sections()) {
            if (s.index() > 0) {
                assertThat(s.offset() % Math.max(1, s.addralign())).as(s.describe()).isZero();
            }
            if (!s.isNobits()) {
                for (long i = s.offset(); i < s.offset() + s.size(); i++) {
                    covered[(int) i] = true;
                }
            }
        }
        long shoff = f.bytes().getLong(0x28);
        assertThat(shoff % 8).isZero();
        assertThat(shoff + 64L * f.sections().size()).isEqualTo(written.length);
        for (int i = 0; i < shoff; i++) {
            if (!covered[i]) {
                assertThat(written[i]).as("padding byte at 0x%x", i).isZero();
            }
        }
    }

    @Test
    void removeSection_dropsItsSymbolsAndRelocations_andRenumbersTheRest() {
        ElfObject o = handBuilt();
        assertThatThrownBy(() -> o.removeSection(o.findSection(".bss.counter").orElseThrow()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("uses its symbol 'counter'");
        o.removeSection(o.findSection(".text.f").orElseThrow());
        assertThat(o.findSection(".data.table")).contains(2);
        ElfFile f = ElfFile.parse("removed.o", o.write());
        assertThat(f.sections()).extracting(ElfSection::name).containsExactly("", ".bss.counter", ".data.table",
                ".rela.data.table", ".symtab", ".strtab", ".shstrtab");
        assertThat(f.symbols()).extracting(s -> displayName(f, s)).containsExactly("", ".data.table", "ext", "counter");
        assertThat(f.relocationSections()).singleElement().satisfies(r -> assertThat(r.relocations())
                .extracting(x -> f.symbols().get(x.symbolIndex()).name()).containsExactly("counter"));
        assertThat(f.symbols().get(3).sectionIndex()).isEqualTo(1);
    }

    @Test
    void addSectionSymbol_returnsTheExistingSectionSymbol() {
        ElfObject o = handBuilt();
        int text = o.findSection(".text.f").orElseThrow();
        int first = o.addSectionSymbol(text);
        assertThat(o.addSectionSymbol(text)).isEqualTo(first);
        assertThat(o.symbols().get(first).isSection()).isTrue();
    }

    @Test
    void addSection_rejectsGeneratedTableTypes_andBadAlignment() {
        ElfObject o = ElfObject.create();
        assertThatThrownBy(() -> o.addSection(".rela.x", Elf.SHT_RELA, 0, 8, 24, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.addSection(".x", Elf.SHT_PROGBITS, 0, 3, 0, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("power of two");
    }

    @Test
    void write_rejectsARelocationOutsideItsSection() {
        ElfObject o = ElfObject.create();
        int text = o.addSection(".text", Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_EXECINSTR, 1, 0, new byte[4]);
        o.addRelocation(text, 2, Elf.R_X86_64_PC32, o.addSectionSymbol(text), 0);
        assertThatThrownBy(o::write).isInstanceOf(IllegalStateException.class).hasMessageContaining("outside");
    }

    /** Found by the fuzzer (ElfReaderFuzzTest): three sections aligned to 2^30 made write() allocate 3 GiB. */
    @Test
    void write_refusesAnObjectThatAlignmentWouldPadToGigabytes_withoutAllocatingIt() {
        ElfObject o = ElfObject.create();
        for (int i = 0; i < 3; i++) {
            o.addSection(".data." + i, Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_WRITE, 1L << 30, 0, new byte[16]);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
                .getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(o::write).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("over the 32 MiB limit").hasMessageContaining("sh_addralign is 0x40000000");
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(1L << 20);
    }

    /** call ext; call helper; .quad counter — with symbols added global first to exercise the reordering. */
    static ElfObject handBuilt() {
        ElfObject o = ElfObject.create();
        int text = o.addSection(".text.f", Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_EXECINSTR, 16, 0, code());
        int bss = o.addNobits(".bss.counter", Elf.SHF_ALLOC | Elf.SHF_WRITE, 8, 8);
        int data = o.addSection(".data.table", Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_WRITE, 8, 0, new byte[8]);
        int f = o.addSymbol("f", Elf.STB_GLOBAL, Elf.STT_FUNC, text, 0, code().length);
        int ext = o.addSymbol("ext", Elf.STB_GLOBAL, Elf.STT_NOTYPE, Elf.SHN_UNDEF, 0, 0);
        int helper = o.addSymbol("helper", Elf.STB_LOCAL, Elf.STT_FUNC, text, 10, 1);
        int counter = o.addSymbol("counter", Elf.STB_GLOBAL, Elf.STT_OBJECT, bss, 0, 8);
        o.addRelocation(text, 1, Elf.R_X86_64_PLT32, ext, -4);
        o.addRelocation(text, 6, Elf.R_X86_64_PC32, helper, -4);
        o.addRelocation(data, 0, Elf.R_X86_64_64, counter, 0);
        o.addRelocation(text, 12, Elf.R_X86_64_64, o.addSectionSymbol(data), 0);
        assertThat(f).isEqualTo(1);
        return o;
    }

    static byte[] code() {
        byte[] b = {(byte) 0xe8, 0, 0, 0, 0, (byte) 0xe8, 0, 0, 0, 0, (byte) 0xc3, (byte) 0x90, 0, 0, 0, 0, 0, 0, 0, 0};
        return b;
    }

    private static void write(Path file, byte[] bytes) {
        try {
            java.nio.file.Files.write(file, bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Sections other than the regenerated tables: name, type, flags, alignment, bytes. */
    private static List<String> kept(ElfFile f) {
        return f.sections().stream().filter(s -> s.index() > 0 && s.type() != Elf.SHT_SYMTAB && s.type() != Elf.SHT_STRTAB
                        && s.type() != Elf.SHT_RELA)
                .map(s -> "%s %d %x %d %d %s".formatted(s.name(), s.type(), s.flags(), s.addralign(), s.size(),
                        java.util.HexFormat.of().formatHex(s.data()))).toList();
    }

    private static List<String> symbolsByBind(ElfFile f) {
        return f.symbols().stream().map(s -> "%s %d %d %d %s %x %d".formatted(displayName(f, s), s.bind(), s.type(),
                s.visibility(), s.sectionIndex() == 0 ? "UND" : displaySection(f, s), s.value(), s.size())).toList();
    }

    private static String displaySection(ElfFile f, ElfSymbol s) {
        return s.sectionIndex() >= Elf.SHN_LORESERVE ? Integer.toString(s.sectionIndex()) : f.section(s.sectionIndex()).name();
    }

    private static List<String> relocationsByName(ElfFile f) {
        List<String> out = new ArrayList<>();
        for (ElfRelaSection rela : f.relocationSections()) {
            for (ElfRelocation r : rela.relocations()) {
                out.add("%s+%x %s %s %d".formatted(f.section(rela.targetSectionIndex()).name(), r.offset(), r.typeName(),
                        displayName(f, f.symbols().get(r.symbolIndex())), r.addend()));
            }
        }
        return out;
    }

    private static String displayName(ElfFile f, ElfSymbol s) {
        return s.isSection() && s.name().isEmpty() ? f.section(s.sectionIndex()).name() : s.name();
    }

    private static String bindName(ElfSymbol s) {
        return List.of("LOCAL", "GLOBAL", "WEAK").get(s.bind());
    }

    private static String typeName(ElfSymbol s) {
        return List.of("NOTYPE", "OBJECT", "FUNC", "SECTION", "FILE").get(s.type());
    }

    /** "name type flags size" with readelf's type name and flag letters. */
    private static String readelfForm(String line) {
        String[] p = line.split(" ", -1);
        String type = switch (Integer.parseInt(p[1])) {
            case 0 -> "NULL";
            case 1 -> "PROGBITS";
            case 2 -> "SYMTAB";
            case 3 -> "STRTAB";
            case 4 -> "RELA";
            case 7 -> "NOTE";
            case 8 -> "NOBITS";
            default -> p[1];
        };
        long flags = Long.parseLong(p[2]);
        StringBuilder letters = new StringBuilder();
        // L: record.o's __patchable_function_entries (gcc's patchable_function_entry) is SHF_LINK_ORDER
        long[] bits = {Elf.SHF_WRITE, Elf.SHF_ALLOC, Elf.SHF_EXECINSTR, Elf.SHF_MERGE, Elf.SHF_STRINGS, Elf.SHF_INFO_LINK,
                Elf.SHF_LINK_ORDER};
        for (int i = 0; i < bits.length; i++) {
            if ((flags & bits[i]) != 0) {
                letters.append("WAXMSIL".charAt(i));
            }
        }
        return p[0] + " " + type + " " + letters + " " + p[3];
    }
}
