package dev.quiesce.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfObject;
import dev.quiesce.elf.ElfRelocation;
import dev.quiesce.guest.GuestObject;
import dev.quiesce.guest.GuestObjects;
import dev.quiesce.isa.Arch;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The guest's regression payloads as compiled for AArch64 (the guest module's {@code aarch64/payloads}), finished
 * with their notes: every one passes Xen's Arm64 upload checks, and an x86 host refuses every one.
 */
class Arm64GuestPayloadsTest {

    @Test
    void everyAarch64RegressionPayloadPassesXensArm64UploadChecks() {
        List<GuestObject> bodies = GuestObjects.payloadBodies(Arch.AARCH64);
        assertThat(bodies).isNotEmpty();
        for (GuestObject body : bodies) {
            ElfObject o = ElfObject.from(ElfFile.parse(body.name(), body.bytes()));
            PayloadWriter.addNotes(o, PayloadSamples.IMAGE, Optional.of(PayloadSamples.XEN));
            byte[] bytes = PayloadWriter.finish(o);
            Payload p = PayloadReader.read(Arch.AARCH64, body.name(), bytes);
            assertThat(p.arch()).as(body.name()).isEqualTo(Arch.AARCH64);
            assertThat(p.elf().relocationSections().stream().flatMap(r -> r.relocations().stream())
                    .map(ElfRelocation::type)).as(body.name()).allMatch(XenArm64Relocations::isApplied);
            assertThatThrownBy(() -> PayloadReader.read(Arch.X86_64, body.name(), bytes)).as(body.name())
                    .isInstanceOfSatisfying(PayloadException.class,
                            e -> assertThat(e.errno()).isEqualTo(Errno.EOPNOTSUPP));
        }
    }
}
