package dev.quiesce.emulator.link;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.emulator.link.dwarf.LineSequence;
import dev.quiesce.emulator.link.dwarf.ObjectLines;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The source line of each guest address of an image: the DWARF line tables ({@code .debug_line}) of the objects
 * it was linked from, each sequence moved to where the linker placed its section. Empty for objects built without
 * {@code -g} (the built-in guest). Immutable.
 *
 * <p>Lookup follows binutils' {@code addr2line}: the row with the greatest address not above the address, within
 * its sequence; of several rows at one address, the last in program order.
 */
public final class SourceLines {

    private static final SourceLines EMPTY = new SourceLines(new long[0], new long[0], new SourceLine[0]);

    private final long[] starts;
    private final long[] ends;
    private final SourceLine[] lines;

    private SourceLines(long[] starts, long[] ends, SourceLine[] lines) {
        this.starts = starts;
        this.ends = ends;
        this.lines = lines;
    }

    /** No line information. */
    public static SourceLines empty() {
        return EMPTY;
    }

    /** The line tables of {@code objects}, placed as {@code placement} says (object index, section index). */
    static SourceLines of(List<ElfFile> objects, Placement placement) {
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            for (LineSequence s : ObjectLines.read(objects.get(i))) {
                PlacedSection p = placement.placed(i, s.sectionIndex());
                if (p != null && p.kind() == SectionKind.TEXT) {
                    addSpans(p, s, spans);
                }
            }
        }
        if (spans.isEmpty()) {
            return EMPTY;
        }
        spans.sort(Comparator.comparingLong(Span::start)); // stable: table order among equal starts
        int n = spans.size();
        long[] starts = new long[n];
        long[] ends = new long[n];
        SourceLine[] lines = new SourceLine[n];
        for (int k = 0; k < n; k++) {
            Span s = spans.get(k);
            starts[k] = s.start;
            ends[k] = k + 1 < n ? Math.min(s.end, spans.get(k + 1).start) : s.end; // overlaps cut: disjoint
            lines[k] = s.line;
        }
        return new SourceLines(starts, ends, lines);
    }

    /** Where an object's section was placed in the image. */
    @FunctionalInterface
    interface Placement {
        PlacedSection placed(int objectIndex, int sectionIndex);
    }

    /** The source line of the instruction at {@code address}, if a line table covers it. */
    public Optional<SourceLine> at(long address) {
        int lo = 0;
        int hi = starts.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= address) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found >= 0 && address < ends[found] ? Optional.of(lines[found]) : Optional.empty();
    }

    /** Whether no address has a line. */
    public boolean isEmpty() {
        return starts.length == 0;
    }

    /** The number of address ranges with a line. */
    public int size() {
        return starts.length;
    }

    private record Span(long start, long end, SourceLine line) {
    }

    private static void addSpans(PlacedSection p, LineSequence s, List<Span> out) {
        List<LineSequence.Row> rows = s.rows();
        long limit = Math.min(s.endOffset(), p.size());
        for (int r = 0; r < rows.size(); r++) {
            LineSequence.Row row = rows.get(r);
            long next = r + 1 < rows.size() ? rows.get(r + 1).offset() : limit;
            if (next == row.offset() || row.line() <= 0) {
                continue; // a later row at the same address wins; line 0 is "no source line"
            }
            long from = Math.max(0, row.offset());
            long to = Math.min(next, limit);
            if (from < to) {
                out.add(new Span(p.address() + from, p.address() + to, new SourceLine(row.file(), row.path(), row.line())));
            }
        }
    }
}
