package dev.quiesce.splice.registry;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfSymbol;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One row of the oracle's table: what the reference rules need to know about a sample payload, read off its C
 * source (guest/src/main/payloads/*.c) rather than from the registry — what it depends on, whether it has
 * writable data, vetoing hooks, what its hooks do to their counters and when their {@code BUG_ON}s trap, and what
 * {@code xen_extra_version()} returns while it is spliced.
 *
 * @param name       the sample's name
 * @param dependsOn  {@code null} for the image's build-id, else the sample whose build-id it depends on
 * @param hasData    writable sections besides {@code .livepatch.funcs} (its hook tables and counters): not
 *                   safe to re-apply
 * @param vetoing    pre or post hooks
 * @param noXenDeps  no {@code .livepatch.xen_depends}: upload fails
 * @param expectFail its expectation can never match
 * @param expectsOld its expectation matches only the unpatched {@code xen_extra_version}
 * @param extra      what {@code xen_extra_version()} returns while it is spliced natively; null if it does not
 *                   patch that function (or never splices)
 * @param nop        NOP-patches {@code xen_minor_version}
 * @param newCode    the symbol its function's {@code new_addr} points at (not a new symbol), or null
 * @param hooks      its hooks' behaviour
 */
record SampleRow(String name, String dependsOn, boolean hasData, boolean vetoing, boolean noXenDeps,
                 boolean expectFail, boolean expectsOld, String extra, boolean nop, String newCode, Hooks hooks) {

    static final int EINVAL = -22;
    static final int EFAULT = -14;

    /** What a payload's hooks do, over its counters (fresh at each upload). Each returns an rc; EFAULT = trapped. */
    interface Hooks {
        /** Pre-apply hook: 0 or its veto. */
        default int preApply(Map<String, Integer> c) {
            return 0;
        }

        /** Pre-revert hook: 0 or its veto. */
        default int preRevert(Map<String, Integer> c) {
            return 0;
        }

        /** The window's apply (load hooks, or the apply action hook): 0, -EINVAL or -EFAULT. */
        default int apply(Map<String, Integer> c) {
            return 0;
        }

        /** The window's revert (unload hooks, or the revert action hook): 0, -EINVAL or -EFAULT. */
        default int revert(Map<String, Integer> c) {
            return 0;
        }

        /** The post-apply hook after an apply with {@code rc}: false when it traps. */
        default boolean postApply(Map<String, Integer> c, int rc) {
            return true;
        }

        /** The post-revert hook after a revert with {@code rc}: false when it traps. */
        default boolean postRevert(Map<String, Integer> c, int rc) {
            return true;
        }
    }

    private static final Hooks NONE = new Hooks() {
    };

    static int bump(Map<String, Integer> c, String k) {
        return c.merge(k, 1, Integer::sum);
    }

    static int get(Map<String, Integer> c, String k) {
        return c.getOrDefault(k, 0);
    }

    /** xen_hello_world: load hooks hi_func (cnt++), apply_hook; unload check_fnc (traps unless cnt is 1..2), hi_func, revert_hook. */
    private static final Hooks HELLO = new Hooks() {
        @Override
        public int apply(Map<String, Integer> c) {
            bump(c, "cnt");
            return 0;
        }

        @Override
        public int revert(Map<String, Integer> c) {
            int cnt = get(c, "cnt");
            if (cnt == 0 || cnt > 2) {
                return EFAULT;
            }
            bump(c, "cnt");
            return 0;
        }
    };

    /** xen_prepost_hooks: counts, pre-revert returns -(retry--) from 1, post-revert checks 1/1/2/1. */
    private static final Hooks PREPOST = new Hooks() {
        @Override
        public int preApply(Map<String, Integer> c) {
            bump(c, "pre_apply");
            return 0;
        }

        @Override
        public int preRevert(Map<String, Integer> c) {
            bump(c, "pre_revert");
            int retry = 1 - get(c, "retry_used");
            bump(c, "retry_used");
            return -retry;
        }

        @Override
        public boolean postApply(Map<String, Integer> c, int rc) {
            bump(c, "post_apply");
            return true;
        }

        @Override
        public boolean postRevert(Map<String, Integer> c, int rc) {
            bump(c, "post_revert");
            return get(c, "pre_apply") == 1 && get(c, "post_apply") == 1 && get(c, "pre_revert") == 2
                    && get(c, "post_revert") == 1;
        }
    };

    /** xen_prepost_hooks_fail: pre-apply vetoes with -EINVAL; every other hook is BUG(). */
    private static final Hooks PREPOST_FAIL = new Hooks() {
        @Override
        public int preApply(Map<String, Integer> c) {
            return EINVAL;
        }

        @Override
        public int preRevert(Map<String, Integer> c) {
            return EFAULT;
        }

        @Override
        public boolean postApply(Map<String, Integer> c, int rc) {
            return false;
        }

        @Override
        public boolean postRevert(Map<String, Integer> c, int rc) {
            return false;
        }
    };

    /** xen_action_hooks(_nofunc): action hooks count and succeed; post-revert checks both counts are 1. */
    private static final Hooks ACTION = new Hooks() {
        @Override
        public int apply(Map<String, Integer> c) {
            bump(c, "apply_cnt");
            return 0;
        }

        @Override
        public int revert(Map<String, Integer> c) {
            bump(c, "revert_cnt");
            return 0;
        }

        @Override
        public boolean postRevert(Map<String, Integer> c, int rc) {
            return get(c, "apply_cnt") == 1 && get(c, "revert_cnt") == 1;
        }
    };

    /** xen_action_hooks_marker: post hooks check the markers match the outcome. */
    private static final Hooks MARKER = new Hooks() {
        @Override
        public boolean postApply(Map<String, Integer> c, int rc) {
            return rc == 0;
        }

        @Override
        public boolean postRevert(Map<String, Integer> c, int rc) {
            return rc == 0;
        }
    };

    /** xen_action_hooks_noapply: the apply hook counts and marks nothing; post-apply checks the count is 1. */
    private static final Hooks NOAPPLY = new Hooks() {
        @Override
        public int apply(Map<String, Integer> c) {
            bump(c, "apply_cnt");
            return EINVAL;
        }

        @Override
        public boolean postApply(Map<String, Integer> c, int rc) {
            return get(c, "apply_cnt") == 1;
        }
    };

    /** xen_action_hooks_norevert: the revert hook counts and unmarks nothing; post-revert checks the count is 1. */
    private static final Hooks NOREVERT = new Hooks() {
        @Override
        public int revert(Map<String, Integer> c) {
            bump(c, "revert_cnt");
            return EINVAL;
        }

        @Override
        public boolean postRevert(Map<String, Integer> c, int rc) {
            return get(c, "revert_cnt") == 1;
        }
    };

    /** The table, in Xen's list order. */
    static final Map<String, SampleRow> TABLE = table();

    private static Map<String, SampleRow> table() {
        Map<String, SampleRow> t = new LinkedHashMap<>();
        String hw = "Hello World";
        String fn = "xen_hello_world";
        add(t, new SampleRow("xen_hello_world", null, true, false, false, false, false, hw, false, fn, HELLO));
        add(t, new SampleRow("xen_bye_world", "xen_hello_world", false, false, false, false, false, "Bye World!", false,
                "xen_bye_world", NONE));
        add(t, new SampleRow("xen_replace_world", null, false, false, false, false, false, "Hello Again World!", false,
                "xen_replace_world", NONE));
        add(t, new SampleRow("xen_nop", null, false, false, false, false, false, null, true, null, NONE));
        add(t, new SampleRow("xen_no_xen_buildid", null, false, false, true, false, false, null, true, null, NONE));
        add(t, new SampleRow("xen_prepost_hooks", null, true, true, false, false, false, hw, false, fn, PREPOST));
        add(t, new SampleRow("xen_prepost_hooks_fail", null, true, true, false, false, false, hw, false, fn, PREPOST_FAIL));
        add(t, new SampleRow("xen_action_hooks", null, true, true, false, false, false, null, false, fn, ACTION));
        add(t, new SampleRow("xen_action_hooks_nofunc", null, true, true, false, false, false, null, false, null, ACTION));
        add(t, new SampleRow("xen_action_hooks_marker", null, true, true, false, false, false, hw, false, fn, MARKER));
        add(t, new SampleRow("xen_action_hooks_noapply", null, true, true, false, false, false, null, false, fn, NOAPPLY));
        add(t, new SampleRow("xen_action_hooks_norevert", null, true, true, false, false, false, hw, false, fn, NOREVERT));
        add(t, new SampleRow("xen_expectations", null, false, false, false, false, true, hw, false, fn, NONE));
        add(t, new SampleRow("xen_expectations_fail", null, false, false, false, true, false, hw, false, fn, NONE));
        return t;
    }

    private static void add(Map<String, SampleRow> t, SampleRow r) {
        t.put(r.name(), r);
    }

    /**
     * The symbols Xen's {@code build_symbol_table()} counts as new for this sample: every named function or
     * object it defines in an allocated section, except its function's new code.
     */
    Set<String> newSymbols() {
        ElfFile elf = ElfFile.parse(name, TestHost.sample(name));
        Set<String> out = new TreeSet<>();
        for (ElfSymbol s : elf.symbols()) {
            boolean placed = s.sectionIndex() > 0 && s.sectionIndex() < elf.sections().size()
                    && elf.section(s.sectionIndex()).isAlloc();
            if (placed && (s.isFunction() || s.isObject()) && !s.name().isEmpty() && !s.name().equals(newCode)) {
                out.add(s.name());
            }
        }
        return out;
    }
}
