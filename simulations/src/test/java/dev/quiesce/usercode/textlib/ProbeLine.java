package dev.quiesce.usercode.textlib;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test support: the workload's probe line ({@code textlib_probe}: {@code mod=… err=… esc=… sub=… round=… pp=…},
 * values may hold spaces) split into its fields.
 */
final class ProbeLine {

    private static final Pattern FIELD = Pattern.compile("(?:^| )(mod|err|esc|sub|round|pp)=");

    private ProbeLine() {
    }

    static Map<String, String> fields(String line) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(line);
        String name = null;
        int from = 0;
        while (m.find()) {
            if (name != null) {
                out.put(name, line.substring(from, m.start()));
            }
            name = m.group(1);
            from = m.end();
        }
        if (name != null) {
            out.put(name, line.substring(from));
        }
        return out;
    }
}
