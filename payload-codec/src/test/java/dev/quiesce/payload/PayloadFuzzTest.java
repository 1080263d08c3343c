package dev.quiesce.payload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfSection;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutations of real payloads (truncations, byte flips, header, section-header, symbol, relocation, note and
 * {@code livepatch_func} fields set to edge values): every input ends in a {@link Payload} or a
 * {@link PayloadException} — no other exception, no hang, and no allocation beyond a few times the 2 MiB limit.
 */
class PayloadFuzzTest {

    private static final long SEED = 0x11fe_ba7c_4L;
    private static final int EXECUTIONS = 15_000;
    private static final List<String> KNOWN = List.of("do_foo", "do_bar", "xen_extra_version");
    private static final long ALLOCATION_LIMIT = 16L * 1024 * 1024;
    private static final long[] EDGES = {0, 1, 2, 3, 4, 5, 8, 9, 24, 31, 32, 63, 64, 104, 0xff, 0x3ff, 0x400, 0xff00, 0xfff1,
            0xfff2, 0xffff, 0x1f_ffff, 0x20_0000, 0x20_0001, 0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL, 0x1_0000_0000L,
            Long.MAX_VALUE, Long.MIN_VALUE, -1, -8, -24, -104};

    @Test
    void read_endsInAPayloadOrAPayloadException_forSeededMutationsOfRealPayloads() {
        List<ElfFile> corpus = List.of(ElfFile.parse("p.livepatch", PayloadSamples.payload()),
                ElfFile.parse("hello.livepatch", PayloadSamples.helloPayload()),
                ElfFile.parse("nofunc.livepatch", PayloadSamples.hooksOnly()));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SplittableRandom random = new SplittableRandom(SEED);
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> escaped = new ArrayList<>();
        long maxAllocated = 0;
        long start = System.nanoTime();
        for (int i = 0; i < EXECUTIONS; i++) {
            ElfFile original = corpus.get(random.nextInt(corpus.size()));
            byte[] mutated = mutate(original, random);
            long before = threads.getCurrentThreadAllocatedBytes();
            try {
                Payload p = PayloadReader.read(original.fileName(), mutated);
                PayloadValidator.checkAgainst(p, name -> KNOWN.contains(name)
                        ? Optional.of(new OldFunction(0x10_0000, 64, new byte[] {0x55})) : Optional.empty(), index -> 0x20_0000);
                outcomes.merge("valid", 1, Integer::sum);
            } catch (PayloadException e) {
                outcomes.merge(e.errno().name(), 1, Integer::sum);
            } catch (RuntimeException | Error e) {
                escaped.add("execution %d on %s: %s".formatted(i, original.fileName(), e));
            }
            maxAllocated = Math.max(maxAllocated, threads.getCurrentThreadAllocatedBytes() - before);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("PayloadFuzzTest: %d executions in %d ms (seed 0x%x), outcomes %s, max allocation %d KiB%n",
                EXECUTIONS, millis, SEED, outcomes, maxAllocated / 1024);
        assertThat(escaped).isEmpty();
        assertThat(maxAllocated).isLessThan(ALLOCATION_LIMIT);
        assertThat(outcomes.getOrDefault("valid", 0)).as("mutations still valid").isGreaterThan(EXECUTIONS / 20);
        assertThat(outcomes.keySet()).contains("EINVAL", "EOPNOTSUPP", "ENODATA", "ENOENT");
    }

    private static byte[] mutate(ElfFile elf, SplittableRandom random) {
        byte[] b = new byte[elf.bytes().remaining()];
        elf.bytes().get(b);
        switch (random.nextInt(6)) {
            case 0 -> {
                return java.util.Arrays.copyOf(b, random.nextInt(b.length));
            }
            case 1 -> {
                for (int n = 1 + random.nextInt(8); n > 0; n--) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
            case 2 -> edge(b, elf.bytes().getLong(0x28) + 64L * random.nextInt(elf.sections().size())
                    + 8 * random.nextInt(8) + (random.nextBoolean() ? 0 : 4), random);
            case 3 -> edge(b, 0x10 + 2 * random.nextInt(24), random);
            default -> {
                List<ElfSection> targets = elf.sections().stream().filter(s -> s.size() >= 8 && !s.isNobits()
                        && (s.name().startsWith(".livepatch") || s.name().startsWith(".note") || s.name().startsWith(".rela")
                        || s.name().equals(".symtab") || s.name().equals(".modinfo"))).toList();
                ElfSection t = targets.get(random.nextInt(targets.size()));
                long at = t.name().equals(".livepatch.funcs") && random.nextBoolean()
                        ? t.offset() + 104L * random.nextInt((int) (t.size() / 104)) + new int[] {8, 16, 24, 28, 32, 72}[random.nextInt(6)]
                        : t.offset() + 4L * random.nextInt((int) (t.size() / 4));
                edge(b, at, random);
            }
        }
        return b;
    }

    private static void edge(byte[] b, long at, SplittableRandom random) {
        long value = random.nextInt(4) == 0 ? random.nextLong() : EDGES[random.nextInt(EDGES.length)];
        int width = new int[] {1, 2, 4, 8}[random.nextInt(4)];
        for (int i = 0; i < width && at + i < b.length; i++) {
            b[(int) at + i] = (byte) (value >>> (8 * i));
        }
    }
}
