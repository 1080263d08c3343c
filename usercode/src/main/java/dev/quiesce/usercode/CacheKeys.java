package dev.quiesce.usercode;

import dev.quiesce.io.InputFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cache keys of one compilation: per source, the SHA-256 of gcc's identity, {@link UserFlags}, the user's
 * defines, the source's relative name and bytes, and every file gcc may read besides it — each file under the
 * source's folder and under each include folder that gcc may read (C sources and headers: {@code .c}, {@code .h},
 * {@code .inc}, {@code .def}; by relative path and bytes; folders whose names start with '.' are skipped) and the
 * system headers. A header edited anywhere in those folders gives every source a new key: coarse, but never stale.
 */
final class CacheKeys {

    /** The largest file hashed (a C source or header of a large library is well below). */
    static final long MAX_FILE_BYTES = 64L << 20;
    /** The most files hashed under one folder. */
    static final int MAX_FILES = 50_000;
    private static final java.util.Set<String> HASHED = java.util.Set.of(".c", ".h", ".inc", ".def");

    private final byte[] common;
    private final Map<Path, byte[]> folders = new TreeMap<>();

    CacheKeys(String gccIdentity, CompileOptions o) {
        MessageDigest d = sha256();
        add(d, "quiesce-usercode-1");
        add(d, gccIdentity);
        UserFlags.FLAGS.forEach(f -> add(d, f));
        add(d, UserFlags.PRELUDE);
        o.defines().forEach(f -> add(d, "-D" + f));
        for (Path inc : o.includes()) {
            add(d, "-I " + GuestCompiler.includeLabel(inc));
            d.update(folder(inc));
        }
        for (var h : o.systemHeaders().entrySet()) {
            add(d, h.getKey());
            d.update(h.getValue());
        }
        this.common = d.digest();
    }

    /** The key of {@code s}. */
    String of(SourceFile s) {
        MessageDigest d = sha256();
        d.update(common);
        add(d, s.objectName());
        d.update(folder(s.root()));
        return HexFormat.of().formatHex(d.digest());
    }

    /** The digest of every file under {@code dir} except objects, by relative path and bytes, in path order. */
    private byte[] folder(Path dir) {
        return folders.computeIfAbsent(dir, CacheKeys::digestFolder);
    }

    private static byte[] digestFolder(Path dir) {
        MessageDigest d = sha256();
        if (!Files.isDirectory(dir)) {
            return d.digest();
        }
        List<Path> files = new java.util.ArrayList<>();
        try {
            Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult preVisitDirectory(Path d,
                        java.nio.file.attribute.BasicFileAttributes a) {
                    return !d.equals(dir) && d.getFileName().toString().startsWith(".")
                            ? java.nio.file.FileVisitResult.SKIP_SUBTREE : java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFile(Path f, java.nio.file.attribute.BasicFileAttributes a) {
                    String n = f.getFileName().toString();
                    int dot = n.lastIndexOf('.');
                    if (a.isRegularFile() && dot >= 0 && HASHED.contains(n.substring(dot))) {
                        files.add(f);
                        if (files.size() > MAX_FILES) {
                            throw new IllegalArgumentException(dir + " holds over " + MAX_FILES + " C files and headers:"
                                    + " name the folder of your sources, not one above it");
                        }
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list " + dir + ": " + e.getMessage() + "; check the folder and its permissions", e);
        }
        files.sort(null);
        for (Path f : files) {
            add(d, dir.relativize(f).toString());
            try {
                d.update(InputFiles.read(f, MAX_FILE_BYTES, "source file"));
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return d.digest();
    }

    private static void add(MessageDigest d, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.update((byte) (b.length >>> 24));
        d.update((byte) (b.length >>> 16));
        d.update((byte) (b.length >>> 8));
        d.update((byte) b.length);
        d.update(b);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
