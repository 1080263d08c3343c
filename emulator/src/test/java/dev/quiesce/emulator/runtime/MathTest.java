package dev.quiesce.emulator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The runtime's math.h: the exact functions bit for bit against Java's (StrictMath, and {@code %}, which
 * is C's fmod), exp/log/pow within the error bound math.h documents, measured against StrictMath.
 */
class MathTest {

    /** The documented bound on exp, log and pow (docs/own-code.md): ulps of the correctly rounded result. */
    static final double ULP_BOUND = 2.0;

    private final RuntimeGuest guest = RuntimeGuest.shared();

    private double op(int op, double x, double y) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(x).putDouble(y);
        guest.memory().write(guest.out(), b.array());
        return Double.longBitsToDouble(guest.call("p_math", 0, 0, op, 0, guest.out()));
    }

    /** Equal values (+0 and -0 apart), or both NaN (the sign and payload of a NaN are not specified). */
    private static void assertSame(double got, double want, String what) {
        if (Double.isNaN(want)) {
            assertThat(Double.isNaN(got)).as(what + " is NaN").isTrue();
        } else {
            assertThat(bits(got)).as(what).isEqualTo(bits(want));
        }
    }

    private static long bits(double d) {
        return Double.doubleToRawLongBits(d);
    }

    @Provide
    Arbitrary<Double> anyDouble() {
        return Arbitraries.oneOf(Arbitraries.longs().map(Double::longBitsToDouble),
                Arbitraries.doubles().between(-1e6, 1e6).ofScale(6),
                Arbitraries.integers().between(-2000, 2000).map(i -> i / 4.0),
                Arbitraries.of(0.0, -0.0, 0.5, -0.5, 1.5, -2.5, 0.49999999999999994, 4503599627370495.5, Double.MIN_VALUE,
                        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN));
    }

    @Property(tries = 1500, seed = "53")
    void exactFunctionsAgreeBitForBitWithJava(@ForAll("anyDouble") double x, @ForAll("anyDouble") double y) {
        assertThat(bits(op(0, x, 0))).as("fabs(%s)", x).isEqualTo(bits(StrictMath.abs(x)));
        assertThat(bits(op(1, x, 0))).as("floor(%s)", x).isEqualTo(bits(StrictMath.floor(x)));
        assertThat(bits(op(2, x, 0))).as("ceil(%s)", x).isEqualTo(bits(StrictMath.ceil(x)));
        double trunc = x < 0 ? StrictMath.ceil(x) : StrictMath.floor(x);
        assertThat(bits(op(3, x, 0))).as("trunc(%s)", x).isEqualTo(bits(trunc));
        double round = Double.isFinite(x) && Math.abs(x - trunc) >= 0.5 ? trunc + Math.signum(x) : trunc;
        assertThat(bits(op(4, x, 0))).as("round(%s)", x).isEqualTo(bits(round));
        assertSame(op(5, x, 0), StrictMath.sqrt(x), "sqrt(%s)".formatted(x));
        assertSame(op(6, x, y), x % y, "fmod(%s, %s)".formatted(x, y));
        assertThat(bits(op(10, x, y))).as("copysign").isEqualTo(bits(Math.copySign(x, y)));   // raw sign bit, as C
        int e = (int) Math.max(-3000, Math.min(3000, Double.isNaN(y) ? 0 : y));
        assertSame(op(11, x, e), StrictMath.scalb(x, e), "ldexp(%s, %d)".formatted(x, e));
        assertThat(bits(op(14, x, 0))).as("isnan | isinf | isfinite").isEqualTo((Double.isNaN(x) ? 1L : 0L) | (Double.isInfinite(x) ? 2 : 0)
                | (Double.isFinite(x) ? 4 : 0));
    }

    private static double ulps(double got, double want) {
        if (Double.isNaN(want)) {
            return Double.isNaN(got) ? 0 : Double.POSITIVE_INFINITY;
        }
        if (got == want) {
            return 0;
        }
        return Math.abs(got - want) / Math.ulp(want);
    }

    @Property(tries = 3000, seed = "59")
    void expLogAndPowStayWithinTheDocumentedBound(@ForAll("anyDouble") double any) {
        double x = Math.abs(any) % 1e4 + Double.MIN_NORMAL;
        double z = (any % 1400) / 2;
        double y = (any % 64);
        assertThat(ulps(op(8, z, 0), StrictMath.exp(z))).as("exp(%s)", z).isLessThanOrEqualTo(ULP_BOUND);
        assertThat(ulps(op(9, x, 0), StrictMath.log(x))).as("log(%s)", x).isLessThanOrEqualTo(ULP_BOUND);
        double want = StrictMath.pow(x, y);
        if (want > Double.MIN_NORMAL && want < Double.MAX_VALUE) {
            assertThat(ulps(op(7, x, y), want)).as("pow(%s, %s)", x, y).isLessThanOrEqualTo(ULP_BOUND);
        }
    }

    @Example
    void powFollowsC11AnnexFForItsSpecialCases() {
        // where Java differs from C (pow(1, NaN) is 1 in C, NaN in Java) the third column is C's value
        double inf = Double.POSITIVE_INFINITY;
        double[][] cases = {{2, 10, 1024}, {-2, 3, -8}, {-2, 2, 4}, {0.0, -1, inf}, {-0.0, -1, -inf}, {-0.0, 2, 0},
            {1, Double.NaN, 1}, {Double.NaN, 0, 1}, {-1, inf, 1}, {0.5, inf, 0}, {2, -inf, 0}, {-inf, 3, -inf},
            {-inf, -3, -0.0}, {inf, -2, 0}, {10, 308, 1e308}, {10, -3, 1e-3}, {Math.E, 1, Math.E}};
        for (double[] c : cases) {
            assertThat(op(7, c[0], c[1])).as("pow(%s, %s)", c[0], c[1]).isEqualTo(c[2]);
        }
        assertThat(op(7, -2, 0.5)).isNaN();
    }

    @Example
    void frexpAndModfSplitExactly() {
        for (double x : new double[] {1.0, 0.75, -6.5, 1e300, Double.MIN_VALUE, 3.0e-310, 12345.678}) {
            double m = op(12, x, 0);
            int e = guest.memory().readU32(guest.out());
            assertThat(Math.abs(m)).as("mantissa of %s", x).isBetween(0.5, 1.0 - Math.ulp(1.0) / 2);
            assertThat(StrictMath.scalb(m, e)).isEqualTo(x);
            double f = op(13, x, 0);
            double ip = ByteBuffer.wrap(guest.memory().read(guest.out(), 8)).order(ByteOrder.LITTLE_ENDIAN).getDouble();
            assertThat(ip + f).isEqualTo(x);
            assertThat(ip).isEqualTo(x < 0 ? StrictMath.ceil(x) : StrictMath.floor(x));
        }
    }
}
