package dev.quiesce.emulator.unicorn;

/**
 * A Unicorn {@code uc_err} code (values of Unicorn 2.0 {@code unicorn.h}).
 */
public enum UcError {
    OK, NOMEM, ARCH, HANDLE, MODE, VERSION, READ_UNMAPPED, WRITE_UNMAPPED, FETCH_UNMAPPED, HOOK,
    INSN_INVALID, MAP, WRITE_PROT, READ_PROT, FETCH_PROT, ARG, READ_UNALIGNED, WRITE_UNALIGNED,
    FETCH_UNALIGNED, HOOK_EXIST, RESOURCE, EXCEPTION, UNKNOWN;

    private static final UcError[] VALUES = values();

    /** The enum constant of a raw {@code uc_err} value. */
    public static UcError of(int code) {
        return code >= 0 && code < UNKNOWN.ordinal() ? VALUES[code] : UNKNOWN;
    }

}
