package dev.quiesce.emulator.unicorn;

/**
 * How one counted run of an engine ended.
 *
 * @param retired instructions executed in this run (exact; a faulting instruction counts as executed)
 * @param error   {@link UcError#OK} when the budget ran out or a hook stopped the run, else the guest
 *                fault that ended it
 */
public record RunResult(long retired, UcError error) {

    /** Whether the run ended without a guest fault. */
    public boolean ok() {
        return error == UcError.OK;
    }
}
