package dev.quiesce.splice;

import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.payload.Errno;
import dev.quiesce.payload.Expectation;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Xen's expectation check, in its order (Xen: {@code livepatch_verify_expectation_fn()} and
 * {@code livepatch_check_expectations()} in xen/common/livepatch.c).
 */
final class Expectations {

    private Expectations() {
    }

    static void check(GuestMemory memory, List<PatchSite> sites) {
        for (PatchSite site : sites) {
            check(memory, site);
        }
    }

    private static void check(GuestMemory memory, PatchSite site) {
        Expectation exp = site.expect();
        if (!exp.enabled()) {
            return;
        }
        if (site.oldAddr() == 0) {
            throw new SpliceException(Errno.EFAULT, ("expectation of %s: old_addr is NULL, there is nothing to"
                    + " expect; resolve the function or disable the expectation").formatted(site.function()));
        }
        if (exp.length() > Expectation.MAX_LENGTH) {
            throw new SpliceException(Errno.EOVERFLOW, "expectation of %s: %d bytes, but at most 31 fit; shorten it"
                    .formatted(site.function(), exp.length()));
        }
        if (exp.reserved() != 0) {
            throw new SpliceException(Errno.EINVAL, ("expectation of %s: the reserved bits are %d; rebuild the"
                    + " payload with them zero").formatted(site.function(), exp.reserved()));
        }
        if (site.oldSize() < exp.length()) {
            throw new SpliceException(Errno.ERANGE, ("expectation of %s: %d bytes expected but the function is %d"
                    + " bytes; shorten the expectation").formatted(site.function(), exp.length(), site.oldSize()));
        }
        if (!memory.contains(site.oldAddr(), exp.length())) {
            throw new SpliceException(Errno.EFAULT, "expectation of %s: 0x%x is outside guest memory"
                    .formatted(site.function(), site.oldAddr()));
        }
        byte[] actual = memory.read(site.oldAddr(), exp.length());
        byte[] expected = Arrays.copyOf(exp.data(), exp.length());
        if (!Arrays.equals(actual, expected)) {
            HexFormat hex = HexFormat.of();
            throw new SpliceException(Errno.EINVAL, ("%s: expectation failed: expected:%s, actual:%s; the running"
                    + " code is not what the payload was built against (another payload applied?)")
                    .formatted(site.function(), hex.formatHex(expected), hex.formatHex(actual)));
        }
    }
}
