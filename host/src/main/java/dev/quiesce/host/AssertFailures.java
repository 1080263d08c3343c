package dev.quiesce.host;

import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.emulator.link.GuestSymbol;
import dev.quiesce.emulator.link.SymbolTable;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.emulator.memory.PrivateData;

import java.util.List;
import java.util.Optional;

/**
 * The failed {@code assert()}s of user code: the runtime's {@code __quiesce_assert_fail(expr, file, line, func)}
 * writes {@code "file:line: func: Assertion `expr' failed."} (the text glibc's {@code __assert_fail} prints) into
 * the CPU's {@code char quiesce_assert_message[256]} and executes {@code ud2}. A CPU that faults on an invalid
 * instruction inside that function reports the message as its fault's detail, prefixed by {@link #PREFIX}; the
 * runtime's {@code abort()} and {@code exit()} trap the same way after writing {@code "abort() called"} or
 * {@code "exit(N) called"}, which become the detail as they are. Images without the runtime's buffer and
 * function (the built-in guest) have no such faults.
 */
public final class AssertFailures {

    /** The prefix of the detail of a fault that is a failed {@code assert()}. */
    public static final String PREFIX = "assertion failed: ";
    /** The runtime function every {@code assert()} calls when it fails. */
    public static final String FUNCTION = "__quiesce_assert_fail";
    /** The per-CPU buffer it writes the message into. */
    public static final String BUFFER = "quiesce_assert_message";
    /** The buffer's size: a message is at most this long, less its NUL. */
    public static final int BUFFER_SIZE = 256;

    /** The runtime functions that write the buffer and execute {@code ud2}. */
    private static final List<String> TRAPPING = List.of(FUNCTION, "abort", "exit");
    private static final AssertFailures NONE = new AssertFailures(null, -1);

    private final SymbolTable symbols;
    private final long buffer;

    private AssertFailures(SymbolTable symbols, long buffer) {
        this.symbols = symbols;
        this.buffer = buffer;
    }

    /** The assert machinery of {@code image}, or none when it lacks the function or the buffer. */
    static AssertFailures of(GuestImage image) {
        Optional<GuestSymbol> f = image.symbols().lookup(FUNCTION);
        Optional<GuestSymbol> b = image.symbols().lookup(BUFFER);
        return f.isPresent() && b.isPresent() && b.get().size() >= BUFFER_SIZE
                ? new AssertFailures(image.symbols(), b.get().address()) : NONE;
    }

    /**
     * The name of the runtime function {@code pc} is in — {@code __quiesce_assert_fail}, {@code abort} or
     * {@code exit} — counting a part gcc split off it: a {@code noreturn} function's trap may land in
     * {@code __quiesce_assert_fail.cold} (in {@code .text.unlikely}), a local symbol of its own.
     */
    private Optional<String> trappingFunction(long pc) {
        return symbols.containing(pc).map(GuestSymbol::name).flatMap(n -> TRAPPING.stream()
                .filter(f -> n.equals(f) || n.startsWith(f + ".")).findFirst());
    }

    /**
     * The detail of CPU {@code cpu}'s fault on an invalid instruction at {@code pc}, if it is a runtime trap that
     * left a message: {@link #PREFIX} and the message inside {@code __quiesce_assert_fail}, the message alone
     * ({@code abort() called}, {@code exit(1) called}) inside {@code abort} or {@code exit}. Read from
     * {@code memory}: CPU {@code cpu}'s own copy of the buffer when it is private per-CPU data (a user guest's runtime
     * is), else the shared one. Control characters become {@code ?}, so a report line stays one line.
     */
    Optional<String> detail(GuestMemory memory, int cpu, long pc) {
        if (symbols == null) {
            return Optional.empty();
        }
        return trappingFunction(pc).map(f -> (f.equals(FUNCTION) ? PREFIX : "") + read(memory, cpu));
    }

    private String read(GuestMemory memory, int cpu) {
        PrivateData own = memory.privateData();
        byte[] bytes = own.contains(buffer, BUFFER_SIZE) ? own.read(cpu, buffer, BUFFER_SIZE)
                : memory.read(buffer, BUFFER_SIZE);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < bytes.length - 1 && bytes[i] != 0; i++) {
            int c = bytes[i] & 0xff;
            b.append(c < 0x20 || c == 0x7f ? '?' : (char) c);
        }
        return b.toString();
    }

    /** The assertion message of fault {@code f}, if it is a failed {@code assert()}. */
    public static Optional<String> of(CpuEvent.Fault f) {
        return f.detail().startsWith(PREFIX) ? Optional.of(f.detail().substring(PREFIX.length())) : Optional.empty();
    }
}
