package dev.quiesce.emulator.unicorn;

import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.emulator.memory.Protection;
import dev.quiesce.emulator.memory.Region;

import java.io.ByteArrayOutputStream;

/** Hand-encoded x86-64 snippets and a small memory layout for the binding's tests. */
final class TestCode {
    static final long CODE = 0x10000;
    static final long DATA = 0x11000;
    static final long STACK_TOP = 0x13000;

    static final byte[] INC_RAX = {0x48, (byte) 0xFF, (byte) 0xC0};
    static final byte[] INC_RBX = {0x48, (byte) 0xFF, (byte) 0xC3};
    static final byte[] CLI = {(byte) 0xFA};
    static final byte[] STI = {(byte) 0xFB};
    static final byte[] RET = {(byte) 0xC3};
    static final byte[] UD2 = {0x0F, 0x0B};
    static final byte[] INT3 = {(byte) 0xCC};
    static final byte[] NOP = {(byte) 0x90};

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    TestCode emit(byte[]... parts) {
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return this;
    }

    TestCode times(int n, byte[] part) {
        for (int i = 0; i < n; i++) {
            out.writeBytes(part);
        }
        return this;
    }

    /** {@code jmp rel8} back to {@code target} (an offset in this snippet). */
    TestCode jmpTo(int target) {
        int here = out.size();
        out.write(0xEB);
        out.write((byte) (target - (here + 2)));
        return this;
    }

    /** {@code mov rax, imm32 (sign-extended)}. */
    static byte[] movRaxImm(int imm) {
        return new byte[] {0x48, (byte) 0xC7, (byte) 0xC0, (byte) imm, (byte) (imm >> 8), (byte) (imm >> 16),
            (byte) (imm >> 24)};
    }

    /** {@code mov qword [abs32], rax}. */
    static byte[] storeRaxAbs(int address) {
        return new byte[] {0x48, (byte) 0x89, 0x04, 0x25, (byte) address, (byte) (address >> 8),
            (byte) (address >> 16), (byte) (address >> 24)};
    }

    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** Guest memory with an RWX code page at {@link #CODE}, data and a stack. */
    static GuestMemory memory() {
        GuestMemory m = GuestMemory.allocate(CODE, 0x4000);
        m.defineRegion(new Region("code", CODE, 0x1000, Protection.RWX));
        m.defineRegion(new Region("data", DATA, 0x3000, Protection.RW));
        return m;
    }

    /** An engine mapping {@code memory}, with RSP at the stack top and interrupts enabled. */
    static UnicornEngine engine(GuestMemory memory) {
        return engine(memory, UnicornEngines.open());
    }

    /** An engine of {@code library} counting with {@code counting}, mapping {@code memory}, as {@link #engine}. */
    static UnicornEngine engine(GuestMemory memory, UnicornLibrary library, Counting counting) {
        return engine(memory, UnicornEngines.open(library, counting));
    }

    private static UnicornEngine engine(GuestMemory memory, UnicornEngine e) {
        e.mapShared(memory);
        e.writeReg(X86Reg.RSP, STACK_TOP - 64);
        return e;
    }
}
