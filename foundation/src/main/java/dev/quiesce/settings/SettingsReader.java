package dev.quiesce.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, validating reads of one config block: each failure names the origin (file and line), the
 * key and the legal values.
 */
public final class SettingsReader {

    private final Config config;
    private final String prefix;

    public SettingsReader(Config config, String prefix) {
        this.config = config;
        this.prefix = prefix;
    }

    /** Rejects keys of this block that no settings class reads (typos). */
    public void rejectUnknown(Set<String> known) {
        Set<String> unknown = new TreeSet<>();
        for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
            if (!known.contains(e.getKey())) {
                unknown.add(e.getKey());
            }
        }
        if (!unknown.isEmpty()) {
            String key = unknown.iterator().next();
            throw new IllegalArgumentException("%s: unknown key '%s.%s'; known keys: %s".formatted(
                    origin(key), prefix, key, String.join(", ", new TreeSet<>(known))));
        }
    }

    /**
     * A whole number in {@code min..max}. A fraction ({@code 1.5}, or {@code "1.5"}) is refused, not truncated as
     * Typesafe Config's {@code getLong} would; a whole number written as a double ({@code 2.0}, {@code 1e3}) is read.
     */
    public long longIn(String key, long min, long max) {
        String legal = "a whole number in " + min + ".." + max;
        Number n;
        try {
            n = config.getNumber(key);
        } catch (ConfigException.WrongType | ConfigException.Missing e) {
            throw bad(key, legal, e);
        }
        long v = whole(key, n, min, max, legal);
        return check(key, v, min, max, Long.toString(v), min + ".." + max);
    }

    /** {@code n} as a long when it is whole and in {@code min..max} (as a double, before the cast can saturate). */
    private long whole(String key, Number n, long min, long max, String legal) {
        if (n instanceof Integer || n instanceof Long) {
            return n.longValue();
        }
        double d = n.doubleValue();
        String shown = String.valueOf(config.getValue(key).unwrapped());
        if (!Double.isFinite(d) || d != Math.rint(d)) {
            throw invalid(key, "= " + shown + " is not a whole number", legal);
        }
        if (d < min || d > max) {
            throw new IllegalArgumentException("%s: %s.%s = %s is out of range; legal: %s"
                    .formatted(origin(key), prefix, key, shown, legal));
        }
        return (long) d;
    }

    public double doubleIn(String key, double min, double max) {
        double v;
        try {
            v = config.getDouble(key);
        } catch (ConfigException.WrongType | ConfigException.Missing e) {
            throw bad(key, "a number in " + min + ".." + max, e);
        }
        if (!(v >= min && v <= max)) {
            throw new IllegalArgumentException("%s: %s.%s = %s is out of range; legal: %s..%s"
                    .formatted(origin(key), prefix, key, v, min, max));
        }
        return v;
    }

    /** A size in bytes ({@code 16KiB}, or a whole number of bytes: {@code 4096.5} is refused, not truncated). */
    public long bytesIn(String key, long min, long max) {
        long v;
        try {
            if (config.getValue(key).valueType() == com.typesafe.config.ConfigValueType.NUMBER) {
                whole(key, config.getNumber(key), Long.MIN_VALUE, Long.MAX_VALUE,
                        "a size such as 16KiB, in " + min + ".." + max + " bytes");
            }
            v = config.getBytes(key);
        } catch (ConfigException.WrongType | ConfigException.BadValue | ConfigException.Missing e) {
            throw bad(key, "a size such as 16KiB, in " + min + ".." + max + " bytes", e);
        }
        return check(key, v, min, max, v + " bytes", min + ".." + max + " bytes");
    }

    public long nanosIn(String key, long min, long max) {
        long v;
        try {
            v = config.getDuration(key).toNanos();
        } catch (ConfigException.WrongType | ConfigException.BadValue | ConfigException.Missing e) {
            throw bad(key, "a duration such as 1us or 50ms, in " + min + ".." + max + " ns", e);
        }
        return check(key, v, min, max, v + "ns", min + "ns.." + max + "ns");
    }

    /** A duration greater than zero, such as {@code 5s}. */
    public Duration positiveDuration(String key) {
        String legal = "a positive duration such as 5s or 500ms";
        Duration d;
        try {
            d = config.getDuration(key);
        } catch (ConfigException.WrongType | ConfigException.BadValue | ConfigException.Missing e) {
            throw bad(key, legal, e);
        }
        if (d.isNegative() || d.isZero()) {
            throw invalid(key, "= " + config.getValue(key).unwrapped() + " is not positive", legal);
        }
        return d;
    }

    public long hexAddressIn(String key, long min, long max) {
        String s;
        try {
            s = config.getString(key).strip();
        } catch (ConfigException.WrongType | ConfigException.Missing e) {
            throw bad(key, "an address such as \"0x400000\"", e);
        }
        long v;
        try {
            v = s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw bad(key, "an address such as \"0x400000\"", e);
        }
        return check(key, v, min, max, s, "0x%x..0x%x".formatted(min, max));
    }

    private long check(String key, long v, long min, long max, String shown, String legal) {
        if (v < min || v > max) {
            throw new IllegalArgumentException("%s: %s.%s = %s is out of range; legal: %s"
                    .formatted(origin(key), prefix, key, shown, legal));
        }
        return v;
    }

    private IllegalArgumentException bad(String key, String legal, Exception cause) {
        return new IllegalArgumentException("%s: %s.%s has a wrong type or value; legal: %s"
                .formatted(origin(key), prefix, key, legal), cause);
    }

    /** A string that must be one of {@code legal}. */
    public String oneOf(String key, java.util.Collection<String> legal) {
        String v;
        try {
            v = config.getString(key);
        } catch (ConfigException e) {
            throw bad(key, String.join(", ", legal), e);
        }
        if (!legal.contains(v)) {
            throw new IllegalArgumentException("%s: %s.%s = '%s' is not legal; legal: %s"
                    .formatted(origin(key), prefix, key, v, String.join(", ", legal)));
        }
        return v;
    }

    /** A string; {@code what} describes its legal form for the error. */
    public String string(String key, String what) {
        try {
            return config.getString(key);
        } catch (ConfigException e) {
            throw bad(key, what, e);
        }
    }

    /** An error about {@code key} saying what is wrong and what is legal, with its file and line. */
    public IllegalArgumentException invalid(String key, String problem, String legal) {
        return new IllegalArgumentException("%s: %s.%s %s; legal: %s".formatted(origin(key), prefix, key, problem,
                legal));
    }

    /** Where {@code key} was set: {@code file:line}. */
    public String origin(String key) {
        try {
            var o = config.getValue(key).origin();
            String where = o.filename() != null ? o.filename() : o.resource() != null ? o.resource() : o.description();
            return o.lineNumber() > 0 ? where + ":" + o.lineNumber() : where;
        } catch (ConfigException e) {
            return "settings";
        }
    }
}
