package nabla.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

/**
 * {@link Gradients#of}: against finite differences of the same computation written out in double precision, and
 * against {@link Tensor#backward()}; every tensor's gradient is left as it was.
 */
class GradientsTest {
    private static final int N = 4, IN = 3, HID = 5, OUT = 2;

    private static NDArray u(long seed, int... dims) {
        return NDArray.uniform(Shape.of(dims), -1f, 1f, new Rng(seed));
    }

    /** x (4, 3), W1 (3, 5), b1 (5), W2 (5, 2), b2 (2), y (4, 2). */
    private static final NDArray X = u(1, N, IN),
            W1 = u(2, IN, HID),
            B1 = u(3, HID),
            W2 = u(4, HID, OUT),
            B2 = u(5, OUT),
            Y = u(6, N, OUT);

    /** mean((tanh(x·W1 + b1)·W2 + b2 − y)²), with the generic ops. */
    private static Tensor loss(Tensor w1, Tensor b1, Tensor w2, Tensor b2) {
        return Tensor.of(X)
                .matmul(w1)
                .add(b1)
                .tanh()
                .matmul(w2)
                .add(b2)
                .sub(Tensor.of(Y))
                .pow(2f)
                .mean();
    }

    /** The same loss in double precision, written out: the oracle. */
    private static double lossInDouble(double[] w1, double[] b1, double[] w2, double[] b2) {
        float[] x = X.toArray(), y = Y.toArray();
        double sum = 0;
        for (int n = 0; n < N; n++) {
            double[] h = new double[HID];
            for (int j = 0; j < HID; j++) {
                double z = b1[j];
                for (int i = 0; i < IN; i++) z += x[n * IN + i] * w1[i * HID + j];
                h[j] = Math.tanh(z);
            }
            for (int k = 0; k < OUT; k++) {
                double o = b2[k];
                for (int j = 0; j < HID; j++) o += h[j] * w2[j * OUT + k];
                double d = o - y[n * OUT + k];
                sum += d * d;
            }
        }
        return sum / (N * OUT);
    }

