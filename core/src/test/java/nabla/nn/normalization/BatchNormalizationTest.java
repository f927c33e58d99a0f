package nabla.nn.normalization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nabla.autograd.Tensor;
import nabla.nn.Parameter;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

class BatchNormalizationTest {
    @Test
    void trainingNormalizesWithBatchStatisticsAndUpdatesTheMovingOnes() {
        BatchNormalization bn = new BatchNormalization();
        NDArray x = NDArray.normal(Shape.of(64, 3), 2f, 3f, new Rng(1));
        NDArray y = bn.apply(Tensor.of(x), true).value();
        NDArray mean = x.mean(false, 0), var = x.var(false, 0);
        for (int j = 0; j < 3; j++) {
            assertEquals(0, y.mean(false, 0).get(j), 1e-5);
            assertEquals(var.get(j) / (var.get(j) + 1e-3), y.var(false, 0).get(j), 1e-4);
            assertEquals(0.01 * mean.get(j), bn.movingMean().value().get(j), 1e-5); // 0.99·0 + 0.01·μ
            assertEquals(
                    0.99 + 0.01 * var.get(j), bn.movingVariance().value().get(j), 1e-4); // biased variance, as Keras
        }
        assertEquals(12, bn.parameterCount());
        assertEquals(
                6,
                bn.parameters().stream()
                        .filter(Parameter::trainable)
                        .mapToInt(Parameter::size)
                        .sum());
    }

    @Test
    void evaluationUsesTheMovingStatistics() {
        BatchNormalization bn = new BatchNormalization(-1, 0.9f, 1e-3f, true, true);
        NDArray x = NDArray.uniform(Shape.of(5, 2, 2, 4), -1, 1, new Rng(2));
        bn.build(Shape.of(2, 2, 4));
        bn.movingMean().value().assign(NDArray.of(new float[] {0.1f, -0.2f, 0.3f, 0f}, 4));
        bn.movingVariance().value().assign(NDArray.of(new float[] {4f, 1f, 0.25f, 2f}, 4));
        bn.parameters().get(0).value().fill(2f); // gamma
        bn.parameters().get(1).value().fill(-1f); // beta
        for (boolean grad : new boolean[] {false, true}) {
            Tensor in = grad ? Tensor.param(x) : Tensor.of(x); // the graph-recording path and the fused one
            NDArray y = bn.apply(in, false).value();
            for (int i = 0; i < x.size(); i++) {
                int c = i % 4;
                float m = bn.movingMean().value().get(c),
                        v = bn.movingVariance().value().get(c);
                assertEquals((x.toArray()[i] - m) / Math.sqrt(v + 1e-3) * 2 - 1, y.toArray()[i], 1e-5);
            }
        }
        assertEquals(0.1f, bn.movingMean().value().get(0)); // evaluation leaves the moving statistics alone
    }

    @Test
    void anotherFeatureAxisEqualsTransposingToFeaturesLast() {
        NDArray x = NDArray.uniform(Shape.of(6, 3, 5), -1, 1, new Rng(3)); // features on axis 1
        BatchNormalization first = new BatchNormalization(1, 0.99f, 1e-3f, true, true);
        BatchNormalization last = new BatchNormalization();
        NDArray a = first.apply(Tensor.of(x), true).value();
        NDArray b = last.apply(Tensor.of(x.permute(0, 2, 1).contiguous()), true)
                .value()
                .permute(0, 2, 1);
        float[] av = a.toArray(), bv = b.contiguous().toArray();
        for (int i = 0; i < av.length; i++) assertEquals(bv[i], av[i], 1e-6f);
        assertEquals(Shape.of(3), first.movingMean().shape());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new BatchNormalization(3, 0.99f, 1e-3f, true, true)
                        .named("bn")
                        .apply(Tensor.of(x), true));
        assertTrue(
                e.getMessage()
                        .startsWith("BatchNormalization 'bn': axis 3 is not a feature axis of input (batch, 3, 5)"),
                e.getMessage());
    }

    @Test
    void largeBatchesUseTheParallelBlockedPathAndAgree() {
        NDArray x = NDArray.normal(Shape.of(3000, 24), 1f, 2f, new Rng(4));
        NDArray y = new BatchNormalization().apply(Tensor.of(x), true).value();
        NDArray m = y.mean(false, 0), v = y.var(false, 0);
        for (int j = 0; j < 24; j++) {
            assertEquals(0, m.get(j), 1e-5);
            assertEquals(1, v.get(j), 1e-3);
        }
    }
}
