package nabla.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import nabla.autograd.Tensor;
import nabla.nn.Parameter;
import nabla.tensor.NDArray;
import org.junit.jupiter.api.Test;

/**
 * Reference trajectories: a few steps on the quadratic f(w) = ½·Σ aᵢwᵢ² (gradient aᵢwᵢ), compared with the
 * update rules written out independently here in double precision.
 */
class OptimizerTest {
    private static final double[] A = {
        1.0, 0.5, 2.0, 3.0, 0.1, 1.5, 0.7, 2.2, 0.9, 1.1, 0.3, 4.0, 0.05, 2.5, 1.2, 0.8, 1.7, 0.6, 3.3
    };
    private static final double[] W0 = {
        1.0, -2.0, 0.5, 0.3, -1.0, 2.0, -0.7, 1.1, 0.2, -0.4, 0.9, -1.5, 3.0, 0.1, -0.2, 0.6, -0.8, 1.4, -2.2
    };

    private static double[] run(Optimizer opt, int steps) {
        float[] w = new float[W0.length];
        for (int i = 0; i < w.length; i++) w[i] = (float) W0[i];
        Parameter p = new Parameter("w", NDArray.of(w), true);
        for (int s = 0; s < steps; s++) {
            p.zeroGrad();
            float[] g = new float[w.length];
            for (int i = 0; i < w.length; i++) g[i] = (float) (A[i] * p.value().data()[i]);
            // write the gradient the way backward would: through the tensor's gradient accumulation
            Tensor t = p.tensor();
            t.mul(Tensor.of(NDArray.of(g))).sum().backward();
            opt.step(List.of(p));
        }
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) out[i] = p.value().data()[i];
        return out;
    }

    private static double[] reference(int steps, Function<double[][], double[]> stepRule) {
        double[] w = W0.clone();
        double[][] state = {w, new double[w.length], new double[w.length], {0}};
        for (int s = 0; s < steps; s++) {
            state[3][0] = s + 1;
            stepRule.apply(state);
        }
        return w;
    }

    private static void assertClose(double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++)
            assertEquals(expected[i], actual[i], 1e-5 * Math.max(1, Math.abs(expected[i])), "element " + i);
    }

    @Test
    void plainSgd() {
        double lr = 0.1;
        double[] expected = reference(5, st -> {
            for (int i = 0; i < A.length; i++) st[0][i] -= lr * A[i] * st[0][i];
            return null;
        });
        assertClose(expected, run(new SGD(0.1f), 5));
    }

    @Test
    void sgdMomentumAndNesterov() {
        for (boolean nesterov : new boolean[] {false, true}) {
            double lr = 0.05, mu = 0.9;
            double[] expected = reference(6, st -> {
                for (int i = 0; i < A.length; i++) {
                    double g = A[i] * st[0][i];
                    st[1][i] = mu * st[1][i] - lr * g;
                    st[0][i] += nesterov ? mu * st[1][i] - lr * g : st[1][i];
                }
                return null;
            });
            assertClose(expected, run(new SGD(0.05f, 0.9f, nesterov), 6));
        }
    }

    @Test
    void adam() {
        double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-7;
        double[] expected = reference(7, st -> {
            double t = st[3][0];
            for (int i = 0; i < A.length; i++) {
                double g = A[i] * st[0][i];
                st[1][i] = b1 * st[1][i] + (1 - b1) * g;
                st[2][i] = b2 * st[2][i] + (1 - b2) * g * g;
                double mHat = st[1][i] / (1 - Math.pow(b1, t)), vHat = st[2][i] / (1 - Math.pow(b2, t));
                // Keras folds the bias corrections into the step size and adds ε to √v, not to √v̂,
                // which is ε/√(1−β2^t) added to √v̂.
                st[0][i] -= lr * mHat / (Math.sqrt(vHat) + eps / Math.sqrt(1 - Math.pow(b2, t)));
            }
            return null;
        });
        assertClose(expected, run(new Adam(0.01f), 7));
    }

    @Test
    void invalidHyperparametersAreRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SGD(-1f));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SGD(0.1f, 1.5f, false));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.1f, 1f, 0.999f, 1e-7f));
        assertThrows(IllegalArgumentException.class, () -> new Adam(Float.NaN));
    }

    @Test
    void frozenParametersAndMissingGradientsAreSkipped() {
        Parameter p = new Parameter("w", NDArray.ones(3), true);
        new SGD(0.1f).step(List.of(p)); // no gradient yet: nothing happens
        assertEquals(1f, p.value().get(0));
        p.tensor().mul(2f).sum().backward();
        p.setTrainable(false);
        new SGD(0.1f).step(List.of(p));
        assertEquals(1f, p.value().get(0));
    }
}
