package dev.quiesce.splice.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The oracle of the registry's property test: the reference rules (docs/xen-livepatch.md §1.3–§1.13) written down directly,
 * over the {@link SampleRow} table, with no code shared with the registry. It predicts every sub-op's return
 * value, each payload's state and rc, the stack, and what the guest's patched functions return.
 */
final class RegistryModel {

    static final int EPERM = -1;
    static final int ENOENT = -2;
    static final int EAGAIN = -11;
    static final int EBUSY = -16;
    static final int EEXIST = -17;
    static final int EINVAL = -22;
    static final int EOPNOTSUPP = -95;

    /** One uploaded payload as the model sees it. */
    static final class Entry {
        final String name;
        final SampleRow row;
        PayloadState state = PayloadState.CHECKED;
        int rc;
        boolean reverted;
        final Map<String, Integer> counters = new LinkedHashMap<>();

        Entry(String name, SampleRow row) {
            this.name = name;
            this.row = row;
        }
    }

    private final Map<String, Set<String>> symbols = new LinkedHashMap<>();
    final Map<String, Entry> payloads = new LinkedHashMap<>();
    final List<Entry> stack = new ArrayList<>();
    Entry pending;
    Action pendingCmd;
    int version = 1;

    RegistryModel() {
        SampleRow.TABLE.values().forEach(r -> symbols.put(r.name(), r.newSymbols()));
    }

    int upload(String name, SampleRow row) {
        if (payloads.containsKey(name)) {
            return EEXIST;
        }
        if (row.noXenDeps()) {
            return EINVAL;
        }
        for (Entry e : payloads.values()) {
            boolean clash = e.row == row || symbols.get(e.row.name()).stream().anyMatch(symbols.get(row.name())::contains);
            if (clash) {
                return EEXIST;
            }
        }
        payloads.put(name, new Entry(name, row));
        version++;
        return 0;
    }

    int act(String name, Action cmd, boolean nodeps) {
        Entry e = payloads.get(name);
        if (e == null) {
            return ENOENT;
        }
        if (pending == e) {
            return EBUSY;
        }
        return switch (cmd) {
            case UNLOAD -> unload(e);
            case REVERT -> e.state == PayloadState.APPLIED ? revert(e) : 0;
            case APPLY -> e.state == PayloadState.CHECKED ? apply(e, nodeps) : 0;
            case REPLACE -> e.state == PayloadState.CHECKED ? replace(e) : 0;
        };
    }

    private int unload(Entry e) {
        if (e.state == PayloadState.APPLIED) {
            return EINVAL;
        }
        payloads.remove(e.name);
        version++;
        return 0;
    }

    private int revert(Entry e) {
        if (stack.getLast() != e) {
            return EBUSY;
        }
        int veto = e.row.hooks().preRevert(e.counters);
        if (veto != 0) {
            e.rc = veto;
            return veto;
        }
        return schedule(e, Action.REVERT);
    }

    private int apply(Entry e, boolean nodeps) {
        if (e.reverted && e.row.hasData()) {
            e.rc = EINVAL;
            return 0;
        }
        if (!nodeps) {
            String top = stack.isEmpty() ? null : stack.getLast().row.name();
            if (!Objects.equals(e.row.dependsOn(), top)) {
                return EINVAL;
            }
        }
        if (e.row.expectFail() || e.row.expectsOld() && extraPatched()) {
            return EINVAL;
        }
        int veto = e.row.hooks().preApply(e.counters);
        if (veto != 0) {
            e.rc = veto;
            return veto;
        }
        return schedule(e, Action.APPLY);
    }

    private int replace(Entry e) {
        if (e.row.dependsOn() != null) {
            return EINVAL;
        }
        if (e.row.vetoing() || stack.stream().anyMatch(x -> x.row.vetoing())) {
            return EOPNOTSUPP;
        }
        return schedule(e, Action.REPLACE);
    }

    private int schedule(Entry e, Action cmd) {
        e.rc = EAGAIN;
        if (pending != null) {
            return EBUSY;
        }
        pending = e;
        pendingCmd = cmd;
        return 0;
    }

    /** The rendezvous succeeds: the window, then the post hook. */
    void run() {
        Entry e = pending;
        Action cmd = pendingCmd;
        pending = null;
        switch (cmd) {
            case APPLY -> {
                e.rc = windowApply(e);
                if (!e.row.hooks().postApply(e.counters, e.rc)) {
                    e.rc = SampleRow.EFAULT;
                }
            }
            case REVERT -> {
                e.rc = windowRevert(e);
                if (!e.row.hooks().postRevert(e.counters, e.rc)) {
                    e.rc = SampleRow.EFAULT;
                }
            }
            case REPLACE -> e.rc = windowReplace(e);
            case UNLOAD -> throw new IllegalStateException();
        }
    }

    /** The rendezvous times out: rc -EBUSY, no post hook. */
    void timeOut() {
        pending.rc = EBUSY;
        pending = null;
    }

    private int windowApply(Entry e) {
        int rc = e.row.hooks().apply(e.counters);
        if (rc == 0) {
            stack.add(e);
            e.state = PayloadState.APPLIED;
        }
        return rc;
    }

    private int windowRevert(Entry e) {
        int rc = e.row.hooks().revert(e.counters);
        if (rc == 0) {
            stack.remove(e);
            e.state = PayloadState.CHECKED;
            e.reverted = true;
        }
        return rc;
    }

    private int windowReplace(Entry e) {
        for (Entry other : new ArrayList<>(stack).reversed()) {
            other.rc = windowRevert(other);
            if (other.rc != 0) {
                return EINVAL;
            }
        }
        if (e.row.expectFail()) {
            return EINVAL;
        }
        return windowApply(e);
    }

    /** Whether a payload on the stack splices {@code xen_extra_version}. */
    private boolean extraPatched() {
        return stack.stream().anyMatch(x -> x.row.extra() != null);
    }

    /** What {@code xen_extra_version()} returns now: the top splicer's string, or the image's. */
    String extra() {
        for (Entry x : stack.reversed()) {
            if (x.row.extra() != null) {
                return x.row.extra();
            }
        }
        return "-quiesce";
    }

    /** Whether {@code xen_minor_version()} is NOP-patched now. */
    boolean minorPatched() {
        return stack.stream().anyMatch(x -> x.row.nop());
    }
}
