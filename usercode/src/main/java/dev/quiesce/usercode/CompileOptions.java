package dev.quiesce.usercode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a user adds to {@link UserFlags}: preprocessor definitions and include folders, and the system headers (the
 * runtime's) that gcc finds through {@code -isystem}.
 *
 * @param defines       {@code NAME} or {@code NAME=VALUE}, each becoming {@code -DNAME[=VALUE]}
 * @param includes      include folders (absolute), each becoming {@code -I}
 * @param systemHeaders header files by relative path ({@code string.h}, {@code sys/types.h}), sorted
 */
public record CompileOptions(List<String> defines, List<Path> includes, Map<String, byte[]> systemHeaders) {

    private static final Pattern DEFINE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(=[^\\n\\r\\x00]*)?");

    public CompileOptions {
        defines = List.copyOf(defines);
        includes = includes.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        systemHeaders = java.util.Collections.unmodifiableMap(new TreeMap<>(systemHeaders));
        for (String d : defines) {
            if (!DEFINE.matcher(d).matches()) {
                throw new IllegalArgumentException("define '" + dev.quiesce.text.Untrusted.show(d) + "' is not NAME"
                        + " or NAME=VALUE (a C identifier, then optionally = and a value on one line)");
            }
        }
        for (String h : systemHeaders.keySet()) {
            if (h.isEmpty() || h.startsWith("/") || h.contains("..") || h.contains("\\")) {
                throw new IllegalArgumentException("system header name '" + h + "' is not a relative path");
            }
        }
    }

    /** No defines, no includes, no system headers. */
    public static CompileOptions none() {
        return new CompileOptions(List.of(), List.of(), Map.of());
    }
}
