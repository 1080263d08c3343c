package dev.quiesce.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The user guests' C runtime as the build packages it: objects, headers and flags, apart from the built-in image. */
class RuntimeObjectsTest {

    @Test
    void theRuntimeIsNotPartOfTheBuiltInImage() {
        List<String> base = GuestObjects.baseImage().stream().map(GuestObject::name).toList();
        List<String> runtime = GuestObjects.runtime().stream().map(GuestObject::name).toList();
        assertThat(runtime).contains("string.o", "malloc.o", "printf.o", "strtod.o", "math.o", "assert.o");
        assertThat(base).doesNotContainAnyElementsOf(runtime);
    }

    @Test
    void runtimeObjectsAreRelocatableX8664ObjectsWithDebugInfo() {
        for (GuestObject o : GuestObjects.runtime()) {
            byte[] b = o.bytes();
            assertThat(new String(b, 0, 4, StandardCharsets.ISO_8859_1)).as(o.name()).isEqualTo("\u007fELF");
            assertThat(b[16] | b[17] << 8).as("%s e_type ET_REL", o.name()).isEqualTo(1);
            assertThat(b[18] & 0xff | (b[19] & 0xff) << 8).as("%s e_machine EM_X86_64", o.name()).isEqualTo(62);
            assertThat(new String(b, StandardCharsets.ISO_8859_1)).as("%s has DWARF line info (-g)", o.name()).contains(".debug_line");
        }
    }

    @Test
    void theHeadersAreTheContractsSortedByName() {
        List<String> names = List.copyOf(GuestObjects.runtimeHeaders().keySet());
        assertThat(names).isSorted().contains("assert.h", "ctype.h", "errno.h", "math.h", "quiesce.h", "stdio.h",
                "stdlib.h", "string.h");
        assertThat(new String(GuestObjects.runtimeHeaders().get("quiesce.h"), StandardCharsets.UTF_8))
                .contains("#define QUIESCE_PATCHABLE __attribute__((noinline, noipa, used))");
    }

    @Test
    void theRuntimeIsCompiledWithTheUserFlagsWithSseAndDebugInfo() {
        assertThat(GuestObjects.runtimeFlags()).contains("-g", "-fpie", "-fvisibility=hidden", "-ffreestanding",
                "-fno-omit-frame-pointer", "-mno-red-zone").doesNotContain("-mgeneral-regs-only");
    }
}
