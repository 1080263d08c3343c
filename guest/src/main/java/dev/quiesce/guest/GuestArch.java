package dev.quiesce.guest;

import java.util.Locale;

/**
 * An architecture the guest is compiled for: its name, the ELF machine its objects carry and where the build put
 * them among the resources. The guest module is the first of the module chain (docs/architecture.md §1) and cannot
 * see {@code dev.quiesce.isa.Arch} in foundation, so this is its own enum with the same names: a module that holds an
 * {@code Arch} gets the guest's with {@code GuestArch.of(arch.label())}.
 */
public enum GuestArch {

    /** x86-64, compiled by gcc into {@code guest/}: the objects every host has always run. */
    X86_64("x86-64", 62, "", "gcc (apt-get install -y gcc)"),
    /** AArch64, compiled by Debian's cross compiler into {@code guest/aarch64/} (docs/aarch64.md). */
    AARCH64("aarch64", 183, "aarch64/", "aarch64-linux-gnu-gcc (apt-get install -y gcc-aarch64-linux-gnu)");

    private final String label;
    private final int elfMachine;
    private final String directory;
    private final String compiler;

    GuestArch(String label, int elfMachine, String directory, String compiler) {
        this.label = label;
        this.elfMachine = elfMachine;
        this.directory = directory;
        this.compiler = compiler;
    }

    /** The name, as {@code dev.quiesce.isa.Arch} labels it ({@code x86-64}, {@code aarch64}). */
    public String label() {
        return label;
    }

    /** The {@code e_machine} of the objects: 62 ({@code EM_X86_64}) or 183 ({@code EM_AARCH64}). */
    public int elfMachine() {
        return elfMachine;
    }

    /** The resource directory of this architecture's objects below {@code /guest/}: {@code ""} or {@code aarch64/}. */
    String directory() {
        return directory;
    }

    /** The compiler that builds them and how to install it, for the message when they are missing. */
    String compiler() {
        return compiler;
    }

    /**
     * The architecture labelled {@code label}, any case ({@code x86-64}, {@code aarch64}).
     *
     * @throws IllegalArgumentException naming the labels there are
     */
    public static GuestArch of(String label) {
        String l = label.trim().toLowerCase(Locale.ROOT);
        for (GuestArch a : values()) {
            if (a.label.equals(l)) {
                return a;
            }
        }
        throw new IllegalArgumentException("the guest is built for x86-64 and aarch64, not '" + label + "'");
    }

    @Override
    public String toString() {
        return label;
    }
}
