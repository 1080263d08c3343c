package dev.quiesce.payload;

/**
 * What {@link PayloadWriter} writes as one {@code struct livepatch_func} entry.
 *
 * @param oldName   the old function's name (written to {@code .livepatch.strings}); may be null only when
 *                  {@code oldAddr} is non-zero
 * @param oldAddr   the old function's address fixed at build time, or 0 to resolve {@code oldName} at load
 * @param oldSize   the old function's size (non-zero)
 * @param newSymbol the body's symbol of the new function, or null for NOP patching
 * @param newSize   the new function's size, or the number of bytes to NOP
 * @param expect    the expectation; null means {@link Expectation#none()}
 */
public record FunctionSpec(String oldName, long oldAddr, int oldSize, String newSymbol, int newSize,
                           Expectation expect) {

    public FunctionSpec {
        if (oldName == null && oldAddr == 0) {
            throw new IllegalArgumentException("a function needs an old name or an old address");
        }
        expect = expect == null ? Expectation.none() : expect;
    }

    /** A JMP entry that resolves {@code oldName} at load and has no expectation. */
    public static FunctionSpec jump(String oldName, int oldSize, String newSymbol, int newSize) {
        return new FunctionSpec(oldName, 0, oldSize, newSymbol, newSize, Expectation.none());
    }
}
