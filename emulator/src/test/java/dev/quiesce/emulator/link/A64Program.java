package dev.quiesce.emulator.link;

import dev.quiesce.elf.ElfFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test support: an assembled object {@code relocs.o} whose one section {@code .text.relocs} holds one relocation per
 * {@link A64Case}, each against its own undefined symbol {@code s0}, {@code s1}, … with its own addend, after
 * {@code lead} bytes of padding; and where each place lies in the section.
 *
 * @param object  the assembled object
 * @param offsets the offset in the section of each case's place
 */
record A64Program(ElfFile object, List<Long> offsets) {

    static final String SECTION = ".text.relocs";

    /** Assembles {@code cases} with {@code addends} into {@code dir}, the first place {@code lead} bytes in. */
    static A64Program assemble(Path dir, List<A64Case> cases, List<Long> addends, long lead) {
        StringBuilder s = new StringBuilder("\t.section " + SECTION + ",\"ax\",%progbits\n\t.p2align 4\n");
        long at = 0;
        if (lead > 0) {
            s.append("\t.skip ").append(lead).append('\n');
            at = lead;
        }
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            A64Case c = cases.get(i);
            int align = Math.max(c.width(), 1);
            if (at % align != 0) {
                s.append("\t.balign ").append(align).append('\n');
                at += align - at % align;
            }
            long a = addends.get(i);
            String operand = a < 0 ? "s%d-%d".formatted(i, -a) : "s%d+%d".formatted(i, a);
            s.append('\t').append(c.asm().formatted(operand)).append('\n');
            offsets.add(at);
            at += c.width();
        }
        return new A64Program(A64Toolchain.as(dir, "relocs", s.toString()), List.copyOf(offsets));
    }
}
