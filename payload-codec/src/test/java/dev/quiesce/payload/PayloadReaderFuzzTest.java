package dev.quiesce.payload;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.Optional;

/**
 * The coverage-guided fuzz target of the payload reader and validator (Jazzer, docs/reliability.md "Fuzzing"): any
 * bytes uploaded as a payload end in a {@link Payload} or a {@link PayloadException} with Xen's errno, and a payload
 * that reads is checked against an image by {@link PayloadValidator} with the same two outcomes. Anything else
 * thrown, a hang or a heap blow-up is a finding. The corpus ({@code PayloadReaderFuzzTestInputs/}) holds Xen's
 * regression payloads assembled against the guest image ({@code SamplePayloads}, as {@code quiesce payload samples}
 * writes them).
 */
class PayloadReaderFuzzTest {

    /**
     * The image: every name is a function of 16..1039 bytes at its own 64-byte slot, every other one starting with
     * ENDBR64, so both JMP-size rules and the distance check are reached.
     */
    private static final OldFunctionLookup IMAGE = name -> name.isEmpty() ? Optional.empty() : Optional.of(old(name));

    @FuzzTest
    void readEndsInAPayloadOrAPayloadException(byte[] input) {
        Payload p;
        try {
            p = PayloadReader.read("fuzz.livepatch", input);
        } catch (PayloadException e) {
            return;
        }
        try {
            PayloadValidator.checkAgainst(p, IMAGE, index -> 0x4000_0000L + 4096L * index);
        } catch (PayloadException e) {
            return; // the validator's refusals are Xen's errnos too
        }
    }

    private static OldFunction old(String name) {
        int h = name.hashCode();
        byte[] first = (h & 1) == 0 ? new byte[] {(byte) 0xf3, 0x0f, 0x1e, (byte) 0xfa} : new byte[] {0x55, 0x48, (byte) 0x89, (byte) 0xe5};
        return new OldFunction(0x10_0000L + 64L * (h & 0xffff), 16 + (h >>> 16 & 0x3ff), first);
    }
}
