package dev.quiesce.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.emulator.link.PlacedSection;
import dev.quiesce.emulator.unicorn.FaultKind;
import dev.quiesce.host.AssertFailures;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostSettings;
import dev.quiesce.host.UserCodeImages;
import dev.quiesce.interrupt.InterruptSchedule;
import dev.quiesce.random.SeedStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of user code compiled with {@code -g} name the function, offset, file and line (checked against
 * binutils' addr2line), and a failed {@code assert()} is a fault carrying the message the guest wrote.
 */
class UserCodeFaultsTest {

    private static final String LONG_WORK_ONLY = "quiesce.host { cpus = 1, workload { weight-hypercall = 0,"
            + " weight-long-work = 1, weight-idle = 0, weight-irqs-off = 0 } }";

    @TempDir
    Path dir;

    private List<CpuEvent.Fault> runWithLongWorkIn(String function, long untilNs) {
        HostSettings s = CpuTest.settings(LONG_WORK_ONLY);
        GuestImage image = UserCodeImages.link(dir, s.imageBase(), "faults.c", "assert_standin.c");
        try (HostMachine m = HostMachine.boot(s, SeedStream.root(1).child("host", 0), image);
             Cpu cpu = new Cpu(0, m, InterruptSchedule.none())) {
            UserCodeImages.redirect(m, "do_long_work", function);
            List<CpuEvent> events = new ArrayList<>();
            cpu.runUntil(untilNs, events);
            return CpuTest.of(events, CpuEvent.Fault.class);
        }
    }

    @Test
    void aFailedAssertIsAFaultCarryingTheMessageTheGuestWrote() {
        List<CpuEvent.Fault> faults = runWithLongWorkIn("checked_work", 1_000_000);
        assertThat(faults).hasSize(1);
        CpuEvent.Fault f = faults.getFirst();
        int line = lineOf("faults.c", "assert(calls[cpu & 63] < 3);");
        assertThat(f.kind()).isEqualTo(FaultKind.INVALID_INSTRUCTION);
        assertThat(f.detail()).isEqualTo(AssertFailures.PREFIX
                + "faults.c:%d: checked_work: Assertion `calls[cpu & 63] < 3' failed.".formatted(line));
        assertThat(AssertFailures.of(f)).contains("faults.c:%d: checked_work: Assertion `calls[cpu & 63] < 3' failed."
                .formatted(line));
        assertThat(f.where()).startsWith("__quiesce_assert_fail")
                .endsWith("(assert_standin.c:%d)".formatted(lineOf("assert_standin.c", "__builtin_trap(); /* the assert's trap */")));
    }

    @Test
    void anAbortIsAFaultCarryingTheRuntimesMessageWithoutTheAssertionPrefix() {
        List<CpuEvent.Fault> faults = runWithLongWorkIn("gives_up", 1_000_000);
        assertThat(faults).hasSize(1);
        CpuEvent.Fault f = faults.getFirst();
        assertThat(f.kind()).isEqualTo(FaultKind.INVALID_INSTRUCTION);
        assertThat(f.detail()).isEqualTo("abort() called");
        assertThat(AssertFailures.of(f)).isEmpty();
        assertThat(f.where()).startsWith("abort").contains("(assert_standin.c:");
    }

    @Test
    void aCrashNamesFunctionOffsetAndTheLineAddr2lineGives() {
        List<CpuEvent.Fault> faults = runWithLongWorkIn("wild_store", 1_000_000);
        assertThat(faults).hasSize(1);
        CpuEvent.Fault f = faults.getFirst();
        HostSettings s = CpuTest.settings(LONG_WORK_ONLY);
        GuestImage image = UserCodeImages.link(dir, s.imageBase(), "faults.c", "assert_standin.c");
        PlacedSection text = image.section("faults.o", ".text.wild_store").orElseThrow();
        long offset = f.pc() - text.address();
        String oracle = UserCodeImages.addr2line(dir, "faults.o", ".text.wild_store", offset);
        String fileLine = oracle.substring(oracle.lastIndexOf('/') + 1);
        assertThat(fileLine).isEqualTo("faults.c:" + lineOf("faults.c", "*p = iters;"));
        assertThat(f.where()).isEqualTo("wild_store+0x%x (%s)".formatted(offset, fileLine));
        assertThat(AssertFailures.of(f)).isEmpty();
    }

    @Test
    void theBuiltInGuestHasNoLineTablesSoItsFaultsNameOnlyTheSymbol() {
        try (HostMachine m = CpuTest.boot("quiesce.host.cpus = 1"); Cpu cpu = new Cpu(0, m, InterruptSchedule.none())) {
            long f = m.address("xen_minor_version");
            m.memory().writeCode(f, new byte[] {0x0F, 0x0B}); // ud2
            List<CpuEvent> events = new ArrayList<>();
            cpu.runUntil(1_000_000, events);
            CpuEvent.Fault fault = CpuTest.of(events, CpuEvent.Fault.class).getFirst();
            assertThat(m.image().sourceLines().isEmpty()).isTrue();
            assertThat(fault.where()).isEqualTo("xen_minor_version");
            assertThat(fault.detail()).isEqualTo("INSN_INVALID");
        }
    }

    /** The 1-based line of {@code /usercode/source} that contains {@code text} (exactly one does). */
    static int lineOf(String source, String text) {
        try (InputStream in = UserCodeFaultsTest.class.getResourceAsStream("/usercode/" + source)) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
            int found = -1;
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].contains(text)) {
                    assertThat(found).as("one line of %s contains %s", source, text).isEqualTo(-1);
                    found = i + 1;
                }
            }
            assertThat(found).as("a line of %s contains %s", source, text).isPositive();
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
