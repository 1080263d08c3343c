package dev.quiesce.cli.host;

import dev.quiesce.cli.host.LivepatchHost.Action;
import dev.quiesce.cli.host.LivepatchHost.Entry;
import dev.quiesce.cli.host.LivepatchHost.Reply;
import dev.quiesce.cli.host.LivepatchHost.State;

import dev.quiesce.text.Untrusted;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The commands of Xen's {@code xen-livepatch} ({@code tools/misc/xen-livepatch.c}) over a
 * {@link LivepatchHost}: the printed lines of the Xen 4.7 tool that the Xen wiki's transcript shows
 * ({@code Uploading F (N bytes)}, {@code Performing apply:. completed}, {@code NAME failed with
 * N(...)}), the checks and return values of today's tool ({@code action_func()}: GET first,
 * "Operation already in progress", "No action needed.", the state check, one GET after the action),
 * and its exit codes (0, 2 for EAGAIN/EBUSY "retry", 1 otherwise; {@link #exitStatus}).
 *
 * <p>Methods return what the tool's functions return: 0, a positive errno, or -1.
 */
final class LivepatchTool {

    /** {@code HYPERVISOR_TIMEOUT_NS}: the rendezvous timeout the tool passes with every action. */
    static final long TIMEOUT_NS = 30_000_000L;
    /** {@code XEN_LIVEPATCH_NAME_SIZE}. */
    static final int NAME_SIZE = 128;

    static final int ENOENT = 2;
    static final int EAGAIN = 11;
    static final int EBUSY = 16;
    static final int EINVAL = 22;

    /** Longest explanation printed after an errno line (it may quote a file name or a payload's strings). */
    private static final int MAX_MESSAGE = 1000;

    private final LivepatchHost host;
    private final PayloadFiles files;
    private final PrintWriter out;
    private final PrintWriter err;

    LivepatchTool(LivepatchHost host, PayloadFiles files, PrintWriter out, PrintWriter err) {
        this.host = host;
        this.files = files;
        this.out = out;
        this.err = err;
    }

    /** The tool's exit status for a return value: 0 success, 2 EAGAIN or EBUSY (retry), 1 otherwise. */
    static int exitStatus(int ret) {
        return switch (ret) {
            case 0 -> 0;
            case EAGAIN, EBUSY -> 2;
            default -> 1;
        };
    }

    /** {@code list} ({@code list_func}): the {@code ID | status} table, in upload order. */
    int list() {
        out.println(" ID                                     | status");
        out.println("----------------------------------------+------------");
        for (Entry e : host.list()) {
            String row = "%-40s| %s".formatted(e.name(), e.state());
            if (e.rc() != 0) {
                row += " (" + -e.rc() + ", " + StrError.of(-e.rc()) + ")";
            }
            out.println(row);
        }
        return 0;
    }

    /** {@code upload <name> <file>} ({@code upload_func}). */
    int upload(String name, String file) {
        if (!validName(name)) {
            return EINVAL;
        }
        PayloadFiles.Loaded f;
        try {
            f = files.read(file);
        } catch (PayloadFiles.FileError e) {
            err.println("Could not open " + Untrusted.show(file) + ".");
            errorLine(e.errno(), e.getMessage());
            return e.errno();
        }
        out.println("Uploading " + Untrusted.show(file) + " (" + f.fileSize() + " bytes)");
        Reply r = f.envelope().map(e -> host.upload(name, e)).orElseGet(() -> host.upload(name, f.bare()));
        if (r.rc() != 0) {
            errorLine(-r.rc(), r.message());
            return -r.rc();
        }
        return 0;
    }

    /** {@code load <file> [--nodeps]} ({@code load_func}): upload under the file's stem, apply, unload on failure. */
    int load(String file, int flags) {
        String base = file.substring(file.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        String name = dot >= 0 ? base.substring(0, dot) : base;
        int rc = upload(name, file);
        if (rc != 0) {
            return rc;
        }
        rc = action(name, Action.APPLY, flags);
        if (rc != 0) {
            action(name, Action.UNLOAD, 0);
        }
        return rc;
    }

    /** {@code apply}, {@code revert}, {@code replace}, {@code unload} ({@code action_func}). */
    int action(String name, Action action, int flags) {
        if (!validName(name)) {
            return EINVAL;
        }
        String cmd = action.name().toLowerCase(Locale.ROOT);
        Entry e;
        try {
            e = host.get(name);
        } catch (LivepatchHost.Failure f) {
            err.println("Failed to get status of " + name + ".");
            errorLine(f.errno(), f.getMessage());
            return f.errno();
        }
        if (e.rc() == -EAGAIN) {
            err.println("Cannot execute " + cmd + ".");
            err.println("Operation already in progress.");
            return EAGAIN;
        }
        if (action != Action.UNLOAD && e.state() == expected(action)) {
            out.println("No action needed.");
            return 0;
        }
        if (e.state() != allowed(action)) {
            wrongState(name, e.state(), allowed(action));
            return -1;
        }
        out.print("Performing " + cmd + ":");
        Reply r = host.action(name, action, flags, TIMEOUT_NS);
        if (r.rc() != 0) {
            out.println(" failed");
            out.flush();
            errorLine(-r.rc(), r.message());
            return -r.rc();
        }
        out.print('.'); // the tool's one GET after waiting twice the hypervisor timeout
        return afterAction(name, action);
    }

    private int afterAction(String name, Action action) {
        Entry e;
        try {
            e = host.get(name);
        } catch (LivepatchHost.Failure f) {
            if (action == Action.UNLOAD && f.errno() == ENOENT) {
                out.println(" completed");
                return 0;
            }
            return failed(name, f.errno(), f.getMessage());
        }
        if (e.rc() == -EAGAIN) {
            out.println(" failed");
            out.flush();
            err.println("Operation didn't complete.");
            return EAGAIN;
        }
        if (e.rc() < 0) {
            return failed(name, -e.rc(), e.message());
        }
        if (action != Action.UNLOAD && e.state() == expected(action)) {
            out.println(" completed");
            return 0;
        }
        out.println(" failed");
        out.flush();
        wrongState(name, e.state(), action == Action.UNLOAD ? null : expected(action));
        return -1;
    }

    private int failed(String name, int errno, String message) {
        out.println(" failed");
        out.flush();
        err.println(name + " failed with " + errno + "(" + StrError.of(errno) + ")");
        if (!message.isEmpty()) {
            err.println(Untrusted.show(message, MAX_MESSAGE));
        }
        return errno;
    }

    private void wrongState(String name, State current, State expected) {
        out.flush();
        err.println(name + " is in the wrong state.");
        err.println("Current state: " + current);
        err.println("Expected state: " + (expected == null ? "unknown" : expected));
    }

    private void errorLine(int errno, String message) {
        out.flush();
        err.println("Error " + errno + ": " + StrError.of(errno));
        if (message != null && !message.isEmpty()) {
            err.println(Untrusted.show(message, MAX_MESSAGE));
        }
    }

    private boolean validName(String name) {
        if (name.length() > NAME_SIZE) {
            err.println("ID must be no more than " + NAME_SIZE + " characters.");
            return false;
        }
        return true;
    }

    private static State allowed(Action a) {
        return a == Action.REVERT ? State.APPLIED : State.CHECKED;
    }

    private static State expected(Action a) {
        return a == Action.REVERT ? State.CHECKED : State.APPLIED;
    }
}
