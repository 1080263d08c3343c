package dev.quiesce.usercode;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a scenario's {@code guest { … }} block asks for (docs/own-code.md): the user's sources and which of their
 * functions the user shell calls.
 *
 * @param sources    C files and folders (absolute)
 * @param workload   the function every CPU calls in a loop: {@code void f(unsigned cpu, unsigned long iter)}
 * @param quiescence empty: the idle loop's {@code check_for_livepatch_work} (the built-in quiescence point);
 *                   else the function whose entry is the CPUs' quiescence point
 * @param idleEvery  call the idle loop every N workload calls (0: never)
 * @param irqCall    called after the built-in IRQ handler, {@code void f(unsigned cpu)}; empty for none
 * @param nmiCall    called after the built-in NMI handler; empty for none
 * @param mceCall    called after the built-in machine-check handler; empty for none
 * @param init       called once per CPU before the loop; empty for none
 * @param options    the user's defines and include folders (the runtime's headers are added by the builder)
 */
public record GuestSpec(List<Path> sources, String workload, Optional<String> quiescence, long idleEvery,
                        Optional<String> irqCall, Optional<String> nmiCall, Optional<String> mceCall,
                        Optional<String> init, CompileOptions options) {

    /** The largest {@code idle-every}. */
    public static final long MAX_IDLE_EVERY = 0xFFFF_FFFFL;

    public GuestSpec {
        sources = List.copyOf(sources);
        identifier("workload", workload);
        quiescence.ifPresent(f -> identifier("quiescence", f));
        irqCall.ifPresent(f -> identifier("irq-calls", f));
        nmiCall.ifPresent(f -> identifier("nmi-calls", f));
        mceCall.ifPresent(f -> identifier("mce-calls", f));
        init.ifPresent(f -> identifier("init", f));
        if (idleEvery < 0 || idleEvery > MAX_IDLE_EVERY) {
            throw new IllegalArgumentException("idle-every " + idleEvery + " is not in 0.." + MAX_IDLE_EVERY);
        }
    }

    private static final java.util.regex.Pattern IDENTIFIER = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

    /** Refuses a function name that is not a C identifier. */
    private static void identifier(String key, String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("guest." + key + " '" + dev.quiesce.text.Untrusted.show(String.valueOf(name))
                    + "' is not a C function name");
        }
    }

    /** A spec with just sources and a workload, the idle loop every call, nothing else. */
    public static GuestSpec of(List<Path> sources, String workload) {
        return new GuestSpec(sources, workload, Optional.empty(), 1, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), CompileOptions.none());
    }

    /** The same spec with another quiescence function. */
    public GuestSpec withQuiescence(String function) {
        return new GuestSpec(sources, workload, Optional.of(function), idleEvery, irqCall, nmiCall, mceCall, init,
                options);
    }

    /** The same spec with the idle loop every {@code n} workload calls. */
    public GuestSpec withIdleEvery(long n) {
        return new GuestSpec(sources, workload, quiescence, n, irqCall, nmiCall, mceCall, init, options);
    }
}
