package dev.quiesce.scenario;

import com.typesafe.config.ConfigValue;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Paths a scenario names (guest sources, include folders, payload trees and files): relative to the folder of the
 * file that set them — the scenario file, or the file it includes — and to the working folder when set by
 * {@code --set}, so a scenario runs the same from any folder.
 */
final class ScenarioPaths {

    private ScenarioPaths() {
    }

    /** The absolute path string value {@code v} names; {@code key} names it in the error for a malformed one. */
    static Path resolve(ConfigValue v, String key) {
        String s = String.valueOf(v.unwrapped());
        try {
            Path p = Path.of(s);
            String file = v.origin().filename();
            Path base = file == null ? Path.of("") : Path.of(file).toAbsolutePath().getParent();
            return base.resolve(p).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("%s: %s = '%s' is not a path".formatted(where(v), key,
                    dev.quiesce.text.Untrusted.show(s)), e);
        }
    }

    /** {@code file:line} of {@code v}. */
    static String where(ConfigValue v) {
        var o = v.origin();
        String where = o.filename() != null ? o.filename() : o.resource() != null ? o.resource() : o.description();
        return o.lineNumber() > 0 ? where + ":" + o.lineNumber() : where;
    }
}
