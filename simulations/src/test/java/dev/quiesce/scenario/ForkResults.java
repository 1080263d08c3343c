package dev.quiesce.scenario;

/** Results of runs compared in full: records spelt out with their arrays (a record's equality compares arrays by identity). */
public final class ForkResults {

    private ForkResults() {
    }

    /** Asserts that two results of the same scenario are the same: trace hash, report, violations, outcomes. */
    public static void assertSame(ScenarioResult expected, ScenarioResult actual, String what) {
        org.junit.jupiter.api.Assertions.assertEquals(expected.report().traceHash(), actual.report().traceHash(),
                "trace hash of " + what);
        org.junit.jupiter.api.Assertions.assertEquals(expected.report(), actual.report(), "report of " + what);
        org.junit.jupiter.api.Assertions.assertEquals(expected.violations(), actual.violations(), "violations of " + what);
        org.junit.jupiter.api.Assertions.assertEquals(deep(expected.outcomes()), deep(actual.outcomes()),
                "outcomes of " + what);
    }

    /** A value's text with arrays and records spelt out (records' equality compares arrays by identity). */
    public static String deep(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof long[] a) {
            return java.util.Arrays.toString(a);
        }
        if (o instanceof int[] a) {
            return java.util.Arrays.toString(a);
        }
        if (o instanceof Object[] a) {
            return deep(java.util.Arrays.asList(a));
        }
        if (o instanceof java.util.Collection<?> c) {
            return c.stream().map(ForkResults::deep).toList().toString();
        }
        if (o.getClass().isRecord()) {
            StringBuilder b = new StringBuilder(o.getClass().getSimpleName()).append('[');
            for (var rc : o.getClass().getRecordComponents()) {
                try {
                    b.append(rc.getName()).append('=').append(deep(rc.getAccessor().invoke(o))).append(", ");
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return b.append(']').toString();
        }
        return o.toString();
    }
}
