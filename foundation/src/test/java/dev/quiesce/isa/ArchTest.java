package dev.quiesce.isa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArchTest {

    @Test
    void namesAndElfMachinesFollowTheAbis() {
        assertThat(Arch.parse("arm64")).isEqualTo(Arch.AARCH64);
        assertThat(Arch.parse("X86_64")).isEqualTo(Arch.X86_64);
        assertThat(Arch.ofElfMachine(183)).isEqualTo(Arch.AARCH64);
        assertThat(Arch.ofElfMachine(62)).isEqualTo(Arch.X86_64);
        assertThat(Arch.ofElfMachine(40)).isNull();
        assertThat(Arch.describeElfMachine(40)).isEqualTo("e_machine 40");
        assertThat(Arch.AARCH64.patchJumpSize()).isEqualTo(4);
        assertThat(Arch.X86_64.patchJumpSize()).isEqualTo(X86.JMP_REL32_SIZE);
    }

    @Test
    void anUnknownArchitectureIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> Arch.parse("riscv64")).hasMessageContaining("use x86-64 or aarch64");
    }
}
