package nabla.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nabla.autograd.Activation;
import nabla.data.Example;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.nn.activation.ELU;
import nabla.nn.activation.LeakyReLU;
import nabla.nn.activation.Maxout;
import nabla.nn.activation.PReLU;
import nabla.nn.core.Dense;
import nabla.nn.core.Dropout;
import nabla.nn.core.GaussianNoise;
import nabla.nn.normalization.BatchNormalization;
import nabla.nn.recurrent.LSTM;
import nabla.nn.weights.Constraint;
import nabla.nn.weights.Initializer;
import nabla.nn.weights.Regularizer;
import nabla.optim.Adam;
import nabla.optim.SGD;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import nabla.train.FitOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regularizers and constraints inside a model's training step, and save/load of the new layers and options. */
class RegularizationTest {
    @TempDir
    Path dir;

    private static final NDArray X = NDArray.uniform(Shape.of(4, 3), -1, 1, new Rng(1));
    private static final NDArray Y = NDArray.uniform(Shape.of(4, 2), -1, 1, new Rng(2));

    private static Sequential tiny(Layer dense) {
        Sequential m = new Sequential(5, dense);
        m.compile("mse", new SGD(0.1f));
        return m;
    }

    private static double sumSquares(NDArray w) {
        double s = 0;
        for (float v : w.toArray()) s += (double) v * v;
        return s;
    }

    @Test
    void l2KernelPenaltyAddsExactlyLambdaTimesSquaredNormToTheLoss() {
        Sequential plain = tiny(new Dense(2)), reg = tiny(new Dense(2).withKernelRegularizer(Regularizer.l2(0.1f)));
        plain.predict(X);
        reg.predict(X); // build both
        double expected = 0.1 * sumSquares(plain.parameters().get(0).value());
        NDArray w0 = reg.parameters().get(0).value().copy();
        assertArrayEquals(plain.parameters().get(0).value().toArray(), w0.toArray()); // same seed, same start
        assertEquals(
                expected, reg.evaluate(X, Y).get("loss") - plain.evaluate(X, Y).get("loss"), 1e-6);
        float lossReg = reg.trainStep(Example.of(X, Y), List.of()),
                lossPlain = plain.trainStep(Example.of(X, Y), List.of());
        assertEquals(expected, lossReg - lossPlain, 1e-6); // the reported training loss includes the penalty
        // and its gradient 2λW is in the update: W_reg − W_plain = −lr·2λ·W0
        float[] wr = reg.parameters().get(0).value().toArray(),
                wp = plain.parameters().get(0).value().toArray(),
                w = w0.toArray();
        for (int i = 0; i < w.length; i++) assertEquals(-0.1 * 2 * 0.1 * w[i], wr[i] - wp[i], 1e-6);
    }

    @Test
    void l1BiasAndActivityPenalties() {
        Sequential plain =
                tiny(new Dense(2, Activation.LINEAR, true, Initializer.glorotUniform(), Initializer.constant(0.5f)));
        Sequential reg =
                tiny(new Dense(2, Activation.LINEAR, true, Initializer.glorotUniform(), Initializer.constant(0.5f))
                        .withBiasRegularizer(Regularizer.l1(0.2f))
                        .withActivityRegularizer(Regularizer.l1l2(0.05f, 0f)));
        double activity = 0;
        for (float v : plain.predict(X).toArray()) activity += Math.abs(v);
        double expected =
                0.2 * (0.5 + 0.5) + 0.05 * activity; // Keras 3 sums the activity penalty (no division by batch)
        assertEquals(
                expected, reg.evaluate(X, Y).get("loss") - plain.evaluate(X, Y).get("loss"), 1e-6);
        assertEquals(
                expected,
                reg.trainStep(Example.of(X, Y), List.of()) - plain.trainStep(Example.of(X, Y), List.of()),
                1e-6);
    }

    @Test
    void wrapperLayersPassTheirRegularizersToTheWrappedWeights() {
        Layer lstm = new LSTM(3).withRegularizer("recurrent_kernel", Regularizer.l2(0.5f));
        Sequential m = new Sequential(5, lstm);
        m.compile("mse", new SGD(0.1f));
        NDArray x = NDArray.uniform(Shape.of(2, 4, 2), -1, 1, new Rng(5));
        m.predict(x);
        Parameter rk = lstm.parameters().stream()
                .filter(p -> p.name().equals("recurrent_kernel"))
                .findFirst()
                .orElseThrow();
        assertEquals(Regularizer.l2(0.5f), rk.regularizer());
    }

