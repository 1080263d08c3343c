package dev.quiesce.cli.host;

import dev.quiesce.cli.host.LivepatchHost.Action;
import dev.quiesce.emulator.call.GuestFault;
import dev.quiesce.text.Untrusted;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The command interpreter of {@code quiesce host}: one {@code xen-livepatch} command (or {@code info},
 * {@code help}) per line, dispatched as {@code tools/misc/xen-livepatch.c}'s {@code main()} does —
 * a command may be abbreviated to any prefix, matched first against help, list, upload, load (then
 * this shell's info and dmesg), then against apply, revert, unload, replace. Each command's status is the tool's exit code
 * ({@link LivepatchTool#exitStatus}); a session's status is that of its last failing command, or 0.
 */
final class HostShell {

    private static final String[] MAIN = {"help", "list", "upload", "load", "info", "dmesg"};
    private static final Action[] ACTIONS = {Action.APPLY, Action.REVERT, Action.UNLOAD, Action.REPLACE};
    private static final String NODEPS = "--nodeps";

    private final LivepatchHost host;
    private final LivepatchTool tool;
    private final PrintWriter out;
    private final PrintWriter err;

    HostShell(LivepatchHost host, PayloadFiles files, PrintWriter out, PrintWriter err) {
        this.host = host;
        this.tool = new LivepatchTool(host, files, out, err);
        this.out = out;
        this.err = err;
    }

    /** Runs commands separated by {@code ;} (the {@code --exec} text); returns the session status. */
    int runScript(String script, boolean echo) {
        int status = 0;
        for (String command : script.split(";")) {
            if (isQuit(command)) {
                break;
            }
            status = merge(status, runLine(command, echo));
        }
        return status;
    }

    /** Runs one command per line until end of input or {@code quit}; {@code prompt} null for none. */
    int runLines(BufferedReader in, String prompt, boolean echo) {
        int status = 0;
        try {
            while (true) {
                if (prompt != null) {
                    out.print(prompt);
                    out.flush();
                }
                String line = readBoundedLine(in);
                if (line == null || isQuit(line)) {
                    return status;
                }
                status = merge(status, runLine(line, echo));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The longest shell line run; a longer one is read to its end, not kept, and refused. */
    static final int MAX_LINE = 64 * 1024;

    private static final int MAX_ECHO = 200;

    /** Stands for a line that was too long: compared by identity, so no input line can be it. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String TOO_LONG = new String("(too long)");

    /** The next line of at most {@link #MAX_LINE} characters (memory stays bounded whatever the input); null at the end. */
    private static String readBoundedLine(BufferedReader in) throws IOException {
        StringBuilder b = new StringBuilder();
        boolean tooLong = false;
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (b.length() < MAX_LINE) {
                b.append((char) c);
            } else {
                tooLong = true;
            }
        }
        if (c < 0 && b.isEmpty() && !tooLong) {
            return null;
        }
        return tooLong ? TOO_LONG : b.toString();
    }

    private static boolean isQuit(String line) {
        String s = line.strip();
        return s.equals("quit") || s.equals("exit");
    }

    private static int merge(int session, int command) {
        return command != 0 ? command : session;
    }

    /** Runs one command line (blank lines and {@code #} comments do nothing); returns its exit status. */
    int runLine(String line, boolean echo) {
        if (line == TOO_LONG || line.length() > MAX_LINE) { // identity: see TOO_LONG
            err.println("error: a line over " + MAX_LINE + " characters was not run; commands are short");
            err.flush();
            return LivepatchTool.exitStatus(-22);
        }
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#")) {
            return 0;
        }
        if (echo) {
            out.println("# " + Untrusted.show(s, MAX_ECHO));
        }
        List<String> words;
        try {
            words = new ArrayList<>(ShellWords.split(s));
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage() + ": " + Untrusted.show(s, MAX_ECHO));
            return LivepatchTool.exitStatus(-22);
        }
        if (words.isEmpty()) {
            return 0;
        }
        String command = words.removeFirst();
        int status = LivepatchTool.exitStatus(dispatch(command, words));
        out.flush();
        err.flush();
        return status;
    }

    private int dispatch(String command, List<String> args) {
        for (String m : MAIN) {
            if (m.startsWith(command)) {
                return runMain(m, args);
            }
        }
        for (Action a : ACTIONS) {
            if (a.name().toLowerCase(Locale.ROOT).startsWith(command)) {
                return runAction(a, args);
            }
        }
        err.println("Unrecognised command '" + Untrusted.show(command, MAX_ECHO) + "' -- try 'help'");
        return -1;
    }

    private int runMain(String command, List<String> args) {
        boolean nodeps = args.remove(NODEPS);
        return switch (command) {
            case "help" -> help(out);
            case "list" -> args.isEmpty() && !nodeps ? tool.list() : usage("list");
            case "upload" -> args.size() == 2 && !nodeps ? tool.upload(args.get(0), args.get(1)) : usage("upload <name> <file>");
            case "load" -> args.size() == 1 ? tool.load(args.getFirst(), nodeps ? LivepatchHost.NODEPS : 0)
                    : usage("load <file> [--nodeps]");
            case "info" -> args.isEmpty() && !nodeps ? info() : usage("info");
            default -> args.isEmpty() && !nodeps ? dmesg() : usage("dmesg");
        };
    }

    private int runAction(Action action, List<String> args) {
        boolean nodeps = args.remove(NODEPS);
        String name = action.name().toLowerCase(Locale.ROOT);
        if (args.size() != 1 || (nodeps && action != Action.APPLY)) {
            return usage(name + " <name>" + (action == Action.APPLY ? " [--nodeps]" : ""));
        }
        return tool.action(args.getFirst(), action, nodeps ? LivepatchHost.NODEPS : 0);
    }

    /** {@code xl info}'s version lines, read by calling the guest's version functions now. */
    private int info() {
        try {
            int minor = host.minorVersion();
            String extra = host.extraVersion();
            out.println("xen_minor              : " + minor);
            out.println("xen_extra              : " + extra);
            out.println("build_id               : " + host.buildId());
            return 0;
        } catch (GuestFault f) {
            err.println("info: a version function of the guest did not return (" + f.kind() + "): " + f.getMessage());
            err.println("an applied payload broke it; revert the payload on top ('list' shows the stack)");
            return -1;
        }
    }

    /** {@code xl dmesg}: what the hypervisor logged since the last dmesg, each line after {@code (XEN) }. */
    private int dmesg() {
        for (String line : host.drainConsole()) {
            out.println("(XEN) " + line);
        }
        return 0;
    }

    private int usage(String synopsis) {
        err.println("usage: " + synopsis);
        return -1;
    }

    /** Xen's help text ({@code show_help}), with this shell's additions. */
    static int help(PrintWriter to) {
        to.print("""
                quiesce host: live patching shell (xen-livepatch commands on a simulated host)
                 <name> An unique name of payload. Up to %d characters.
                Commands:
                  help                   display this help
                  upload <name> <file>   upload file <file> with <name> name
                  list                   list payloads uploaded.
                  apply <name> [--nodeps] apply <name> patch.
                  revert <name>          revert name <name> patch.
                  replace <name>         apply <name> patch and revert all others.
                  unload <name>          unload name <name> patch.
                  load  <file> [--nodeps] upload and apply <file>.
                                         name is the <file> name
                  info                   xen_minor, xen_extra and build_id, as xl info prints them
                  dmesg                  what the hypervisor logged since the last dmesg (xl dmesg -c)
                  quit                   end the session
                """.formatted(LivepatchTool.NAME_SIZE));
        to.flush();
        return 0;
    }
}
