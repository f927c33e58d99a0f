package nabla.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import nabla.autograd.GradCheck;
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
        Tensor probs = Tensor.of(logits).softmax(-1).detach(); // the probabilities alone, without logits to fuse
        assertEquals(
                expected, new CategoricalCrossEntropy().compute(oneHot, probs).item(), 1e-5);
        assertEquals(
                expected,
                new CategoricalCrossEntropy()
                        .fromLogits(oneHot, Tensor.of(logits))
                        .item(),
                1e-5);
        NDArray labels = NDArray.of(new float[] {0, 2});
        assertEquals(
                expected,
                new SparseCategoricalCrossEntropy().compute(labels, probs).item(),
                1e-5);
        assertEquals(
                expected,
                new SparseCategoricalCrossEntropy()
                        .fromLogits(labels, Tensor.of(logits))
                        .item(),
                1e-5);
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
        assertEquals(
                expected,
                new BinaryCrossEntropy()
                        .compute(y, Tensor.of(x).sigmoid().detach())
                        .item(),
                1e-5);
        assertEquals(
                expected, new BinaryCrossEntropy().fromLogits(y, Tensor.of(x)).item(), 1e-5);
    }

    @Test
    void meanSquaredError() {
        NDArray y = NDArray.of(new float[] {1, 2, 3}, 3, 1), p = NDArray.of(new float[] {1.5f, 2, 1}, 3, 1);
        assertEquals(
                (0.25 + 0 + 4) / 3,
                new MeanSquaredError().compute(y, Tensor.of(p)).item(),
                1e-6);
    }

    @Test
    void meanAbsoluteErrorAndHuber() {
        NDArray y = NDArray.of(new float[] {1, 2, 3, -1}, 4, 1),
                p = NDArray.of(new float[] {1.5f, 2, 0.5f, 0.2f}, 4, 1);
        // errors 0.5, 0, -2.5, 1.2
        assertEquals(
                (0.5 + 0 + 2.5 + 1.2) / 4,
                Loss.byName("mae").compute(y, Tensor.of(p)).item(),
                1e-6);
        assertEquals(
                (0.125 + 0 + (2.5 - 0.5) + (1.2 - 0.5)) / 4,
                Loss.byName("huber").compute(y, Tensor.of(p)).item(),
                1e-6);
        assertEquals(
                (0.125 + 0 + 2 * (2.5 - 1) + 0.72) / 4,
                new Huber(2f).compute(y, Tensor.of(p)).item(),
                1e-6);
        assertEquals(
                (0.125 + 0 + 3.125 + 0.72) / 4,
                new Huber(3f).compute(y, Tensor.of(p)).item(),
                1e-6);
    }

    /** Predictions 0.1 to 2 away from the targets (no kink of |d| within the finite-difference step), some past delta. */
    @Test
    void meanAbsoluteErrorAndHuberGradientsMatchFiniteDifferences() {
        Rng rng = new Rng(7);
        NDArray y = NDArray.uniform(Shape.of(5, 3), -2, 2, rng);
        float[] off = NDArray.uniform(Shape.of(5, 3), 0.1f, 2f, rng).toArray();
        float[] pd = y.toArray();
        for (int i = 0; i < pd.length; i++) pd[i] += (i % 2 == 0 ? 1 : -1) * off[i];
        NDArray pred = NDArray.of(pd, 5, 3);
        for (Loss loss : new Loss[] {new MeanAbsoluteError(), new Huber(), new Huber(0.5f)}) {
            GradCheck.Result r = GradCheck.check(t -> loss.compute(y, t[0]), pred);
            assertTrue(r.ok(), loss + " delta " + loss.config() + ": " + r);
        }
    }

    @Test
    void lossesRebuildFromNameAndSettings() {
        assertEquals(0.25f, ((Huber) Loss.fromConfig("huber", new Huber(0.25f).config())).delta());
        assertEquals(1f, ((Huber) Loss.byName("huber_loss")).delta());
        assertTrue(Loss.byName("mean_absolute_error") instanceof MeanAbsoluteError);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Loss.fromConfig("mae", Map.of("delta", 1.0)));
        assertTrue(e.getMessage().contains("mae") && e.getMessage().contains("delta"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Loss.fromConfig("huber", Map.of("delta", -1.0)));
        assertTrue(e.getMessage().contains("delta must be positive"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Loss.byName("hinge"));
        assertTrue(
                e.getMessage().contains("unknown loss 'hinge'")
                        && e.getMessage().contains("huber"),
                e.getMessage());
    }

    @Test
    void mismatchedTargetsNameBothShapesAndTheFix() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new CategoricalCrossEntropy().compute(NDArray.of(new float[] {0, 2}), Tensor.of(logits)));
        assertTrue(
                e.getMessage().contains("(2,)")
                        && e.getMessage().contains("(2, 3)")
                        && e.getMessage().contains("sparse"),
                e.getMessage());
        IllegalArgumentException bad = assertThrows(
                IllegalArgumentException.class,
                () -> new SparseCategoricalCrossEntropy()
                        .fromLogits(NDArray.of(new float[] {0, 3}), Tensor.of(logits)));
        assertTrue(bad.getMessage().contains("label 3.0"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Loss.byName("hinge"));
    }
}