    @Test
    void maxNormBoundsEveryColumnAfterAStep() {
        Sequential m = new Sequential(5, new Dense(6).withKernelConstraint(Constraint.maxNorm(0.5f)));
        m.compile("mse", new SGD(1f));
        NDArray x = NDArray.uniform(Shape.of(16, 10), -1, 1, new Rng(3)),
                y = NDArray.uniform(Shape.of(16, 6), -3, 3, new Rng(4));
        m.predict(x); // build
        NDArray norms = m.parameters().get(0).value().square().sum(false, 0).sqrt();
        assertTrue(norms.max(false).item() > 0.5f, "the test needs a column above the bound at the start: " + norms);
        m.trainStep(Example.of(x, y), List.of());
        norms = m.parameters().get(0).value().square().sum(false, 0).sqrt();
        for (float n : norms.toArray()) assertTrue(n <= 0.5f + 1e-6f, norms.toString());
    }

    @Test
    void newLayersAndOptionsRoundTripThroughSaveAndLoad() throws Exception {
        NDArray[] d = SequentialTest.blobs(200, 1);
        Sequential m = new Sequential(
                9,
                new Dense(16)
                        .withKernelRegularizer(Regularizer.l2(1e-3f))
                        .withBiasRegularizer(Regularizer.l1(1e-3f))
                        .withActivityRegularizer(Regularizer.l1l2(1e-4f, 1e-4f))
                        .withKernelConstraint(Constraint.maxNorm(3f))
                        .withBiasConstraint(new Constraint.NonNeg()),
                new BatchNormalization(),
                new PReLU(),
                new GaussianNoise(0.1f),
                new Dropout(0.2f).withNoiseShape(-1, -1),
                new Maxout(8, 3),
                new LeakyReLU(0.1f),
                new ELU(0.7f),
                new Dense(3, Activation.SOFTMAX));
        m.compile("categorical_crossentropy", new Adam(0.01f), "accuracy");
        m.fit(d[0], d[1], FitOptions.defaults().epochs(3).batchSize(32).verbose(false));
        BatchNormalization bn = (BatchNormalization) m.layers().get(1);
        assertNotEquals(0f, bn.movingMean().value().get(0));
        PReLU prelu = (PReLU) m.layers().get(2);
        assertNotEquals(0f, prelu.alpha().value().get(3)); // the slopes learned something

        Path p = dir.resolve("layers.nabla");
        m.save(p);
        Sequential back = Sequential.load(p);
        ModelSaveTest.assertSameWeights(m, back);
        // Predictions agree to float rounding only: the Vector API's exp/tanh may differ by an ulp between JIT tiers.
        assertArrayEquals(m.predict(d[0]).toArray(), back.predict(d[0]).toArray(), 1e-6f);
        Map<String, Double> before = m.evaluate(d[0], d[1]), after = back.evaluate(d[0], d[1]); // penalties included
        assertEquals(before.keySet(), after.keySet());
        for (String k : before.keySet()) assertEquals(before.get(k), after.get(k), 1e-6, k);
        for (int i = 0; i < m.layers().size(); i++) {
            assertEquals(m.layers().get(i).savedConfig(), back.layers().get(i).savedConfig());
            List<Parameter> a = m.layers().get(i).parameters(),
                    b = back.layers().get(i).parameters();
            for (int k = 0; k < a.size(); k++) {
                assertArrayEquals(
                        a.get(k).value().toArray(),
                        b.get(k).value().toArray(),
                        a.get(k).name()); // moving stats, slopes
                assertEquals(a.get(k).regularizer(), b.get(k).regularizer());
                assertEquals(a.get(k).constraint(), b.get(k).constraint());
                assertEquals(a.get(k).trainable(), b.get(k).trainable());
            }
        }
        assertEquals("l2(0.001)", m.layers().get(0).savedConfig().get("kernel_regularizer"));
        assertEquals("max_norm(3.0,0)", m.layers().get(0).savedConfig().get("kernel_constraint"));
        back.fit(d[0], d[1], FitOptions.defaults().epochs(1).batchSize(32).verbose(false)); // and keeps training
    }
}
