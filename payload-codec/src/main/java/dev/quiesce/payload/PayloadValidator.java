package dev.quiesce.payload;

import dev.quiesce.isa.A64;
import dev.quiesce.isa.Arch;
import dev.quiesce.isa.X86;

import java.util.List;
import java.util.Optional;
import java.util.function.LongUnaryOperator;

/**
 * The load checks of a payload's functions that need the running image, per function in Xen's order: resolve the
 * old address (-ENOENT), the x86 JMP size with the ENDBR64 rule (-EINVAL), and the ±2 GiB distance of a JMP
 * rel32 (-EOVERFLOW) (Xen: {@code resolve_old_address()} and {@code prepare_payload()} in xen/common/livepatch.c,
 * {@code arch_livepatch_verify_func()} in xen/arch/x86/livepatch.c, {@code livepatch_verify_distance()} in
 * xen/include/xen/livepatch.h). On Arm64 the size rules need no image ({@code FuncsReader} checks them) and the
 * range is {@code SZ_128M} ({@code ARCH_LIVEPATCH_RANGE} in xen/arch/arm/include/asm/livepatch.h), measured as Xen
 * measures it, {@code old - new} in [-128 MiB, 128 MiB); Xen checks neither address's alignment.
 */
public final class PayloadValidator {

    /** {@code ARCH_PATCH_INSN_SIZE}: {@code E9 rel32}. */
    public static final int JMP_SIZE = X86.JMP_REL32_SIZE;
    /** {@code ENDBR64_LEN}. */
    public static final int ENDBR64_SIZE = X86.ENDBR64_SIZE;
    /** {@code ARCH_LIVEPATCH_RANGE} on x86: {@code SZ_2G}. */
    public static final long RANGE = 1L << 31;
    /** {@code ARCH_LIVEPATCH_RANGE} on Arm64: {@code SZ_128M}. */
    public static final long ARM64_RANGE = A64.RANGE;

    private PayloadValidator() {
    }

    /**
     * Checks every function of {@code payload} against the running image.
     *
     * @param lookup       the image's (and loaded payloads') functions
     * @param newAddressOf maps a function's index in {@link Payload#functions()} to its {@code new_addr} once the
     *                     payload is linked; null skips the distance check
     * @throws PayloadException at the first failing function
     */
    public static void checkAgainst(Payload payload, OldFunctionLookup lookup, LongUnaryOperator newAddressOf) {
        List<PatchFunction> functions = payload.functions();
        boolean arm = payload.arch() == Arch.AARCH64;
        for (int i = 0; i < functions.size(); i++) {
            PatchFunction f = functions.get(i);
            long oldAddr = resolve(f, lookup);
            if (!f.isNop() && arm) {
                if (newAddressOf != null) {
                    verifyArm64Distance(f, oldAddr, newAddressOf.applyAsLong(i));
                }
            } else if (!f.isNop()) {
                verifyJmp(f, oldAddr, lookup);
                if (newAddressOf != null) {
                    verifyDistance(f, oldAddr, newAddressOf.applyAsLong(i));
                }
            }
        }
    }

    /** The old address: {@code old_addr} as stored, its relocation's symbol, or {@code name} looked up. */
    static long resolve(PatchFunction f, OldFunctionLookup lookup) {
        if (f.oldSymbol() != null) {
            return lookup.lookup(f.oldSymbol()).map(o -> o.address() + f.oldAddr()).orElseThrow(() -> new PayloadException(
                    Errno.ENOENT, "could not resolve old address of '%s': old_addr refers to symbol '%s', which neither the image nor a loaded payload defines — build the payload against this image"
                            .formatted(f.displayName(), f.oldSymbol())));
        }
        if (f.oldAddr() != 0) {
            return f.oldAddr();
        }
        if (f.oldName() == null) {
            throw new PayloadException(Errno.ENOENT, "could not resolve old address of a function with neither a name nor an old_addr; give it the old function's name");
        }
        return lookup.lookup(f.oldName()).map(OldFunction::address).orElseThrow(() -> new PayloadException(Errno.ENOENT,
                "could not resolve old address of '%s': neither the image nor a loaded payload defines it — check the name or build the payload against this image"
                        .formatted(f.oldName())));
    }

    private static void verifyJmp(PatchFunction f, long oldAddr, OldFunctionLookup lookup) {
        byte[] first = firstBytes(f, oldAddr, lookup);
        boolean endbr = X86.startsWithEndbr64(first);
        long needed = JMP_SIZE + (endbr ? ENDBR64_SIZE : 0);
        long oldSize = Integer.toUnsignedLong(f.oldSize());
        if (oldSize < needed) {
            throw new PayloadException(Errno.EINVAL, endbr
                    ? "function '%s' is %d bytes; a JMP needs %d after its ENDBR64 — patch a larger function or use NOP patching"
                            .formatted(f.displayName(), oldSize, needed)
                    : "function '%s' is %d bytes; a JMP needs %d — patch a larger function or use NOP patching"
                            .formatted(f.displayName(), oldSize, needed));
        }
    }

    private static void verifyDistance(PatchFunction f, long oldAddr, long newAddr) {
        long offset = oldAddr - newAddr;
        if (offset < -RANGE || offset >= RANGE) {
            throw new PayloadException(Errno.EOVERFLOW, ("function '%s': the new code at 0x%x is %s bytes from the old at 0x%x,"
                    + " beyond the ±2 GiB a JMP rel32 reaches — load the payload within 2 GiB of the image's text")
                    .formatted(f.displayName(), newAddr, (offset < 0 ? "-0x" : "0x") + Long.toUnsignedString(Math.abs(offset), 16), oldAddr));
        }
    }

    private static void verifyArm64Distance(PatchFunction f, long oldAddr, long newAddr) {
        long offset = oldAddr - newAddr;
        if (offset < -ARM64_RANGE || offset >= ARM64_RANGE) {
            throw new PayloadException(Errno.EOVERFLOW, ("function '%s': the new code at 0x%x is %s bytes from the old at"
                    + " 0x%x, beyond the ±128 MiB a B imm26 reaches — load the payload within 128 MiB of the image's text")
                    .formatted(f.displayName(), newAddr, hex(newAddr - oldAddr), oldAddr));
        }
    }

    private static String hex(long v) {
        return (v < 0 ? "-0x" : "0x") + Long.toUnsignedString(Math.abs(v), 16);
    }

    private static byte[] firstBytes(PatchFunction f, long oldAddr, OldFunctionLookup lookup) {
        Optional<OldFunction> at = lookup.at(oldAddr);
        if (at.isPresent()) {
            return at.get().firstBytes();
        }
        for (String name : new String[] {f.oldSymbol(), f.oldName()}) {
            if (name != null) {
                Optional<OldFunction> o = lookup.lookup(name).filter(x -> x.address() == oldAddr);
                if (o.isPresent()) {
                    return o.get().firstBytes();
                }
            }
        }
        return new byte[0];
    }
}
