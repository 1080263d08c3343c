package dev.quiesce.payload;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfRelocation;
import dev.quiesce.elf.ElfSection;
import dev.quiesce.elf.ElfSymbol;
import dev.quiesce.isa.A64;
import dev.quiesce.isa.Arch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reader of {@code .livepatch.funcs} with the per-function checks Xen makes without the running image, in
 * its order: the section size, then per entry the version, {@code old_size}, and for NOP entries the size rules
 * (Xen: {@code prepare_payload()} in xen/common/livepatch.c, {@code arch_livepatch_verify_func()} in
 * xen/arch/x86/livepatch.c and xen/arch/arm/livepatch.c). Resolving the old address, the JMP size and the
 * distance are {@link PayloadValidator}'s. On Arm64 the whole of {@code arch_livepatch_verify_func()} needs no
 * image and runs here: a NOP's {@code new_size} at most 31 and a multiple of 4 (-EOPNOTSUPP), then every
 * function's {@code old_size} at least 4 (-EINVAL); Arm does not compare a NOP's {@code new_size} with
 * {@code old_size}.
 */
final class FuncsReader {

    private FuncsReader() {
    }

    static List<PatchFunction> read(ElfFile f, ElfSection funcs) {
        if (Long.remainderUnsigned(funcs.size(), LivepatchFunc.SIZE) != 0) {
            throw new PayloadException(Errno.EINVAL, ("%s is %d bytes, not a multiple of 104 (one version-2 struct livepatch_func);"
                    + " rebuild the payload for Xen's version-2 format").formatted(PayloadWriter.FUNCS, funcs.size()));
        }
        Pointers p = new Pointers(f, funcs);
        ByteBuffer b = p.contents();
        long count = Long.divideUnsigned(funcs.size(), LivepatchFunc.SIZE);
        List<PatchFunction> out = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            PatchFunction fn = entry(p, b, (int) (i * LivepatchFunc.SIZE));
            String who = "function #%d ('%s')".formatted(i, fn.displayName());
            if (fn.version() != LivepatchFunc.PAYLOAD_VERSION) {
                throw new PayloadException(Errno.EOPNOTSUPP, ("%s has struct livepatch_func version %d; Xen reads only version 2 —"
                        + " rebuild the payload with current livepatch-build-tools").formatted(who, fn.version()));
            }
            if (fn.oldSize() == 0) {
                throw new PayloadException(Errno.EINVAL, "%s has old_size 0; set it to the size in bytes of the function it replaces"
                        .formatted(who));
            }
            if (LoadChecks.arch(f) == Arch.AARCH64) {
                arm64(fn, who);
            } else if (fn.isNop()) {
                long newSize = Integer.toUnsignedLong(fn.newSize());
                if (newSize > Expectation.MAX_LENGTH) {
                    throw new PayloadException(Errno.EOPNOTSUPP, ("%s NOPs %d bytes; Xen saves at most 31 bytes to undo a NOP patch —"
                            + " NOP fewer bytes or jump to new code").formatted(who, newSize));
                }
                if (Integer.toUnsignedLong(fn.oldSize()) < newSize) {
                    throw new PayloadException(Errno.EINVAL, "%s NOPs %d bytes of a %d-byte function; NOP at most old_size bytes"
                            .formatted(who, newSize, Integer.toUnsignedLong(fn.oldSize())));
                }
            }
            out.add(fn);
        }
        return out;
    }

    /** {@code arch_livepatch_verify_func()} in xen/arch/arm/livepatch.c. */
    private static void arm64(PatchFunction fn, String who) {
        long newSize = Integer.toUnsignedLong(fn.newSize());
        if (fn.isNop() && (newSize > Expectation.MAX_LENGTH || newSize % A64.INSN_SIZE != 0)) {
            throw new PayloadException(Errno.EOPNOTSUPP, ("%s NOPs %d bytes; Xen on Arm64 NOPs whole 4-byte"
                    + " instructions, at most 31 bytes — NOP a multiple of 4 bytes up to 28, or jump to new code")
                    .formatted(who, newSize));
        }
        long oldSize = Integer.toUnsignedLong(fn.oldSize());
        if (oldSize < A64.INSN_SIZE) {
            throw new PayloadException(Errno.EINVAL, ("%s has old_size %d; Xen on Arm64 needs at least %d bytes for"
                    + " the B it writes — patch a larger function").formatted(who, oldSize, A64.INSN_SIZE));
        }
    }

    private static PatchFunction entry(Pointers p, ByteBuffer b, int at) {
        String oldName = p.string(at + LivepatchFunc.NAME);
        String newSymbol = p.name(at + LivepatchFunc.NEW_ADDR);
        long oldAddr = p.raw(at + LivepatchFunc.OLD_ADDR);
        String oldSymbol = null;
        Optional<ElfRelocation> oldReloc = p.relocation(at + LivepatchFunc.OLD_ADDR);
        if (oldReloc.isPresent()) {
            ElfSymbol s = p.symbol(oldReloc.get());
            boolean named = !s.name().isEmpty() && !s.isSection();
            oldSymbol = named ? s.name() : p.name(at + LivepatchFunc.OLD_ADDR);
            oldAddr = named ? oldReloc.get().addend() : 0;
        }
        return new PatchFunction(oldName, oldAddr, newSymbol, b.getInt(at + LivepatchFunc.NEW_SIZE),
                b.getInt(at + LivepatchFunc.OLD_SIZE), b.get(at + LivepatchFunc.VERSION) & 0xff,
                LivepatchFunc.expectation(b, at), oldSymbol);
    }
}
