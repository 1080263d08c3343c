package dev.quiesce.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@link PatchableEntries} against the bytes gcc produced for the base image and the payload bodies. */
class PatchableEntriesTest {

    private static final byte[] PAD = {(byte) 0x90, (byte) 0x90, (byte) 0x90, (byte) 0x90, (byte) 0x90};

    @Test
    void everyListedBaseFunction_startsWithFiveOneByteNops() {
        Map<String, byte[]> starts = baseStarts();
        assertThat(PatchableEntries.baseImage()).containsExactly("record_write", "record_read", "do_record_op");
        for (String f : PatchableEntries.baseImage()) {
            assertThat(starts).as("the base image defines %s", f).containsKey(f);
            assertThat(Arrays.copyOf(starts.get(f), PatchableEntries.PAD_SIZE)).as(f).isEqualTo(PAD);
            // exactly five: the prologue follows (push %rbp or a movabs, never a sixth NOP)
            assertThat(starts.get(f)[PatchableEntries.PAD_SIZE]).as("%s's byte after the pad", f).isNotEqualTo(PatchableEntries.PAD_BYTE);
        }
    }

    @Test
    void noOtherBaseFunction_startsWithTheEntryPad() {
        assertThat(padded(baseStarts())).containsExactlyInAnyOrderElementsOf(PatchableEntries.baseImage());
    }

    @Test
    void gccListsTheSamePadsInPatchableFunctionEntries() {
        List<String> listed = new ArrayList<>();
        for (GuestObject o : GuestObjects.baseImage()) {
            listed.addAll(new ElfFunctions(o.bytes()).patchableFunctionEntries());
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(PatchableEntries.baseImage());
    }

    @Test
    void payloadBodies_padExactlyTheListedNewFunctions() {
        for (GuestObject body : GuestObjects.payloadBodies()) {
            String name = body.name().replaceFirst("\\.o$", "");
            ElfFunctions elf = new ElfFunctions(body.bytes());
            assertThat(padded(elf.functionStarts(PatchableEntries.PAD_SIZE + 1))).as(name)
                    .containsExactlyInAnyOrderElementsOf(PatchableEntries.payload(name));
            assertThat(elf.patchableFunctionEntries()).as(name).containsExactlyInAnyOrderElementsOf(PatchableEntries.payload(name));
        }
        assertThat(PatchableEntries.payload("record_v2")).containsExactly("record_write_v2", "record_read_v2");
        assertThat(PatchableEntries.payload("xen_hello_world")).isEmpty();
    }

    private static Map<String, byte[]> baseStarts() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (GuestObject o : GuestObjects.baseImage()) {
            out.putAll(new ElfFunctions(o.bytes()).functionStarts(PatchableEntries.PAD_SIZE + 1));
        }
        return out;
    }

    private static List<String> padded(Map<String, byte[]> starts) {
        return starts.entrySet().stream()
                .filter(e -> e.getValue().length >= PAD.length && Arrays.equals(Arrays.copyOf(e.getValue(), PAD.length), PAD))
                .map(Map.Entry::getKey).toList();
    }
}
