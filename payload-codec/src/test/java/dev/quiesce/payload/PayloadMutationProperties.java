package dev.quiesce.payload;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfFormatException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.List;
import java.util.Optional;

/**
 * Seeded property tests (jqwik, with shrinking) of the ELF reader and the payload reader/validator
 * over mutated real payloads: whatever the bytes, the outcome is a value or the typed error — never
 * another exception. On a failure jqwik shrinks to the fewest, smallest byte changes and prints
 * the seed that replays it.
 */
class PayloadMutationProperties {

    /** One byte overwrite: where (a fraction of the file) and the new value. */
    record Overwrite(double where, byte value) {
        void apply(byte[] b) {
            b[(int) Math.min(b.length - 1, (long) (where * b.length))] = value;
        }
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        return Arbitraries.of(PayloadSamples.payload(), PayloadSamples.helloPayload(), PayloadSamples.hooksOnly());
    }

    @Provide
    Arbitrary<Overwrite> overwrites() {
        return Combinators.combine(Arbitraries.doubles().between(0, 1), Arbitraries.bytes()).as(Overwrite::new);
    }

    private static byte[] mutate(byte[] original, List<Overwrite> overwrites, int keepPercent) {
        byte[] b = java.util.Arrays.copyOf(original, Math.max(1, original.length * keepPercent / 100));
        overwrites.forEach(o -> o.apply(b));
        return b;
    }

    @Property(tries = 3000, seed = "4242")
    void elfReader_endsInAnElfFileOrAnElfFormatException(@ForAll("payloads") byte[] original,
            @ForAll @Size(max = 8) List<@net.jqwik.api.From("overwrites") Overwrite> overwrites,
            @ForAll @IntRange(min = 1, max = 100) int keepPercent) {
        byte[] b = mutate(original, overwrites, keepPercent);
        try {
            ElfFile.parse("mutated.livepatch", b);
        } catch (ElfFormatException expected) {
            // a typed, located error is the other allowed outcome
        }
    }

    @Property(tries = 3000, seed = "4243")
    void payloadReaderAndValidator_endInAPayloadOrAPayloadException(@ForAll("payloads") byte[] original,
            @ForAll @Size(max = 8) List<@net.jqwik.api.From("overwrites") Overwrite> overwrites,
            @ForAll @IntRange(min = 1, max = 100) int keepPercent) {
        byte[] b = mutate(original, overwrites, keepPercent);
        try {
            Payload p = PayloadReader.read("mutated.livepatch", b);
            PayloadValidator.checkAgainst(p, name -> Optional.of(new OldFunction(0x40_0000, 64, new byte[] {0x55})),
                    index -> 0x41_0000);
        } catch (PayloadException expected) {
            // Xen's errno with a sentence is the other allowed outcome
        }
    }
}
