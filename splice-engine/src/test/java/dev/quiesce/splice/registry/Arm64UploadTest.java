package dev.quiesce.splice.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfObject;
import dev.quiesce.emulator.call.GuestCaller;
import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.isa.Arch;
import dev.quiesce.payload.Errno;
import dev.quiesce.payload.FunctionSpec;
import dev.quiesce.payload.PayloadSpec;
import dev.quiesce.payload.PayloadWriter;
import dev.quiesce.payload.envelope.SignaturePolicy;
import dev.quiesce.splice.PatchIsa;
import dev.quiesce.splice.SpliceEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UPLOAD on an AArch64 host: the payload must be an AArch64 object (Xen's {@code arch_livepatch_verify_elf()} in
 * xen/arch/arm/arm64/livepatch.c); one that passes Xen's Arm64 checks is relocated by the project's linker and
 * loaded.
 */
class Arm64UploadTest {

    @TempDir
    Path dir;

    private final TestHost x86 = new TestHost();
    private final HostView arm = new HostView() {
        @Override
        public Arch arch() {
            return Arch.AARCH64;
        }

        @Override
        public GuestImage image() {
            return x86.image();
        }

        @Override
        public GuestMemory memory() {
            return x86.memory();
        }

        @Override
        public PayloadArea payloadArea() {
            return x86.payloadArea();
        }

        @Override
        public GuestCaller caller() {
            return x86.caller();
        }
    };

    @AfterEach
    void close() {
        x86.close();
    }

    private LivepatchRegistry armRegistry() {
        return new LivepatchRegistry(arm, new SpliceEngine(arm.memory(), PatchIsa.of(Arch.AARCH64)),
                ImmediateExecutor.INSTANCE, SignaturePolicy.NONE);
    }

    @Test
    void anX86PayloadIsRefusedByAnAarch64HostNamingBothMachines() {
        XenResult r = armRegistry().upload("xen_hello_world", TestHost.sample("xen_hello_world"));
        assertThat(r.rc()).isEqualTo(Errno.EOPNOTSUPP.negated());
        assertThat(r.message()).contains("x86-64 (e_machine 62)").contains("this host is aarch64");
    }

    @Test
    void anAarch64PayloadIsRefusedByAnX86HostNamingBothMachines() throws Exception {
        XenResult r = x86.registry().upload("arm_hello", armPayload());
        assertThat(r.rc()).isEqualTo(Errno.EOPNOTSUPP.negated());
        assertThat(r.message()).contains("aarch64 (e_machine 183)").contains("this host is x86-64");
    }

    @Test
    void anAarch64PayloadPassesXensArm64ChecksAndIsRelocatedAndLoaded() throws Exception {
        LivepatchRegistry registry = armRegistry();
        XenResult r = registry.upload("arm_hello", armPayload());
        assertThat(r.rc()).as(r.message()).isZero();
        assertThat(registry.list()).hasSize(1);
        assertThat(registry.list().get(0).name()).isEqualTo("arm_hello");
    }

    /** {@code xen_extra_version} → a new function, compiled by aarch64-linux-gnu-gcc, built for this image. */
    private byte[] armPayload() throws IOException, InterruptedException {
        Path c = Files.writeString(dir.resolve("arm_hello.c"),
                "static const char s[] = \"Hello World\";\nconst char *arm_hello(void) { return s; }\n");
        Path o = dir.resolve("arm_hello.o");
        Process p = new ProcessBuilder("aarch64-linux-gnu-gcc", "-c", "-O2", "-ffreestanding", "-nostdlib", "-fpie",
                "-ffunction-sections", "-fdata-sections", "-mgeneral-regs-only", "-fno-asynchronous-unwind-tables",
                "-mbranch-protection=none", "-o", o.toString(), c.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        ElfObject body = ElfObject.from(ElfFile.parse("arm_hello.o", Files.readAllBytes(o)));
        return PayloadWriter.write(new PayloadSpec(body, List.of(new FunctionSpec("xen_extra_version", 0, 24,
                "arm_hello", 16, null)), TestHost.IMAGE.buildId(), Optional.of(TestHost.IMAGE.buildId()), Map.of(),
                List.of()));
    }
}
