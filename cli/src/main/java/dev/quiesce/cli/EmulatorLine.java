package dev.quiesce.cli;

import dev.quiesce.emulator.unicorn.Counting;
import dev.quiesce.emulator.unicorn.UnicornEngines;
import dev.quiesce.emulator.unicorn.UnicornLibrary;
import dev.quiesce.emulator.unicorn.UnicornLocator;

/**
 * The run header's emulator line: which Unicorn library and version the engines use and how they count, e.g.
 * {@code emulator: Unicorn 2.1.4 (/root/.cache/quiesce/unicorn-2.1.4/libunicorn.so.2), block counting}. Loading the
 * library here makes a missing or too-old Unicorn fail before the run with its install hint.
 */
final class EmulatorLine {

    private EmulatorLine() {
    }

    static String describe() {
        return describe(dev.quiesce.isa.Arch.X86_64);
    }

    /** The line for engines of {@code arch} (AArch64 engines count per instruction unless configured otherwise). */
    static String describe(dev.quiesce.isa.Arch arch) {
        UnicornLibrary lib = UnicornEngines.library();
        String note = lib.atLeast(2, 1) ? "" : " (Unicorn " + UnicornLocator.WHEEL_VERSION
                + " is faster: pip install unicorn==" + UnicornLocator.WHEEL_VERSION + ", or let ./quiesce fetch it)";
        return "emulator: " + lib.describe() + ", " + Counting.configuredFor(lib, arch).cliName() + " counting" + note;
    }
}
