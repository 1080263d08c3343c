package dev.quiesce.emulator.unicorn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One engine's register access ({@code uc_reg_read}, {@code uc_reg_write} and their batches): single registers, the
 * general context of its architecture ({@link RegisterBatch}), x86's SSE state ({@link SseBatch}) and aarch64's
 * system registers by encoding ({@link Arm64Reg.SysReg}).
 */
final class EngineRegisters {

    private static final long CP_VAL = 24; // uc_arm64_cp_reg: u32 crn, crm, op0, op1, op2; u64 val

    private final UnicornLibrary lib;
    private final MemorySegment uc;
    private final Arena arena;
    private final EngineArch arch;
    private final MemorySegment scratch;
    private RegisterBatch batch;
    private SseBatch sseBatch;
    private MemorySegment cpReg;

    EngineRegisters(UnicornLibrary lib, MemorySegment uc, Arena arena, EngineArch arch) {
        this.lib = lib;
        this.uc = uc;
        this.arena = arena;
        this.arch = arch;
        this.scratch = arena.allocate(16, 8);
    }

    long read(int reg) {
        if (arch.hasNarrowContextRegisters()) {
            scratch.set(JAVA_LONG, 0, 0L); // aarch64's 32-bit registers (NZCV, PSTATE) fill only the low half
        }
        try {
            int rc = (int) lib.regRead.invokeExact(uc, reg, scratch);
            UnicornEngine.check("uc_reg_read", rc);
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        return scratch.get(JAVA_LONG, 0);
    }

    void write(int reg, long value) {
        scratch.set(JAVA_LONG, 0, value);
        try {
            int rc = (int) lib.regWrite.invokeExact(uc, reg, scratch);
            UnicornEngine.check("uc_reg_write", rc);
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    long[] newFile() {
        return new long[batch().count()];
    }

    void save(long[] into) {
        RegisterBatch b = batch();
        b.prepareRead();
        UnicornEngine.check("uc_reg_read_batch", call(lib.regReadBatch, b));
        b.copyOut(into);
    }

    void restore(long[] from) {
        RegisterBatch b = batch();
        b.copyIn(from);
        UnicornEngine.check("uc_reg_write_batch", call(lib.regWriteBatch, b));
    }

    /** The SSE state of an x86 engine. */
    SseBatch sse() {
        if (!(arch instanceof X86EngineArch)) {
            throw new UnsupportedOperationException("SSE state exists on x86-64 engines only, not " + arch.arch());
        }
        if (sseBatch == null) {
            sseBatch = new SseBatch(arena, lib, uc);
        }
        return sseBatch;
    }

    MemorySegment scratch() {
        return scratch;
    }

    long readSystem(Arm64Reg.SysReg r) {
        MemorySegment cp = cp(r);
        UnicornEngine.check("uc_reg_read(" + r + ")", one(lib.regRead, cp));
        return cp.get(JAVA_LONG, CP_VAL);
    }

    void writeSystem(Arm64Reg.SysReg r, long value) {
        MemorySegment cp = cp(r);
        cp.set(JAVA_LONG, CP_VAL, value);
        UnicornEngine.check("uc_reg_write(" + r + ")", one(lib.regWrite, cp));
    }

    private MemorySegment cp(Arm64Reg.SysReg r) {
        if (!(arch instanceof Arm64EngineArch)) {
            throw new UnsupportedOperationException("system register " + r + " exists on aarch64 engines only");
        }
        if (cpReg == null) {
            cpReg = arena.allocate(32, 8);
        }
        cpReg.set(JAVA_INT, 0, r.crn());
        cpReg.set(JAVA_INT, 4, r.crm());
        cpReg.set(JAVA_INT, 8, r.op0());
        cpReg.set(JAVA_INT, 12, r.op1());
        cpReg.set(JAVA_INT, 16, r.op2());
        cpReg.set(JAVA_LONG, CP_VAL, 0L);
        return cpReg;
    }

    private int one(MethodHandle handle, MemorySegment value) {
        try {
            return (int) handle.invokeExact(uc, Arm64Reg.CP_REG, value);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private RegisterBatch batch() {
        if (batch == null) {
            batch = new RegisterBatch(arena, arch.generalContext(), arch.hasNarrowContextRegisters());
        }
        return batch;
    }

    private int call(MethodHandle handle, RegisterBatch b) {
        try {
            return (int) handle.invokeExact(uc, b.ids(), b.vals(), b.count());
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
