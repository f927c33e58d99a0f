package nabla.nn.activation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import nabla.autograd.Activation;
import nabla.autograd.Tensor;
import nabla.nn.core.Dense;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

/** Forward values of the activations against double-precision definitions, and the activation layers' behaviour. */
class ActivationFunctionsTest {
    /** 37 points in [-5, 5] plus the kinks: enough for the vector loops and a scalar tail. */
    private static final float[] XS = points();

    private static float[] points() {
        float[] x = new float[41];
        for (int i = 0; i < 37; i++) x[i] = -5f + 10f * i / 36;
        x[37] = 0f;
        x[38] = -3f;
        x[39] = 3f;
        x[40] = 0.3f;
        return x;
    }

    private static double erf(
            double x) { // series / continued fraction free: integrate exp(-t^2) by Simpson, fine for a test
        int n = 2000;
        double h = x / n, s = 1 + Math.exp(-x * x);
        for (int i = 1; i < n; i++) s += (i % 2 == 1 ? 4 : 2) * Math.exp(-(i * h) * (i * h));
        return 2 / Math.sqrt(Math.PI) * s * h / 3;
    }

    private static void check(Activation a, DoubleUnaryOperator ref) {
        float[] y =
                a.apply(Tensor.of(NDArray.of(XS.clone(), XS.length))).value().toArray();
        for (int i = 0; i < XS.length; i++) {
            double want = ref.applyAsDouble(XS[i]);
            assertEquals(want, y[i], 2e-6 + 2e-6 * Math.abs(want), a + " at " + XS[i]);
        }
    }

    @Test
    void activationsMatchTheirDefinitions() {
        double sa = 1.6732632423543772, ss = 1.0507009873554805;
        check(Activation.ELU, x -> x > 0 ? x : Math.expm1(x));
        check(Activation.SELU, x -> ss * (x > 0 ? x : sa * Math.expm1(x)));
        check(Activation.SOFTPLUS, x -> Math.log1p(Math.exp(x)));
        check(Activation.SOFTSIGN, x -> x / (1 + Math.abs(x)));
        check(Activation.HARD_SIGMOID, x -> Math.min(6, Math.max(0, x + 3)) / 6); // Keras 3: relu6(x + 3) / 6
        check(Activation.SWISH, x -> x / (1 + Math.exp(-x)));
        check(Activation.LEAKY_RELU, x -> x > 0 ? x : 0.2 * x);
        check(Activation.GELU, x -> 0.5 * x * (1 + erf(x / Math.sqrt(2))));
        assertEquals(
                0.8413447460685429,
                Activation.GELU
                        .apply(Tensor.of(NDArray.of(new float[] {1f}, 1)))
                        .item(),
                1e-6);
    }

    @Test
    void activationsByKerasName() {
        for (Activation a : Activation.values()) assertEquals(a, Activation.byName(a.kerasName()));
        assertEquals(Activation.SWISH, Activation.byName("silu"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.byName("mish"));
        assertTrue(e.getMessage().contains("hard_sigmoid") && e.getMessage().contains("silu"), e.getMessage());
        Dense d = new Dense(4, Activation.SELU);
        Tensor y = d.apply(Tensor.of(NDArray.uniform(Shape.of(3, 5), -1, 1, new Rng(1))), false);
        assertEquals(Shape.of(3, 4), y.shape());
        assertEquals("selu", d.config().get("activation"));
    }

    @Test
    void leakyReluAndEluLayers() {
        NDArray x = NDArray.of(new float[] {-2f, -0.5f, 0f, 1.5f}, 2, 2);
        assertArrayEquals(
                new float[] {-0.6f, -0.15f, 0f, 1.5f},
                new LeakyReLU().apply(Tensor.of(x), false).value().toArray(),
                1e-7f);
        assertArrayEquals(
                new float[] {-0.2f, -0.05f, 0f, 1.5f},
                new LeakyReLU(0.1f).apply(Tensor.of(x), false).value().toArray(),
                1e-7f);
        float[] e = new ELU(0.5f).apply(Tensor.of(x), false).value().toArray();
        assertEquals(0.5 * Math.expm1(-2), e[0], 1e-7);
        assertEquals(1.5f, e[3]);
        assertThrows(IllegalArgumentException.class, () -> new LeakyReLU(-1f));
    }

    @Test
    void preluStartsAsReluAndLearnsASlopePerChannel() {
        PReLU p = new PReLU().withSharedAxes(1, 2);
        NDArray x = NDArray.uniform(Shape.of(2, 3, 3, 4), -1, 1, new Rng(2));
        Tensor y = p.apply(Tensor.of(x), true);
        assertArrayEquals(x.relu().toArray(), y.value().toArray(), 0f); // 0·x may be -0
        assertEquals(Shape.of(1, 1, 4), p.alpha().shape());
        p.alpha().value().fill(0.25f);
        float[] y2 = p.apply(Tensor.of(x), false).value().toArray(), xs = x.toArray();
        for (int i = 0; i < xs.length; i++) assertEquals(xs[i] > 0 ? xs[i] : 0.25f * xs[i], y2[i], 1e-7f);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new PReLU().withSharedAxes(3).named("prelu_1").apply(Tensor.of(NDArray.zeros(2, 5)), false));
        assertTrue(e.getMessage().startsWith("PReLU 'prelu_1': shared axis 3"), e.getMessage());
    }

    @Test
    void maxoutTakesTheBestOfItsPieces() {
        Maxout m = new Maxout(3, 4);
        NDArray x = NDArray.uniform(Shape.of(5, 6), -1, 1, new Rng(3));
        NDArray y = m.apply(Tensor.of(x), false).value();
        assertEquals(Shape.of(5, 3), y.shape());
        NDArray z = x.matmul(m.parameters().get(0).value()); // bias is zero
        for (int r = 0; r < 5; r++)
            for (int u = 0; u < 3; u++) {
                float best = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < 4; j++) best = Math.max(best, z.get(r, u * 4 + j));
                assertEquals(best, y.get(r, u), 1e-6f);
            }
        assertEquals(6 * 12 + 12, m.parameterCount());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Maxout(0, 2));
        assertTrue(e.getMessage().startsWith("Maxout:"), e.getMessage());
    }
}
