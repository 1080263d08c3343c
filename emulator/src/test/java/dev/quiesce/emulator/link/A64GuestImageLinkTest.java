package dev.quiesce.emulator.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.emulator.memory.Region;
import dev.quiesce.guest.GuestObject;
import dev.quiesce.guest.GuestObjects;
import dev.quiesce.isa.Arch;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real AArch64 guest (docs/aarch64.md: the guest's C cross-compiled by {@code aarch64-linux-gnu-gcc}) linked by
 * {@link ImageLinker}: the image, and each payload body against the image's symbols, are byte for byte what
 * {@code aarch64-linux-gnu-ld} links at the same layout.
 */
class A64GuestImageLinkTest {

    private static final long BASE = 0x400000;

    private final List<ElfFile> objects = parse(GuestObjects.baseImage(Arch.AARCH64));
    private final GuestImage image = ImageLinker.link(objects, BASE);

    @Test
    void theAarch64GuestImageIsWhatGnuLdLinks(@TempDir Path dir) {
        assertThat(objects).allMatch(o -> o.machine() == Elf.EM_AARCH64);
        assertThat(image.arch()).isEqualTo(Arch.AARCH64);
        assertThat(image.regions()).extracting(Region::name).containsExactly("text", "rodata", "data", "bss");
        assertThat(image.symbols().require("cpu_main").object()).isEqualTo("main.o");
        GnuLd.assertSameAsLd(dir, objects, image, Map.of());
    }

    @Test
    void everyAarch64PayloadBodyLinkedAgainstTheImageIsWhatGnuLdLinks(@TempDir Path dir) {
        List<ElfFile> bodies = parse(GuestObjects.payloadBodies(Arch.AARCH64));
        assertThat(bodies).isNotEmpty();
        Map<String, Long> imageSymbols = new TreeMap<>();
        image.symbols().all().stream().filter(s -> !s.local()).forEach(s -> imageSymbols.put(s.name(), s.address()));
        for (ElfFile body : bodies) {
            GuestImage payload = ImageLinker.link(List.of(body), image.end(), image.symbols());
            assertThat(payload.arch()).isEqualTo(Arch.AARCH64);
            GnuLd.assertSameAsLd(dir, List.of(body), payload, imageSymbols);
        }
    }

    @Test
    void theTextPaddingIsUdf() {
        Region text = image.region("text").orElseThrow();
        PlacedSection last = image.sections().stream().filter(p -> p.kind() == SectionKind.TEXT).reduce((a, b) -> b)
                .orElseThrow();
        assertThat(image.read(last.end(), (int) (text.end() - last.end()))).isNotEmpty().containsOnly(0);
    }

    private static List<ElfFile> parse(List<GuestObject> objects) {
        return objects.stream().map(o -> ElfFile.parse(o.name(), o.bytes())).toList();
    }
}
