package dev.quiesce.emulator.link.dwarf;

import java.util.List;

/**
 * One sequence of a line table (DWARF 5 §6.2.5.3, ended by {@code DW_LNE_end_sequence}) in one section of an
 * object: its rows in program order (offsets never decrease) and the offset one past its last instruction.
 *
 * @param sectionIndex the section of the object its addresses are in (with {@code -ffunction-sections}, the
 *                     function's own {@code .text.name})
 * @param rows         the rows, in program order
 * @param endOffset    the offset of the end-of-sequence row
 */
public record LineSequence(int sectionIndex, List<Row> rows, long endOffset) {

    /**
     * One row: the instruction at {@code offset} of the section comes from {@code line} of {@code file}.
     *
     * @param offset the offset in the section
     * @param file   the file as a report shows it (relative to the compilation directory when under it)
     * @param path   the full path as binutils' addr2line prints it
     * @param line   the 1-based line (0: no line)
     */
    public record Row(long offset, String file, String path, long line) {
    }
}
