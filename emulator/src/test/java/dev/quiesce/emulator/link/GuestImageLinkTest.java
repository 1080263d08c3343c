package dev.quiesce.emulator.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.elf.BuildId;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfSection;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.emulator.memory.Protection;
import dev.quiesce.emulator.memory.Region;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Links the real guest image and checks it against GNU ld and against what the guest's code says. */
class GuestImageLinkTest {

    private static final long BASE = 0x400000;

    private final List<ElfFile> objects = GuestObjects.all();
    private final GuestImage image = ImageLinker.link(objects, BASE);

    @Test
    void link_producesTheSameBytesAndSymbolsAsGnuLd(@TempDir Path dir) {
        GnuLd.assertSameAsLd(dir, objects, image, Map.of());
        assertThat(image.sections()).extracting(PlacedSection::name).contains(".text.cpu_main", ".rodata.xen_extra_version.str1.1",
                ".data.workload", ".bss.percpu", ".text.unlikely.record_read");
    }

    @Test
    void link_laysOutTextRodataDataBssAsPageAlignedRegionsFromTheBase() {
        assertThat(image.regions()).extracting(Region::name).containsExactly("text", "rodata", "data", "bss");
        assertThat(image.regions()).extracting(Region::protection)
                .containsExactly(Protection.RX, Protection.R, Protection.RW, Protection.RW);
        assertThat(image.base()).isEqualTo(BASE);
        assertThat(image.regions().getFirst().address()).isEqualTo(BASE);
        for (int i = 1; i < image.regions().size(); i++) {
            assertThat(image.regions().get(i).address()).isEqualTo(image.regions().get(i - 1).end());
        }
        assertThat(image.end()).isEqualTo(image.regions().getLast().end()).isEqualTo(BASE + image.size());
        assertThat(image.end() % GuestMemory.PAGE_SIZE).isZero();
    }

    @Test
    void link_placesEveryNonEmptyAllocSectionOnceAlignedInItsKindsRegionInObjectThenIndexOrder() {
        List<String> expected = new ArrayList<>();
        for (SectionKind kind : SectionKind.values()) {
            for (ElfFile o : objects) {
                for (ElfSection s : o.sections()) {
                    if (SectionKind.of(s).orElse(null) == kind) {
                        expected.add(o.fileName() + ":" + s.name());
                    }
                }
            }
        }
        assertThat(image.sections()).extracting(p -> p.object() + ":" + p.name()).containsExactlyElementsOf(expected);
        PlacedSection previous = null;
        for (PlacedSection p : image.sections()) {
            ElfSection s = objects.stream().filter(o -> o.fileName().equals(p.object())).findFirst().orElseThrow()
                    .section(p.sectionIndex());
            assertThat(p.address() % Math.max(1, s.addralign())).as("%s alignment", p).isZero();
            Region region = image.region(p.kind().regionName()).orElseThrow();
            assertThat(region.contains(p.address()) && p.end() <= region.end()).as("%s in %s", p, region).isTrue();
            if (previous != null) {
                assertThat(p.address()).isGreaterThanOrEqualTo(previous.end());
            }
            previous = p;
        }
        assertThat(image.section("main.o", ".text.cpu_main").orElseThrow().kind()).isEqualTo(SectionKind.TEXT);
        assertThat(image.section("version.o", ".rodata.xen_extra_version.str1.1").orElseThrow().kind()).isEqualTo(SectionKind.RODATA);
        assertThat(image.section("main.o", ".data.workload").orElseThrow().kind()).isEqualTo(SectionKind.DATA);
        assertThat(image.section("main.o", ".bss.percpu").orElseThrow().kind()).isEqualTo(SectionKind.BSS);
        assertThat(image.sections()).noneMatch(p -> p.name().equals(".comment") || p.name().equals(".note.GNU-stack")
                || p.name().equals(".text") || p.size() == 0);
    }

    @Test
    void link_resolvesTheSymbolsTheSimulatorNeeds() {
        SymbolTable symbols = image.symbols();
        assertThat(symbols.require("workload").type()).isEqualTo(GuestSymbol.Type.OBJECT);
        assertThat(image.region("data").orElseThrow().contains(symbols.require("workload").address())).isTrue();
        assertThat(image.region("bss").orElseThrow().contains(symbols.require("percpu").address())).isTrue();
        assertThat(symbols.require("percpu").size()).isEqualTo(256L * 256);
        assertThat(symbols.require("cpu_main").object()).isEqualTo("main.o");
        assertThat(symbols.require("check_for_livepatch_work").type()).isEqualTo(GuestSymbol.Type.FUNCTION);
        GuestSymbol extra = symbols.require("xen_extra_version");
        assertThat(extra.size()).isGreaterThanOrEqualTo(5);
        assertThat(image.region("text").orElseThrow().contains(extra.address())).isTrue();
    }

