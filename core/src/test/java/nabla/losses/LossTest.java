package nabla.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nabla.autograd.Tensor;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

class LossTest {
    private final NDArray logits = NDArray.of(new float[][] {{2, 1, 0.1f}, {0.5f, 2.5f, -1}});
    private final NDArray oneHot = NDArray.of(new float[][] {{1, 0, 0}, {0, 0, 1}});

    private static double expectedCce(NDArray logits, int[] labels) {
        double total = 0;
        for (int r = 0; r < labels.length; r++) {
            double lse = 0;
            for (int j = 0; j < logits.dim(1); j++) lse += Math.exp(logits.get(r, j));
            total += Math.log(lse) - logits.get(r, labels[r]);
        }
        return total / labels.length;
    }

    @Test
    void categoricalCrossEntropyFromProbabilitiesAndFromLogitsAgree() {
        double expected = expectedCce(logits, new int[] {0, 2});
        Tensor probs = Tensor.of(logits).softmax(-1);
        assertEquals(expected, new CategoricalCrossEntropy().compute(oneHot, probs).item(), 1e-5);
        assertEquals(expected, new CategoricalCrossEntropy().fromLogits(oneHot, Tensor.of(logits)).item(), 1e-5);
        NDArray labels = NDArray.of(new float[] {0, 2});
        assertEquals(expected, new SparseCategoricalCrossEntropy().compute(labels, probs).item(), 1e-5);
        assertEquals(expected, new SparseCategoricalCrossEntropy().fromLogits(labels, Tensor.of(logits)).item(), 1e-5);
    }

    @Test
    void fusedCrossEntropyIsStableForHugeLogits() {
        NDArray big = NDArray.of(new float[][] {{1000, 0, -1000}});
        NDArray y = NDArray.of(new float[][] {{0, 0, 1}});
        float l = new CategoricalCrossEntropy().fromLogits(y, Tensor.of(big)).item();
        assertEquals(2000f, l, 1e-2);
        Tensor p = Tensor.param(big);
        new CategoricalCrossEntropy().fromLogits(y, p).backward();
        assertTrue(Float.isFinite(p.grad().sum()), p.grad().toString());
    }

    @Test
    void binaryCrossEntropyBothWays() {
        NDArray x = NDArray.uniform(Shape.of(8, 1), -3, 3, new Rng(1));
        NDArray y = NDArray.uniform(Shape.of(8, 1), 0, 1, new Rng(2)).gt(0.5f);
        double expected = 0;
        for (int i = 0; i < 8; i++) {
            double p = 1 / (1 + Math.exp(-x.get(i, 0)));
            expected -= y.get(i, 0) * Math.log(p) + (1 - y.get(i, 0)) * Math.log(1 - p);
        }
        expected /= 8;
        assertEquals(expected, new BinaryCrossEntropy().compute(y, Tensor.of(x).sigmoid()).item(), 1e-5);
        assertEquals(expected, new BinaryCrossEntropy().fromLogits(y, Tensor.of(x)).item(), 1e-5);
    }

    @Test
    void meanSquaredError() {
        NDArray y = NDArray.of(new float[] {1, 2, 3}, 3, 1), p = NDArray.of(new float[] {1.5f, 2, 1}, 3, 1);
        assertEquals((0.25 + 0 + 4) / 3, new MeanSquaredError().compute(y, Tensor.of(p)).item(), 1e-6);
    }

    @Test
    void mismatchedTargetsNameBothShapesAndTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CategoricalCrossEntropy().compute(NDArray.of(new float[] {0, 2}), Tensor.of(logits)));
        assertTrue(e.getMessage().contains("(2,)") && e.getMessage().contains("(2, 3)") && e.getMessage().contains("sparse"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossEntropy().fromLogits(NDArray.of(new float[] {0, 3}), Tensor.of(logits)));
        assertTrue(bad.getMessage().contains("label 3.0"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Loss.byName("hinge"));
    }
}
