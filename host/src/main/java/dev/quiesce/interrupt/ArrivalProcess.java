package dev.quiesce.interrupt;

/**
 * A stream of interrupt arrival times in virtual time, strictly increasing.
 */
public interface ArrivalProcess {

    /** A short name for reports ({@code periodic(250us)}). */
    String name();

    /** The next arrival time in picoseconds; advances the process. {@link Long#MAX_VALUE} = never. */
    long next();
}
