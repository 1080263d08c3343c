package dev.quiesce.payload;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfObject;
import dev.quiesce.elf.Tools;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Test support: AArch64 payload bodies built by aarch64-linux-gnu-gcc, and the payloads written from them. */
final class Arm64Samples {

    /** The flags of the brief: position-independent, freestanding, general registers only, no BTI/PAC pads. */
    static final String[] GCC = {"-O2", "-ffreestanding", "-nostdlib", "-fpie", "-ffunction-sections",
        "-fdata-sections", "-mgeneral-regs-only", "-fno-asynchronous-unwind-tables", "-mbranch-protection=none",
        "-fno-common", "-fno-stack-protector"};

    /** New code calling the image (CALL26), reading its own data (ADRP + LDR), and hooks. */
    static final String BODY = """
            static int counter;
            extern int helper(int);
            int new_foo(int x) { return helper(x) * 3 + counter; }
            void hook_a(void) { counter++; }
            int pre(void) { return 0; }
            """;

    private static ElfFile body;

    private Arm64Samples() {
    }

    /** A fresh editable copy of the aarch64-linux-gnu-gcc body. */
    static synchronized ElfObject body() {
        if (body == null) {
            body = ElfFile.parse("arm64-body.o", Tools.read(Tools.crossCompile("aarch64-linux-gnu-gcc",
                    PayloadSamples.dir(), "arm64-body", BODY, GCC)));
        }
        return ElfObject.from(body);
    }

    /** B {@code do_foo} → {@code new_foo}; NOP 8 bytes of {@code do_bar}; a load and a preapply hook. */
    static PayloadSpec spec(List<FunctionSpec> functions) {
        return new PayloadSpec(body(), functions, PayloadSamples.IMAGE, Optional.of(PayloadSamples.XEN),
                Map.of(HookKind.LOAD, List.of("hook_a"), HookKind.PREAPPLY, List.of("pre")), List.of("arm64=1"));
    }

    static List<FunctionSpec> functions() {
        return List.of(new FunctionSpec("do_foo", 0, 24, "new_foo", 16, null),
                new FunctionSpec("do_bar", 0, 4, null, 8, null));
    }

    static byte[] payload() {
        return PayloadWriter.write(spec(functions()));
    }
}
