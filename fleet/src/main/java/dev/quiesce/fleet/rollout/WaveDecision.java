package dev.quiesce.fleet.rollout;

/**
 * What a rollout decided after a wave, as the fleet trace hashes it (the {@link WaveReport#decision()} says the same
 * in words for people): the step, the host whose violation halted it, and how many hosts the rollback reverts.
 *
 * @param step          the decision
 * @param violationHost the host whose oracle violation halted the rollout, or -1
 * @param rollBack      hosts a halt rolls back (0 when it does not roll back)
 */
record WaveDecision(Step step, int violationHost, int rollBack) {

    /** The decisions, each with its stable code in the fleet trace. */
    enum Step {
        CONTINUE(1), DONE(2), HALT_ON_VIOLATION(3), HALT_ON_FAILURE_RATE(4), CONTINUE_ROLLBACK(5), ROLLBACK_DONE(6);

        private final int code;

        Step(int code) {
            this.code = code;
        }

        /** The code hashed for this step. */
        int code() {
            return code;
        }
    }

    /** A decision that names no host and rolls nothing back. */
    static WaveDecision of(Step step) {
        return new WaveDecision(step, -1, 0);
    }
}
