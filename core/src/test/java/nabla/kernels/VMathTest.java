package nabla.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.DoubleUnaryOperator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

class VMathTest {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private interface VFn {
        FloatVector apply(FloatVector v);
    }

    /** Largest error of f over [lo, hi], relative to max(|exact|, floor). */
    private static double worst(VFn f, DoubleUnaryOperator exact, float lo, float hi, double floor) {
        int n = 200_000 / S.length() * S.length();
        float[] x = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) x[i] = lo + (hi - lo) * i / (n - 1);
        for (int i = 0; i < n; i += S.length())
            f.apply(FloatVector.fromArray(S, x, i)).intoArray(y, i);
        double w = 0;
        for (int i = 0; i < n; i++) {
            double e = exact.applyAsDouble(x[i]);
            w = Math.max(w, Math.abs(y[i] - e) / Math.max(Math.abs(e), floor));
        }
        return w;
    }

    @Test
    void expTanhSigmoidAreAccurateToAFewUlp() {
        assertEquals(0, worst(VMath::exp, Math::exp, -87f, 88f, 0), 4e-7);
        assertEquals(0, worst(VMath::tanh, Math::tanh, -12f, 12f, 0), 4e-7);
        assertEquals(0, worst(VMath::tanh, Math::tanh, -1e-3f, 1e-3f, 0), 4e-7);
        assertEquals(0, worst(VMath::sigmoid, v -> 1 / (1 + Math.exp(-v)), -30f, 30f, 0), 4e-7);
    }

    @Test
    void extremesStayFinite() {
        float[] x = new float[S.length()];
        x[0] = 1000f;
        x[1] = -1000f;
        x[2] = Float.MAX_VALUE;
        float[] e = new float[x.length], t = new float[x.length], s = new float[x.length];
        VMath.exp(FloatVector.fromArray(S, x, 0)).intoArray(e, 0);
        VMath.tanh(FloatVector.fromArray(S, x, 0)).intoArray(t, 0);
        VMath.sigmoid(FloatVector.fromArray(S, x, 0)).intoArray(s, 0);
        assertEquals(1f, t[0], 0);
        assertEquals(-1f, t[1], 0);
        assertEquals(1f, s[0], 0);
        assertEquals(0f, s[1], 1e-37f);
        assertEquals(true, Float.isFinite(e[0]) && e[1] >= 0 && e[1] < 1e-37f);
    }
}
