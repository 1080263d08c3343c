package dev.quiesce.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutations of real objects (truncations, byte flips, header and table fields set to edge
 * values): every one either parses or is rejected with an {@link ElfFormatException}.
 */
class ElfFileFuzzTest {

    private static final long SEED = 0x5eed_e1f0L;
    private static final int ITERATIONS = 5_000;
    private static final long[] EDGES = {0, 1, 2, 3, 4, 8, 24, 63, 64, 0xff, 0xff00, 0xfff1, 0xfff2, 0xffff, 0x7fff_ffffL,
            0x8000_0000L, 0xffff_ffffL, 0x1_0000_0000L, Long.MAX_VALUE, Long.MIN_VALUE, -1, -24, -64};

    @Test
    void parse_eitherSucceedsOrThrowsElfFormatException_forSeededMutationsOfRealObjects() {
        List<ElfFile> corpus = new ArrayList<>();
        GuestObjects.names().forEach(n -> corpus.add(GuestObjects.parse(n)));
        corpus.add(NoteSamples.propertyNoteObject());
        SplittableRandom random = new SplittableRandom(SEED);
        List<String> escaped = new ArrayList<>();
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            ElfFile original = corpus.get(random.nextInt(corpus.size()));
            String description = "iteration %d on %s".formatted(i, original.fileName());
            byte[] mutated = mutate(original, random);
            try {
                exercise(ElfFile.parse(original.fileName(), mutated));
                parsed++;
            } catch (ElfFormatException e) {
                assertThat(e.getMessage()).as(description).startsWith(original.fileName() + ": ");
                rejected++;
            } catch (RuntimeException | Error e) {
                escaped.add(description + ": " + e);
            }
        }
        assertThat(escaped).isEmpty();
        assertThat(parsed).as("mutations that still parse").isGreaterThan(ITERATIONS / 20);
        assertThat(rejected).as("mutations that are rejected").isGreaterThan(ITERATIONS / 4);
    }

    private static byte[] mutate(ElfFile elf, SplittableRandom random) {
        Patch p = Patch.of(elf);
        int length = elf.bytes().remaining();
        switch (random.nextInt(4)) {
            case 0 -> {
                return p.bytes(random.nextInt(length));
            }
            case 1 -> {
                for (int n = 1 + random.nextInt(8); n > 0; n--) {
                    p.u8(random.nextInt(length), random.nextInt(256));
                }
            }
            case 2 -> {
                long header = 0x40L * random.nextInt(elf.sections().size()) + elf.bytes().getLong(0x28);
                int field = 8 * random.nextInt(8);
                edge(p, header + field + (random.nextBoolean() ? 0 : 4), random, length);
            }
            default -> {
                List<ElfSection> tables = elf.sections().stream()
                        .filter(s -> s.type() == Elf.SHT_SYMTAB || s.type() == Elf.SHT_RELA || s.type() == Elf.SHT_NOTE).toList();
                ElfSection t = tables.get(random.nextInt(tables.size()));
                long at = t.offset() + 4L * random.nextInt((int) (t.size() / 4));
                edge(p, at, random, length);
            }
        }
        if (random.nextInt(8) == 0) {
            edge(p, 0x28 + 2 * random.nextInt(12), random, length);
        }
        return p.bytes();
    }

    private static void edge(Patch p, long at, SplittableRandom random, int fileLength) {
        long value = switch (random.nextInt(4)) {
            case 0 -> fileLength + random.nextInt(-4, 5);
            case 1 -> random.nextLong();
            default -> EDGES[random.nextInt(EDGES.length)];
        };
        int width = random.nextInt(3);
        if (width == 0 && at + 2 <= fileLength) {
            p.u16(at, (int) value);
        } else if (width == 1 && at + 4 <= fileLength) {
            p.u32(at, value);
        } else if (at + 8 <= fileLength) {
            p.u64(at, value);
        }
    }

    /** Touches everything a parsed file offers, so a lazy failure would surface here. */
    static void exercise(ElfFile elf) {
        for (ElfSection s : elf.sections()) {
            assertThat(s.data().length).isLessThanOrEqualTo(elf.bytes().remaining());
        }
        for (ElfSymbol s : elf.symbols()) {
            if (!s.isUndefined() && s.sectionIndex() < Elf.SHN_LORESERVE) {
                elf.section(s.sectionIndex());
            }
        }
        for (ElfRelaSection r : elf.relocationSections()) {
            r.relocations().forEach(x -> Elf.relocationName(x.type()));
        }
        elf.notes().forEach(ElfNote::toString);
        elf.buildId().ifPresent(BuildId::hex);
    }
}
