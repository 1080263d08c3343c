package dev.quiesce.coordinator.oracle;

import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.emulator.unicorn.FaultKind;
import dev.quiesce.host.AssertFailures;

import java.util.List;
import java.util.Optional;

/**
 * The guest's own assertions hold: no CPU traps on a {@code ud2} ({@code __builtin_trap()}, e.g. the record reader
 * meeting a record of another format: a mixed-version run) and none crashes (a torn JMP's garbage target, an int3
 * nobody emulates). A failed {@code assert()} of user code is reported with its message (and, as every violation, its CPU):
 * {@code "assertion failed: parser.c:88: parse: Assertion `n > 0' failed."}; a crash names
 * {@code function+offset} and, where the code has line tables, {@code (file.c:line)}.
 */
public final class GuestAssertions implements Oracle {

    /** True: reads only the quantum's faults. */
    @Override
    public boolean eventsOnlyBeforeFirstAction() {
        return true;
    }

    @Override
    public String name() {
        return "GuestAssertions";
    }

    @Override
    public void check(OracleView view, List<Violation> out) {
        for (CpuEvent e : view.events()) {
            if (e instanceof CpuEvent.Fault f && !f.entryReturned()) {
                Optional<String> assertion = AssertFailures.of(f);
                if (assertion.isPresent()) {
                    out.add(new Violation(name(), f.time(), f.cpu(), "assertion failed: " + assertion.get()));
                    return;
                }
                String what = f.kind() == FaultKind.INVALID_INSTRUCTION ? "the guest's assertion (ud2) failed"
                        : "the guest crashed (" + f.kind() + ")";
                out.add(new Violation(name(), f.time(), f.cpu(), "%s at %s (0x%x): %s".formatted(what, f.where(),
                        f.pc(), f.detail())));
                return;
            }
        }
    }
}
