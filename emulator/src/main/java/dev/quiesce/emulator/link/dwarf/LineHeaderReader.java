package dev.quiesce.emulator.link.dwarf;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a line-program header (DWARF 5 §6.2.4; versions 2–4 with {@code include_directories} and
 * {@code file_names} as NUL-terminated lists, version 5 with the entry formats of §6.2.4.1) at the cursor,
 * leaving the cursor at the first opcode and limited to the unit.
 */
final class LineHeaderReader {

    private static final int MAX_ENTRIES = 1 << 16;
    private static final int DW_LNCT_PATH = 1;
    private static final int DW_LNCT_DIRECTORY_INDEX = 2;

    private LineHeaderReader() {
    }

    static LineHeader read(DwarfCursor in, RelocatedDebugLine table) {
        long length = in.u32();
        int offsetSize = 4;
        if (length == 0xffff_ffffL) {
            length = in.u64();
            offsetSize = 8;
        } else if (length >= 0xffff_fff0L) {
            throw new DwarfFormatException("reserved unit length 0x" + Long.toHexString(length));
        }
        if (length < 0 || length > in.limit() - in.position()) {
            throw new DwarfFormatException("unit length %d past the section".formatted(length));
        }
        int unitEnd = in.position() + (int) length;
        in.limitTo(unitEnd);
        int version = in.u16();
        if (version < 2 || version > 5) {
            throw new DwarfFormatException("line table version " + version);
        }
        int addressSize = 8;
        if (version >= 5) {
            addressSize = in.u8();
            in.u8(); // segment_selector_size
        }
        long headerLength = in.fixed(offsetSize);
        if (headerLength < 0 || headerLength > unitEnd - in.position()) {
            throw new DwarfFormatException("header length %d past the unit".formatted(headerLength));
        }
        int programStart = in.position() + (int) headerLength;
        int minInst = in.u8();
        int maxOps = version >= 4 ? in.u8() : 1;
        boolean defaultIsStmt = in.u8() != 0;
        int lineBase = in.s8();
        int lineRange = in.u8();
        int opcodeBase = in.u8();
        if (lineRange == 0 || opcodeBase == 0 || maxOps == 0) {
            throw new DwarfFormatException("line_range, opcode_base or maximum_operations_per_instruction is 0");
        }
        int[] lengths = new int[opcodeBase - 1];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = in.u8();
        }
        List<LineHeader.FileName> files = version >= 5 ? v5Files(in, table, offsetSize) : v4Files(in);
        in.seek(programStart);
        return new LineHeader(version, offsetSize, addressSize, minInst, maxOps, defaultIsStmt, lineBase, lineRange,
                opcodeBase, lengths, java.util.Collections.unmodifiableList(files), programStart, unitEnd);
    }

    private static List<LineHeader.FileName> v4Files(DwarfCursor in) {
        List<String> dirs = new ArrayList<>();
        dirs.add(""); // index 0: the compilation directory, which only .debug_info names
        for (String d = in.cstring(); !d.isEmpty(); d = in.cstring()) {
            bound(dirs.size());
            dirs.add(d);
        }
        List<LineHeader.FileName> files = new ArrayList<>();
        files.add(null); // file indices start at 1 before version 5
        for (String name = in.cstring(); !name.isEmpty(); name = in.cstring()) {
            bound(files.size());
            long dir = in.uleb();
            in.uleb(); // modification time
            in.uleb(); // length
            files.add(fileName(name, directory(dirs, dir), ""));
        }
        return files;
    }

    private static List<LineHeader.FileName> v5Files(DwarfCursor in, RelocatedDebugLine table, int offsetSize) {
        List<EntryField> dirFormat = formats(in);
        long dirCount = in.uleb();
        bound(dirCount);
        List<String> dirs = new ArrayList<>();
        for (long i = 0; i < dirCount; i++) {
            dirs.add(entry(in, dirFormat, table, offsetSize).path);
        }
        String compDir = dirs.isEmpty() ? "" : dirs.get(0);
        List<EntryField> fileFormat = formats(in);
        long fileCount = in.uleb();
        bound(fileCount);
        List<LineHeader.FileName> files = new ArrayList<>();
        for (long i = 0; i < fileCount; i++) {
            Entry e = entry(in, fileFormat, table, offsetSize);
            files.add(fileName(e.path, directory(dirs, e.dir), compDir));
        }
        return files;
    }

    /** The name as addr2line builds it (directory joined, under the compilation directory if relative). */
    private static LineHeader.FileName fileName(String name, String dir, String compDir) {
        String path;
        if (name.startsWith("/") || dir.isEmpty()) {
            path = name;
        } else if (dir.startsWith("/") || compDir.isEmpty()) {
            path = dir + "/" + name;
        } else {
            path = compDir + "/" + dir + "/" + name;
        }
        String file = !compDir.isEmpty() && path.startsWith(compDir + "/") ? path.substring(compDir.length() + 1) : path;
        return new LineHeader.FileName(file, path);
    }

    private static String directory(List<String> dirs, long index) {
        if (index < 0 || index >= dirs.size()) {
            throw new DwarfFormatException("directory index %d outside a table of %d".formatted(index, dirs.size()));
        }
        return dirs.get((int) index);
    }

    private record EntryField(long contentType, long form) {
    }

    private static final class Entry {
        String path = "";
        long dir;
    }

    private static List<EntryField> formats(DwarfCursor in) {
        int count = in.u8();
        List<EntryField> fields = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            fields.add(new EntryField(in.uleb(), in.uleb()));
        }
        return fields;
    }

    private static Entry entry(DwarfCursor in, List<EntryField> format, RelocatedDebugLine table, int offsetSize) {
        Entry e = new Entry();
        for (EntryField f : format) {
            FormValue v = FormValue.read(in, (int) Math.min(f.form, Integer.MAX_VALUE), table, offsetSize);
            if (f.contentType == DW_LNCT_PATH) {
                e.path = v.string();
            } else if (f.contentType == DW_LNCT_DIRECTORY_INDEX) {
                e.dir = v.number();
            }
        }
        return e;
    }

    private static void bound(long count) {
        if (count < 0 || count > MAX_ENTRIES) {
            throw new DwarfFormatException("more than %d directory or file entries".formatted(MAX_ENTRIES));
        }
    }
}
