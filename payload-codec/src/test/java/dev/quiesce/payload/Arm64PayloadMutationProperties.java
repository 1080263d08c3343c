package dev.quiesce.payload;

import dev.quiesce.isa.Arch;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Seeded property tests of the reader and validator on an AArch64 host over mutated AArch64 payloads (and x86
 * ones offered to it): whatever the bytes, the outcome is a payload or Xen's errno with a sentence.
 */
class Arm64PayloadMutationProperties {

    /** One byte overwrite: where (a fraction of the file) and the new value. */
    record Overwrite(double where, byte value) {
        void apply(byte[] b) {
            b[(int) Math.min(b.length - 1, (long) (where * b.length))] = value;
        }
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        return Arbitraries.of(Arm64Samples.payload(), PayloadSamples.payload());
    }

    @Provide
    Arbitrary<Overwrite> overwrites() {
        return Combinators.combine(Arbitraries.doubles().between(0, 1), Arbitraries.bytes()).as(Overwrite::new);
    }

    @Property(tries = 2000, seed = "19")
    void anAarch64HostEndsInAPayloadOrAPayloadException(@ForAll("payloads") byte[] original,
            @ForAll @Size(max = 8) List<@From("overwrites") Overwrite> overwrites,
            @ForAll @IntRange(min = 1, max = 100) int keepPercent) {
        byte[] b = Arrays.copyOf(original, Math.max(1, original.length * keepPercent / 100));
        overwrites.forEach(o -> o.apply(b));
        try {
            Payload p = PayloadReader.read(Arch.AARCH64, "mutated.livepatch", b);
            PayloadValidator.checkAgainst(p, name -> Optional.of(new OldFunction(0x40_0000, 64, new byte[4])),
                    index -> 0x41_0000);
        } catch (PayloadException expected) {
            // Xen's errno with a sentence is the other allowed outcome
        }
    }
}
