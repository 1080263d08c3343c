package dev.quiesce.payload.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfObject;
import dev.quiesce.isa.Arch;
import dev.quiesce.payload.Errno;
import dev.quiesce.payload.FunctionSpec;
import dev.quiesce.payload.PayloadException;
import dev.quiesce.payload.PayloadReader;
import dev.quiesce.payload.PayloadSpec;
import dev.quiesce.payload.PayloadWriter;
import dev.quiesce.payload.XenArm64Relocations;
import dev.quiesce.payload.build.diff.A64RelocationFields;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The builder accepts exactly the AArch64 relocations Xen's Arm64 loader applies: for a changed function carrying any
 * set of the types AAELF64 defines for relocatable objects, the build is refused — naming every refused type —
 * exactly when Xen's load checks refuse the same code written straight into an AArch64 payload (-EOPNOTSUPP).
 */
class A64RelocationAcceptanceProperties {

    private static final int SIZE = 96;
    private static final int NOP = 0xd503201f;
    private static final int MOV_X0_X1 = 0xaa0103e0;
    private static final int RET = 0xd65f03c0;

    /** Every type {@link A64RelocationFields#width} knows. */
    @Provide
    Arbitrary<Set<Integer>> typeSets() {
        List<Integer> known = IntStream.range(0, 1024).filter(t -> {
            try {
                A64RelocationFields.width(t);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }).boxed().toList();
        return Arbitraries.of(known).set().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 300, seed = "1919")
    void builderRefuses_exactlyWhatXensArm64LoaderRefuses(@ForAll("typeSets") Set<Integer> types) {
        List<Integer> ordered = types.stream().sorted().toList();
        ElfObject base = function(List.of(), NOP);
        ElfObject patched = function(ordered, MOV_X0_X1);
        boolean xenRefuses = loaderRefuses(patched);

        UnpatchableChangeException refused = catchThrowableOfType(UnpatchableChangeException.class, () ->
                PayloadBuilder.build(List.of(ElfFile.parse("unit.o", base.write())),
                        List.of(ElfFile.parse("unit.o", patched.write())), TwoBuilds.OPTIONS));

        assertThat(refused != null).as("builder refuses %s", ordered.stream().map(A64RelocationAcceptanceProperties::name).toList())
                .isEqualTo(xenRefuses);
        assertThat(xenRefuses).isEqualTo(ordered.stream().anyMatch(t -> !XenArm64Relocations.isApplied(t)));
        if (refused != null) {
            ordered.stream().filter(t -> !XenArm64Relocations.isApplied(t))
                    .forEach(t -> assertThat(refused.getMessage()).containsPattern(name(t) + "( 'ext' at f\\+0x|[,)])"));
        }
    }

    private static String name(int type) {
        return Elf.relocationName(Elf.EM_AARCH64, type);
    }

    /** Whether Xen's Arm64 load checks refuse {@code body} as a payload replacing {@code f} with itself. */
    private static boolean loaderRefuses(ElfObject body) {
        byte[] payload = PayloadWriter.write(PayloadSpec.of(body.copy(), List.of(FunctionSpec.jump("f", SIZE, "f", SIZE)),
                TwoBuilds.BASE_ID, Optional.empty()));
        PayloadException e = catchThrowableOfType(PayloadException.class,
                () -> PayloadReader.read(Arch.AARCH64, "p.livepatch", payload));
        assertThat(e == null || e.errno() == Errno.EOPNOTSUPP).as("%s", e).isTrue();
        return e != null;
    }

    /** {@code f}: {@link #SIZE} bytes of {@code fill} words ending in RET, one relocation of each type against {@code ext}. */
    private static ElfObject function(List<Integer> types, int fill) {
        ByteBuffer code = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < SIZE / 4 - 1; i++) {
            code.putInt(fill);
        }
        code.putInt(RET);
        ElfObject o = ElfObject.create(Arch.AARCH64);
        o.addSymbol("unit.c", Elf.STB_LOCAL, Elf.STT_FILE, Elf.SHN_ABS, 0, 0);
        int text = o.addSection(".text.f", Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_EXECINSTR, 16, 0, code.array());
        o.addSymbol("f", Elf.STB_GLOBAL, Elf.STT_FUNC, text, 0, SIZE);
        int ext = o.addSymbol("ext", Elf.STB_GLOBAL, Elf.STT_NOTYPE, Elf.SHN_UNDEF, 0, 0);
        for (int i = 0; i < types.size(); i++) {
            o.addRelocation(text, 8L * (i + 1), types.get(i), ext, 0);
        }
        return o;
    }
}
