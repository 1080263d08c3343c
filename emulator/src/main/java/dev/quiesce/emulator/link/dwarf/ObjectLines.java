package dev.quiesce.emulator.link.dwarf;

import dev.quiesce.elf.ElfFile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The line table of one relocatable object, read defensively: every unit of its {@code .debug_line}. */
public final class ObjectLines {

    private ObjectLines() {
    }

    /**
     * The sequences of {@code object}'s line table, in table order; empty when it has none (built without
     * {@code -g}) or when the table is malformed or uses something this reader does not support.
     */
    public static List<LineSequence> read(ElfFile object) {
        try {
            return readOrThrow(object);
        } catch (RuntimeException e) { // DwarfFormatException, or a bug of ours on input nobody foresaw: no lines
            return List.of();
        }
    }

    /** As {@link #read}, but a malformed table is a {@link DwarfFormatException} (what the tests hold it to). */
    static List<LineSequence> readOrThrow(ElfFile object) {
        Optional<RelocatedDebugLine> table = RelocatedDebugLine.of(object);
        if (table.isEmpty()) {
            return List.of();
        }
        byte[] bytes = table.get().bytes;
        List<LineSequence> out = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            DwarfCursor in = new DwarfCursor(bytes, at, bytes.length);
            LineHeader h = LineHeaderReader.read(in, table.get());
            LineProgram.run(in, h, table.get(), out);
            at = h.unitEnd();
        }
        return List.copyOf(out);
    }
}
