/**
 * A reader of the DWARF line tables ({@code .debug_line}, DWARF versions 2 to 5) of gcc-built relocatable objects:
 * each sequence of the line program as (section of the object, offset in it) → (file, line) rows, which
 * {@link dev.quiesce.emulator.link.SourceLines} maps through an image's placement to guest addresses.
 *
 * <p>The format is the DWARF 5 standard's section 6.2 "Line Number Information" (with the version 2–4 header
 * of its section 6.2.4 predecessors). In a relocatable object the {@code DW_LNE_set_address} operands are
 * relocated ({@code R_X86_64_64}, on AArch64 {@code R_AARCH64_ABS64}, against the section symbol of the
 * function's section, which {@code -ffunction-sections} makes one per function) and the {@code DW_FORM_line_strp}
 * file and directory names are offsets into {@code .debug_line_str} carried by {@code R_X86_64_32} (on AArch64
 * {@code R_AARCH64_ABS32}) relocations: this reader applies those itself. Parsing is bounded and defensive: a
 * malformed table gives no rows for its object, never an exception.
 */
package dev.quiesce.emulator.link.dwarf;
