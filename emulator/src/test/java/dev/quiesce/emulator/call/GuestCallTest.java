package dev.quiesce.emulator.call;

import dev.quiesce.emulator.unicorn.FaultKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.emulator.link.ImageLinker;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.emulator.memory.Protection;
import dev.quiesce.emulator.memory.Region;
import dev.quiesce.emulator.unicorn.UnicornEngine;
import dev.quiesce.emulator.unicorn.UnicornEngines;
import dev.quiesce.emulator.unicorn.X86Reg;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Calls functions of the real gcc-built guest image and checks what the guest's C code says they do. */
class GuestCallTest {

    private static final long BASE = 0x400000;
    private static final long PAGE = GuestMemory.PAGE_SIZE;
    private static final byte[] UD2 = {0x0F, 0x0B};

    private final GuestImage image = ImageLinker.link(guestObjects(), BASE);
    private final long stackBase = image.end();
    private final long stackTop = stackBase + 4 * PAGE;
    private final long trampoline = stackTop;
    private final GuestMemory memory = GuestMemory.allocate(BASE, trampoline + PAGE - BASE);
    private final GuestCall call;

    GuestCallTest() {
        image.loadInto(memory);
        memory.defineRegion(new Region("stack", stackBase, stackTop - stackBase, Protection.RW));
        memory.defineRegion(new Region("trampoline", trampoline, PAGE, Protection.RX));
        for (long a = trampoline; a < trampoline + PAGE; a += 2) {
            memory.write(a, UD2);
        }
        call = new GuestCall(memory, stackTop, trampoline);
    }

    @AfterEach
    void close() {
        memory.close();
    }

    private static List<ElfFile> guestObjects() {
        return dev.quiesce.guest.GuestObjects.baseImage().stream().map(o -> ElfFile.parse(o.name(), o.bytes())).toList();
    }

    private long address(String symbol) {
        return image.symbols().require(symbol).address();
    }

    @Test
    void call_xenExtraVersion_returnsThePointerToTheGuestsString() {
        long p = call.call(address("xen_extra_version"));
        assertThat(image.region("rodata").orElseThrow().contains(p)).isTrue();
        assertThat(GuestCall.readCString(memory, p, 64)).isEqualTo("-quiesce");
    }

    @Test
    void call_xenMinorVersion_returns17() {
        assertThat(call.call(address("xen_minor_version"))).isEqualTo(17);
    }

    @Test
    void call_passesArgumentsInSystemVRegisters() {
        // do_record_op(cpu, value) writes percpu[cpu].rec and reads it back: returns value.
        assertThat(call.call(address("do_record_op"), 3, 0x1234_5678_9abcL)).isEqualTo(0x1234_5678_9abcL);
    }

    @Test
    void call_ofAFunctionThatExecutesUd2_throwsInvalidInstructionAtTheUd2() {
        long record = stackBase; // zeroed: format 0 is not RECORD_FORMAT_V1, so record_read traps
        long recordRead = address("record_read");
        assertThatThrownBy(() -> call.call(recordRead, record))
                .isInstanceOfSatisfying(GuestFault.class, f -> {
                    assertThat(f.kind()).isEqualTo(FaultKind.INVALID_INSTRUCTION);
                    assertThat(image.symbols().symbolize(f.pc())).startsWith("record_read");
                    assertThat(memory.read(f.pc(), 2)).isEqualTo(UD2);
                    assertThat(f.getMessage()).contains("0x%x".formatted(f.pc()));
                });
    }

    @Test
    void call_thatOverrunsItsBudget_throwsBudgetExhausted() {
        GuestCall tight = call.withBudget(1); // mov eax, 17; ret: two instructions
        long minor = address("xen_minor_version");
        assertThatThrownBy(() -> tight.call(minor))
                .isInstanceOfSatisfying(GuestFault.class, f -> {
                    assertThat(f.kind()).isEqualTo(FaultKind.BUDGET_EXHAUSTED);
                    assertThat(f.pc()).isNotEqualTo(trampoline);
                    assertThat(image.symbols().symbolize(f.pc())).startsWith("xen_minor_version");
                    assertThat(f.getMessage()).contains("1 instructions");
                });
    }

    @Test
    void call_ofAFunctionThatNeverReturns_stopsAtTheBudget() {
        long cpuMain = address("cpu_main"); // for (;;) { ... }
        assertThatThrownBy(() -> call.withBudget(100_000).call(cpuMain, 0))
                .isInstanceOfSatisfying(GuestFault.class, f -> assertThat(f.kind()).isEqualTo(FaultKind.BUDGET_EXHAUSTED));
    }

    @Test
    void call_onAGivenEngine_restoresItsRegisters() {
        try (UnicornEngine engine = UnicornEngines.open()) {
            engine.mapShared(memory);
            engine.writeReg(X86Reg.RAX, 0xdead);
            engine.writeReg(X86Reg.RSP, 0x1000);
            assertThat(call.call(engine, address("xen_minor_version"))).isEqualTo(17);
            assertThat(engine.readReg(X86Reg.RAX)).isEqualTo(0xdead);
            assertThat(engine.readReg(X86Reg.RSP)).isEqualTo(0x1000);
        }
    }

    @Test
    void call_seesCodeRewrittenThroughWriteCode() {
        long minor = address("xen_minor_version");
        try (UnicornEngine engine = UnicornEngines.open()) {
            engine.mapShared(memory);
            assertThat(call.call(engine, minor)).isEqualTo(17);
            memory.writeCode(minor, new byte[] {(byte) 0xB8, 4, 0, 0, 0, (byte) 0xC3}); // mov eax, 4; ret
            assertThat(call.call(engine, minor)).isEqualTo(4);
        }
    }

    @Test
    void everyCall_startsFromAFreshEngine_evenThoughTheEngineIsReused() {
        long clobber = trampoline + 0x100; // mov rbx, 0x77; mov rax, rbx; ret
        memory.write(clobber, new byte[] {0x48, (byte) 0xC7, (byte) 0xC3, 0x77, 0, 0, 0, 0x48, (byte) 0x89, (byte) 0xD8,
            (byte) 0xC3});
        long readRbx = trampoline + 0x200; // mov rax, rbx; ret
        memory.write(readRbx, new byte[] {0x48, (byte) 0x89, (byte) 0xD8, (byte) 0xC3});
        assertThat(call.call(clobber)).isEqualTo(0x77);
        assertThat(call.call(readRbx)).as("RBX as a newly opened engine has it").isZero();
    }

    @Test
    void everyCall_seesCodeRewrittenWithoutWriteCode_asANewlyOpenedEngineWould() {
        long f = trampoline + 0x200;
        memory.write(f, new byte[] {(byte) 0xB8, 4, 0, 0, 0, (byte) 0xC3}); // mov eax, 4; ret
        assertThat(call.call(f)).isEqualTo(4);
        memory.write(f, new byte[] {(byte) 0xB8, 5, 0, 0, 0, (byte) 0xC3}); // a store no engine is told of
        assertThat(call.call(f)).isEqualTo(5);
    }

    @Test
    void readCString_stopsAtMaxAndAtTheEndOfMemory() {
        long p = call.call(address("xen_extra_version"));
        assertThat(GuestCall.readCString(memory, p, 3)).isEqualTo("-qu");
        memory.write(memory.end() - 2, new byte[] {'h', 'i'});
        assertThat(GuestCall.readCString(memory, memory.end() - 2, 64)).isEqualTo("hi");
        assertThatThrownBy(() -> GuestCall.readCString(memory, memory.end(), 4)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
