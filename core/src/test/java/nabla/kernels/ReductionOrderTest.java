package nabla.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Float reductions repeat bit for bit whether their caller runs interpreted or compiled: the lanes are added in a
 * fixed order (HotSpot's reduceLanes(ADD) adds them in one order in the interpreter and another in C2 code, which
 * made two identical training runs differ in the last bits, depending on when the JIT compiled the kernels).
 */
class ReductionOrderTest {
    private static final int L = Elementwise.L;

    /** The kernels' order: lane l accumulates elements l, l+L, ... of the vector part; lanes left to right; tail. */
    private static float reference(float[] x, int n) {
        int bound = n - n % L;
        float[] lanes = new float[L];
        for (int i = 0; i < bound; i += L) for (int l = 0; l < L; l++) lanes[l] += x[i + l];
        float s = 0f;
        for (float v : lanes) s += v;
        for (int i = bound; i < n; i++) s += x[i];
        return s;
    }

    @Test
    void sumsEqualTheFixedOrderBeforeAndAfterCompilation() {
        SplittableRandom r = new SplittableRandom(2);
        int n = 5 * L + 3;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 2 - 1) * (i % 7 == 0 ? 1e4f : 1f);
        float expected = reference(x, n);
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(Elementwise.sum(x, 0, n)), "first call");
        float last = 0;
        for (int k = 0; k < 300_000; k++) last = Elementwise.sum(x, 0, n); // long enough for C2 to compile it
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(last), "after compilation");
        for (int k = 0; k < 300_000; k++) last = Norm.absSum(x, 0, n);
        float abs = 0;
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = Math.abs(x[i]);
        abs = reference(a, n);
        assertEquals(Float.floatToIntBits(abs), Float.floatToIntBits(last), "absSum after compilation");
    }
}