    @Test
    void link_makesXenExtraVersionLoadTheAddressOfItsStringInRodataRipRelatively() {
        GuestSymbol extra = image.symbols().require("xen_extra_version");
        byte[] code = image.read(extra.address(), 7);
        assertThat(code).as("lea disp32(%%rip),%%rax").startsWith(0x48, 0x8d, 0x05);
        long string = extra.address() + 7 + ByteBuffer.wrap(code, 3, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertThat(image.region("rodata").orElseThrow().contains(string)).isTrue();
        assertThat(new String(image.read(string, 9), StandardCharsets.US_ASCII)).isEqualTo("-quiesce\0");
    }

    @Test
    void loadInto_definesTheRegionsAndWritesTheBytesAndZeroesBss() {
        try (GuestMemory memory = GuestMemory.allocate(BASE, image.size() + GuestMemory.PAGE_SIZE)) {
            Region bss = image.region("bss").orElseThrow();
            memory.write(bss.address(), new byte[] {1, 2, 3});
            image.loadInto(memory);
            assertThat(memory.regions()).isEqualTo(image.regions());
            for (Region r : image.regions()) {
                assertThat(memory.read(r.address(), (int) r.size())).as(r.name()).isEqualTo(image.read(r.address(), (int) r.size()));
            }
            assertThat(memory.read(bss.address(), 3)).containsOnly(0);
            long extra = image.symbols().require("xen_extra_version").address();
            assertThat(memory.read(extra, 3)).as("lea disp32(%%rip),%%rax").containsExactly(0x48, 0x8d, 0x05);
        }
    }

    @Test
    void link_padsTextWithInt3() {
        Region text = image.region("text").orElseThrow();
        PlacedSection last = image.sections().stream().filter(p -> p.kind() == SectionKind.TEXT).reduce((a, b) -> b).orElseThrow();
        byte[] tail = image.read(last.end(), (int) (text.end() - last.end()));
        assertThat(tail).isNotEmpty().containsOnly(0xcc);
    }

    @Test
    void buildId_isTheDocumentedSha1AndDependsOnBytesAndLayout() {
        BuildId.Hasher h = BuildId.hasher();
        for (Region r : image.regions()) {
            h.add(r.name().getBytes(StandardCharsets.US_ASCII)).add(new byte[1]).addLong(r.address()).addLong(r.size());
            if (!r.name().equals("bss")) {
                h.add(image.read(r.address(), (int) r.size()));
            }
        }
        assertThat(image.buildId()).isEqualTo(h.build());
        assertThat(ImageLinker.link(GuestObjects.all(), BASE).buildId()).isEqualTo(image.buildId());
        assertThat(ImageLinker.link(objects, BASE + 0x200000).buildId()).isNotEqualTo(image.buildId());
        assertThat(ImageLinker.link(objects.reversed(), BASE).buildId()).isNotEqualTo(image.buildId());
    }

    @Test
    void symbols_symbolizeAddressesInsideFunctionsIncludingStaticOnes() {
        SymbolTable symbols = image.symbols();
        long cpuMain = symbols.require("cpu_main").address();
        assertThat(symbols.symbolize(cpuMain)).isEqualTo("cpu_main");
        assertThat(symbols.symbolize(cpuMain + 0x1c)).isEqualTo("cpu_main+0x1c");
        GuestSymbol timerTick = symbols.all().stream().filter(s -> s.name().equals("timer_tick")).findFirst().orElseThrow();
        assertThat(timerTick.local()).isTrue();
        assertThat(symbols.lookup("timer_tick")).isEmpty();
        assertThat(symbols.symbolize(timerTick.address() + 3)).isEqualTo("timer_tick+0x3");
        assertThat(symbols.symbolize(image.end() + 0x10)).isEqualTo("0x" + Long.toHexString(image.end() + 0x10));
        assertThat(symbols.all()).isSortedAccordingTo(Comparator.comparingLong(GuestSymbol::address));
    }
}
