package dev.quiesce.payload;

import java.util.Objects;

/**
 * One {@code struct livepatch_func} entry of a payload's {@code .livepatch.funcs}, with its relocated pointers
 * resolved to names (Xen: {@code struct livepatch_func} in xen/include/public/sysctl.h).
 *
 * @param oldName   the string {@code name} points to, or null when it is not a relocated pointer to a string;
 *                  Xen looks the old function up by this name when {@code old_addr} is 0
 * @param oldAddr   {@code old_addr} as stored: 0 means "resolve {@code oldName}"; when {@code oldSymbol} is set it
 *                  is the relocation's addend, added to that symbol's address
 * @param newSymbol the symbol {@code new_addr} is relocated to ({@code section+0x…} when only a section symbol
 *                  names it, {@code 0x…} for an unrelocated non-zero value); null when {@code new_addr} is 0,
 *                  i.e. NOP patching
 * @param newSize   {@code new_size}: the new function's size, or the number of bytes to NOP
 * @param oldSize   {@code old_size}
 * @param version   {@code version} (2)
 * @param expect    {@code expect}
 * @param oldSymbol the symbol {@code old_addr} is relocated to (e.g. Xen's test payloads set
 *                  {@code .old_addr = xen_extra_version}: an undefined symbol resolved at load), or null
 */
public record PatchFunction(String oldName, long oldAddr, String newSymbol, int newSize, int oldSize, int version,
                            Expectation expect, String oldSymbol) {

    public PatchFunction {
        Objects.requireNonNull(expect, "expect");
    }

    /** An entry whose {@code old_addr} is not relocated. */
    public PatchFunction(String oldName, long oldAddr, String newSymbol, int newSize, int oldSize, int version,
                         Expectation expect) {
        this(oldName, oldAddr, newSymbol, newSize, oldSize, version, expect, null);
    }

    /** Whether this entry NOPs {@code newSize} bytes instead of jumping to new code ({@code new_addr == 0}). */
    public boolean isNop() {
        return newSymbol == null;
    }

    /** The name to show a person: the old name, else the old symbol, else the address. */
    public String displayName() {
        if (oldName != null) {
            return oldName;
        }
        return oldSymbol != null ? oldSymbol : "0x" + Long.toHexString(oldAddr);
    }
}
