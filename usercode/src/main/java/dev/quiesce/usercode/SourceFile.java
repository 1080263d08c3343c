package dev.quiesce.usercode;

import java.nio.file.Path;

/**
 * One C source of a user's code: the folder it was found under, its path relative to that folder, and the name of
 * the object it compiles to ({@code parser/lexer.c} → {@code parser/lexer.o}). The payload builder pairs a base and a
 * patched tree's objects by that name, and gcc sees the file by its relative name only (the folder is mapped away),
 * so a tree compiles to the same bytes wherever it lies.
 *
 * @param root       the folder given (or the file's own folder, for a file given by itself); absolute
 * @param relative   the file's path under {@code root}
 * @param objectName the object's name: {@code relative} with {@code .c} replaced by {@code .o}, '/'-separated
 */
public record SourceFile(Path root, Path relative, String objectName) {

    /** The file's absolute path. */
    public Path path() {
        return root.resolve(relative);
    }
}
