package dev.quiesce.payload.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfObject;
import dev.quiesce.payload.Errno;
import dev.quiesce.payload.FunctionSpec;
import dev.quiesce.payload.PayloadException;
import dev.quiesce.payload.PayloadReader;
import dev.quiesce.payload.PayloadSpec;
import dev.quiesce.payload.PayloadWriter;
import dev.quiesce.payload.XenRelocations;
import dev.quiesce.payload.build.diff.RelocationFields;

import java.util.Arrays;
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
 * The builder accepts exactly the relocations Xen's x86 loader applies: for a changed function carrying any set of
 * relocation types a compiler can put in an object, the build is refused — naming every refused type — exactly when
 * Xen's load checks refuse the same code written straight into a payload (-EOPNOTSUPP), and a payload it does build
 * passes those checks.
 */
class RelocationAcceptanceProperties {

    private static final int SIZE = 96;

    /** Every psABI type {@link RelocationFields#width} knows: what gcc and gas can write into a {@code .o}. */
    @Provide
    Arbitrary<Set<Integer>> typeSets() {
        List<Integer> known = IntStream.range(0, 64).filter(t -> {
            try {
                RelocationFields.width(t);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }).boxed().toList();
        return Arbitraries.of(known).set().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 300, seed = "1717")
    void builderRefuses_exactlyWhatXensLoaderRefuses(@ForAll("typeSets") Set<Integer> types) {
        List<Integer> ordered = types.stream().sorted().toList();
        ElfObject base = function(List.of(), (byte) 0x90);
        ElfObject patched = function(ordered, (byte) 0xcc);
        boolean xenRefuses = loaderRefuses(patched);

        UnpatchableChangeException refused = catchThrowableOfType(UnpatchableChangeException.class, () ->
                PayloadBuilder.build(List.of(ElfFile.parse("unit.o", base.write())),
                        List.of(ElfFile.parse("unit.o", patched.write())), TwoBuilds.OPTIONS));

        assertThat(refused != null).as("builder refuses %s", ordered.stream().map(Elf::relocationName).toList())
                .isEqualTo(xenRefuses);
        assertThat(xenRefuses).isEqualTo(ordered.stream().anyMatch(t -> !XenRelocations.isApplied(t)));
        if (refused != null) {
            ordered.stream().filter(t -> !XenRelocations.isApplied(t))
                    .forEach(t -> assertThat(refused.getMessage()).containsPattern(Elf.relocationName(t) + "( 'ext' at f\\+0x|[,)])"));
        }
    }

    /** Whether Xen's load checks refuse {@code body} as a payload replacing {@code f} with itself. */
    private static boolean loaderRefuses(ElfObject body) {
        byte[] payload = PayloadWriter.write(PayloadSpec.of(body.copy(), List.of(FunctionSpec.jump("f", SIZE, "f", SIZE)),
                TwoBuilds.BASE_ID, Optional.empty()));
        PayloadException e = catchThrowableOfType(PayloadException.class, () -> PayloadReader.read("p.livepatch", payload));
        assertThat(e == null || e.errno() == Errno.EOPNOTSUPP).as("%s", e).isTrue();
        return e != null;
    }

    /** {@code f}: {@link #SIZE} bytes of {@code fill} ending in RET, with one relocation of each type against {@code ext}. */
    private static ElfObject function(List<Integer> types, byte fill) {
        byte[] code = new byte[SIZE];
        Arrays.fill(code, fill);
        code[SIZE - 1] = (byte) 0xc3;
        ElfObject o = ElfObject.create();
        o.addSymbol("unit.c", Elf.STB_LOCAL, Elf.STT_FILE, Elf.SHN_ABS, 0, 0);
        int text = o.addSection(".text.f", Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_EXECINSTR, 16, 0, code);
        o.addSymbol("f", Elf.STB_GLOBAL, Elf.STT_FUNC, text, 0, SIZE);
        int ext = o.addSymbol("ext", Elf.STB_GLOBAL, Elf.STT_NOTYPE, Elf.SHN_UNDEF, 0, 0);
        for (int i = 0; i < types.size(); i++) {
            int t = types.get(i);
            o.addRelocation(text, 8L * (i + 1), t, ext, RelocationFields.isPcRelative(t) ? -4 : 0);
        }
        return o;
    }
}
