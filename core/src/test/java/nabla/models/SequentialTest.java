package nabla.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import nabla.autograd.Activation;
import nabla.autograd.Tensor;
import nabla.losses.CategoricalCrossEntropy;
import nabla.losses.MeanSquaredError;
import nabla.nn.Layer;
import nabla.nn.core.Dense;
import nabla.nn.core.Flatten;
import nabla.optim.Adam;
import nabla.optim.SGD;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import nabla.train.FitOptions;
import nabla.train.History;
import org.junit.jupiter.api.Test;

class SequentialTest {
    /** Three Gaussian blobs in 2-D, one-hot labels. */
    static NDArray[] blobs(int n, long seed) {
        Rng rng = new Rng(seed);
        float[][] centers = {{0, 2}, {2, -1}, {-2, -1}};
        NDArray x = NDArray.zeros(n, 2), y = NDArray.zeros(n, 3);
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(3);
            x.set(centers[c][0] + (float) (0.5 * rng.nextGaussian()), i, 0);
            x.set(centers[c][1] + (float) (0.5 * rng.nextGaussian()), i, 1);
            y.set(1f, i, c);
        }
        return new NDArray[] {x, y};
    }

    @Test
    void mlpLearnsBlobsWithSoftmaxCrossEntropy() {
        NDArray[] d = blobs(600, 1);
        Sequential m = new Sequential(7, new Dense(16, Activation.RELU), new Dense(3, Activation.SOFTMAX));
        m.compile(new CategoricalCrossEntropy(), new Adam(0.01f), "accuracy");
        History h = m.fit(
                d[0],
                d[1],
                FitOptions.defaults()
                        .epochs(15)
                        .batchSize(32)
                        .validationSplit(0.2)
                        .verbose(false));
        assertEquals(15, h.epochs());
        assertTrue(h.last("loss") < h.get("loss").get(0), h.toString());
        assertTrue(h.last("val_accuracy") > 0.95, h.toString());
        NDArray[] test = blobs(300, 2);
        Map<String, Double> ev = m.evaluate(test[0], test[1]);
        assertTrue(ev.get("accuracy") > 0.95, ev.toString());
        NDArray p = m.predict(test[0]);
        assertEquals(Shape.of(300, 3), p.shape());
        assertArrayEquals(
                new float[300], p.sum(false, 1).sub(1f).abs().gt(1e-5f).toArray());
    }

    @Test
    void sameSeedSameRun() {
        NDArray[] d = blobs(200, 3);
        float[] w1 = trainOnce(d), w2 = trainOnce(d);
        assertArrayEquals(w1, w2);
    }

    private static float[] trainOnce(NDArray[] d) {
        Sequential m = new Sequential(11, new Dense(8, Activation.TANH), new Dense(3, Activation.SOFTMAX));
        m.compile("categorical_crossentropy", new SGD(0.1f, 0.9f, true), "accuracy");
        m.fit(d[0], d[1], FitOptions.defaults().epochs(2).batchSize(16).seed(5).verbose(false));
        return m.parameters().get(0).value().toArray();
    }

    @Test
    void regressionWithMse() {
        Rng rng = new Rng(4);
        NDArray x = NDArray.uniform(Shape.of(256, 1), -1, 1, rng);
        NDArray y = x.mul(3f).add(0.5f);
        Sequential m = new Sequential(new Dense(1));
        m.compile(new MeanSquaredError(), new SGD(0.1f));
        History h = m.fit(x, y, FitOptions.defaults().epochs(40).batchSize(32).verbose(false));
        assertTrue(h.last("loss") < 1e-4, h.toString());
        assertEquals(3f, m.parameters().get(0).value().item(), 0.01);
        assertEquals(0.5f, m.parameters().get(1).value().item(), 0.01);
    }

    @Test
    void summaryCountsTheKerasMlp() {
        Sequential m = new Sequential(
                        new Flatten(),
                        new Dense(500, Activation.RELU),
                        new Dense(500, Activation.RELU),
                        new Dense(10, Activation.SOFTMAX))
                .build(28, 28);
        String s = m.summary();
        assertTrue(s.contains("Total params: 648,010"), s);
        assertTrue(s.contains("dense_2 (Dense)") && s.contains("(None, 10)") && s.contains("(None, 784)"), s);
        List<String> names = m.layers().stream().map(Layer::name).toList();
        assertEquals(List.of("flatten", "dense", "dense_1", "dense_2"), names);
    }

    @Test
    void shapeMismatchNamesLayerAndShapes() {
        Sequential m = new Sequential(new Dense(4), new Dense(2)).build(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predict(NDArray.zeros(5, 7)));
        assertTrue(e.getMessage().contains("(batch, 3)") && e.getMessage().contains("(5, 7)"), e.getMessage());
        Dense d = new Dense(3);
        d.build(Shape.of(784));
        IllegalArgumentException e2 =
                assertThrows(IllegalArgumentException.class, () -> d.apply(Tensor.of(NDArray.zeros(2, 28, 28)), false));
        assertTrue(
                e2.getMessage().contains("Dense 'dense'")
                        && e2.getMessage().contains("(batch, 784)")
                        && e2.getMessage().contains("(2, 28, 28)")
                        && e2.getMessage().contains("Flatten"),
                e2.getMessage());
    }

    @Test
    void nanLossStopsTrainingNamingEpochAndBatch() {
        NDArray x = NDArray.ones(64, 2);
        x.set(Float.NaN, 40, 0);
        NDArray y = NDArray.zeros(64, 1);
        Sequential m = new Sequential(new Dense(1));
        m.compile(new MeanSquaredError(), new SGD(0.01f));
        History h = m.fit(
                x,
                y,
                FitOptions.defaults().epochs(3).batchSize(16).shuffle(false).verbose(false));
        assertTrue(
                h.stopReason() != null
                        && h.stopReason().contains("epoch 1")
                        && h.stopReason().contains("batch 3"),
                String.valueOf(h.stopReason()));
        assertEquals(0, h.epochs());
    }

    @Test
    void fitBeforeCompileSaysWhatToDo() {
        Sequential m = new Sequential(new Dense(1));
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> m.fit(NDArray.zeros(2, 1), NDArray.zeros(2, 1), 1, 1));
        assertTrue(e.getMessage().contains("compile("), e.getMessage());
    }
}
