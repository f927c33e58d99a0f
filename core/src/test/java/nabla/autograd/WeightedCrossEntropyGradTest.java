package nabla.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

/**
 * The weighted fused cross-entropies of {@link NNOps} against double-precision references computed here from the
 * formula, their gradients against finite differences, and the logits that softmax and sigmoid outputs carry.
 */
class WeightedCrossEntropyGradTest {
    private static final int N = 5, C = 4;
    private final Rng rng = new Rng(11);
    private final NDArray logits = NDArray.uniform(Shape.of(N, C), -3, 3, rng);
    private final NDArray weights = NDArray.of(new float[] {0.5f, 2f, 0f, 1.25f, 3f}, N);
    private final NDArray labels = NDArray.of(new float[] {1, 0, 3, 2, 1}, N);

    private NDArray softTargets() {
        NDArray t = NDArray.uniform(Shape.of(N, C), 0, 1, new Rng(3));
        float[] d = t.data();
        for (int r = 0; r < N; r++) {
            float s = 0;
            for (int j = 0; j < C; j++) s += d[r * C + j];
            for (int j = 0; j < C; j++) d[r * C + j] /= s;
        }
        return t;
    }

    private static double logSumExp(NDArray x, int r) {
        double m = Double.NEGATIVE_INFINITY, s = 0;
        for (int j = 0; j < x.dim(1); j++) m = Math.max(m, x.get(r, j));
        for (int j = 0; j < x.dim(1); j++) s += Math.exp(x.get(r, j) - m);
        return m + Math.log(s);
    }

    @Test
    void weightedSoftmaxCrossEntropyMatchesTheFormula() {
        NDArray y = softTargets();
        double expected = 0;
        for (int r = 0; r < N; r++) {
            double row = 0;
            for (int j = 0; j < C; j++) row -= y.get(r, j) * (logits.get(r, j) - logSumExp(logits, r));
            expected += weights.get(r) * row;
        }
        expected /= N;
        assertEquals(
                expected,
                NNOps.softmaxCrossEntropy(Tensor.of(logits), y, weights).item(),
                1e-5);
    }

    @Test
    void weightedSparseSoftmaxCrossEntropyMatchesTheFormula() {
        double expected = 0;
        for (int r = 0; r < N; r++)
            expected += weights.get(r) * (logSumExp(logits, r) - logits.get(r, (int) labels.get(r)));
        expected /= N;
        assertEquals(
                expected,
                NNOps.sparseSoftmaxCrossEntropy(Tensor.of(logits), labels, weights)
                        .item(),
                1e-5);
        // (n, 1) labels and weights are accepted as well
        assertEquals(
                expected,
                NNOps.sparseSoftmaxCrossEntropy(Tensor.of(logits), labels.reshape(N, 1), weights.reshape(N, 1))
                        .item(),
                1e-5);
    }

    @Test
    void weightedBinaryCrossEntropyMatchesTheFormula() {
        NDArray x = NDArray.uniform(Shape.of(N, 3), -4, 4, rng);
        NDArray y = NDArray.uniform(Shape.of(N, 3), 0, 1, rng);
        double expected = 0;
        for (int r = 0; r < N; r++) {
            double sample = 0;
            for (int j = 0; j < 3; j++) {
                double p = 1 / (1 + Math.exp(-x.get(r, j)));
                sample -= y.get(r, j) * Math.log(p) + (1 - y.get(r, j)) * Math.log(1 - p);
            }
            expected += weights.get(r) * sample / 3; // the sample's loss is its mean
        }
        expected /= N;
        assertEquals(
                expected,
                NNOps.binaryCrossEntropyWithLogits(Tensor.of(x), y, weights).item(),
                1e-5);
    }

    @Test
    void weightedGradientsMatchFiniteDifferences() {
        NDArray y = softTargets();
        NDArray x3 = NDArray.uniform(Shape.of(N, 3), -4, 4, rng);
        NDArray y3 = NDArray.uniform(Shape.of(N, 3), 0, 1, rng);
        GradCheck.Result r = GradCheck.check(t -> NNOps.softmaxCrossEntropy(t[0], y, weights), logits);
        assertTrue(r.ok(), "softmaxCrossEntropy " + r);
        r = GradCheck.check(t -> NNOps.sparseSoftmaxCrossEntropy(t[0], labels, weights), logits);
        assertTrue(r.ok(), "sparseSoftmaxCrossEntropy " + r);
        r = GradCheck.check(t -> NNOps.binaryCrossEntropyWithLogits(t[0], y3, weights), x3);
        assertTrue(r.ok(), "binaryCrossEntropyWithLogits " + r);
        // the weight of row 2 is 0: no gradient reaches it
        Tensor p = Tensor.param(logits.copy());
        NNOps.sparseSoftmaxCrossEntropy(p, labels, weights).backward();
        for (int j = 0; j < C; j++) assertEquals(0f, p.grad().get(2, j));
    }

    @Test
    void weightsOfOneChangeNoBit() {
        NDArray ones = NDArray.ones(N);
        NDArray y = softTargets();
        NDArray x3 = NDArray.uniform(Shape.of(N, 3), -4, 4, rng);
        NDArray y3 = NDArray.uniform(Shape.of(N, 3), 0, 1, rng);
        assertSameLossAndGradient(
                t -> NNOps.softmaxCrossEntropy(t, y), t -> NNOps.softmaxCrossEntropy(t, y, ones), logits);
        assertSameLossAndGradient(
                t -> NNOps.sparseSoftmaxCrossEntropy(t, labels),
                t -> NNOps.sparseSoftmaxCrossEntropy(t, labels, ones),
                logits);
        assertSameLossAndGradient(
                t -> NNOps.binaryCrossEntropyWithLogits(t, y3),
                t -> NNOps.binaryCrossEntropyWithLogits(t, y3, ones),
                x3);
    }

