package dev.quiesce.emulator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The runtime's libgcc helpers under Unicorn: 128-bit division against BigInteger, popcount and parity against Long. */
class LibgccTest {

    private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);

    private final RuntimeGuest guest = RuntimeGuest.shared();

    @Provide
    Arbitrary<BigInteger> u128() {
        return Arbitraries.oneOf(Arbitraries.bigIntegers().between(BigInteger.ONE, TWO_128.subtract(BigInteger.ONE)),
                Arbitraries.longs().greaterOrEqual(1).map(BigInteger::valueOf),
                Arbitraries.integers().between(1, 128).map(k -> BigInteger.ONE.shiftLeft(k).subtract(BigInteger.ONE)));
    }

    private long put(BigInteger v) {
        byte[] le = new byte[16];
        byte[] be = v.mod(TWO_128).toByteArray();
        for (int i = 0; i < Math.min(16, be.length); i++) {
            le[i] = be[be.length - 1 - i];
        }
        return guest.put(le);
    }

    private BigInteger result(boolean signed) {
        byte[] le = guest.memory().read(guest.out(), 16);
        byte[] be = new byte[17];
        for (int i = 0; i < 16; i++) {
            be[16 - i] = le[i];
        }
        BigInteger v = new BigInteger(be);
        return signed && v.testBit(127) ? v.subtract(TWO_128) : v;
    }

    private static BigInteger signed(BigInteger u) {
        return u.testBit(127) ? u.subtract(TWO_128) : u;
    }

    @Property(tries = 1000, seed = "61")
    void int128DivisionAgreesWithBigInteger(@ForAll("u128") BigInteger a, @ForAll("u128") BigInteger b) {
        guest.resetScratch();
        long pa = put(a);
        long pb = put(b);
        guest.call("p_libgcc", pa, pb, 0, 0, guest.out());
        assertThat(result(false)).as("%s / %s", a, b).isEqualTo(a.divide(b));
        guest.call("p_libgcc", pa, pb, 1, 0, guest.out());
        assertThat(result(false)).as("%s %% %s", a, b).isEqualTo(a.mod(b));
        BigInteger sa = signed(a);
        BigInteger sb = signed(b);
        if (!(sa.equals(TWO_128.shiftRight(1).negate()) && sb.equals(BigInteger.ONE.negate()))) {
            guest.call("p_libgcc", pa, pb, 2, 0, guest.out());
            assertThat(result(true)).as("%s / %s signed", sa, sb).isEqualTo(sa.divide(sb));   // truncates, as C
            guest.call("p_libgcc", pa, pb, 3, 0, guest.out());
            assertThat(result(true)).as("%s %% %s signed", sa, sb).isEqualTo(sa.remainder(sb));
        }
    }

    @Property(tries = 1000, seed = "67")
    void popcountAndParityAgreeWithLong(@ForAll long x) {
        assertThat(guest.call("p_libgcc", 0, 0, 4, x, 0)).isEqualTo(Long.bitCount(x));
        assertThat(guest.call("p_libgcc", 0, 0, 5, x, 0)).isEqualTo(Long.bitCount(x) & 1);
        assertThat(guest.call("p_libgcc", 0, 0, 6, x, 0)).isEqualTo(Integer.bitCount((int) x));
    }
}
