package dev.quiesce.emulator.link.dwarf;

import java.util.ArrayList;
import java.util.List;

/**
 * The line-number state machine of DWARF 5 §6.2.2 and §6.2.5 run over one unit's program: special, standard
 * and extended opcodes, appending a row at every special opcode, {@code DW_LNS_copy} and
 * {@code DW_LNE_end_sequence}. A sequence whose {@code DW_LNE_set_address} operand has no relocation against a
 * section of the object cannot be placed and is dropped.
 */
final class LineProgram {

    private static final int DW_LNS_COPY = 1;
    private static final int DW_LNS_ADVANCE_PC = 2;
    private static final int DW_LNS_ADVANCE_LINE = 3;
    private static final int DW_LNS_SET_FILE = 4;
    private static final int DW_LNS_CONST_ADD_PC = 8;
    private static final int DW_LNS_FIXED_ADVANCE_PC = 9;
    private static final int DW_LNE_END_SEQUENCE = 1;
    private static final int DW_LNE_SET_ADDRESS = 2;

    private final LineHeader h;
    private final RelocatedDebugLine table;
    private final List<LineSequence> out;
    private int section = -1;
    private long address;
    private long opIndex;
    private long file;
    private long line;
    private List<LineSequence.Row> rows = new ArrayList<>();

    private LineProgram(LineHeader h, RelocatedDebugLine table, List<LineSequence> out) {
        this.h = h;
        this.table = table;
        this.out = out;
        reset();
    }

    /** Runs the program of unit {@code h} (the cursor at its first opcode), adding its sequences to {@code out}. */
    static void run(DwarfCursor in, LineHeader h, RelocatedDebugLine table, List<LineSequence> out) {
        LineProgram p = new LineProgram(h, table, out);
        while (!in.atEnd()) {
            p.step(in);
        }
    }

    private void step(DwarfCursor in) {
        int op = in.u8();
        if (op >= h.opcodeBase()) {
            int adjusted = op - h.opcodeBase();
            advance(adjusted / h.lineRange());
            line += h.lineBase() + adjusted % h.lineRange();
            row();
            return;
        }
        switch (op) {
            case 0 -> extended(in);
            case DW_LNS_COPY -> row();
            case DW_LNS_ADVANCE_PC -> advance(in.uleb());
            case DW_LNS_ADVANCE_LINE -> line += in.sleb();
            case DW_LNS_SET_FILE -> file = in.uleb();
            case DW_LNS_CONST_ADD_PC -> advance((255 - h.opcodeBase()) / h.lineRange());
            case DW_LNS_FIXED_ADVANCE_PC -> {
                address += in.u16();
                opIndex = 0;
            }
            default -> { // column, negate_stmt, basic_block, prologue_end, epilogue_begin, isa, or one unknown to us
                for (int i = 0; i < h.opcodeLengths()[op - 1]; i++) {
                    in.uleb();
                }
            }
        }
    }

    private void extended(DwarfCursor in) {
        long length = in.uleb();
        if (length == 0 || length > in.limit() - in.position()) {
            throw new DwarfFormatException("extended opcode of length %d at %d".formatted(length, in.position()));
        }
        int end = in.position() + (int) length;
        int sub = in.u8();
        if (sub == DW_LNE_END_SEQUENCE) {
            endSequence();
        } else if (sub == DW_LNE_SET_ADDRESS) {
            int at = in.position();
            in.fixed(Math.min(8, end - at));
            RelocatedDebugLine.Target t = table.target(at).orElse(null);
            if (t == null || (section >= 0 && t.sectionIndex() != section) || (!rows.isEmpty() && t.offset() < address)) {
                section = -2; // unplaceable, or a sequence that jumps between sections or backwards: dropped
            } else {
                section = t.sectionIndex();
                address = t.offset();
                opIndex = 0;
            }
        }
        in.seek(end); // DW_LNE_define_file, set_discriminator and unknown ones are skipped whole
    }

    private void advance(long operationAdvance) {
        if (h.maxOps() == 1) {
            address += h.minInstLength() * operationAdvance;
        } else {
            long ops = opIndex + operationAdvance;
            address += h.minInstLength() * (ops / h.maxOps());
            opIndex = ops % h.maxOps();
        }
    }

    private void row() {
        if (section >= 0) {
            LineHeader.FileName f = h.file(file);
            rows.add(new LineSequence.Row(address, f.file(), f.path(), line));
        }
    }

    private void endSequence() {
        if (section >= 0 && !rows.isEmpty()) {
            out.add(new LineSequence(section, List.copyOf(rows), address));
        }
        reset();
    }

    private void reset() {
        section = -1;
        address = 0;
        opIndex = 0;
        file = 1;
        line = 1;
        rows = new ArrayList<>();
    }
}
