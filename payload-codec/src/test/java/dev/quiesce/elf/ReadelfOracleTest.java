package dev.quiesce.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Compares what {@link ElfFile} parses with what GNU readelf prints for the same file. */
class ReadelfOracleTest {

    @TempDir
    static Path dir;

    static List<String> guestObjects() {
        return GuestObjects.names();
    }

    @BeforeAll
    static void buildSamples() {
        Tools.compile(dir, "sample", """
                int counter;
                static int hidden = 3;
                __attribute__((weak)) int weakling = 5;
                extern int ext;
                int get(void) { return counter + hidden + weakling + ext; }
                """, "-O2", "-g", "-fcommon", "-fcf-protection=full");
        Tools.compile(dir, "pic", """
                extern int ext;
                extern int f(int);
                int g(int x) { return f(x) + ext; }
                """, "-O2", "-fpic");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guestObjects")
    void parse_matchesReadelf_forEveryGuestObject(String name) {
        ElfFile elf = GuestObjects.parse(name);
        assertThat(elf.type()).isEqualTo(Elf.ET_REL);
        assertThat(elf.machine()).isEqualTo(Elf.EM_X86_64);
        assertMatchesReadelf(elf, GuestObjects.bytes(name));
    }

    @Test
    void parse_matchesReadelf_forObjectWithDebugInfoCommonWeakAndPropertyNote() {
        ElfFile elf = ElfFile.parse("sample.o", Tools.read(dir.resolve("sample.o")));
        assertMatchesReadelf(elf, Tools.read(dir.resolve("sample.o")));
        assertThat(elf.symbols()).anySatisfy(s -> assertThat(s.isCommon()).isTrue())
                .anySatisfy(s -> assertThat(s.isWeak()).isTrue());
        assertThat(elf.notes()).singleElement().satisfies(n -> {
            assertThat(n.name()).isEqualTo("GNU");
            assertThat(n.type()).isEqualTo(Elf.NT_GNU_PROPERTY_TYPE_0);
        });
    }

    @Test
    void parse_matchesReadelf_forPicObjectWithGotRelocations() {
        ElfFile elf = ElfFile.parse("pic.o", Tools.read(dir.resolve("pic.o")));
        assertMatchesReadelf(elf, Tools.read(dir.resolve("pic.o")));
        assertThat(elf.relocationSections()).flatMap(ElfRelaSection::relocations).extracting(ElfRelocation::type)
                .contains(Elf.R_X86_64_REX_GOTPCRELX);
    }

    @Test
    void parse_matchesReadelf_forStaticExecutableWithEmittedRelocationsAndBuildId() {
        List<String> command = new ArrayList<>(List.of("ld", "-q", "-static", "-nostdlib", "-e", "cpu_main",
                "--build-id=sha1", "-o", "image.elf"));
        for (String name : GuestObjects.names()) {
            writeGuest(name);
            command.add(name);
        }
        Tools.run(dir, command.toArray(String[]::new));
        byte[] bytes = Tools.read(dir.resolve("image.elf"));
        ElfFile elf = ElfFile.parse("image.elf", bytes);
        assertThat(elf.type()).isEqualTo(Elf.ET_EXEC);
        Readelf oracle = assertMatchesReadelf(elf, bytes);
        assertThat(elf.relocationSections()).isNotEmpty();
        String printed = oracle.notes().getFirst().description();
        assertThat(printed).endsWith("Build ID: " + elf.buildId().orElseThrow().hex());
    }

    private static void writeGuest(String name) {
        try {
            Files.write(dir.resolve(name), GuestObjects.bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Readelf assertMatchesReadelf(ElfFile elf, byte[] bytes) {
        Readelf oracle = Readelf.of(dir, "oracle-" + elf.fileName(), bytes);
        assertThat(elf.sections()).hasSameSizeAs(oracle.sections());
        for (Readelf.Section want : oracle.sections()) {
            ElfSection got = elf.section(want.index());
            assertThat(List.of(got.name(), typeName(got.type()), got.address(), got.offset(), got.size(), got.entsize(),
                    flagLetters(got.flags()), got.link(), got.info(), got.addralign()))
                    .as("%s %s", elf.fileName(), got.describe())
                    .containsExactly(want.name(), want.type(), want.address(), want.offset(), want.size(), want.entsize(),
                            want.flags(), want.link(), want.info(), want.align());
            assertThat(got.data()).hasSize(got.isNobits() || got.type() == Elf.SHT_NULL ? 0 : (int) got.size());
        }
        assertThat(elf.symbols()).hasSameSizeAs(oracle.symbols());
        for (Readelf.Symbol want : oracle.symbols()) {
            ElfSymbol got = elf.symbols().get(want.index());
            String name = got.isSection() && got.name().isEmpty() ? elf.section(got.sectionIndex()).name() : got.name();
            assertThat(List.of(name, got.value(), got.size(), SYMBOL_TYPES.get(got.type()), BINDS.get(got.bind()),
                    VISIBILITIES.get(got.visibility()), ndx(got.sectionIndex())))
                    .as("%s symbol [%d]", elf.fileName(), got.index())
                    .containsExactly(want.name(), want.value(), want.size(), want.type(), want.bind(), want.visibility(),
                            want.ndx());
        }
        assertThat(elf.relocationSections()).extracting(r -> r.section().name())
                .containsExactlyElementsOf(oracle.relocations().keySet());
        for (ElfRelaSection rela : elf.relocationSections()) {
            List<Readelf.Relocation> want = oracle.relocations().get(rela.section().name());
            assertThat(rela.targetSectionIndex()).isEqualTo(rela.section().info());
            assertThat(rela.relocations()).extracting(r -> new Readelf.Relocation(r.offset(), r.symbolIndex(), r.type(),
                    Elf.relocationName(r.type()), r.addend())).as(rela.section().describe()).containsExactlyElementsOf(want);
        }
        assertThat(elf.notes()).extracting(n -> n.name() + " " + n.descriptor().length)
                .containsExactlyElementsOf(oracle.notes().stream().map(n -> n.owner() + " " + n.size()).toList());
        return oracle;
    }

    private static final List<String> SYMBOL_TYPES = List.of("NOTYPE", "OBJECT", "FUNC", "SECTION", "FILE", "COMMON", "TLS");
    private static final List<String> BINDS = List.of("LOCAL", "GLOBAL", "WEAK");
    private static final List<String> VISIBILITIES = List.of("DEFAULT", "INTERNAL", "HIDDEN", "PROTECTED");
    private static final Map<Integer, String> SECTION_TYPES = Map.ofEntries(Map.entry(0, "NULL"), Map.entry(1, "PROGBITS"),
            Map.entry(2, "SYMTAB"), Map.entry(3, "STRTAB"), Map.entry(4, "RELA"), Map.entry(7, "NOTE"),
            Map.entry(8, "NOBITS"), Map.entry(9, "REL"), Map.entry(14, "INIT_ARRAY"), Map.entry(15, "FINI_ARRAY"),
            Map.entry(17, "GROUP"), Map.entry(0x70000001, "X86_64_UNWIND"));

    private static String typeName(int type) {
        return SECTION_TYPES.getOrDefault(type, "unmapped type 0x" + Integer.toHexString(type));
    }

    private static String ndx(int index) {
        return switch (index) {
            case Elf.SHN_UNDEF -> "UND";
            case Elf.SHN_ABS -> "ABS";
            case Elf.SHN_COMMON -> "COM";
            default -> Integer.toString(index);
        };
    }

    /** readelf's flag letters, in its order; a flag this test does not know fails the comparison. */
    private static String flagLetters(long flags) {
        long[] bits = {Elf.SHF_WRITE, Elf.SHF_ALLOC, Elf.SHF_EXECINSTR, Elf.SHF_MERGE, Elf.SHF_STRINGS,
                Elf.SHF_INFO_LINK, Elf.SHF_LINK_ORDER, 0x100, Elf.SHF_GROUP, Elf.SHF_TLS};
        String letters = "WAXMSILOGT";
        StringBuilder sb = new StringBuilder();
        long rest = flags;
        for (int i = 0; i < bits.length; i++) {
            if ((flags & bits[i]) != 0) {
                sb.append(letters.charAt(i));
                rest &= ~bits[i];
            }
        }
        return rest == 0 ? sb.toString() : sb + "?0x" + Long.toHexString(rest);
    }
}
