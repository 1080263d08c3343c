package dev.quiesce.emulator.link.dwarf;

/**
 * The value of one attribute of a version-5 directory or file entry, read by its form (DWARF 5 §7.5.6): a string
 * (inline, or an offset into {@code .debug_line_str} / {@code .debug_str}), a number, or skipped bytes.
 */
record FormValue(String string, long number) {

    private static final int DW_FORM_DATA2 = 0x05;
    private static final int DW_FORM_DATA4 = 0x06;
    private static final int DW_FORM_DATA8 = 0x07;
    private static final int DW_FORM_STRING = 0x08;
    private static final int DW_FORM_BLOCK = 0x09;
    private static final int DW_FORM_DATA1 = 0x0b;
    private static final int DW_FORM_SDATA = 0x0d;
    private static final int DW_FORM_STRP = 0x0e;
    private static final int DW_FORM_UDATA = 0x0f;
    private static final int DW_FORM_DATA16 = 0x1e;
    private static final int DW_FORM_LINE_STRP = 0x1f;

    static FormValue read(DwarfCursor in, int form, RelocatedDebugLine table, int offsetSize) {
        return switch (form) {
            case DW_FORM_STRING -> new FormValue(in.cstring(), 0);
            case DW_FORM_LINE_STRP -> new FormValue(DwarfCursor.stringAt(table.lineStrings, in.fixed(offsetSize)), 0);
            case DW_FORM_STRP -> new FormValue(DwarfCursor.stringAt(table.strings, in.fixed(offsetSize)), 0);
            case DW_FORM_UDATA -> new FormValue("", in.uleb());
            case DW_FORM_SDATA -> new FormValue("", in.sleb());
            case DW_FORM_DATA1 -> new FormValue("", in.u8());
            case DW_FORM_DATA2 -> new FormValue("", in.u16());
            case DW_FORM_DATA4 -> new FormValue("", in.u32());
            case DW_FORM_DATA8 -> new FormValue("", in.u64());
            case DW_FORM_DATA16 -> {
                in.skip(16);
                yield new FormValue("", 0);
            }
            case DW_FORM_BLOCK -> {
                in.skip(in.uleb());
                yield new FormValue("", 0);
            }
            default -> throw new DwarfFormatException("form 0x%x in a line table entry".formatted(form));
        };
    }
}
