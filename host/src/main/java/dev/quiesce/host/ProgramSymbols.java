package dev.quiesce.host;

import dev.quiesce.emulator.link.GuestSymbol;
import dev.quiesce.emulator.link.SymbolTable;
import dev.quiesce.guest.GuestProgram;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The check, at boot, that every symbol a {@link GuestProgram} names as an entry point (the CPUs' entry, the IRQ, NMI
 * and machine-check handlers, the quiescence point) is a function of the linked image: a wrong name is refused with
 * the role it was given, before any CPU is created.
 */
final class ProgramSymbols {

    private ProgramSymbols() {
    }

    /**
     * Checks {@code program}'s entry points against {@code symbols}.
     *
     * @throws IllegalArgumentException naming the role and the symbol
     */
    static void check(GuestProgram program, SymbolTable symbols) {
        Map<String, String> roles = new LinkedHashMap<>();
        roles.put("entry", program.entry());
        roles.put("IRQ handler", program.irqEntry());
        roles.put("IRQ handler (workload.irq-calls)", program.irqCallsEntry());
        roles.put("NMI handler", program.nmiEntry());
        roles.put("machine-check handler", program.mceEntry());
        roles.put("quiescence point", program.quiescence());
        for (Map.Entry<String, String> e : roles.entrySet()) {
            GuestSymbol s;
            try {
                s = symbols.require(e.getValue());
            } catch (NoSuchElementException ex) {
                throw new IllegalArgumentException("the guest program's " + e.getKey() + " '" + e.getValue()
                        + "' is not defined by the linked guest (a global function is needed): " + ex.getMessage(), ex);
            }
            if (s.type() != GuestSymbol.Type.FUNCTION) {
                throw new IllegalArgumentException("the guest program's " + e.getKey() + " '" + e.getValue()
                        + "' is not a function (" + s.type() + " in " + s.object() + ")");
            }
        }
    }
}
