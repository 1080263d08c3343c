package dev.quiesce.coordinator.oracle;

/**
 * The oracles' own settings (scenario key {@code oracle-settings}).
 *
 * @param livenessBoundNs how long after an action ends every CPU must have left the rendezvous
 *                        ({@link RendezvousLiveness}); 0..1 s
 */
public record OracleSettings(long livenessBoundNs) {

    /** The largest liveness bound. */
    public static final long MAX_LIVENESS_BOUND_NS = 1_000_000_000L;

    public OracleSettings {
        if (livenessBoundNs < 0 || livenessBoundNs > MAX_LIVENESS_BOUND_NS) {
            throw new IllegalArgumentException("the liveness bound must be 0..1s, not " + livenessBoundNs + "ns");
        }
    }

    /** The defaults: a 100 µs liveness bound. */
    public static OracleSettings defaults() {
        return new OracleSettings(100_000);
    }
}
