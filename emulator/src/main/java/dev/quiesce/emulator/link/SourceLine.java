package dev.quiesce.emulator.link;

/**
 * A place in the source code: a line of a file, from the objects' DWARF line tables.
 *
 * @param file the file as the compiler recorded it, relative to the compilation directory when it lies under
 *             it (e.g. {@code parser.c}, {@code include/hash.h}), else its full path
 * @param path the full path, as binutils' {@code addr2line} prints it
 * @param line the 1-based line number
 */
public record SourceLine(String file, String path, long line) {

    /** {@code file:line}. */
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
