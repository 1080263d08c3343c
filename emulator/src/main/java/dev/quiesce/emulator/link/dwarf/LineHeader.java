package dev.quiesce.emulator.link.dwarf;

import java.util.List;

/**
 * The header of one line-number program (DWARF 5 §6.2.4): the parameters of its opcodes and its file table.
 *
 * @param version        2 to 5
 * @param offsetSize     4 (32-bit DWARF) or 8 (64-bit DWARF)
 * @param addressSize    the size of a {@code DW_LNE_set_address} operand
 * @param minInstLength  {@code minimum_instruction_length}
 * @param maxOps         {@code maximum_operations_per_instruction} (1 before version 4)
 * @param defaultIsStmt  {@code default_is_stmt}
 * @param lineBase       {@code line_base}
 * @param lineRange      {@code line_range} (not 0)
 * @param opcodeBase     {@code opcode_base} (at least 1)
 * @param opcodeLengths  the operand counts of standard opcodes 1 to {@code opcodeBase - 1}
 * @param files          the file table, indexed as the program's {@code file} register (index 0 unused before
 *                       version 5)
 * @param programStart   the offset of the first opcode
 * @param unitEnd        the offset one past the unit
 */
record LineHeader(int version, int offsetSize, int addressSize, int minInstLength, int maxOps, boolean defaultIsStmt,
                  int lineBase, int lineRange, int opcodeBase, int[] opcodeLengths, List<FileName> files,
                  int programStart, int unitEnd) {

    /**
     * One entry of the file table.
     *
     * @param file the name as a report shows it: relative to the compilation directory when it is under it
     * @param path the full path as binutils' addr2line prints it
     */
    record FileName(String file, String path) {
    }

    /** The file of register value {@code index}. */
    FileName file(long index) {
        if (index < 0 || index >= files.size() || files.get((int) index) == null) {
            throw new DwarfFormatException("file index %d outside a table of %d".formatted(index, files.size()));
        }
        return files.get((int) index);
    }
}
