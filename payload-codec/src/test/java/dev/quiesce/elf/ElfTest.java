package dev.quiesce.elf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ElfTest {

    @Test
    void relocationName_givesPsAbiNames() {
        assertThat(Elf.relocationName(Elf.R_X86_64_NONE)).isEqualTo("R_X86_64_NONE");
        assertThat(Elf.relocationName(Elf.R_X86_64_PC32)).isEqualTo("R_X86_64_PC32");
        assertThat(Elf.relocationName(Elf.R_X86_64_PLT32)).isEqualTo("R_X86_64_PLT32");
        assertThat(Elf.relocationName(Elf.R_X86_64_32S)).isEqualTo("R_X86_64_32S");
        assertThat(Elf.relocationName(Elf.R_X86_64_GOTPCREL)).isEqualTo("R_X86_64_GOTPCREL");
        assertThat(Elf.relocationName(Elf.R_X86_64_REX_GOTPCRELX)).isEqualTo("R_X86_64_REX_GOTPCRELX");
    }

    @Test
    void relocationName_namesUnknownTypesByNumber() {
        assertThat(Elf.relocationName(39)).isEqualTo("R_X86_64_UNKNOWN(39)");
        assertThat(Elf.relocationName(-1)).isEqualTo("R_X86_64_UNKNOWN(4294967295)");
    }
}
