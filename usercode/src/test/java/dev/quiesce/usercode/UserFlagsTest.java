package dev.quiesce.usercode;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfRelaSection;
import dev.quiesce.elf.ElfRelocation;
import dev.quiesce.emulator.call.GuestCall;
import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.emulator.link.ImageLinker;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.emulator.memory.Protection;
import dev.quiesce.emulator.memory.Region;
import dev.quiesce.guest.GuestObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The user flags make objects Xen's payload loader can relocate, switch jump tables included. */
class UserFlagsTest {

    private static final String SWITCH = """
            int pick(int x, int y)
            {
                switch (x) {
                case 0: return y + 11;
                case 1: return y * 27;
                case 2: return 3 * y + 1;
                case 3: return y ^ 99;
                case 4: return x * y;
                case 5: return y - 7;
                case 6: return -y;
                case 7: return y << 3;
                default: return 0;
                }
            }
            double scale(double a, int b) { return a * b + 0.5; }
            """;

    @TempDir
    Path dir;

    @Test
    void aSwitchCompiledWithTheUserFlagsHasAJumpTableWithOnlyPcRelativeRelocations() {
        ElfFile o = compile();
        Set<String> codeTypes = new TreeSet<>();
        Set<String> tableTypes = new TreeSet<>();
        for (ElfRelaSection r : o.relocationSections()) {
            var target = o.section(r.targetSectionIndex());
            if (!target.isAlloc()) {
                continue; // DWARF: never loaded
            }
            for (ElfRelocation rel : r.relocations()) {
                (target.isExec() ? codeTypes : tableTypes).add(rel.typeName());
            }
        }
        // the jump table of pick is in .rodata.pick, as PC-relative differences (under -fno-pic: R_X86_64_32S)
        assertThat(o.findSection(".rodata.pick")).isPresent();
        assertThat(tableTypes).containsExactly("R_X86_64_PC32");
        assertThat(codeTypes).isSubsetOf("R_X86_64_PC32", "R_X86_64_PLT32");
    }

    @Test
    void aSwitchCompiledWithTheUserFlagsLinksAndComputesEveryCase() {
        GuestImage image = ImageLinker.link(List.of(compile()), 0x400000);
        long stackBase = image.end();
        long top = stackBase + 4 * GuestMemory.PAGE_SIZE;
        try (GuestMemory m = GuestMemory.allocate(0x400000, top + GuestMemory.PAGE_SIZE - 0x400000)) {
            image.loadInto(m);
            m.defineRegion(new Region("stack", stackBase, top - stackBase, Protection.RW));
            m.defineRegion(new Region("trampoline", top, GuestMemory.PAGE_SIZE, Protection.RX));
            m.write(top, new byte[] {0x0F, 0x0B});
            GuestCall call = new GuestCall(m, top, top);
            long pick = image.symbols().require("pick").address();
            int[] expected = {5 + 11, 5 * 27, 3 * 5 + 1, 5 ^ 99, 4 * 5, 5 - 7, -5, 5 << 3, 0};
            for (int x = 0; x < expected.length; x++) {
                assertThat((int) call.call(pick, x, 5)).as("pick(%d, 5)", x).isEqualTo(expected[x]);
            }
        }
    }

    @Test
    void theUserFlagsDoNotForbidFloatingPoint() {
        assertThat(UserFlags.FLAGS).doesNotContain("-mgeneral-regs-only").contains("-fpie", "-g",
                "-fvisibility=hidden", "-ffunction-sections", "-fdata-sections");
        assertThat(compile().symbols().stream().filter(s -> s.name().equals("scale")).findFirst().orElseThrow()
                .isFunction()).isTrue();
    }

    @Test
    void theAddressOfAFunctionOrVariableAFileOnlyDeclaresIsPcRelativeNotAGotReference() {
        CFiles.write(dir, "callbacks.c", """
                void on_event(unsigned);
                extern int counter;
                void (*handler(void))(unsigned) { return on_event; }
                int *where(void) { return &counter; }
                """);
        GuestObject o = new GuestCompiler().compile(Sources.of(List.of(dir.resolve("callbacks.c")), "sources"),
                CompileOptions.none()).getFirst();
        ElfFile f = ElfFile.parse(o.name(), o.bytes());
        Set<String> types = new TreeSet<>();
        for (ElfRelaSection r : f.relocationSections()) {
            if (f.section(r.targetSectionIndex()).isExec()) {
                r.relocations().forEach(rel -> types.add(rel.typeName()));
            }
        }
        assertThat(types).containsExactly("R_X86_64_PC32"); // without the prelude: R_X86_64_REX_GOTPCRELX for on_event
    }

    @Test
    void theRuntimeIsCompiledWithTheUserFlags() {
        assertThat(dev.quiesce.guest.GuestObjects.runtimeFlags()).isEqualTo(UserFlags.FLAGS);
    }

    private ElfFile compile() {
        CFiles.write(dir, "pick.c", SWITCH);
        GuestObject o = new GuestCompiler().compile(Sources.of(List.of(dir), "sources"), CompileOptions.none())
                .getFirst();
        ElfFile f = ElfFile.parse(o.name(), o.bytes());
        assertThat(f.type()).isEqualTo(Elf.ET_REL);
        return f;
    }
}