    private static void assertSameLossAndGradient(
            java.util.function.Function<Tensor, Tensor> plain,
            java.util.function.Function<Tensor, Tensor> weighted,
            NDArray x) {
        Tensor a = Tensor.param(x.copy()), b = Tensor.param(x.copy());
        Tensor la = plain.apply(a), lb = weighted.apply(b);
        assertEquals(Float.floatToIntBits(la.item()), Float.floatToIntBits(lb.item()));
        la.backward();
        lb.backward();
        assertArrayEquals(a.grad().toArray(), b.grad().toArray(), 0f);
    }

    @Test
    void badWeightsAreErrors() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> NNOps.softmaxCrossEntropy(Tensor.of(logits), softTargets(), NDArray.ones(3)));
        assertTrue(e.getMessage().contains("(3,)") && e.getMessage().contains("(5, 4)"), e.getMessage());
        NDArray negative = NDArray.of(new float[] {1, 1, -1, 1, 1}, N);
        e = assertThrows(
                IllegalArgumentException.class,
                () -> NNOps.sparseSoftmaxCrossEntropy(Tensor.of(logits), labels, negative));
        assertTrue(e.getMessage().contains("-1.0") && e.getMessage().contains("row 2"), e.getMessage());
        NDArray nan = NDArray.of(new float[] {1, Float.NaN, 1, 1, 1}, N);
        assertThrows(
                IllegalArgumentException.class,
                () -> NNOps.binaryCrossEntropyWithLogits(Tensor.of(logits), logits, nan));
    }

    @Test
    void softmaxAndSigmoidOutputsCarryTheirLogits() {
        Tensor x = Tensor.param(logits);
        Tensor p = x.softmax(-1);
        assertSame(x, p.logits());
        assertSame(Activation.SOFTMAX, p.logitsActivation());
        assertSame(x, x.softmax(1).logits()); // the last axis by its index
        assertNull(x.softmax(0).logits()); // not over the last axis
        Tensor s = x.sigmoid();
        assertSame(x, s.logits());
        assertSame(Activation.SIGMOID, s.logitsActivation());
        assertSame(x, Activation.SOFTMAX.apply(x).logits());
        assertSame(x, Activation.SIGMOID.apply(x).logits());
        assertNull(Activation.TANH.apply(x).logits());
        assertNull(p.detach().logits());
        assertNull(p.mul(1f).logits());
        assertNull(x.logits());
        assertNull(x.logitsActivation());
        try (var g = NoGrad.enter()) {
            assertSame(x, x.softmax(-1).logits()); // also without a graph (evaluation)
        }
        // a dense op with sigmoid or softmax keeps the product as logits, with the fused kernel's values
        NDArray w = NDArray.uniform(Shape.of(C, 2), -1, 1, rng), b = NDArray.uniform(Shape.of(2), -1, 1, rng);
        Tensor sig = NNOps.linear(Tensor.of(logits), Tensor.of(w), Tensor.of(b), Activation.SIGMOID);
        Tensor lin = NNOps.linear(Tensor.of(logits), Tensor.of(w), Tensor.of(b));
        assertArrayEquals(lin.value().toArray(), sig.logits().value().toArray(), 0f);
        assertArrayEquals(lin.value().sigmoid().toArray(), sig.value().toArray(), 0f);
        Tensor soft = NNOps.linear(Tensor.of(logits), Tensor.of(w), Tensor.of(b), Activation.SOFTMAX);
        assertArrayEquals(lin.value().toArray(), soft.logits().value().toArray(), 0f);
        assertNull(NNOps.linear(Tensor.of(logits), Tensor.of(w), Tensor.of(b), Activation.RELU)
                .logits());
    }

    /** The sigmoid taken out of the dense kernel (to keep the logits) gives the fused kernel's bits, forward and back. */
    @Test
    void unfusedSigmoidDenseIsBitIdenticalToTheFusedKernel() {
        for (int[] dims : new int[][] {{7, 5, 1}, {9, 13, 19}}) {
            Rng r = new Rng(dims[2]);
            NDArray x = NDArray.uniform(Shape.of(dims[0], dims[1]), -2, 2, r);
            NDArray w = NDArray.uniform(Shape.of(dims[1], dims[2]), -1, 1, r);
            NDArray b = NDArray.uniform(Shape.of(dims[2]), -1, 1, r);
            NDArray seed = NDArray.uniform(Shape.of(dims[0], dims[2]), -1, 1, r);
            Tensor[] fused = {Tensor.param(x.copy()), Tensor.param(w.copy()), Tensor.param(b.copy())};
            Tensor[] split = {Tensor.param(x.copy()), Tensor.param(w.copy()), Tensor.param(b.copy())};
            Tensor yf = NNOps.linear(fused[0], fused[1], fused[2], nabla.kernels.ActKind.SIGMOID);
            Tensor ys = NNOps.linear(split[0], split[1], split[2], Activation.SIGMOID);
            assertArrayEquals(yf.value().toArray(), ys.value().toArray(), 0f);
            yf.backward(seed);
            ys.backward(seed);
            for (int i = 0; i < 3; i++)
                assertArrayEquals(fused[i].grad().toArray(), split[i].grad().toArray(), 0f);
        }
    }
}