    private static double[] toDouble(NDArray a) {
        float[] f = a.toArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    /** Central differences of {@link #lossInDouble} with respect to weight {@code which} (0: W1 .. 3: b2). */
    private static double[] numericGradient(int which) {
        double[][] w = {toDouble(W1), toDouble(B1), toDouble(W2), toDouble(B2)};
        double[] g = new double[w[which].length];
        double h = 1e-6;
        for (int i = 0; i < g.length; i++) {
            double orig = w[which][i];
            w[which][i] = orig + h;
            double up = lossInDouble(w[0], w[1], w[2], w[3]);
            w[which][i] = orig - h;
            double down = lossInDouble(w[0], w[1], w[2], w[3]);
            w[which][i] = orig;
            g[i] = (up - down) / (2 * h);
        }
        return g;
    }

    private static void assertCloseTo(double[] expected, NDArray actual, String what) {
        float[] a = actual.toArray();
        assertEquals(expected.length, a.length, what);
        for (int i = 0; i < a.length; i++)
            assertEquals(expected[i], a[i], 1e-5 + 1e-4 * Math.abs(expected[i]), what + " element " + i);
    }

    @Test
    void gradientsOfASubsetMatchFiniteDifferencesAndLeaveEveryGradientAsItWas() {
        Tensor w1 = Tensor.param(W1.copy()), b1 = Tensor.param(B1.copy());
        Tensor w2 = Tensor.param(W2.copy()), b2 = Tensor.param(B2.copy());
        // b1 holds an old gradient, w1 a cleared one, b2 a live one the pass must not add to, w2 none
        loss(w1, b1, w2, b2).backward();
        NDArray oldB1 = b1.grad(), oldB1Values = oldB1.copy();
        NDArray oldB2 = b2.grad(), oldB2Values = oldB2.copy();
        w1.zeroGrad();
        w2 = Tensor.param(W2.copy());

        Tensor l = loss(w1, b1, w2, b2);
        List<NDArray> g = Gradients.of(l, List.of(w1, b2));

        assertEquals(2, g.size());
        assertEquals(w1.shape(), g.get(0).shape());
        assertCloseTo(numericGradient(0), g.get(0), "dL/dW1");
        assertCloseTo(numericGradient(3), g.get(1), "dL/db2");
        assertNull(w1.grad(), "a cleared gradient stays cleared");
        assertSame(oldB2, b2.grad());
        assertArrayEquals(oldB2Values.toArray(), b2.grad().toArray(), 0f);
        assertSame(oldB1, b1.grad(), "a leaf not asked for keeps its old gradient");
        assertArrayEquals(oldB1Values.toArray(), b1.grad().toArray(), 0f);
        assertNull(w2.grad(), "a leaf not asked for receives nothing");
        assertTrue(w2.requiresGrad() && b1.requiresGrad(), "the other leaves require a gradient again afterwards");
        assertNotSame(oldB2, g.get(1));

        // the graph is still there: a backward pass afterwards gives the same as on a fresh graph
        w1.zeroGrad();
        l.backward();
        assertCloseTo(numericGradient(0), w1.grad(), "dL/dW1 by backward");
        assertCloseTo(numericGradient(2), w2.grad(), "dL/dW2 by backward");
    }

    @Test
    void gradientsEqualWhatBackwardGivesBitForBit() {
        Tensor x = Tensor.of(X);
        Tensor w1 = Tensor.param(W1.copy()), b1 = Tensor.param(B1.copy());
        Tensor w2 = Tensor.param(W2.copy()), b2 = Tensor.param(B2.copy());
        java.util.function.Supplier<Tensor> f =
                () -> NNOps.linear(NNOps.linear(x, w1, b1, Activation.RELU), w2, b2, Activation.LINEAR)
                        .sub(Tensor.of(Y))
                        .pow(2f)
                        .mean();
        List<NDArray> g = Gradients.of(f.get(), List.of(w1, b1, w2, b2));
        f.get().backward();
        assertArrayEquals(w1.grad().toArray(), g.get(0).toArray(), 0f);
        assertArrayEquals(b1.grad().toArray(), g.get(1).toArray(), 0f);
        assertArrayEquals(w2.grad().toArray(), g.get(2).toArray(), 0f);
        assertArrayEquals(b2.grad().toArray(), g.get(3).toArray(), 0f);
        // with respect to the first layer only (the second layer's weight gradients are not computed)
        List<NDArray> first = Gradients.of(f.get(), List.of(w1));
        assertArrayEquals(w1.grad().toArray(), first.get(0).toArray(), 0f);
    }

    @Test
    void generatorLossDoesNotReachTheDiscriminatorsGradients() {
        // a GAN step: d(gen loss)/d(generator) flows through the discriminator, whose gradients must not change
        Tensor z = Tensor.of(u(7, N, IN));
        Tensor gw = Tensor.param(u(8, IN, HID)), dw = Tensor.param(u(9, HID, 1));
        NNOps.linear(Tensor.of(u(10, N, HID)), dw, null, Activation.LINEAR)
                .mean()
                .backward();
        NDArray discriminatorGrad = dw.grad().copy();
        Tensor genLoss = NNOps.linear(NNOps.linear(z, gw, null, Activation.TANH), dw, null, Activation.LINEAR)
                .mean()
                .neg();
        NDArray dGen = Gradients.of(genLoss, List.of(gw)).get(0);
        assertArrayEquals(discriminatorGrad.toArray(), dw.grad().toArray(), 0f);
        assertNull(gw.grad());
        genLoss.backward();
        assertArrayEquals(gw.grad().toArray(), dGen.toArray(), 0f);
    }

    @Test
    void anIntermediateTensorGetsTheGradientRetainGradWouldKeep() {
        Tensor w1 = Tensor.param(W1.copy()), b1 = Tensor.param(B1.copy());
        Tensor w2 = Tensor.param(W2.copy()), b2 = Tensor.param(B2.copy());
        Tensor hidden = Tensor.of(X).matmul(w1).add(b1).tanh();
        Tensor l = hidden.matmul(w2).add(b2).sub(Tensor.of(Y)).pow(2f).mean();
        List<NDArray> g = Gradients.of(l, List.of(hidden, w2));
        assertNull(hidden.grad());
        assertNull(w2.grad());
        assertNull(w1.grad());

        hidden.retainGrad();
        l.backward();
        assertArrayEquals(hidden.grad().toArray(), g.get(0).toArray(), 0f);
        assertArrayEquals(w2.grad().toArray(), g.get(1).toArray(), 0f);
        // a retained gradient is left as it was, too
        NDArray kept = hidden.grad().copy();
        Gradients.of(l, List.of(hidden));
        assertArrayEquals(kept.toArray(), hidden.grad().toArray(), 0f);
        // the scalar itself: d l / d l = 1
        assertEquals(1f, Gradients.of(l, List.of(l)).get(0).item());
    }

    @Test
    void unconnectedTensorsGetZerosOrNullAndRepeatsGetEqualCopies() {
        Tensor w = Tensor.param(NDArray.of(new float[] {2f, 3f}));
        Tensor unused = Tensor.param(NDArray.ones(2, 2));
        Tensor l = w.mul(w).sum(); // dl/dw = 2w
        List<NDArray> g = Gradients.of(l, List.of(w, unused, w));
        assertArrayEquals(new float[] {4f, 6f}, g.get(0).toArray(), 0f);
        assertArrayEquals(new float[4], g.get(1).toArray(), 0f);
        assertEquals(Shape.of(2, 2), g.get(1).shape());
        assertArrayEquals(g.get(0).toArray(), g.get(2).toArray(), 0f);
        assertNotSame(g.get(0), g.get(2));
        List<NDArray> none = Gradients.of(l, List.of(unused, w), Gradients.Unconnected.NONE);
        assertNull(none.get(0));
        assertArrayEquals(new float[] {4f, 6f}, none.get(1).toArray(), 0f);
        // a leaf as the scalar
        Tensor s = Tensor.param(NDArray.scalar(5f));
        assertEquals(1f, Gradients.of(s, List.of(s, w)).get(0).item());
        assertNull(Gradients.of(s, List.of(w), Gradients.Unconnected.NONE).get(0));
        assertTrue(Gradients.of(Tensor.scalar(1f), List.of()).isEmpty());
    }

    @Test
    void badArgumentsAreRefusedNamingTheTensor() {
        Tensor w = Tensor.param(NDArray.ones(3));
        Tensor c = Tensor.of(NDArray.ones(2, 3));
        Tensor l = w.mul(2f).sum();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gradients.of(l, List.of(w, c)));
        assertTrue(e.getMessage().contains("wrt[1]") && e.getMessage().contains("(2, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gradients.of(w.mul(2f), List.of(w)));
        assertTrue(e.getMessage().contains("(3,)"), e.getMessage());
        Tensor constant;
        try (var g = NoGrad.enter()) {
            constant = w.sum();
        }
        assertThrows(IllegalArgumentException.class, () -> Gradients.of(constant, List.of(w)));
        assertNull(w.grad());
    }
}
