package dev.quiesce.splice.registry;

import dev.quiesce.payload.Errno;
import java.util.ArrayList;
import java.util.List;

/**
 * The xen-livepatch tool's flow over a registry, for tests (tools/misc/xen-livepatch.c: {@code upload_func},
 * {@code action_func}, {@code load_func}): its exit code and the lines it prints. The real shell is
 * {@code quiesce host}; this one exists so that the 2019 arm64 transcript can be checked at the registry.
 */
final class Tool {

    /** What one command printed and its exit code (0 ok, an errno, or -1 for "wrong state"). */
    record Outcome(int exit, List<String> lines) {
        String text() {
            return String.join("\n", lines);
        }
    }

    private final LivepatchRegistry registry;

    Tool(LivepatchRegistry registry) {
        this.registry = registry;
    }

    Outcome upload(String name, byte[] bytes) {
        XenResult r = registry.upload(name, bytes);
        if (r.ok()) {
            return new Outcome(0, List.of("Uploading " + name + "... completed"));
        }
        return new Outcome(-r.rc(), List.of("Uploading " + name + "... failed", "Error " + -r.rc() + ": " + r.message()));
    }

    Outcome load(String name, byte[] bytes, int flags) {
        Outcome up = upload(name, bytes);
        if (up.exit() != 0) {
            return up;
        }
        Outcome apply = action(name, Action.APPLY, flags);
        List<String> lines = new ArrayList<>(up.lines());
        lines.addAll(apply.lines());
        if (apply.exit() != 0) {
            lines.addAll(action(name, Action.UNLOAD, 0).lines());
        }
        return new Outcome(apply.exit(), lines);
    }

    Outcome action(String name, Action cmd, int flags) {
        PayloadStatus before;
        try {
            before = registry.get(name);
        } catch (LivepatchException e) {
            return new Outcome(e.errno().number(), List.of("Failed to get status of " + name + ".",
                    "Error " + e.errno().number() + ": " + e.getMessage()));
        }
        if (before.pending()) {
            return new Outcome(Errno.EAGAIN.number(), List.of("Cannot execute " + cmd + ".",
                    "Operation already in progress."));
        }
        PayloadState expected = switch (cmd) {
            case APPLY, REPLACE -> PayloadState.APPLIED;
            case REVERT -> PayloadState.CHECKED;
            case UNLOAD -> null;
        };
        if (before.state() == expected) {
            return new Outcome(0, List.of("No action needed."));
        }
        PayloadState allow = cmd == Action.REVERT ? PayloadState.APPLIED : PayloadState.CHECKED;
        if (before.state() != allow) {
            return new Outcome(-1, List.of(name + " is in the wrong state.", "Current state: " + before.state(),
                    "Expected state: " + allow));
        }
        XenResult r = registry.action(name, cmd, flags, 30_000_000L);
        if (!r.ok()) {
            return new Outcome(-r.rc(), List.of(cmd + " " + name + "... failed", "Error " + -r.rc() + ": " + r.message()));
        }
        return after(name, cmd, expected);
    }

    private Outcome after(String name, Action cmd, PayloadState expected) {
        PayloadStatus now;
        try {
            now = registry.get(name);
        } catch (LivepatchException e) {
            return cmd == Action.UNLOAD && e.errno() == Errno.ENOENT
                    ? new Outcome(0, List.of(cmd + " " + name + "... completed"))
                    : new Outcome(e.errno().number(), List.of("Error " + e.errno().number()));
        }
        if (now.pending()) {
            return new Outcome(Errno.EAGAIN.number(), List.of(cmd + " " + name + "... failed", "Operation didn't complete."));
        }
        if (now.rc() < 0) {
            return new Outcome(-now.rc(), List.of(cmd + " " + name + "... failed",
                    "Error " + -now.rc() + ": " + now.detail()));
        }
        if (now.state() == expected) {
            return new Outcome(0, List.of(cmd + " " + name + "... completed"));
        }
        return new Outcome(-1, List.of(cmd + " " + name + "... failed", name + " is in the wrong state."));
    }
}
