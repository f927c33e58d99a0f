package nabla.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import nabla.autograd.Activation;
import nabla.nn.Padding;
import nabla.nn.conv.Conv1D;
import nabla.nn.conv.Conv2D;
import nabla.nn.conv.ZeroPadding2D;
import nabla.nn.core.Dense;
import nabla.nn.core.Flatten;
import nabla.nn.core.Reshape;
import nabla.nn.pool.AveragePooling2D;
import nabla.nn.pool.GlobalAveragePooling1D;
import nabla.nn.pool.MaxPooling1D;
import nabla.nn.pool.MaxPooling2D;
import nabla.optim.Adam;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import nabla.train.FitOptions;
import nabla.train.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke tests of convolutional models through the public API: learning, summaries, save/load. */
class ConvModelTest {
    @TempDir
    Path dir;

    /** 8×8×1 images with a bright bar (label 0: horizontal, 1: vertical) at a random place, plus noise. */
    static NDArray[] bars(int n, long seed) {
        Rng rng = new Rng(seed);
        NDArray x = NDArray.zeros(n, 8, 8, 1), y = NDArray.zeros(n);
        for (int i = 0; i < n; i++) {
            int label = rng.nextInt(2), at = rng.nextInt(8), from = rng.nextInt(4), len = 3 + rng.nextInt(2);
            for (int r = 0; r < 8; r++) for (int c = 0; c < 8; c++) x.set(0.3f * rng.nextFloat(), i, r, c, 0);
            for (int k = from; k < from + len; k++) {
                if (label == 0) x.set(1f, i, at, k, 0);
                else x.set(1f, i, k, at, 0);
            }
            y.set(label, i);
        }
        return new NDArray[] {x, y};
    }

    @Test
    void smallCnnLearnsBarOrientation() {
        NDArray[] train = bars(600, 1), test = bars(200, 2);
        Sequential m = new Sequential(
                5,
                new Conv2D(8, 3, Activation.RELU),
                new MaxPooling2D(2),
                new Flatten(),
                new Dense(10, Activation.SOFTMAX));
        m.compile("sparse_categorical_crossentropy", new Adam(0.01f), "accuracy");
        long t0 = System.nanoTime();
        History h = m.fit(
                train[0],
                train[1],
                FitOptions.defaults().epochs(8).batchSize(32).verbose(false));
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> ev = m.evaluate(test[0], test[1]);
        assertTrue(ev.get("accuracy") >= 0.95, ev + " " + h);
        assertTrue(seconds < 20, "took " + seconds + " s");
    }

    @Test
    void conv1dModelTrainsAndLowersTheLoss() {
        // Sequences of 16 steps: class 1 when the bump sits in the first half.
        Rng rng = new Rng(3);
        int n = 256;
        NDArray x = NDArray.zeros(n, 16, 1), y = NDArray.zeros(n);
        for (int i = 0; i < n; i++) {
            int at = rng.nextInt(14);
            for (int k = at; k < at + 3; k++) x.set(1f, i, k, 0);
            y.set(at < 7 ? 1 : 0, i);
        }
        Sequential m = new Sequential(
                2,
                new Conv1D(8, 3, Activation.RELU).withPadding(Padding.SAME),
                new MaxPooling1D(2),
                new Conv1D(8, 3, Activation.RELU),
                new Flatten(),
                new Dense(2, Activation.SOFTMAX));
        m.compile("sparse_categorical_crossentropy", new Adam(0.01f), "accuracy");
        History h = m.fit(x, y, FitOptions.defaults().epochs(10).batchSize(32).verbose(false));
        assertTrue(h.last("loss") < 0.5 * h.get("loss").get(0), h.toString());
    }

    @Test
    void kerasMnistCnnHasKerasParameterCount() {
        Sequential m = new Sequential(
                        new Conv2D(32, 3, Activation.RELU),
                        new Conv2D(64, 3, Activation.RELU),
                        new MaxPooling2D(2),
                        new Flatten(),
                        new Dense(128, Activation.RELU),
                        new Dense(10, Activation.SOFTMAX))
                .build(28, 28, 1);
        String s = m.summary();
        assertTrue(s.contains("Total params: 1,199,882"), s);
        assertTrue(s.contains("(None, 12, 12, 64)") && s.contains("(None, 9216)"), s);
    }

    @Test
    void leNet5HasTheCoursesParameterCount() {
        Sequential m = new Sequential(
                        new Conv2D(6, 5, Activation.TANH),
                        new AveragePooling2D(2),
                        new Conv2D(16, 5, Activation.TANH),
                        new AveragePooling2D(2),
                        new Conv2D(120, 5, Activation.TANH),
                        new Flatten(),
                        new Dense(84, Activation.TANH),
                        new Dense(10, Activation.SOFTMAX))
                .build(32, 32, 1);
        String s = m.summary();
        assertTrue(s.contains("Total params: 61,706"), s);
        assertTrue(s.contains("(None, 1, 1, 120)"), s);
        // One forward pass on a single image works without training.
        assertEquals(
                1f,
                m.predict(NDArray.uniform(Shape.of(1, 32, 32, 1), 0, 1, new Rng(1)))
                        .sum(),
                1e-5f);
    }

    @Test
    void cnnRoundTripsThroughSaveAndLoad() throws Exception {
        NDArray[] d = bars(64, 4);
        NDArray flat = d[0].reshape(64, 64);
        Sequential m = new Sequential(
                9,
                new Reshape(8, 8, 1),
                new ZeroPadding2D(1),
                new Conv2D(4, 3).withStride(2).withPadding(Padding.SAME).withActivation(Activation.RELU),
                new Conv2D(6, 2).withDilation(2).withPadding(new Padding.Explicit(1, 0, 0, 1)),
                new MaxPooling2D(2).withPadding(Padding.SAME),
                new Reshape(-1, 6),
                new Conv1D(4, 2, Activation.TANH),
                new GlobalAveragePooling1D(),
                new Dense(2, Activation.SOFTMAX));
        m.compile("sparse_categorical_crossentropy", new Adam(0.01f), "accuracy");
        m.fit(flat, d[1], FitOptions.defaults().epochs(1).batchSize(16).verbose(false));
        Path p = dir.resolve("cnn.nabla");
        m.save(p);
        Sequential back = Sequential.load(p);
        ModelSaveTest.assertSameWeights(m, back);
        assertArrayEquals(m.predict(flat).toArray(), back.predict(flat).toArray(), 1e-6f);
        assertEquals(m.summary(), back.summary());
    }
}
