package dev.quiesce.guest;

import dev.quiesce.isa.Arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link PatchableEntries} against the bytes gcc produced for the base image and the payload bodies, on both ISAs. */
class PatchableEntriesTest {

    private static final byte[] PAD = {(byte) 0x90, (byte) 0x90, (byte) 0x90, (byte) 0x90, (byte) 0x90};
    /** Two A64 NOPs (d503201f), little-endian. */
    private static final byte[] A64_PAD = {0x1f, 0x20, 0x03, (byte) 0xd5, 0x1f, 0x20, 0x03, (byte) 0xd5};

    @Test
    void thePadIsFiveOneByteNopsOnX86AndTwoA64NopsOnAarch64() {
        assertThat(PatchableEntries.pad(Arch.X86_64)).isEqualTo(PAD).hasSize(PatchableEntries.PAD_SIZE);
        assertThat(PatchableEntries.pad(Arch.AARCH64)).isEqualTo(A64_PAD);
        assertThat(PatchableEntries.padInstructionSize(Arch.X86_64)).isEqualTo(1);
        assertThat(PatchableEntries.padInstructionSize(Arch.AARCH64)).isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void everyListedBaseFunction_startsWithThePadAndNotOneNopMore(Arch arch) {
        byte[] pad = PatchableEntries.pad(arch);
        int insn = PatchableEntries.padInstructionSize(arch);
        Map<String, byte[]> starts = baseStarts(arch, pad.length + insn);
        assertThat(PatchableEntries.baseImage()).containsExactly("record_write", "record_read", "do_record_op");
        for (String f : PatchableEntries.baseImage()) {
            assertThat(starts).as("the %s base image defines %s", arch, f).containsKey(f);
            assertThat(Arrays.copyOf(starts.get(f), pad.length)).as("%s on %s", f, arch).isEqualTo(pad);
            // exactly the pad: the prologue follows, never one more NOP
            assertThat(Arrays.copyOfRange(starts.get(f), pad.length, pad.length + insn))
                    .as("%s's instruction after the pad", f).isNotEqualTo(Arrays.copyOf(pad, insn));
        }
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void noOtherBaseFunction_startsWithTheEntryPad(Arch arch) {
        byte[] pad = PatchableEntries.pad(arch);
        assertThat(padded(baseStarts(arch, pad.length), pad))
                .containsExactlyInAnyOrderElementsOf(PatchableEntries.baseImage());
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void gccListsTheSamePadsInPatchableFunctionEntries(Arch arch) {
        List<String> listed = new ArrayList<>();
        for (GuestObject o : GuestObjects.baseImage(arch)) {
            listed.addAll(new ElfFunctions(o.bytes()).patchableFunctionEntries());
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(PatchableEntries.baseImage());
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void payloadBodies_padExactlyTheListedNewFunctions(Arch arch) {
        byte[] pad = PatchableEntries.pad(arch);
        for (GuestObject body : GuestObjects.payloadBodies(arch)) {
            String name = body.name().replaceFirst("\\.o$", "");
            ElfFunctions elf = new ElfFunctions(body.bytes());
            assertThat(padded(elf.functionStarts(pad.length), pad)).as(name)
                    .containsExactlyInAnyOrderElementsOf(PatchableEntries.payload(name));
            assertThat(elf.patchableFunctionEntries()).as(name).containsExactlyInAnyOrderElementsOf(PatchableEntries.payload(name));
        }
        assertThat(PatchableEntries.payload("record_v2")).containsExactly("record_write_v2", "record_read_v2");
        assertThat(PatchableEntries.payload("xen_hello_world")).isEmpty();
    }

    private static Map<String, byte[]> baseStarts(Arch arch, int n) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (GuestObject o : GuestObjects.baseImage(arch)) {
            out.putAll(new ElfFunctions(o.bytes()).functionStarts(n));
        }
        return out;
    }

    private static List<String> padded(Map<String, byte[]> starts, byte[] pad) {
        return starts.entrySet().stream()
                .filter(e -> e.getValue().length >= pad.length
                        && Arrays.equals(Arrays.copyOf(e.getValue(), pad.length), pad))
                .map(Map.Entry::getKey).toList();
    }
}
