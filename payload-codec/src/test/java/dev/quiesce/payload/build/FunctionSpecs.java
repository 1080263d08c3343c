package dev.quiesce.payload.build;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfSection;
import dev.quiesce.payload.Expectation;
import dev.quiesce.payload.FunctionSpec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test support: the {@code .livepatch.funcs} entries of a payload decoded straight from the documented
 * 104-byte layout (docs/xen-livepatch.md §2.3: new_size at 24, old_size at 28, expect at 72 as {@code enabled:1,len:5,rsv:2}
 * then {@code data[31]}), the name taken from the R_X86_64_64 relocation into {@code .livepatch.strings}.
 */
final class FunctionSpecs {

    private FunctionSpecs() {
    }

    static List<FunctionSpec> of(byte[] payload) {
        ElfFile f = ElfFile.parse("payload", payload);
        ElfSection funcs = f.findSection(".livepatch.funcs").orElseThrow();
        byte[] strings = f.findSection(".livepatch.strings").orElseThrow().data();
        var relocations = f.relocationSections().stream().filter(rs -> rs.targetSectionIndex() == funcs.index())
                .findFirst().orElseThrow().relocations();
        ByteBuffer b = ByteBuffer.wrap(funcs.data()).order(ByteOrder.LITTLE_ENDIAN);
        List<FunctionSpec> out = new ArrayList<>();
        for (int at = 0; at + 104 <= funcs.data().length; at += 104) {
            int entry = at;
            long nameAddend = relocations.stream().filter(r -> r.offset() == entry).findFirst().orElseThrow().addend();
            int end = (int) nameAddend;
            while (strings[end] != 0) {
                end++;
            }
            String name = new String(strings, (int) nameAddend, end - (int) nameAddend, StandardCharsets.UTF_8);
            int bits = b.get(at + 72) & 0xff;
            int len = (bits >> 1) & 0x1f;
            Expectation expect = (bits & 1) == 0 ? Expectation.none()
                    : Expectation.of(Arrays.copyOfRange(funcs.data(), at + 73, at + 73 + len));
            out.add(new FunctionSpec(name, b.getLong(at + 16), b.getInt(at + 28), "?", b.getInt(at + 24), expect));
        }
        return out;
    }
}
